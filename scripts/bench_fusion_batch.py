#!/usr/bin/env python
"""Would batching rewrites across clusters pay? The fusion model's rewrite time by groups per call.

    python scripts/bench_fusion_batch.py --data ../shared/data --clusters 8 --offset 5000

Takes the first groups the embedded summarizer plans for each of ``--clusters`` Multi-News
validation clusters and rewrites all of them with the default model and settings, ``--batch``
groups per ``generate`` call, each size twice, interleaved; the best time of each counts.
``summarize run`` rewrites one cluster's groups 8 at a time; batching across clusters would put
more groups in each call. Writes its section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from bench_e2e import write_clusters  # scripts/ is on the path when a script runs

from summarize.config import load_config
from summarize.evaluation.report_md import write_section
from summarize.reading.reader import iter_clusters
from summarize.summarizer import Summarizer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--clusters", type=int, default=8)
    parser.add_argument("--offset", type=int, default=5000)
    parser.add_argument("--groups", type=int, default=8, help="groups taken from each cluster")
    parser.add_argument("--batch", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--output", type=Path, default=Path("docs/BENCHMARKS.md"))
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    write_clusters(args.data, args.clusters, root, args.offset)
    config = load_config(None, ["summarizer.verifier=null"])  # the rewrite model alone
    summarizer = Summarizer(config=config.summarizer)
    assert summarizer.fusion is not None
    texts = [" ".join(sources) for cluster in iter_clusters(root, config.input)
             for _, _, sources in summarizer.fusion.groups(cluster, 200)[: args.groups]]
    summarizer.generate(texts[:8])  # warm-up
    best: dict[int, float] = {}
    outputs: dict[int, list[str]] = {}
    for _ in range(2):
        for size in args.batch:
            start = time.perf_counter()
            outputs[size] = [o for i in range(0, len(texts), size) for o in summarizer.generate(texts[i:i + size])]
            best[size] = min(best.get(size, float("inf")), time.perf_counter() - start)
    first = args.batch[0]
    same = sum(a == b for a, b in zip(outputs[first], outputs[args.batch[-1]]))
    lines = [f"Command: `python {' '.join(sys.argv)}`  ",
             f"Machine: {platform.machine()}, {os.cpu_count()} CPU cores, CPU only. {len(texts)} groups from "
             f"{args.clusters} clusters (validation {args.offset}-{args.offset + args.clusters - 1}), "
             f"{config.summarizer.num_beams} beams; best of two interleaved runs.", "",
             "| groups per generate call | seconds | groups / s | speed against " + str(first) + " |", "|---|---|---|---|"]
    for size in args.batch:
        lines.append(f"| {size} | {best[size]:.2f} | {len(texts) / best[size]:.2f} | {best[first] / best[size]:.2f}x |")
    lines += ["", f"{same} of {len(texts)} rewrites are the same text at both sizes."]
    print("\n".join(lines))
    write_section(args.output, "fusion-batch", "Summarizer: rewrite groups per call (batching across clusters?)",
                  "\n".join(lines))


if __name__ == "__main__":
    main()
