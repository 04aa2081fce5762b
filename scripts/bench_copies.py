#!/usr/bin/env python
"""How often does the checker flag sentences copied word for word from the articles?

A copied sentence is supported by construction, so every flag here is a false alarm. The
consistency benchmarks barely contain copies (their summaries are mostly abstractive), so a
checker can gain there and still flag extractive summaries; run this before changing the
default checker or its threshold.

    python scripts/bench_copies.py --data ../shared/data --clusters 60 \
        --variant "w5 checker.model=runs/checker-minilm-w5/embedded checker.window_sizes=[1,2,3,5] checker.threshold=0.836"

From each of the Multi-News validation clusters ``--offset`` .. ``+ --clusters`` it takes
``--sentences`` article sentences (fixed seed, 5 words or more) as a "summary", checks it with the
default config and with every ``--variant`` (a name, then ``section.key=value`` overrides), and
writes the share flagged per variant, with the reasons, to docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import platform
import random
import shlex
import sys
from pathlib import Path

from summarize.checker import ConsistencyChecker
from summarize.config import load_config
from summarize.evaluation.report_md import write_section
from summarize.reading.sentences import split_sentences
from summarize.records import Article, Cluster


def copy_summaries(path: Path, clusters: int, offset: int, per_cluster: int, seed: int = 0):
    """(cluster, sentences copied from its articles) for each cluster."""
    rng = random.Random(seed)
    with open(path, encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i < offset:
                continue
            if i >= offset + clusters:
                return
            row = json.loads(line)
            articles = [Article(f"doc{k + 1}", f"doc{k + 1}", d, sentences=split_sentences(d))
                        for k, d in enumerate(row["documents"]) if d.strip()]
            pool = [s for a in articles for s in a.sentences if len(s.split()) >= 5]
            if pool:
                yield Cluster(row["id"], row["id"], articles), rng.sample(pool, min(per_cluster, len(pool)))


def flag_rate(checker: ConsistencyChecker, items) -> dict:
    verdicts = [v for vs in checker.check_many(items) for v in vs]
    flagged = [v for v in verdicts if v.flagged]
    reasons = collections.Counter(i.type for v in flagged for i in v.issues)
    return {"sentences": len(verdicts), "flagged": len(flagged), "percent": 100 * len(flagged) / max(1, len(verdicts)),
            "reasons": dict(reasons), "examples": [(v.text[:120], v.score) for v in flagged[:3]]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--clusters", type=int, default=60)
    parser.add_argument("--offset", type=int, default=3000)
    parser.add_argument("--sentences", type=int, default=8, help="copied sentences per cluster")
    parser.add_argument("--config", default=None, help="YAML config of the baseline (default: the built-in defaults)")
    parser.add_argument("--variant", action="append", default=[], help='"NAME section.key=value ..." (repeatable)')
    parser.add_argument("--output", type=Path, default=Path("docs/BENCHMARKS.md"), help="'-' prints only")
    args = parser.parse_args(argv)
    path = args.data / "multi_news" / "validation.jsonl"
    if not path.is_file():
        raise SystemExit(f"{path}: not found (give --data the folder that holds multi_news/)")
    items = list(copy_summaries(path, args.clusters, args.offset, args.sentences))
    variants = [("default", [])] + [(v.split()[0], v.split()[1:]) for v in args.variant]
    rows = []
    for name, overrides in variants:
        config = load_config(args.config, overrides).checker
        result = flag_rate(ConsistencyChecker(config=config), items)
        rows.append((name, overrides, config, result))
        print(json.dumps({"variant": name, **result}), flush=True)
    lines = ["| variant | checker | threshold | sentences | flagged | flagged % | reasons |", "|---|---|---|---|---|---|---|"]
    for name, overrides, config, r in rows:
        reasons = ", ".join(f"{k} {n}" for k, n in sorted(r["reasons"].items())) or "–"
        lines.append(f"| {name} | `{config.model}` windows {config.window_sizes} | {config.threshold} | {r['sentences']} | "
                     f"{r['flagged']} | {r['percent']:.1f} | {reasons} |")
    command = "python scripts/bench_copies.py " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    body = (f"Command: `{command}`  \nMachine: {platform.machine()}, CPU. {len(items)} clusters "
            f"({args.offset}–{args.offset + args.clusters - 1} of multi_news/validation.jsonl), up to {args.sentences} "
            "article sentences each, checked as the summary: every flag is a false alarm.\n\n" + "\n".join(lines))
    if str(args.output) != "-":
        write_section(args.output, "copies", "Checker: false alarms on sentences copied from the articles", body)


if __name__ == "__main__":
    main()
