"""Build the embedded summarizer's fusion pairs (reproducible: fixed slices, no sampling).

    python -m summarize.training.build_fusion_data --data ../shared/data --out runs/fusion-data

Writes ``train.jsonl`` from the first ``--clusters`` clusters of ``multi_news/train.jsonl.gz``
and ``dev.jsonl`` from the last ``--dev`` clusters of ``multi_news/validation.jsonl`` (the
benchmark reads the first 500, so these never overlap), each row ``{text, summary, coverage,
n_sources}`` (see ``summarize.training.fusion_pairs``).
"""

from __future__ import annotations

import argparse
import gzip
import json
from multiprocessing import Pool
from pathlib import Path

from .fusion_pairs import cluster_pairs


def _pairs(args: tuple[str, float]) -> list[dict]:
    line, min_coverage = args
    row = json.loads(line)
    return cluster_pairs(row["documents"], row["summary"], min_coverage=min_coverage)


def write(lines, out: Path, min_coverage: float, workers: int) -> int:
    count = 0
    with open(out, "w", encoding="utf-8") as handle, Pool(workers) as pool:
        for pairs in pool.imap(_pairs, ((line, min_coverage) for line in lines), chunksize=64):
            for pair in pairs:
                handle.write(json.dumps(pair, ensure_ascii=False) + "\n")
                count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("runs/fusion-data"))
    parser.add_argument("--clusters", type=int, default=45000, help="train clusters to read (all: 44,972)")
    parser.add_argument("--dev", type=int, default=300, help="validation clusters, counted from the end")
    parser.add_argument("--min-coverage", type=float, default=0.6)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.data / "multi_news" / "train.jsonl.gz", "rt", encoding="utf-8") as handle:
        lines = (line for i, line in enumerate(handle) if i < args.clusters)
        n_train = write(lines, args.out / "train.jsonl", args.min_coverage, args.workers)
    validation = (args.data / "multi_news" / "validation.jsonl").read_text(encoding="utf-8").splitlines()
    n_dev = write(validation[-args.dev:], args.out / "dev.jsonl", args.min_coverage, args.workers)
    print(json.dumps({"train": n_train, "dev": n_dev, **{k: str(v) for k, v in vars(args).items()}}))


if __name__ == "__main__":
    main()
