#!/usr/bin/env python
"""Garbled rewrites: how many of the fusion model's rewrites a reader would reject, before and after the clause-trim guard.

    python scripts/bench_rewrites.py --data ../shared/data --offset 2200 --clusters 30 --dump /tmp/rewrites-2200.jsonl
    (label each line's "garbled" true or false, by reading "text" beside "planned" and "sources")
    python scripts/bench_rewrites.py --data ../shared/data --offset 2200 --clusters 30 --labels docs/results/rewrite-labels-2200.jsonl
    python scripts/bench_rewrites.py --model embedded:fusion-smollm2 --offset 2600 --clusters 20 --dump /tmp/smol-2600.jsonl

The embedded summarizer runs as ``summarize run`` builds it (the run's checker, the verifier),
but with ``summarizer.rewrites: any``, so every rewrite that passes the other guards (support,
stand-alone, verifier, checker) and differs from its planned sentence is collected. A person
labels each one *garbled* (ungrammatical, a fragment, or saying something its sources do not:
a dropped "probably", a number without its unit, a quote given to someone else) or not, without
seeing what the guard decides. The labels file keeps no article text: the cluster id, a hash of
the rewrite and the label; the rewrites are made again here and joined on the hash. Reported:
the garbled share of all rewrites, and of those that :func:`~summarize.summarizer.fusion.clause_trim`
keeps (what the default emits), with a Wilson 95 % interval. Writes its section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import sys
from pathlib import Path

from summarize.evaluation.report_md import write_section


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson interval for a share k/n, in percent."""
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (100 * (centre - half), 100 * (centre + half))


def key(cluster: str, text: str) -> str:
    return f"{cluster}:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:16]}"


def rewrites(data: Path, offset: int, n: int, model: str | None = None) -> list[dict]:
    """Every rewrite that passes the guards other than the clause-trim one, per cluster."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_summarizer import clusters

    from summarize.checker import ConsistencyChecker
    from summarize.summarizer import Summarizer
    from summarize.summarizer.fusion import clause_trim

    overrides = {"model": model} if model else {}
    summarizer = Summarizer(checker=ConsistencyChecker(), rewrites="any", **overrides)
    fusion = summarizer.fusion
    rows: list[dict] = []
    rewrite = fusion._rewrite

    def collecting(groups, restorer, cluster=None):
        out = rewrite(groups, restorer, cluster)
        for (_, planned, sources), sentence in zip(groups, out):
            if sentence.rewritten:
                rows.append({"cluster": cluster.id, "key": key(cluster.id, sentence.text), "text": sentence.text,
                             "planned": planned, "sources": sources, "kept": clause_trim(sentence.text, sources),
                             "garbled": None})
        return out

    fusion._rewrite = collecting
    for cluster, _ in clusters(data / "multi_news" / "validation.jsonl", n, offset):
        summarizer.summarize([cluster])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--offset", type=int, default=2200)
    parser.add_argument("--clusters", type=int, default=30)
    parser.add_argument("--model", help="the fusion model (default: the embedded summarizer), e.g. embedded:fusion-smollm2")
    parser.add_argument("--dump", type=Path, help="write the rewrites here, with text, for labelling")
    parser.add_argument("--from-dump", type=Path, help="read the rewrites from this --dump file instead of making them again")
    parser.add_argument("--labels", type=Path, help="labels file: one JSON object a line with key and garbled")
    parser.add_argument("--output", type=Path, default=Path("docs/BENCHMARKS.md"))
    args = parser.parse_args()
    if args.from_dump:
        from summarize.summarizer.fusion import clause_trim

        rows = [json.loads(line) for line in args.from_dump.read_text(encoding="utf-8").splitlines()]
        for row in rows:
            row["kept"] = clause_trim(row["text"], row["sources"])
    else:
        rows = rewrites(args.data, args.offset, args.clusters, args.model)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps({k: v for k, v in row.items() if k != "kept"}) + "\n")
        print(f"{len(rows)} rewrites -> {args.dump}")
    if not args.labels:
        return
    labels = {}
    for line in open(args.labels, encoding="utf-8"):
        item = json.loads(line)
        labels[item["key"]] = item["garbled"]
    labelled = [r for r in rows if r["key"] in labels]
    missing = len(rows) - len(labelled)
    table = ["| rewrites | count | garbled | garbled % [95 % CI] |", "|---|---|---|---|"]
    for name, subset in (("all that pass the other guards (`rewrites: any`)", labelled),
                         ("kept by the clause-trim guard (the default)", [r for r in labelled if r["kept"]])):
        k = sum(bool(labels[r["key"]]) for r in subset)
        low, high = wilson(k, len(subset))
        share = 100 * k / len(subset) if subset else float("nan")
        table.append(f"| {name} | {len(subset)} | {k} | {share:.0f} [{low:.0f}, {high:.0f}] |")
    own = [r for r in labelled if not r["kept"]]
    k = sum(bool(labels[r["key"]]) for r in own)
    low, high = wilson(k, len(own))
    table.append(f"| in the model's own words (not a clause trim: what `rewrites: any` adds) | {len(own)} | {k} | "
                 f"{100 * k / len(own) if own else float('nan'):.0f} [{low:.0f}, {high:.0f}] |")
    fine_lost = sum(not labels[r["key"]] and not r["kept"] for r in labelled)
    lines = [f"Command: `python {' '.join(sys.argv)}`  ",
             f"Machine: {platform.machine()}, {os.cpu_count()} CPU cores, CPU only. Multi-News validation clusters "
             f"{args.offset}-{args.offset + args.clusters - 1}; labels: `{args.labels}`.", "", *table, "",
             f"Fine rewrites the guard turns back into their planned sentence: {fine_lost}. "
             f"Rewrites made here that the labels file lacks: {missing}."]
    print("\n".join(lines))
    name = f"rewrites-{args.offset}" + (f"-{args.model.split(':')[-1]}" if args.model else "")
    write_section(args.output, name, f"Summarizer: garbled rewrites{' of ' + args.model if args.model else ''}, clusters "
                  f"{args.offset}-{args.offset + args.clusters - 1}", "\n".join(lines))


if __name__ == "__main__":
    main()
