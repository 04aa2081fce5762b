#!/usr/bin/env python
"""End to end: ``summarize run`` over Multi-News validation clusters written out as folders.

    python scripts/bench_e2e.py --data ../shared/data --clusters 200

Reports wall time, clusters per minute, peak RSS, the RSS after a quarter and after all of the
clusters (memory must not grow with their number), and how time splits between reading,
summarizing and checking (from each record's ``timings``). The default config is used.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summarize.evaluation.report_md import write_section


def write_clusters(data: Path, n: int, root: Path, offset: int = 0) -> None:
    """Multi-News validation clusters ``offset`` .. ``offset + n - 1`` as folders of article files under ``root``."""
    with open(data / "multi_news" / "validation.jsonl", encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i >= offset + n:
                break
            if i < offset:
                continue
            row = json.loads(line)
            folder = root / row["id"]
            folder.mkdir(parents=True)
            for k, doc in enumerate(row["documents"]):
                if doc.strip():
                    (folder / f"doc{k + 1}.txt").write_text(doc, encoding="utf-8")


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--clusters", type=int, default=200)
    parser.add_argument("--output", type=Path, default=Path("docs/BENCHMARKS.md"))
    parser.add_argument("--offset", type=int, default=0, help="first validation cluster")
    parser.add_argument("--set", action="append", default=[], help="a config override passed to summarize run")
    parser.add_argument("--section", default="end-to-end", help="the docs/BENCHMARKS.md section to write")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-e2e-"))
    write_clusters(args.data, args.clusters, work / "in", args.offset)
    out = work / "out"
    command = [sys.executable, "-m", "summarize", "run", str(work / "in"), "-o", str(out), "--quiet",
               *[x for item in args.set for x in ("--set", item)]]
    start = time.perf_counter()
    proc = subprocess.Popen(command)
    samples = []  # (seconds, rss MB, clusters done)
    while proc.poll() is None:
        done = sum(1 for _ in open(out / "summaries.jsonl")) if (out / "summaries.jsonl").exists() else 0
        rss = rss_mb(proc.pid)
        if rss:
            samples.append((time.perf_counter() - start, rss, done))
        time.sleep(0.5)
    wall = time.perf_counter() - start
    records = [json.loads(line) for line in open(out / "summaries.jsonl")]
    split = {k: sum(r["timings"][k] for r in records) for k in ("read", "summarize", "check")}
    peak = max(s[1] for s in samples)
    quarter = max((s[1] for s in samples if s[2] <= args.clusters // 4), default=float("nan"))
    sentences = sum(len(r["sentences"]) for r in records)
    flagged = sum(r["flagged"] for r in records)
    startup = wall - sum(split.values())
    lines = [f"Command: `python {' '.join(sys.argv)}` (runs `summarize run` with the default config"
             f"{' and ' + ', '.join(args.set) if args.set else ''})  ",
             f"Machine: {platform.machine()}, {os.cpu_count()} CPU cores, CPU only.", "",
             "| clusters | wall s | clusters / min | peak RSS MB | RSS MB by cluster %d | RSS MB at the end | read s "
             "| summarize s | check s | start-up s |"
             % (args.clusters // 4), "|---|---|---|---|---|---|---|---|---|---|",
             f"| {len(records)} | {wall:.0f} | {60 * len(records) / wall:.1f} | {peak:.0f} | {quarter:.0f} | {samples[-1][1]:.0f} | "
             f"{split['read']:.1f} | {split['summarize']:.1f} | {split['check']:.1f} | {startup:.1f} |", "",
             f"{sentences} summary sentences checked, {flagged} flagged ({100 * flagged / max(1, sentences):.1f} %). "
             "Start-up is loading the models (once per process)."]
    print("\n".join(lines))
    title = f"End to end: `summarize run` over {args.clusters} Multi-News clusters"
    if args.section != "end-to-end":
        title += f" ({args.offset}-{args.offset + args.clusters - 1}{', ' + ', '.join(args.set) if args.set else ''})"
    write_section(args.output, args.section, title, "\n".join(lines))


if __name__ == "__main__":
    main()
