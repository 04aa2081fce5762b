"""``summarize run``: every cluster under a folder, streamed, resumable, crash-safe.

Outputs in OUT: ``summaries.jsonl`` (one record per cluster), ``errors.jsonl`` (files and
clusters that could not be used, each with a ``level``), ``report.html`` and ``run.json``.
One run writes to an OUT at a time (:mod:`summarize.batch.lock`). Re-running the same command
skips clusters whose record is complete for the same content and config; a run killed at any
moment leaves no partial or duplicated record (:mod:`summarize.batch.store`). A run that
fails before writing its first record leaves OUT as it found it; one that cannot write its
outputs stops with :class:`~summarize.batch.output_error.OutputError`.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import functools
import gc
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from ..config import RunConfig
from ..reading.reader import count_clusters, read_cluster, walk_clusters
from ..records import FileError
from . import jsonl
from .console import above_the_bar, echo
from .errors_log import ErrorLog
from .lock import OutputLock
from .pipeline import Pipeline, cluster_hash
from .store import SummaryStore

SUMMARIES, ERRORS, REPORT, RUN = "summaries.jsonl", "errors.jsonl", "report.html", "run.json"


@dataclass
class RunStats:
    done: int = 0
    skipped: int = 0
    failed: int = 0
    file_errors: int = 0
    warnings: int = 0
    started: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))

    @property
    def exit_code(self) -> int:
        """0: every cluster summarized (warnings allowed); 1: a cluster or file failed."""
        return 1 if (self.failed or self.file_errors) else 0


def release_memory() -> None:
    """Hand freed memory back to the OS: tensors of a different size for every cluster otherwise
    leave glibc's heap fragmented and RSS creeping up with the number of clusters."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def existing_fingerprints(path: Path) -> dict[str, str]:
    return {r["cluster"]: r.get("fingerprint", "") for r in jsonl.read(path) if "cluster" in r}


def run(input_dir: str | Path, out_dir: str | Path, config: RunConfig, check: bool = True,
        overwrite: bool = False, quiet: bool = False, pipeline: Pipeline | None = None, wait: bool = False) -> RunStats:
    """Summarize (and check) every cluster under ``input_dir`` into ``out_dir``.

    Raises :class:`~summarize.batch.lock.OutputLocked` when another run writes to ``out_dir``
    (unless ``wait``) and :class:`~summarize.batch.output_error.OutputError` when an output
    cannot be written. Under ``accelerate launch`` each process takes its share of the clusters
    (see :mod:`summarize.batch.scaleout`); the outputs are the same as a single-process run's.
    """
    from .scaleout import distributed_state

    input_dir, out_dir = Path(input_dir), Path(out_dir)
    rank, world, barrier = distributed_state()
    lock = OutputLock(out_dir)
    if rank == 0:  # refused (or waiting) before any model loads
        lock.acquire(wait)
    barrier()
    job = _Job(input_dir, out_dir, config, check, overwrite, quiet, rank, world, barrier)
    try:
        with above_the_bar():  # warnings and log records never break the progress bar
            return job.run(pipeline)
    except BaseException:
        if rank == 0 and job.written == 0:  # failed before its first record: OUT as it was found
            lock.discard()
        raise
    finally:
        lock.release()


