"""``summaries.jsonl`` in linear time, with at most one record per cluster at every moment.

A cluster's first record is appended to ``summaries.jsonl`` (and synced). A cluster that
already has a record there (its articles changed) gets its new record appended to
``.summaries.pending.jsonl`` instead, so ``summaries.jsonl`` never holds two records of one
cluster, even after ``kill -9``. When the run ends, the file is compacted once: the replaced
records dropped and the pending ones moved in, through a temporary file and ``os.replace``.
Opening the store heals what an earlier run left: a torn last line, a pending file (a run
killed before or during its compaction), records written with other settings, and
duplicates (the last complete record of a cluster is kept). Nothing is rewritten when
nothing needs it, so a resumed run reads the file once and copies nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from . import jsonl

PENDING = ".summaries.pending.jsonl"


def _lines(path: Path) -> Iterator[tuple[bytes, dict]]:
    """Complete records of ``path`` with their raw line (kept byte for byte when copied)."""
    if not path.is_file():
        return
    with open(path, "rb") as handle:
        for raw in handle:
            try:
                record = json.loads(raw)
            except ValueError:
                continue
            if isinstance(record, dict) and raw.endswith(b"\n") and "cluster" in record:
                yield raw, record


class SummaryStore:
    """Appends records to ``path`` (``summaries.jsonl``); ``held`` maps each cluster there (or
    pending) to its record's fingerprint."""

    def __init__(self, path: Path, keep: Callable[[dict], bool] = lambda record: True):
        self.path = path
        self.pending_path = path.parent / PENDING
        self.held: dict[str, str] = {}
        self.compactions = 0
        self.heal(keep)
        self.main: jsonl.Appender | None = None  # opened on the first record: a run that writes none creates nothing
        self.pending: jsonl.Appender | None = None

    def heal(self, keep: Callable[[dict], bool]) -> None:
        """Drop records ``keep`` refuses, merge a pending file, keep one record per cluster."""
        self.path.with_suffix(self.path.suffix + ".tmp").unlink(missing_ok=True)  # a killed compaction's
        jsonl.repair(self.path)
        jsonl.repair(self.pending_path)
        last: dict[str, int] = {}
        held: dict[str, str] = {}
        dirty = self.pending_path.exists()
        for index, (_, record) in enumerate(_lines(self.path)):
            cluster = record["cluster"]
            dirty = dirty or cluster in last or not keep(record)
            last[cluster], held[cluster] = index, str(record.get("fingerprint", ""))
        if dirty:
            self._compact(keep, last)
            held = {r["cluster"]: str(r.get("fingerprint", "")) for _, r in _lines(self.path)}
        self.held = held

    def _compact(self, keep: Callable[[dict], bool], last: dict[str, int] | None = None) -> None:
        """Rewrite ``summaries.jsonl`` once: each cluster's last kept record, pending ones winning."""
        if last is None:
            last = {r["cluster"]: i for i, (_, r) in enumerate(_lines(self.path))}
        pending_last = {r["cluster"]: i for i, (_, r) in enumerate(_lines(self.pending_path))}

        def merged() -> Iterator[bytes]:
            for index, (raw, record) in enumerate(_lines(self.path)):
                cluster = record["cluster"]
                if last.get(cluster) == index and cluster not in pending_last and keep(record):
                    yield raw
            for index, (raw, record) in enumerate(_lines(self.pending_path)):
                if pending_last[record["cluster"]] == index and keep(record):
                    yield raw

        jsonl.write_lines(self.path, merged())
        self.pending_path.unlink(missing_ok=True)
        self.compactions += 1

    def write(self, record: dict) -> None:
        """Append ``record``: to ``summaries.jsonl`` for a new cluster, else to the pending file."""
        cluster = record["cluster"]
        if cluster in self.held:
            if self.pending is None:
                self.pending = jsonl.Appender(self.pending_path)
            self.pending.write(record)
        else:
            if self.main is None:
                self.main = jsonl.Appender(self.path)
            self.main.write(record)
        self.held[cluster] = str(record.get("fingerprint", ""))

    @property
    def written(self) -> int:
        return sum(appender.written for appender in (self.main, self.pending) if appender)

    def close(self, compact: bool = True) -> None:
        """Close; compact once if any record replaced another (else the next run does)."""
        if self.main is not None:
            self.main.close()
        if self.pending is not None:
            self.pending.close()
            self.pending = None
            if compact:
                self._compact(lambda record: True)
