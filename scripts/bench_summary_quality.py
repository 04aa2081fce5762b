#!/usr/bin/env python
"""What a reader sees in the default summaries: repeats, length, sentences that do not stand alone,
page furniture, and the share of sentences the checker flags, beside the extractive planner.

    python scripts/bench_summary_quality.py --data ../shared/data --clusters 100 --offset 3000

On ``examples/`` and on Multi-News validation clusters ``--offset`` .. ``+ --clusters``, for the
default summarizer and ``extractive:minilm`` (same length policy): pairs of summary sentences where
one entails the other (P >= 0.9 by the embedded checker's NLI model, either way), summaries longer
than half their cluster's distinct words, sentences that open on a dangling reference or hold
page furniture (captions, "File -" lines, share text), and the share of sentences the default
checker flags. Writes its section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import sys
import time
from pathlib import Path

from summarize.checker import ConsistencyChecker
from summarize.evaluation.report_md import write_section
from summarize.reading.cleaning import is_boilerplate, strip_credits
from summarize.reading.reader import iter_clusters
from summarize.reading.sentences import split_sentences
from summarize.records import Article, Cluster
from summarize.summarizer import Summarizer
from summarize.summarizer.extractive import _DANGLING
from summarize.summarizer.packing import dedupe_sentences

ROOT = Path(__file__).resolve().parents[1]


def validation(path: Path, clusters: int, offset: int) -> list[Cluster]:
    out = []
    with open(path, encoding="utf-8") as handle:
        for row in itertools.islice(map(json.loads, handle), offset, offset + clusters):
            # the reader's sentence cleaning, as `summarize run` reads a folder
            articles = [Article(f"doc{k + 1}", f"doc{k + 1}", d, sentences=[
                s for s in map(strip_credits, split_sentences(d)) if s and not is_boilerplate(s)])
                for k, d in enumerate(row["documents"]) if d.strip()]
            out.append(Cluster(row["id"], row["id"], articles))
    return out


def measure(summarizer: Summarizer, checker: ConsistencyChecker, clusters: list[Cluster]) -> dict:
    start = time.perf_counter()
    per_summary = summarizer.summarize_sentences(clusters)  # the sentences as `summarize run` checks them
    seconds = time.perf_counter() - start
    summaries = [" ".join(mine) for mine in per_summary]
    pairs, owners, sentences, long_, dangling, furniture = [], [], 0, 0, [], []
    for k, (cluster, summary, mine) in enumerate(zip(clusters, summaries, per_summary)):
        sentences += len(mine)
        distinct = sum(len(s.split()) for a in dedupe_sentences([a.sentences for a in cluster.articles]) for s in a)
        long_ += len(summary.split()) > distinct / 2
        dangling += [s for s in mine if _DANGLING.match(s)]
        furniture += [s for s in mine if is_boilerplate(s)]
        for a, b in itertools.combinations(mine, 2):
            pairs += [(a, b), (b, a)]
            owners += [(k, a, b), (k, a, b)]
    entailed = checker.nli.predict(pairs)[:, 0] if pairs else []
    repeats = sorted({owner for owner, p in zip(owners, entailed) if p >= 0.9})
    verdicts = checker.check_many(list(zip(clusters, per_summary)))
    flagged = sum(v.flagged for vs in verdicts for v in vs)
    return {"clusters": len(clusters), "sentences": sentences, "repeat_pairs": len(repeats),
            "repeat_examples": [list(r[1:]) for r in repeats[:3]], "over_half": long_, "dangling": len(dangling),
            "dangling_examples": dangling[:3], "furniture": len(furniture), "furniture_examples": furniture[:3],
            "flagged_percent": 100 * flagged / max(1, sentences), "seconds_per_cluster": seconds / max(1, len(clusters)),
            "words": sum(len(s.split()) for s in summaries) / max(1, len(summaries))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--clusters", type=int, default=100)
    parser.add_argument("--offset", type=int, default=3000)
    parser.add_argument("--output", type=Path, default=Path("docs/BENCHMARKS.md"))
    args = parser.parse_args(argv)
    sets = {"examples/": [c for c in iter_clusters(ROOT / "examples") if isinstance(c, Cluster)],
            f"validation {args.offset}-{args.offset + args.clusters - 1}":
                validation(args.data / "multi_news" / "validation.jsonl", args.clusters, args.offset)}
    checker = ConsistencyChecker()
    systems = {"default (embedded:summarizer-minilm)": Summarizer(checker=checker),  # as `summarize run` builds it
               "extractive:minilm": Summarizer("extractive:minilm")}
    rows = [(system, name, measure(summarizer, checker, clusters))
            for system, summarizer in systems.items() for name, clusters in sets.items()]
    lines = ["| system | clusters | words | sentence pairs where one entails the other | over half the cluster | "
             "dangling openers | captions, file lines, share text | flagged sentences % | s / cluster |",
             "|---|---|---|---|---|---|---|---|---|"]
    for system, name, r in rows:
        lines.append(f"| {system} | {name} ({r['clusters']}) | {r['words']:.0f} | {r['repeat_pairs']} | {r['over_half']} | "
                     f"{r['dangling']} | {r['furniture']} | {r['flagged_percent']:.1f} | {r['seconds_per_cluster']:.1f} |")
    examples = [f"- {system}, {name}: repeats {r['repeat_examples']}; dangling {r['dangling_examples']}"
                for system, name, r in rows if r["repeat_examples"] or r["dangling_examples"]]
    command = "python scripts/bench_summary_quality.py " + " ".join(argv or sys.argv[1:])
    body = (f"`{command}` ({platform.machine()}, 2 CPU cores). Default settings (`max_words: auto`).\n\n"
            + "\n".join(lines) + ("\n\nWhat was counted:\n\n" + "\n".join(examples) if examples else ""))
    write_section(args.output, "summary-quality", "What a reader sees: repeats, length, standalone sentences", body)
    print("\n".join(lines))
    print("\n".join(examples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
