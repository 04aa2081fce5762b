"""One reader for the line-per-example data files: pairs JSONL, Multi-News JSONL, NLI pairs, and
folders of clusters with a reference ``summary.txt``.

The one rule for an example's articles, everywhere (``check --pairs``, ``calibrate``, training):
``documents`` (a list of strings) or ``document`` (one string).

>>> documents_of({"document": "Rain fell."})
['Rain fell.']
>>> documents_of({"documents": ["A.", "B."]}), documents_of({"summary": "x"})
(['A.', 'B.'], None)

Every problem is a :class:`DataFileError` (a :class:`~summarize.config.ConfigError`: exit 2)
whose message names the file and the line.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

from ..config import ConfigError

NLI_LABELS = ("entailment", "neutral", "contradiction", "not_entailment")


class DataFileError(ConfigError):
    """A data file (or one of its lines) is not what the reader expects; the message names it."""


def documents_of(row: dict) -> list[str] | None:
    """The row's articles: ``documents`` (list of strings) or ``document`` (a string); None when neither."""
    docs = row.get("documents", row.get("document"))
    if isinstance(docs, str):
        return [docs]
    if isinstance(docs, list) and all(isinstance(d, str) for d in docs):
        return list(docs)
    return None


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")  # type: ignore[return-value]
    return open(path, encoding="utf-8")  # type: ignore[return-value]


def iter_rows(path: str | Path) -> Iterator[tuple[int, dict]]:
    """``(line number, row)`` of a JSONL (``.gz`` too), a JSON list, or a CSV/TSV file with a header."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(f"data file {path} does not exist")
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in (".csv", ".tsv"):
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t" if suffixes[-1] == ".tsv" else ",")
            for number, row in enumerate(reader, 2):
                yield number, dict(row)
        return
    with _open_text(path) as handle:
        first = handle.read(1)
        while first and first.isspace():
            first = handle.read(1)
        if first == "[":  # one JSON list
            try:
                rows = json.loads(first + handle.read())
            except ValueError as err:
                raise DataFileError(f"{path}: not valid JSON ({err})") from None
            for number, row in enumerate(rows, 1):
                if not isinstance(row, dict):
                    raise DataFileError(f"{path} item {number}: expected an object, got {row!r:.60}")
                yield number, row
            return
        text = first + handle.readline()
        number = 1
        while text:
            if text.strip():
                try:
                    row = json.loads(text)
                except ValueError:
                    raise DataFileError(f"{path} line {number}: not a JSON object: {text.strip()[:60]!r}") from None
                if not isinstance(row, dict):
                    raise DataFileError(f"{path} line {number}: expected a JSON object, got {text.strip()[:60]!r}")
                yield number, row
            text = handle.readline()
            number += 1


def check_nli_pairs(path: str | Path) -> int:
    """Validate an NLI pairs file (``premise``, ``hypothesis``, ``label`` in :data:`NLI_LABELS`); the number of pairs."""
    count = 0
    for number, row in iter_rows(path):
        for key in ("premise", "hypothesis"):
            if not isinstance(row.get(key), str) or not row[key].strip():
                raise DataFileError(f"{path} line {number}: needs {key!r} (a non-empty string)")
        label = row.get("label")
        if label not in NLI_LABELS:
            raise DataFileError(f"{path} line {number}: unknown label {label!r}; accepted labels: {', '.join(NLI_LABELS)}")
        count += 1
    if not count:
        raise DataFileError(f"{path}: no pairs")
    return count


def summary_row(path, number: int, row: dict, text_column: str = "documents", summary_column: str = "summary") -> dict:
    """One training row ``{text_column, summary_column}``, checked; ``text_column`` other than
    ``documents`` (the fusion pairs' ``text``) is one string."""
    summary = row.get(summary_column)
    if not isinstance(summary, str) or not summary.strip():
        raise DataFileError(f"{path} line {number}: needs {summary_column!r} (a non-empty string)")
    if text_column == "documents":
        docs = documents_of(row)
        if not docs or not any(d.strip() for d in docs):
            raise DataFileError(f"{path} line {number}: needs 'documents' (a list of strings) or 'document' (a string)")
        return {"documents": docs, summary_column: summary}
    text = row.get(text_column)
    if not isinstance(text, str) or not text.strip():
        raise DataFileError(f"{path} line {number}: needs {text_column!r} (a non-empty string)")
    return {text_column: text, summary_column: summary}


def summary_rows(path: str | Path, text_column: str = "documents", summary_column: str = "summary",
                 limit: int | None = None) -> list[dict]:
    """Training rows of a JSONL/JSON file, every line (or the first ``limit``) checked."""
    rows = []
    for number, row in iter_rows(path):
        rows.append(summary_row(path, number, row, text_column, summary_column))
        if limit and len(rows) >= limit:
            break
    if not rows:
        raise DataFileError(f"{path}: no examples")
    return rows


def cluster_summary_rows(folder: str | Path) -> list[dict]:
    """``{"documents", "summary"}`` for every cluster under ``folder`` that has a ``summary.txt``."""
    from ..records import Cluster
    from .reader import iter_clusters

    folder = Path(folder)
    if not folder.is_dir():
        raise DataFileError(f"data folder {folder} does not exist")
    rows = []
    for item in iter_clusters(folder):
        if isinstance(item, Cluster):
            summary = folder / item.path / "summary.txt"
            if summary.is_file() and summary.read_text(encoding="utf-8").strip():
                rows.append({"documents": [a.text for a in item.articles], "summary": summary.read_text(encoding="utf-8").strip()})
    if not rows:
        raise DataFileError(f"{folder}: no cluster folder holds a summary.txt (the reference summary to train on)")
    return rows
