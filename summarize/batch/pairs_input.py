"""Reading a ``check --pairs`` file: one ``{"id", "documents" | "document", "summary"}`` per line.

The ids are checked before anything is checked (:func:`check_ids`): every line that is a JSON
object needs an ``id``, a string or an integer, that no other line has (``3`` and ``"3"`` are the
same id). A line without one, or two lines with one id, stop the command naming the lines: an id
is what the output is keyed by, so there is no id to make up that could not collide with a real
one. Any other problem with a line (not JSON, no documents, an empty summary, documents over the
size limit) is that line's error; the other lines go on.

>>> parse_line('{"id": 7, "document": "Rain fell.", "summary": "It rained."}', 1)
Pair(id='7', line=1, documents=['Rain fell.'], summary='It rained.')
>>> parse_line('{"id": "a", "document": "Rain fell.", "summary": "  "}', 2).code
'empty_summary'
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..reading.datasets import documents_of


class PairsFileError(ValueError):
    """The pairs file as a whole cannot be used (ids missing or repeated); nothing is checked."""


@dataclass
class Pair:
    """One line to check."""

    id: str
    line: int
    documents: list[str]
    summary: str


@dataclass
class BadLine:
    """One line that cannot be checked; ``id`` is None when the line has none to name it by."""

    id: str | None
    line: int
    code: str
    message: str


def _id(item: dict) -> str | None:
    value = item.get("id")
    if isinstance(value, bool) or not isinstance(value, (str, int)) or (isinstance(value, str) and not value.strip()):
        return None
    return str(value)


def _object(text: str) -> dict | None:
    try:
        item = json.loads(text)
    except ValueError:
        return None
    return item if isinstance(item, dict) else None


def lines(path: Path) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of each non-blank line, read one at a time."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, 1):
            if text.strip():
                yield number, text


def check_ids(path: Path) -> list[str]:
    """The ids of the file's lines in order; :class:`PairsFileError` naming the lines when one
    is missing or repeated. Lines that are not JSON objects have no id and are left to
    :func:`parse_line`."""
    first: dict[str, int] = {}
    ids: list[str] = []
    missing: list[int] = []
    repeated: dict[str, list[int]] = {}
    for number, text in lines(path):
        item = _object(text)
        if item is None:
            continue
        id_ = _id(item)
        if id_ is None:
            missing.append(number)
        elif id_ in first:
            repeated.setdefault(id_, [first[id_]]).append(number)
        else:
            first[id_] = number
            ids.append(id_)
    problems = []
    if missing:
        problems.append(f"{_lines(missing)} {'has' if len(missing) == 1 else 'have'} no id (a string or an integer)")
    for id_, numbers in list(repeated.items())[:5]:
        problems.append(f"id {id_!r} is on {_lines(numbers)}")
    if len(repeated) > 5:
        problems.append(f"and {len(repeated) - 5} more ids are repeated")
    if problems:
        raise PairsFileError(f"{path}: {'; '.join(problems)}; every line needs an id of its own, nothing was checked")
    return ids


def _lines(numbers: list[int], most: int = 10) -> str:
    shown = ", ".join(map(str, numbers[:most])) + (f" and {len(numbers) - most} more" if len(numbers) > most else "")
    return f"line{'s' if len(numbers) > 1 else ''} {shown}"


def parse_line(text: str, number: int, max_bytes: float | None = None) -> Pair | BadLine:
    """One line as a :class:`Pair`, or the :class:`BadLine` saying why it cannot be checked."""
    item = _object(text)
    if item is None:
        return BadLine(None, number, "bad_line", f"line {number} is not a JSON object")
    id_ = _id(item)
    docs = documents_of(item)  # the one rule for an example's articles (summarize/reading/datasets.py)
    if not docs:
        return BadLine(id_, number, "bad_pair", f"line {number} needs 'documents' (a list of strings) or 'document' (a string)")
    if not any(d.strip() for d in docs):
        return BadLine(id_, number, "empty_documents", f"line {number} has only empty documents")
    summary = item.get("summary")
    if not isinstance(summary, str):
        return BadLine(id_, number, "bad_pair", f"line {number} needs 'summary' (a string)")
    if not summary.strip():
        return BadLine(id_, number, "empty_summary", f"line {number} has an empty summary: nothing to check")
    size = sum(len(d.encode("utf-8")) for d in docs)
    if max_bytes is not None and size > max_bytes:
        return BadLine(id_, number, "too_large", f"line {number}'s documents are {size / 1048576:.1f} MB, over "
                                                  f"input.max_file_mb ({max_bytes / 1048576:g} MB); raise it to check them")
    if id_ is None:  # check_ids stops the command first
        return BadLine(None, number, "no_id", f"line {number} has no id (a string or an integer)")
    return Pair(id_, number, docs, summary)
