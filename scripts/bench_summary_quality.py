#!/usr/bin/env python
"""What a reader sees in the default summaries: repeats, length, sentences that do not stand alone,
page furniture, and the share of sentences the checker flags, beside the extractive planner.

    python scripts/bench_summary_quality.py --data ../shared/data --clusters 50 --offset 4500 5000

On ``examples/``, the seed cluster and Multi-News validation clusters ``--offset`` .. ``+ --clusters``
(each offset a slice), for the default summarizer, ``extractive:minilm`` and the lead (same length
policy): repeat pairs, summaries longer than half their cluster's distinct words, dangling
references, scraping residue, off-topic sentences, names not introduced, lower-case names, and the
share of sentences the default checker flags (definitions in the section it writes).
Writes its section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import re
import sys
import time
from pathlib import Path

from summarize.checker import ConsistencyChecker
from summarize.evaluation.report_md import write_section
from summarize.reading.cleaning import clean_sentences
from summarize.reading.reader import iter_clusters
from summarize.reading.sentences import split_sentences
from summarize.records import Article, Cluster
from summarize.summarizer import Summarizer
from summarize.summarizer.casing import lower_cased, people, shipped_lexicon
from summarize.summarizer.extractive import leans_back
from summarize.summarizer.packing import dedupe_sentences
from summarize.summarizer.redundancy import repeats as lexical_repeat

ROOT = Path(__file__).resolve().parents[1]


# what a reader sees as scraping residue, written apart from the reader's own cleaning rules
JUNK = re.compile(r"\(\s*(?:cnn|ap|afp|reuters|upi|cbsla|cbs\w*|nbc|abc|bbc|fox\w*|k[a-z]{3}|w[a-z]{3})\s*\)|"
                  r"^[A-Z][a-z]+(?:,?\s+[a-z][a-z.]*){0,3}\s+(?:—|--|–)\s|>>|/\s*(?:getty|afp|ap|reuters|istock)\b|"
                  r"\bphotos?\s*:|\bclick (?:here|on)\b|\bcrawl|\bcaption\b|\bslideshow\b|\bstory highlights\b|"
                  r"\badvertisement\b|\[\s*pdf\s*\]|,\s*(?:left|right|center)\s*,|\bsubscribe\b|\bnewsletter\b|"
                  r"\bshare (?:this|link)\b|\bcaptcha\b|\brobot\b|\bjavascript\b|\bintroduction\b|\b\d+ of \d+\b|"
                  r"\bcontinue reading\b|\bwayback\b|\binternet archive\b", re.I)


def validation(path: Path, clusters: int, offset: int) -> list[tuple[Cluster, list[bool]]]:
    out = []
    with open(path, encoding="utf-8") as handle:
        for row in itertools.islice(map(json.loads, handle), offset, offset + clusters):
            # the reader's sentence cleaning, as `summarize run` reads a folder
            articles, keep = [], []
            for k, d in enumerate(row["documents"]):
                sentences = clean_sentences(split_sentences(d)) if d.strip() else []
                if sentences:
                    articles.append(Article(f"doc{k + 1}", f"doc{k + 1}", d, sentences=sentences))
                    keep.append(bool(row.get("mnplus_keep_doc", [True] * len(row["documents"]))[k]))
            out.append((Cluster(row["id"], row["id"], articles), keep))
    return out


def _source(cluster: Cluster, sentence: str) -> tuple[int, int] | None:
    """(article, position) of the source sentence a summary sentence is (or most of it is: a trim)."""
    best, where = 0.0, None
    mine = set(re.findall(r"\w+", sentence.lower()))
    for a, article in enumerate(cluster.articles):
        for p, s in enumerate(article.sentences):
            if s == sentence:
                return a, p
            theirs = set(re.findall(r"\w+", s.lower()))
            share = len(mine & theirs) / max(1, len(mine))
            if share > best:
                best, where = share, (a, p)
    return where if best >= 0.8 else None


def lower_case_names(sentence: str, cluster_forms: dict) -> list[str]:
    """Words written in lower case that the lexicon (or a cased article of the cluster) writes as names."""
    words = shipped_lexicon().get("words", {})
    out = []
    for m in re.finditer(r"(?<![.!?\"] )(?<!^)\b[a-z][a-z'-]+\b", sentence):
        form = cluster_forms.get(m.group()) or words.get(m.group())
        if form and form[0].isupper() and m.start() > 0:
            out.append(m.group())
    return out


def measure(summarizer: Summarizer, checker: ConsistencyChecker, clusters: list[tuple[Cluster, list[bool]]]) -> dict:
    keep = [k for _, k in clusters]
    clusters = [c for c, _ in clusters]
    start = time.perf_counter()
    per_summary = summarizer.summarize_sentences(clusters)  # the sentences as `summarize run` checks them
    seconds = time.perf_counter() - start
    summaries = [" ".join(mine) for mine in per_summary]
    pairs, owners, sentences, long_ = [], [], 0, 0
    dangling, furniture, off_topic, unnamed, lowered, lexical = [], [], [], [], [], []
    for k, (cluster, summary, mine) in enumerate(zip(clusters, summaries, per_summary)):
        sentences += len(mine)
        distinct = sum(len(s.split()) for a in dedupe_sentences([a.sentences for a in cluster.articles]) for s in a)
        long_ += len(summary.split()) > distinct / 2
        furniture += [s for s in mine if JUNK.search(s)]
        sources = [_source(cluster, s) for s in mine]
        for i, (s, src) in enumerate(zip(mine, sources)):
            # a sentence leaning back on something the summary does not give just before it
            if leans_back(s) and not (i and src and sources[i - 1] == (src[0], src[1] - 1)):
                dangling.append(s)
            if src is not None and not keep[k][src[0]]:
                off_topic.append(s)
        cased = [s for a in cluster.articles for s in a.sentences if not lower_cased(s)]
        known = people(mine + cased)
        text = " ".join(mine)
        for last, full in known.items():
            at = re.search(rf"\b{re.escape(last)}\b", text)
            if at and not text[:at.end()].endswith(full):
                unnamed.append(f"{last} ({full})")
        forms = {w.lower(): w for s in cased for w in re.findall(r"(?<=[a-z,;] )[A-Z][a-z'-]+", s)}
        lowered += [w for s in mine for w in lower_case_names(s, forms)]
        for a, b in itertools.combinations(mine, 2):
            if lexical_repeat(b, [a]):
                lexical.append((a, b))
            pairs += [(a, b), (b, a)]
            owners += [(k, a, b), (k, a, b)]
    entailed = checker.nli.predict(pairs)[:, 0] if pairs else []
    repeats = sorted({owner for owner, p in zip(owners, entailed) if p >= 0.5} | {(0, a, b) for a, b in lexical})
    verdicts = checker.check_many(list(zip(clusters, per_summary)))
    flagged = sum(v.flagged for vs in verdicts for v in vs)
    return {"clusters": len(clusters), "sentences": sentences, "repeat_pairs": len(repeats),
            "repeat_examples": [list(r[1:]) for r in repeats[:3]], "over_half": long_, "dangling": len(dangling),
            "dangling_examples": dangling[:3], "furniture": len(furniture), "furniture_examples": furniture[:3],
            "off_topic": len(off_topic), "off_topic_examples": off_topic[:2], "not_introduced": len(unnamed),
            "not_introduced_examples": unnamed[:3], "lower_case_names": len(lowered), "lower_case_examples": lowered[:6],
            "flagged_percent": 100 * flagged / max(1, sentences), "seconds_per_cluster": seconds / max(1, len(clusters)),
            "words": sum(len(s.split()) for s in summaries) / max(1, len(summaries))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--clusters", type=int, default=100)
    parser.add_argument("--offset", type=int, nargs="+", default=[4500, 5000])
    parser.add_argument("--seeds", type=Path, default=Path("../shared/seeds/nato-stoltenberg"))
    parser.add_argument("--systems", default="default=embedded:summarizer-minilm,extractive:minilm,lead",
                        help="name=model, comma-separated (lead: the round-robin lead at the same length policy)")
    parser.add_argument("--output", type=Path, default=Path("docs/BENCHMARKS.md"))
    args = parser.parse_args(argv)
    sets = {"examples/": [(c, [True] * len(c.articles)) for c in iter_clusters(ROOT / "examples") if isinstance(c, Cluster)],
            "seeds/nato-stoltenberg": [(c, [True] * len(c.articles)) for c in iter_clusters(args.seeds)
                                       if isinstance(c, Cluster)]}
    for offset in args.offset:
        sets[f"validation {offset}-{offset + args.clusters - 1}"] = validation(
            args.data / "multi_news" / "validation.jsonl", args.clusters, offset)
    checker = ConsistencyChecker()
    systems = {name: Summarizer(model, checker=checker) if model != "lead" else Summarizer("lead")
               for name, model in (item.split("=", 1) if "=" in item else (item, item) for item in args.systems.split(","))}
    rows = [(system, name, measure(summarizer, checker, clusters))
            for system, summarizer in systems.items() for name, clusters in sets.items()]
    lines = ["| system | clusters | words | repeat pairs | over half the cluster | dangling | residue | "
             "off-topic (doc judged irrelevant) | names not introduced | lower-case names | flagged % | s / cluster |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for system, name, r in rows:
        lines.append(f"| {system} | {name} ({r['clusters']}) | {r['words']:.0f} | {r['repeat_pairs']} | {r['over_half']} | "
                     f"{r['dangling']} | {r['furniture']} | {r['off_topic']} | {r['not_introduced']} | "
                     f"{r['lower_case_names']} | {r['flagged_percent']:.1f} | {r['seconds_per_cluster']:.1f} |")
    examples = [f"- {system}, {name}: " + "; ".join(f"{key} {r[key + '_examples']}" for key in
                                                    ("repeat", "dangling", "furniture", "off_topic", "not_introduced", "lower_case")
                                                    if r[key + "_examples"])
                for system, name, r in rows]
    command = "python scripts/bench_summary_quality.py " + " ".join(argv or sys.argv[1:])
    body = (f"`{command}` ({platform.machine()}, 2 CPU cores). Default settings (`max_words: auto`). Repeat pairs: "
            "two summary sentences where the embedded checker's NLI model finds either entailing the other at P >= 0.5, "
            "or one repeats the other in words; dangling: a sentence opening on a reference (pronoun, demonstrative, "
            "connective, \"The pair\", a quotation opening on That/This/It) not right after the sentence it leans on; "
            "residue: agency tags, datelines, credits, captions, promos, counters, transcripts, sign-up and archive text "
            "(a detector written apart from the reader's rules); off-topic: sentences from an article Multi-News's "
            "`mnplus_keep_doc` judges irrelevant; names not introduced: a surname the cluster gives in full, first met "
            "without it; lower-case names: words the truecasing lexicon or a cased article writes capitalized.\n\n"
            + "\n".join(lines) + ("\n\nWhat was counted:\n\n" + "\n".join(examples) if examples else ""))
    write_section(args.output, "summary-quality", "What a reader sees: residue, off-topic, repeats, dangling, names", body)
    print("\n".join(lines))
    print("\n".join(examples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
