"""``summarize run``: every cluster under a folder, streamed, resumable, crash-safe.

Outputs in OUT: ``summaries.jsonl`` (one record per cluster), ``errors.jsonl`` (files and
clusters that could not be used), ``report.html`` and ``run.json``. Re-running the same
command skips clusters whose record is complete for the same content and config; a run
killed at any moment leaves no partial or duplicated record.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from . import jsonl
from .config import RunConfig
from .pipeline import Pipeline, cluster_hash
from .reader import count_clusters, read_cluster, walk_clusters
from .records import FileError

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


def existing_fingerprints(path: Path) -> dict[str, str]:
    return {r["cluster"]: r.get("fingerprint", "") for r in jsonl.read(path) if "cluster" in r}


def _report_error(error: FileError, errors: jsonl.Appender, stats: RunStats, bar) -> None:
    errors.write(error.to_dict())
    if error.error not in HANDLED:
        stats.file_errors += error.error != "cluster_failed"
    bar.write(f"summarize: {error.path}: {error.message}", file=sys.stderr)


def run(input_dir: str | Path, out_dir: str | Path, config: RunConfig, check: bool = True,
        overwrite: bool = False, quiet: bool = False, shard: tuple[int, int] = (0, 1),
        pipeline: Pipeline | None = None) -> RunStats:
    """Summarize (and check) every cluster under ``input_dir`` into ``out_dir``.

    ``shard=(rank, world)`` processes every world-th cluster (for ``accelerate launch``);
    shard files are merged by :func:`summarize.scaleout.merge`.
    """
    from .run_info import write_run_info
    from .report import write_report

    input_dir, out_dir = Path(input_dir), Path(out_dir)
    rank, world = shard
    suffix = "" if world == 1 else f".shard{rank}"
    summaries_path = out_dir / (SUMMARIES + suffix)
    errors_path = out_dir / (ERRORS + suffix)
    out_dir.mkdir(parents=True, exist_ok=True)
    pipeline = pipeline or Pipeline(config, check)
    stats = RunStats()

    jsonl.repair(summaries_path)
    if overwrite:
        jsonl.rewrite_without(summaries_path, lambda r: True)
    else:  # records made with other settings are stale: drop them before any work
        jsonl.rewrite_without(summaries_path, lambda r: not str(r.get("fingerprint", "")).startswith(pipeline.config_hash + ":"))
    done = existing_fingerprints(summaries_path)

    total = count_clusters(input_dir, config.input)
    my_total = len(range(rank, total, world))
    bar = tqdm(total=my_total, desc="clusters", unit="cluster", disable=quiet or not config.output.progress,
               file=sys.stderr, dynamic_ncols=True)
    walk_errors: list = []
    summaries = jsonl.Appender(summaries_path)
    errors = jsonl.Appender(errors_path, truncate=True)
    try:
        for index, (cluster_id, folder, files) in enumerate(walk_clusters(input_dir, config.input, walk_errors)):
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
            if cluster is None:
                stats.failed += 1
                bar.update(1)
                continue
            fingerprint = f"{pipeline.config_hash}:{cluster_hash(cluster)}"
            if done.get(cluster.id) == fingerprint:
                stats.skipped += 1
                bar.update(1)
                continue
            if cluster.id in done:  # same settings, changed articles: the old record goes first
                jsonl.rewrite_without(summaries_path, lambda r, cid=cluster.id: r.get("cluster") == cid)
                summaries.close()
                summaries = jsonl.Appender(summaries_path)
            try:
                record = pipeline.process(cluster, read_seconds)
            except Exception as err:  # one cluster never stops the run
                stats.failed += 1
                _report_error(FileError(cluster.path, cluster.id, "cluster_failed",
                                        f"cluster {cluster.id} failed: {type(err).__name__}: {err}"), errors, stats, bar)
                bar.update(1)
                continue
            summaries.write(record)
            done[cluster.id] = fingerprint
            stats.done += 1
            bar.update(1)
        for error in walk_errors:
            _report_error(error, errors, stats, bar)
    finally:
        summaries.close()
        errors.close()
        bar.close()
    if world == 1:
        if config.output.report:
            write_report(out_dir, input_dir)
        write_run_info(out_dir, config, pipeline, stats, check)
    return stats
