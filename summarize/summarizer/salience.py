"""Learned salience: which candidate sentences a summary should take, from Multi-News train.

A logistic regression over a few features of each candidate sentence (MiniLM centrality, lead
position, support across the cluster's articles, length, ...) scores its salience in place of the
planner's two hand-set weights (centrality plus ``0.35 / sqrt(1 + position)``). It is trained by
``scripts/train_salience.py`` (labels: a greedy ROUGE oracle against the reference summary, or
each sentence's own ROUGE overlap) and saved as plain JSON (weights, feature means and scales).
Trained on 1,500 Multi-News train clusters, it has not beaten the hand-set weights on ROUGE-L
(docs/experiments.md, 2026-12-01), so none ships and the planner keeps them; pass one with
``ExtractivePlanner(scorer=SalienceScorer.load(path))`` to try.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import torch

from .extractive import leans_back

FEATURES = ("centrality", "lead", "first", "relative_position", "support", "article_centrality", "words",
            "short", "number", "quote", "leans_back", "articles")
_NUMBER = re.compile(r"\d")


def features(items: list[tuple[int, int, str]], vectors: torch.Tensor) -> torch.Tensor:
    """One row of :data:`FEATURES` per candidate ``(article, position, sentence)``."""
    n = len(items)
    if n == 0:
        return torch.zeros(0, len(FEATURES))
    centroid = torch.nn.functional.normalize(vectors.mean(0), dim=0)
    centrality = vectors @ centroid
    articles = sorted({a for a, _, _ in items})
    by_article = {a: [k for k, t in enumerate(items) if t[0] == a] for a in articles}
    length = {a: max(items[k][1] for k in ks) + 1 for a, ks in by_article.items()}
    article_vec = {a: torch.nn.functional.normalize(vectors[ks].mean(0), dim=0) for a, ks in by_article.items()}
    similarity = vectors @ vectors.T
    rows = []
    for k, (a, p, s) in enumerate(items):
        others = [b for b in articles if b != a]
        support = (sum(float(similarity[k, by_article[b]].max()) for b in others) / len(others)) if others else 0.0
        words = len(s.split())
        rows.append([float(centrality[k]), 1.0 / math.sqrt(1.0 + p), float(p == 0), p / max(1, length[a]), support,
                     float(article_vec[a] @ centroid), words / 30.0, float(words < 10), float(bool(_NUMBER.search(s))),
                     float('"' in s), float(leans_back(s)), math.log(len(articles))])
    return torch.tensor(rows, dtype=torch.float32)


class SalienceScorer:
    """A linear model over :func:`features`: with ``link="logistic"`` ``score`` gives P(in the oracle
    summary); with ``"identity"``, a regression on each sentence's own ROUGE overlap with the reference."""

    def __init__(self, weights: list[float], bias: float, mean: list[float], scale: list[float],
                 names: tuple[str, ...] = FEATURES, link: str = "logistic"):
        if tuple(names) != FEATURES:
            raise ValueError(f"salience model features {names} are not this version's {FEATURES}")
        if link not in ("logistic", "identity"):
            raise ValueError(f"salience model link must be 'logistic' or 'identity', not {link!r}")
        self.link = link
        self.weights = torch.tensor(weights, dtype=torch.float32)
        self.bias = float(bias)
        self.mean = torch.tensor(mean, dtype=torch.float32)
        self.scale = torch.tensor(scale, dtype=torch.float32)

    @classmethod
    def load(cls, path: str | Path) -> SalienceScorer:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["weights"], data["bias"], data["mean"], data["scale"], tuple(data["features"]),
                   data.get("link", "logistic"))

    def score(self, cluster, items: list[tuple[int, int, str]], vectors: torch.Tensor) -> torch.Tensor:
        x = (features(items, vectors) - self.mean) / self.scale
        value = x @ self.weights + self.bias
        return torch.sigmoid(value) if self.link == "logistic" else value
