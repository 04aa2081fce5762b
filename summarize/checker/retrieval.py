"""Cheap candidate selection: which premise units the NLI model scores for a summary sentence.

>>> r = BM25Retriever(["The cat sat on the mat.", "Stocks fell 5% on Monday.", "Dogs bark."])
>>> r.top_k(["Monday's stock market fall"], k=1)
[[1]]
>>> BM25Retriever(["Yes.", "It is."]).top_k(["Stocks fell."], k=2)
[[0, 1]]
"""

from __future__ import annotations

import logging

import bm25s
import numpy as np

# bm25s sets its own logger to DEBUG; once anything configures the root logger, every index
# built here would print "Building index from IDs objects".
logging.getLogger("bm25s").setLevel(logging.WARNING)


class BM25Retriever:
    """bm25s over the units of one cluster.

    Units with no indexable word at all (only stop words or one-letter tokens) give no index;
    every score is then 0.
    """

    def __init__(self, texts: list[str]):
        self.n = len(texts)
        corpus = bm25s.tokenize(texts, stopwords="en", show_progress=False)
        self.index = None
        if corpus.vocab:
            self.index = bm25s.BM25()
            self.index.index(corpus, show_progress=False)

    def scores(self, queries: list[str]) -> np.ndarray:
        if self.index is None:
            return np.zeros((len(queries), self.n), dtype=np.float32)
        tokens = bm25s.tokenize(queries, stopwords="en", show_progress=False)
        ids, scores = self.index.retrieve(tokens, k=self.n, show_progress=False)
        out = np.zeros((len(queries), self.n), dtype=np.float32)
        for row in range(len(queries)):
            out[row, ids[row]] = scores[row]
        return out

    def top_k(self, queries: list[str], k: int) -> list[list[int]]:
        """The ``k`` best units per query; ties (a query sharing no word with them) keep the units' order."""
        k = min(k, self.n)
        return [list(map(int, np.argsort(-row, kind="stable")[:k])) for row in self.scores(queries)]


class EmbeddingRetriever:
    """Cosine similarity of MiniLM sentence embeddings."""

    def __init__(self, texts: list[str], embedder=None):
        from ..models.embeddings import shared_embedder

        self.embedder = embedder or shared_embedder()
        self.vectors = self.embedder.encode(texts)
        self.n = len(texts)

    def scores(self, queries: list[str]) -> np.ndarray:
        return (self.embedder.encode(queries) @ self.vectors.T).numpy()

    def top_k(self, queries: list[str], k: int) -> list[list[int]]:
        scores = self.scores(queries)
        k = min(k, self.n)
        return [list(map(int, np.argsort(-row, kind="stable")[:k])) for row in scores]


class HybridRetriever:
    """Reciprocal-rank fusion of BM25 and embeddings (each misses what the other finds)."""

    def __init__(self, texts: list[str]):
        self.parts: list[BM25Retriever | EmbeddingRetriever] = [BM25Retriever(texts), EmbeddingRetriever(texts)]
        self.n = len(texts)

    def top_k(self, queries: list[str], k: int) -> list[list[int]]:
        fused = np.zeros((len(queries), self.n))
        for part in self.parts:
            ranks = np.argsort(np.argsort(-part.scores(queries), axis=1, kind="stable"), axis=1)
            fused += 1.0 / (60 + ranks)
        k = min(k, self.n)
        return [list(map(int, np.argsort(-row, kind="stable")[:k])) for row in fused]


RETRIEVERS = {"bm25": BM25Retriever, "embedding": EmbeddingRetriever, "hybrid": HybridRetriever}
