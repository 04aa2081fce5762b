#!/usr/bin/env python
"""Summaries read by people who did not build them: a packet to read, then the scores it came back with.

    python scripts/bench_readers.py --data ../shared/data --packet runs/readers   # 20 random clusters
    (each reader opens runs/readers/NN.md, reads the summary against its articles, and fills in
     runs/readers/labels.jsonl: one line per cluster, {"cluster", "score" 1-5, "problems": [...]})
    python scripts/bench_readers.py --data ../shared/data --labels runs/readers/labels.jsonl

The clusters are ``--sample`` drawn with ``--seed`` from Multi-News validation ``--start`` ..
``--stop`` (a slice no recipe or threshold was chosen on), written as folders of ``docN.txt``.
The summaries are what ``summarize run`` writes for them (with ``--config`` if given), put once
into the packet with their articles; the labels
are joined to them by cluster id and a hash of the summary, so a changed summarizer cannot be
scored with old labels. Problem kinds: ``junk`` (scraping residue), ``off-topic``, ``repeat``
(a fact told twice), ``dangling`` (a reference with no antecedent, a name never introduced),
``lower-case`` (a name without its capitals), ``unfaithful``, ``other``. Reported: the mean
score with a bootstrap 95 % interval, summaries with no problem, counts by kind. Writes its
section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import subprocess
import sys
from pathlib import Path

import numpy as np

from summarize.evaluation.report_md import write_section

KINDS = ("junk", "off-topic", "repeat", "dangling", "lower-case", "unfaithful", "other")


def pick(path: Path, start: int, stop: int, sample: int, seed: int) -> list[tuple[int, dict]]:
    chosen = sorted(random.Random(seed).sample(range(start, stop), sample))
    out = []
    with open(path, encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i in chosen:
                out.append((i, json.loads(line)))
            if i >= chosen[-1]:
                break
    return out


def run_summarize(folder: Path, rows: list[tuple[int, dict]], config: str | None) -> list[str]:
    """The summaries ``summarize run`` writes for these clusters (one folder of docN.txt each)."""
    clusters = folder / "clusters"
    for _, row in rows:
        cluster = clusters / row["id"]
        cluster.mkdir(parents=True, exist_ok=True)
        for k, document in enumerate(d for d in row["documents"] if d.strip()):
            (cluster / f"doc{k + 1}.txt").write_text(document.strip() + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "summarize", "run", str(clusters), "-o", str(folder / "out")]
    subprocess.run(command + (["--config", config] if config else []), check=True)
    records = {}
    for line in (folder / "out" / "summaries.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records[record["cluster"]] = record["summary"]
    return [records[row["id"]] for _, row in rows]


def digest(summary: str) -> str:
    return hashlib.sha1(summary.encode("utf-8")).hexdigest()[:16]


def write_packet(folder: Path, rows: list[tuple[int, dict]], summaries: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    index = []
    for n, ((i, row), summary) in enumerate(zip(rows, summaries), 1):
        parts = [f"# Cluster {n} (validation {i}, id {row['id']})", "", "## Summary", "", summary, ""]
        for k, document in enumerate(d for d in row["documents"] if d.strip()):
            parts += [f"## Article {k + 1}", "", document.strip(), ""]
        (folder / f"{n:02d}.md").write_text("\n".join(parts), encoding="utf-8")
        index.append({"n": n, "cluster": row["id"], "summary_sha1": digest(summary)})
    (folder / "index.jsonl").write_text("".join(json.dumps(r) + "\n" for r in index), encoding="utf-8")


def report(folder: Path, labels_path: Path, args) -> list[str]:
    index = {r["cluster"]: r for r in map(json.loads, (folder / "index.jsonl").read_text().splitlines())}
    labels = [json.loads(line) for line in labels_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    stale = [x["cluster"] for x in labels
             if x["cluster"] not in index or x.get("summary_sha1") != index[x["cluster"]]["summary_sha1"]]
    if stale:
        sys.exit(f"labels for summaries not in the packet (or changed since): {stale}")
    scores = np.array([float(x["score"]) for x in labels])
    boot = np.random.default_rng(0).choice(scores, (10000, len(scores))).mean(1)
    clean = sum(not x["problems"] for x in labels)
    counts = {k: sum(k in x["problems"] for x in labels) for k in KINDS}
    return [f"Command: `python {' '.join(sys.argv)}`  ",
            f"Machine: {platform.machine()}, {os.cpu_count()} CPU cores. Multi-News validation, {len(labels)} clusters "
            f"drawn at random (seed {args.seed}) from {args.start}-{args.stop - 1}; readers: {args.readers}.", "",
            "| mean score (1-5) [95 % CI] | summaries with no problem | " + " | ".join(KINDS) + " |",
            "|---|---|" + "---|" * len(KINDS),
            f"| {scores.mean():.2f} [{np.percentile(boot, 2.5):.2f}, {np.percentile(boot, 97.5):.2f}] | {clean} of {len(labels)} | "
            + " | ".join(str(counts[k]) for k in KINDS) + " |", "",
            "Counts are summaries with at least one problem of that kind. The labels (scores and kinds, no article "
            "text) are in `docs/results/reader-labels-3300.jsonl`."]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--start", type=int, default=3300)
    parser.add_argument("--stop", type=int, default=4000)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--packet", type=Path, default=Path("runs/readers"))
    parser.add_argument("--labels", type=Path, help="the readers' labels: report them")
    parser.add_argument("--readers", default="one reader who did not build the summarizer")
    parser.add_argument("--config", help="summarize config (default: the shipped one)")
    parser.add_argument("--output", type=Path, default=Path("docs/BENCHMARKS.md"))
    args = parser.parse_args()
    if args.labels:
        lines = report(args.packet, args.labels, args)
        print("\n".join(lines))
        write_section(args.output, "readers", "Summaries read by people who did not build them", "\n".join(lines))
        return
    rows = pick(args.data / "multi_news" / "validation.jsonl", args.start, args.stop, args.sample, args.seed)
    summaries = run_summarize(args.packet, rows, args.config)
    write_packet(args.packet, rows, summaries)
    print(f"{len(rows)} clusters -> {args.packet}/NN.md and index.jsonl")


if __name__ == "__main__":
    main()
