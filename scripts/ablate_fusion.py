#!/usr/bin/env python
"""Which rewrites should the fusion backend keep? Rewrite every planned group once, then score policies.

    python scripts/ablate_fusion.py --offset 1000 --clusters 120 --groups runs/ablate/groups.jsonl

Step 1 (skipped when ``--groups`` exists): for each validation cluster, every group of a plan of
2.4x the word budget is rewritten by the embedded summarizer (beam 4) and its guards are recorded:
content-word support, and P(entailment) from the verifier (``summarizer.verifier``).
Step 2: each policy (the verifier threshold, the plan size, a compression limit) builds the
summaries from those records exactly as :class:`FusionSummarizer` does (most salient first while
they fit, printed in source order), and ROUGE is computed beside the lead and the extractive
planner on the same clusters. Use clusters that are not the benchmark's first 500.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import evaluate

from summarize.summarizer import Summarizer
from summarize.summarizer.fusion import support
from summarize.summarizer.truecase import SurfaceRestorer

sys.path.insert(0, str(Path(__file__).parent))
from bench_summarizer import ROUGE, clusters  # noqa: E402


def dump(data, path: Path, beams: int) -> None:
    summarizer = Summarizer("embedded:summarizer-minilm", max_words=260, num_beams=beams)
    fusion = summarizer.fusion
    fusion.plan_factor = 2.4
    with open(path, "w", encoding="utf-8") as handle:
        for cluster, reference in data:
            groups = fusion.groups(cluster)
            outputs = fusion.generate([" ".join(sources) for _, _, sources in groups]) if groups else []
            restorer = SurfaceRestorer([s for a in cluster.articles for s in a.sentences])
            texts = [restorer.restore(o) if o.strip() else "" for o in outputs]
            entailed = fusion.verifier([(" ".join(g[2]), t or ".") for g, t in zip(groups, texts)]) if groups else []
            rows = [{"position": list(g[0]), "planned": g[1], "sources": g[2], "rewrite": t,
                     "support": support(t, g[2]), "entail": float(e)} for g, t, e in zip(groups, texts, entailed)]
            handle.write(json.dumps({"id": cluster.id, "reference": reference, "groups": rows}) + "\n")


def build(record: dict, accept, max_words: int = 260, plan: float | None = None) -> tuple[str, int, int]:
    """(summary, rewritten sentences, sentences) under one acceptance policy."""
    groups, planned = [], 0
    for g in record["groups"]:  # a smaller plan: the most salient groups up to plan x budget
        n = len(g["planned"].split())
        if plan and planned + n > plan * max_words and groups:
            continue
        groups.append(g)
        planned += n
    chosen, words = [], 0
    for g in groups:
        rewritten = accept(g)
        text = g["rewrite"] if rewritten else g["planned"]
        if words + len(text.split()) > max_words and chosen:
            continue
        chosen.append((tuple(g["position"]), text, rewritten))
        words += len(text.split())
    chosen.sort(key=lambda t: t[0])
    return " ".join(t[1] for t in chosen), sum(t[2] for t in chosen), len(chosen)


def guard(min_entailment: float, max_ratio: float | None = None):
    def accept(g: dict) -> bool:
        ok = len(g["rewrite"].split()) >= 4 and g["support"] >= 0.8 and g["entail"] >= min_entailment
        if max_ratio is not None:
            ok = ok and len(g["rewrite"].split()) < max_ratio * len(g["planned"].split())
        return ok
    return accept


POLICIES = {  # name: (accept, plan factor)
    "keep no rewrite": (lambda g: False, None),
    "verifier 0.5, plan 1.6x": (guard(0.5), 1.6),
    "verifier 0.5": (guard(0.5), None),
    "verifier 0.8, plan 1.6x": (guard(0.8), 1.6),
    "verifier 0.8": (guard(0.8), None),
    "verifier 0.9": (guard(0.9), None),
    "verifier 0.5, shorter by 10 %": (guard(0.5, 0.9), None),
    "verifier 0.8, shorter by 10 %": (guard(0.8, 0.9), None),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--offset", type=int, default=1000)
    parser.add_argument("--clusters", type=int, default=120)
    parser.add_argument("--groups", type=Path, required=True, help="the rewrites (written by step 1 if absent)")
    parser.add_argument("--num-beams", type=int, default=4)
    args = parser.parse_args()
    data = list(clusters(args.data / "multi_news" / "validation.jsonl", args.clusters, args.offset))
    if not args.groups.exists():
        args.groups.parent.mkdir(parents=True, exist_ok=True)
        dump(data, args.groups, args.num_beams)
    records = [json.loads(line) for line in open(args.groups, encoding="utf-8")]
    data = data[: len(records)]
    assert [c.id for c, _ in data] == [r["id"] for r in records], "--groups holds other clusters"
    references = [r["reference"] for r in records]
    rouge = evaluate.load(str(ROUGE))
    print(f"{len(records)} clusters from {args.offset} of validation.jsonl\n")
    print("| system | R-1 | R-2 | R-L | R-Lsum | words | rewritten % |\n|---|---|---|---|---|---|---|")

    def row(name, outputs, rewritten=None):
        s = rouge.compute(predictions=outputs, references=references, split_sentences=True)
        words = sum(len(o.split()) for o in outputs) / len(outputs)
        print(f"| {name} | " + " | ".join(f"{100 * s[k]:.2f}" for k in ("rouge1", "rouge2", "rougeL", "rougeLsum"))
              + f" | {words:.0f} | {'–' if rewritten is None else f'{rewritten:.0f}'} |", flush=True)

    for name in ("lead", "extractive:minilm"):
        row(name, Summarizer(name, max_words=260).summarize([c for c, _ in data]))
    for name, (accept, plan) in POLICIES.items():
        built = [build(r, accept, plan=plan) for r in records]
        row(name, [b[0] for b in built], 100 * sum(b[1] for b in built) / max(1, sum(b[2] for b in built)))


if __name__ == "__main__":
    main()
