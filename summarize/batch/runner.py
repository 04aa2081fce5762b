"""``summarize run``: every cluster under a folder, streamed, resumable, crash-safe.

Outputs in OUT: ``summaries.jsonl`` (one record per cluster), ``errors.jsonl`` (files and
clusters that could not be used), ``report.html`` and ``run.json``. Re-running the same
command skips clusters whose record is complete for the same content and config; a run
killed at any moment leaves no partial or duplicated record.
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
from .pipeline import Pipeline, cluster_hash

SUMMARIES, ERRORS, REPORT, RUN = "summaries.jsonl", "errors.jsonl", "report.html", "run.json"
HANDLED = {"duplicate_article", "too_many_articles"}  # noted, not failures


@dataclass
class RunStats:
    done: int = 0
    skipped: int = 0
    failed: int = 0
    file_errors: int = 0
    started: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))

    @property
    def exit_code(self) -> int:
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


def _report_error(error: FileError, errors: jsonl.Appender, stats: RunStats, bar) -> None:
    errors.write(error.to_dict())
    if error.error not in HANDLED:
        stats.file_errors += error.error != "cluster_failed"
    bar.write(f"summarize: {error.path}: {error.message}", file=sys.stderr)


def run(input_dir: str | Path, out_dir: str | Path, config: RunConfig, check: bool = True,
        overwrite: bool = False, quiet: bool = False, pipeline: Pipeline | None = None) -> RunStats:
    """Summarize (and check) every cluster under ``input_dir`` into ``out_dir``.

    Under ``accelerate launch`` each process takes its share of the clusters (see
    :mod:`summarize.batch.scaleout`); the outputs are the same as a single-process run's.
    """
    from .report import write_report
    from .run_info import write_run_info
    from .scaleout import distributed_state, merge, shard_paths

    input_dir, out_dir = Path(input_dir), Path(out_dir)
    rank, world, barrier = distributed_state()
    out_dir.mkdir(parents=True, exist_ok=True)
    pipeline = pipeline or Pipeline(config, check)
    stats = RunStats()
    main_path = out_dir / SUMMARIES
    if world == 1:
        summaries_path, errors_path = main_path, out_dir / ERRORS
    else:
        summaries_path, errors_path = shard_paths(out_dir, rank)

    def stale(record: dict) -> bool:
        return overwrite or not str(record.get("fingerprint", "")).startswith(pipeline.config_hash + ":")

    jsonl.rewrite_without(summaries_path, stale)  # other settings (or a torn line): dropped before any work
    done = existing_fingerprints(summaries_path)
    if summaries_path != main_path and not overwrite:  # a shard also skips what earlier merged runs hold
        done = {**existing_fingerprints(main_path), **done}

    total = count_clusters(input_dir, config.input)
    bar = tqdm(total=len(range(rank, total, world)), desc="clusters", unit="cluster", file=sys.stderr,
               disable=quiet or not config.output.progress, dynamic_ncols=True)
    walk_errors: list = []
    summaries = jsonl.Appender(summaries_path)
    errors = jsonl.Appender(errors_path, truncate=True)
    try:
        for index, (cluster_id, folder, files) in enumerate(walk_clusters(input_dir, config.input, walk_errors)):
            if rank == 0:
                for error in walk_errors:
                    _report_error(error, errors, stats, bar)
            walk_errors.clear()
            if index % world != rank:
                continue
            start = time.perf_counter()
            file_errors: list[FileError] = []
            cluster = read_cluster(cluster_id, folder, files, input_dir, config.input, file_errors)
            read_seconds = time.perf_counter() - start
            for error in file_errors:
                _report_error(error, errors, stats, bar)
            bar.update(1)
            if cluster is None:
                stats.failed += 1
                continue
            fingerprint = f"{pipeline.config_hash}:{cluster_hash(cluster)}"
            if done.get(cluster.id) == fingerprint:
                stats.skipped += 1
                continue
            if cluster.id in done:  # same settings, changed articles: the old record goes first
                summaries.close()
                jsonl.rewrite_without(summaries_path, lambda r, cid=cluster.id: r.get("cluster") == cid)
                summaries = jsonl.Appender(summaries_path)
            try:
                record = pipeline.process(cluster, read_seconds)
            except Exception as err:  # one cluster never stops the run
                stats.failed += 1
                _report_error(FileError(cluster.path, cluster.id, "cluster_failed",
                                        f"cluster {cluster.id} failed: {type(err).__name__}: {err}"), errors, stats, bar)
                continue
            summaries.write(record)
            done[cluster.id] = fingerprint
            stats.done += 1
            if stats.done % 10 == 0:
                release_memory()
        if rank == 0:
            for error in walk_errors:
                _report_error(error, errors, stats, bar)
    finally:
        summaries.close()
        errors.close()
        bar.close()
    barrier()
    if rank == 0:
        if world > 1:
            merge(out_dir, world, pipeline.config_hash)
        if config.output.report:
            write_report(out_dir, input_dir)
        write_run_info(out_dir, config, pipeline, stats, check, world)
    barrier()
    return stats