class _Job:
    """One ``run``: its settings, its writers, and what it has written."""

    def __init__(self, input_dir: Path, out_dir: Path, config: RunConfig, check: bool, overwrite: bool, quiet: bool,
                 rank: int, world: int, barrier):
        self.input_dir, self.out_dir, self.config = input_dir, out_dir, config
        self.check, self.overwrite, self.quiet = check, overwrite, quiet
        self.rank, self.world, self.barrier = rank, world, barrier
        self.summaries: SummaryStore | jsonl.Appender | None = None
        self.errors: ErrorLog | None = None

    @property
    def written(self) -> int:
        return (self.summaries.written if self.summaries else 0) + (self.errors.written if self.errors else 0)

    def run(self, pipeline: Pipeline | None) -> RunStats:
        from .report import write_report
        from .run_info import write_run_info
        from .scaleout import merge, shard_paths

        config, out_dir = self.config, self.out_dir
        pipeline = pipeline or Pipeline(config, self.check)  # loaded before OUT changes
        stats = RunStats()
        main_path = out_dir / SUMMARIES

        def current(record: dict) -> bool:
            return str(record.get("fingerprint", "")).startswith(pipeline.config_hash + ":")

        def keep(record: dict) -> bool:  # other settings (or --overwrite): dropped before any work
            return not self.overwrite and current(record)

        if self.world == 1:
            store = SummaryStore(main_path, keep)
            self.summaries, errors_path = store, out_dir / ERRORS
            done = dict(store.held)
        else:
            if self.rank == 0:
                SummaryStore(main_path, current).close()  # heals what a single-process run left
            self.barrier()
            shard_summaries, errors_path = shard_paths(out_dir, self.rank)
            jsonl.rewrite_without(shard_summaries, lambda r: not keep(r))
            self.summaries = jsonl.Appender(shard_summaries)  # the merge keeps each cluster's last record
            done = existing_fingerprints(shard_summaries)
            if not self.overwrite:  # a shard also skips what earlier merged runs hold
                done = {**existing_fingerprints(main_path), **done}
        self.errors = errors = ErrorLog(errors_path, echo)
        if errors_path.exists():
            errors.open()  # the run re-reads every cluster, so it re-finds every error

        skip = [out_dir]  # OUT is never read as input, even inside INPUT
        total = count_clusters(self.input_dir, config.input, skip=skip)
        bar = tqdm(total=len(range(self.rank, total, self.world)), desc="clusters", unit="cluster", file=sys.stderr,
                   disable=self.quiet or not config.output.progress, dynamic_ncols=True)
        walk_errors: list[FileError] = []
        finished = False
        try:
            for index, (cluster_id, folder, files) in enumerate(
                    walk_clusters(self.input_dir, config.input, walk_errors, skip=skip)):
                if self.rank == 0:
                    for error in walk_errors:
                        errors.report(error)
                walk_errors.clear()
                if index % self.world != self.rank:
                    continue
                start = time.perf_counter()
                file_errors: list[FileError] = []
                cluster = read_cluster(cluster_id, folder, files, self.input_dir, config.input, file_errors)
                read_seconds = time.perf_counter() - start
                for error in file_errors:
                    errors.report(error)
                bar.update(1)
                if cluster is None:
                    stats.failed += 1
                    continue
                fingerprint = f"{pipeline.config_hash}:{cluster_hash(cluster)}"
                if done.get(cluster.id) == fingerprint:
                    stats.skipped += 1
                    continue
                try:
                    record = pipeline.process(cluster, read_seconds)
                except Exception as err:  # one cluster never stops the run
                    stats.failed += 1
                    errors.report(FileError(cluster.path, cluster.id, "cluster_failed",
                                            f"cluster {cluster.id} failed: {type(err).__name__}: {err}"))
                    continue
                self.summaries.write(record)
                done[cluster.id] = fingerprint
                stats.done += 1
                if stats.done % 10 == 0:
                    release_memory()
            if self.rank == 0:
                for error in walk_errors:
                    errors.report(error)
            errors.open()  # errors.jsonl is there even when empty
            finished = True
        finally:
            if isinstance(self.summaries, SummaryStore):
                self.summaries.close(compact=finished)  # replaced records dropped once, at the end
            elif self.summaries is not None:
                self.summaries.close()
            errors.close()
            bar.close()
        stats.file_errors, stats.warnings = errors.file_errors, errors.warnings
        self.barrier()
        if self.rank == 0:
            if self.world > 1:
                merge(out_dir, self.world, pipeline.config_hash)
            if config.output.report:
                write_report(out_dir, self.input_dir)
            write_run_info(out_dir, config, pipeline, stats, self.check, self.world)
        self.barrier()
        return stats
