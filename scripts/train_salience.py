#!/usr/bin/env python
"""Train the planner's learned salience scorer on Multi-News train, choose on validation 1000-1099.

    python scripts/train_salience.py --data ../shared/data --train 1500 --dev-offset 1000 --dev 100 \
        --cache runs/salience-features-1500.npz

Recipe (CPU, about 10 minutes on 2 cores; the features are cached, so a second run takes about 2):

1. the first ``--train`` clusters of ``multi_news/train.jsonl.gz``, articles cleaned as the reader
   cleans them; the planner's candidate sentences (:meth:`ExtractivePlanner.candidates`);
2. labels: a greedy ROUGE oracle against the reference (add the sentence that most raises
   ROUGE-1 + ROUGE-2 F1, unstemmed counts, until none does or the cluster's word budget is full);
3. features (:func:`summarize.summarizer.salience.features`, MiniLM embeddings) and two linear
   models (scikit-learn): a logistic regression on the oracle's labels (L2, C=1, balanced classes)
   and a ridge regression on each sentence's own ROUGE-1/2 overlap with the reference;
4. on validation clusters ``--dev-offset`` .. ``+ --dev`` (never the report slices), ROUGE-2/L of the
   planner with the hand-set weights and with each scorer at redundancy weights 0.3, 0.6, 1.0; the
   best learned one by R-2 + R-L is written with the whole table.

Writes ``runs/salience/salience.json`` (load it with ``SalienceScorer.load(path)`` and pass it as
``ExtractivePlanner(scorer=...)``) and prints the dev table. No learned scorer has beaten the
hand-set weights on R-L yet, so none ships (docs/experiments.md, 2026-12-01).
"""

from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import itertools
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
import torch
from rouge_score import rouge_scorer
from sklearn.linear_model import LogisticRegression, Ridge

from summarize.reading.cleaning import clean_sentences
from summarize.reading.sentences import split_sentences
from summarize.records import Article, Cluster
from summarize.summarizer.extractive import ExtractivePlanner
from summarize.summarizer.length import word_budget
from summarize.summarizer.salience import FEATURES, SalienceScorer, features

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "runs" / "salience" / "salience.json"
SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)


def make_cluster(row) -> Cluster:
    articles = [Article(f"doc{k + 1}", f"doc{k + 1}", d, sentences=s) for k, d in enumerate(row["documents"])
                if d.strip() for s in [clean_sentences(split_sentences(d))] if s]
    return Cluster(row["id"], row["id"], articles)


def rows(path: Path, offset: int, n: int):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        yield from itertools.islice(map(json.loads, handle), offset, offset + n)


def _grams(text: str) -> tuple[collections.Counter, collections.Counter]:
    tokens = re.findall(r"[a-z0-9]+", text.lower())
    return collections.Counter(tokens), collections.Counter(zip(tokens, tokens[1:]))


def _f1(mine: collections.Counter, theirs: collections.Counter) -> float:
    hit = sum((mine & theirs).values())
    if not hit:
        return 0.0
    p, r = hit / sum(mine.values()), hit / sum(theirs.values())
    return 2 * p * r / (p + r)


def oracle(sentences: list[str], reference: str, max_words: int = 260) -> set[int]:
    """Greedy: add the sentence that most raises ROUGE-1 + ROUGE-2 F1 (unstemmed counts), until none does."""
    ref1, ref2 = _grams(reference)
    grams = [_grams(s) for s in sentences]
    chosen: list[int] = []
    have1, have2 = collections.Counter(), collections.Counter()
    best, words = 0.0, 0
    while True:
        gain, pick = best, None
        for i, (g1, g2) in enumerate(grams):
            if i in chosen or words + len(sentences[i].split()) > max_words:
                continue
            value = _f1(have1 + g1, ref1) + _f1(have2 + g2, ref2)
            if value > gain + 1e-4:
                gain, pick = value, i
        if pick is None:
            return set(chosen)
        chosen.append(pick)
        have1 += grams[pick][0]
        have2 += grams[pick][1]
        words += len(sentences[pick].split())
        best = gain


def evaluate(planner: ExtractivePlanner, data, max_words) -> dict:
    r2, rl = [], []
    for cluster, reference in data:
        budget = word_budget(cluster, max_words)
        summary = " ".join(s for _, _, s in planner.plan(cluster, budget))
        scores = SCORER.score(reference, summary)
        r2.append(scores["rouge2"].fmeasure)
        rl.append(SCORER.score(reference, summary)["rougeLsum"].fmeasure)
    return {"rouge2": 100 * float(np.mean(r2)), "rougeLsum": 100 * float(np.mean(rl))}


class CachedEmbedder:
    """The MiniLM embedder, each sentence encoded once (the dev grid plans every cluster several times)."""

    def __init__(self, embedder):
        self.embedder = embedder
        self.cache: dict[str, torch.Tensor] = {}

    def encode(self, sentences: list[str]) -> torch.Tensor:
        todo = [s for s in dict.fromkeys(sentences) if s not in self.cache]
        if todo:
            self.cache.update(zip(todo, self.embedder.encode(todo)))
        return torch.stack([self.cache[s] for s in sentences]) if sentences else self.embedder.encode([])


