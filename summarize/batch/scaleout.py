"""Sharded runs on an existing engine: ``accelerate launch --multi_gpu --num_processes N -m summarize run INPUT -o OUT``.

(``--multi_gpu`` is accelerate's switch for its torchrun launcher; on a CPU-only machine the
processes then share the clusters over gloo. ``--cpu`` alone starts a single process.)

Each process (``accelerate``'s ``PartialState``: processes, GPUs, nodes) takes every
``num_processes``-th cluster and writes ``OUT/shards/summaries.RANK.jsonl`` and
``errors.RANK.jsonl``. When all are done, process 0 merges them with the records already in
``OUT/summaries.jsonl`` into the same files a single-process run writes (atomically), then
writes the report and ``run.json``. A resumed sharded run skips what either place holds.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import jsonl

SHARDS = "shards"


def shard_paths(out_dir: Path, rank: int) -> tuple[Path, Path]:
    folder = out_dir / SHARDS
    return folder / f"summaries.{rank}.jsonl", folder / f"errors.{rank}.jsonl"


def merge(out_dir: Path, world: int, config_hash: str) -> None:
    """Fold every shard into ``summaries.jsonl``/``errors.jsonl``; shard records win."""
    out_dir = Path(out_dir)
    fresh: dict[str, dict] = {}
    errors: list[dict] = []
    for rank in range(world):
        summaries, errs = shard_paths(out_dir, rank)
        jsonl.repair(summaries)
        for record in jsonl.read(summaries):
            fresh[record["cluster"]] = record
        errors.extend(jsonl.read(errs))
    main = out_dir / "summaries.jsonl"
    kept = [r for r in jsonl.read(main)
            if r.get("cluster") not in fresh and str(r.get("fingerprint", "")).startswith(config_hash + ":")]
    records = sorted(kept + list(fresh.values()), key=lambda r: r["cluster"])
    for path, rows in ((main, records), (out_dir / "errors.jsonl", errors)):
        jsonl.atomic_write_text(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    for rank in range(world):
        for path in shard_paths(out_dir, rank):
            path.unlink(missing_ok=True)
    try:
        (out_dir / SHARDS).rmdir()
    except OSError:
        pass


def distributed_state():
    """``(rank, world, barrier)`` from accelerate when launched with several processes."""
    if int(os.environ.get("WORLD_SIZE", "1")) <= 1:
        return 0, 1, lambda: None
    import torch
    from accelerate import PartialState

    # on CPU-only machines processes talk over gloo; with GPUs accelerate picks nccl
    state = PartialState(cpu=not torch.cuda.is_available())
    return state.process_index, state.num_processes, state.wait_for_everyone
