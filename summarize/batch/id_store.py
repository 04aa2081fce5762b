"""An output JSONL file with one record per id, kept in a given order, safe to kill at any moment.

``check --pairs`` writes its verdicts here. A record made in this run is appended (whole, synced)
to a hidden pending file beside the output, never to the output itself, so the output holds at
most one record per id at every moment, even after ``kill -9``. :meth:`IdStore.close` merges
once: each id's last record, in the order asked for (the pairs file's), then the ids the input no
longer names, in their earlier order, written to a temporary file and renamed over the output.
Opening the store takes in what a killed run left pending, and repairs torn last lines.
Records are found again by byte offset, so merging holds no record in memory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import jsonl

Where = tuple[int, int, int]  # (0: the output, 1: the pending file; offset; length)


def _records(path: Path) -> Iterator[tuple[int, int, dict]]:
    """``(offset, length, record)`` of each complete record of ``path`` that has an ``id``."""
    if not path.is_file():
        return
    with open(path, "rb") as handle:
        offset = 0
        for raw in handle:
            try:
                record = json.loads(raw)
            except ValueError:
                record = None
            if isinstance(record, dict) and raw.endswith(b"\n") and "id" in record:
                yield offset, len(raw), record
            offset += len(raw)


class IdStore:
    """``path`` plus its pending file; ``fingerprints`` maps each id held to its record's
    fingerprint (None for an error record, which is never taken as done)."""

    def __init__(self, path: Path, overwrite: bool = False):
        self.path = Path(path)
        self.pending_path = self.path.parent / f".{self.path.name}.pending"
        self.where: dict[str, Where] = {}
        self.order: list[str] = []  # ids in the output's order
        self.fingerprints: dict[str, str | None] = {}
        self.duplicated = False
        self.appender: jsonl.Appender | None = None
        for source, file in enumerate((self.path, self.pending_path)):
            jsonl.repair(file)
            for offset, length, record in _records(file):
                self._hold(str(record["id"]), (source, offset, length), record)
        if overwrite:  # every id is redone (and its record replaced); the records of other ids stay
            self.fingerprints = dict.fromkeys(self.fingerprints)
        self.changed = self.pending_path.is_file() or self.duplicated

    def _hold(self, id_: str, where: Where, record: dict) -> None:
        if id_ in self.where:
            self.duplicated = self.duplicated or where[0] == 0
        else:
            self.order.append(id_)
        self.where[id_] = where
        self.fingerprints[id_] = None if "error" in record else record.get("fingerprint")

    def done(self, id_: str, fingerprint: str) -> bool:
        """Whether ``id_`` already has a verdict made from the same content and settings."""
        return self.fingerprints.get(id_) == fingerprint

    def write(self, record: dict) -> None:
        """Append ``record`` (it has an ``id``) to the pending file."""
        if self.appender is None:
            self.appender = jsonl.Appender(self.pending_path)
        size = self.pending_path.stat().st_size
        self.appender.write(record)
        self._hold(str(record["id"]), (1, size, self.pending_path.stat().st_size - size), record)
        self.changed = True

    def close(self, order: Iterable[str] = ()) -> None:
        """Merge: one record per id, the ids of ``order`` first, in that order."""
        if self.appender is not None:
            self.appender.close()
            self.appender = None
        if not self.changed:
            return
        first = list(dict.fromkeys(i for i in order if i in self.where))
        named = set(first)
        rest = [i for i in self.order if i not in named]
        tmp = self.path.with_name(self.path.name + ".tmp")
        handles = [open(p, "rb") if p.is_file() else None for p in (self.path, self.pending_path)]
        try:
            with open(tmp, "wb") as out:
                for id_ in first + rest:
                    source, offset, length = self.where[id_]
                    handle = handles[source]
                    assert handle is not None
                    handle.seek(offset)
                    out.write(handle.read(length))
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        finally:
            for handle in handles:
                if handle is not None:
                    handle.close()
            tmp.unlink(missing_ok=True)
        self.pending_path.unlink(missing_ok=True)
        self.changed = False