def soft_label(sentence: str, reference: str) -> float:
    """A sentence's own overlap with the reference: the mean of its ROUGE-1 and ROUGE-2 F1 (unstemmed counts)."""
    mine, theirs = _grams(sentence), _grams(reference)
    return (_f1(mine[0], theirs[0]) + _f1(mine[1], theirs[1])) / 2


def training_arrays(planner, path: Path, n: int, max_words, cache: Path | None):
    """(features, oracle labels, soft labels) over the candidates of the first ``n`` train clusters."""
    if cache and cache.is_file():
        data = np.load(cache)
        return data["x"], data["y"], data["soft"]
    xs, ys, softs = [], [], []
    for row in rows(path, 0, n):
        cluster = make_cluster(row)
        if not cluster.articles:
            continue
        items, _ = planner.candidates(cluster)
        if len(items) < 2:
            continue
        vectors = planner.embedder.encode([s for _, _, s in items])
        labels = oracle([s for _, _, s in items], row["summary"], word_budget(cluster, max_words))
        xs.append(features(items, vectors).numpy())
        ys.append(np.array([i in labels for i in range(len(items))], dtype=int))
        softs.append(np.array([soft_label(s, row["summary"]) for _, _, s in items], dtype=np.float32))
    x, y, soft = np.concatenate(xs), np.concatenate(ys), np.concatenate(softs)
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(cache, x=x, y=y, soft=soft)
    return x, y, soft


def fit(kind: str, x, y, soft) -> SalienceScorer:
    """``oracle``: logistic regression on the greedy oracle's labels; ``soft``: ridge regression on
    each sentence's own ROUGE overlap (scores on the label's scale, no sigmoid)."""
    mean, scale = x.mean(0), x.std(0) + 1e-6
    z = (x - mean) / scale
    if kind == "oracle":
        model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(z, y)
        return SalienceScorer(model.coef_[0].tolist(), float(model.intercept_[0]), mean.tolist(), scale.tolist())
    model = Ridge(alpha=1.0).fit(z, soft / soft.std())
    return SalienceScorer(model.coef_.tolist(), float(model.intercept_), mean.tolist(), scale.tolist(), link="identity")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--train", type=int, default=1500)
    parser.add_argument("--dev-offset", type=int, default=1000)
    parser.add_argument("--dev", type=int, default=100)
    parser.add_argument("--max-words", default="auto")
    parser.add_argument("--cache", type=Path, help="keep the training features here (npz) and reuse them")
    args = parser.parse_args()
    torch.manual_seed(0)
    start = time.time()
    planner = ExtractivePlanner()
    planner.embedder = CachedEmbedder(planner.embedder)
    x, y, soft = training_arrays(planner, args.data / "multi_news" / "train.jsonl.gz", args.train, args.max_words,
                                 args.cache)
    print(f"train: {len(y)} candidates, {y.mean():.3f} in the oracle ({time.time() - start:.0f} s)", file=sys.stderr)
    scorers = {kind: fit(kind, x, y, soft) for kind in ("oracle", "soft")}
    dev = [(make_cluster(r), r["summary"]) for r in rows(args.data / "multi_news" / "validation.jsonl",
                                                          args.dev_offset, args.dev)]
    dev = [(c, r) for c, r in dev if c.articles]
    table = []
    grid = [("hand-set", None, 0.6, 0.85)] + [(kind, scorers[kind], redundancy, 0.85)
                                             for kind in scorers for redundancy in (0.3, 0.6, 1.0)]
    for name, sc, redundancy, paraphrase in grid:
        p = ExtractivePlanner(redundancy=redundancy, paraphrase=paraphrase, scorer=sc, embedder=planner.embedder)
        result = evaluate(p, dev, args.max_words)
        table.append({"scorer": name, "redundancy": redundancy, "paraphrase": paraphrase, **result})
        print(json.dumps(table[-1]), file=sys.stderr)
    best = max((t for t in table if t["scorer"] != "hand-set"), key=lambda t: t["rouge2"] + t["rougeLsum"])
    scorer = scorers[best["scorer"]]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = {"features": list(FEATURES), "weights": scorer.weights.tolist(), "bias": scorer.bias,
               "mean": scorer.mean.tolist(), "scale": scorer.scale.tolist(), "link": scorer.link,
               "target": best["scorer"], "redundancy": best["redundancy"], "paraphrase": best["paraphrase"],
               "trained_on": {"data": "multi_news/train.jsonl.gz", "clusters": f"0-{args.train - 1}",
                              "candidates": int(len(y)), "positive_share": round(float(y.mean()), 4)},
               "dev": {"data": "multi_news/validation.jsonl", "clusters": f"{args.dev_offset}-{args.dev_offset + args.dev - 1}",
                       "max_words": args.max_words, "table": table},
               "command": "python " + " ".join(sys.argv)}
    OUT.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"written": str(OUT.relative_to(ROOT)), "bytes": OUT.stat().st_size,
                      "sha256": hashlib.sha256(OUT.read_bytes()).hexdigest(), "best": best,
                      "seconds": round(time.time() - start)}))


if __name__ == "__main__":
    main()
