"""Two cheap signals beside NLI, for the checker's ``blend`` score.

A small NLI model ranks summaries well where their errors are edits of the source, and poorly
where a summary drifts away from it. Two signals that need no NLI see that drift:

- **similarity**: cosine of the sentence's MiniLM embedding to the closest article sentence
  (the floor issue 5 measured alone);
- **support**: the share of the sentence's content words that occur in the articles.

``checker.score: blend`` averages them with the best P(entailment), with equal weights (no
weights fitted: :func:`summarize.checker.decision.blend`). Measured on the benchmarks in
docs/BENCHMARKS.md, where FRANK valid chose it.

>>> lexical_support("Oslo's mayor quit on Monday", {"the", "mayor", "of", "oslo", "resigned", "on", "monday"})
0.75
"""

from __future__ import annotations

from collections import OrderedDict

from ..text import lexical_support, word_set


class Signals:
    """``(similarity, support)`` for each sentence of a summary against its source sentences.

    The source's embeddings and words are kept for the last ``cache`` sources (benchmark sets
    and batch runs score several summaries of one article)."""

    def __init__(self, embedder, cache: int = 32):
        self.embedder = embedder
        self.cache = cache
        self._sources: OrderedDict[tuple[str, ...], tuple] = OrderedDict()

    @classmethod
    def on(cls, device) -> Signals:
        """The signals computed with the process's shared MiniLM embedder on ``device``."""
        from ..models.embeddings import shared_embedder

        return cls(shared_embedder(str(device)))

    def _source(self, source_sentences: list[str]):
        key = tuple(source_sentences)
        if key not in self._sources:
            self._sources[key] = (self.embedder.encode(source_sentences), word_set(" ".join(source_sentences)))
            while len(self._sources) > self.cache:
                self._sources.popitem(last=False)
        return self._sources[key]

    def __call__(self, sentences: list[str], source_sentences: list[str]) -> list[tuple[float, float]]:
        if not sentences:
            return []
        vectors, known = self._source(source_sentences)
        if not source_sentences:
            return [(0.0, 0.0)] * len(sentences)
        best = (self.embedder.encode(sentences) @ vectors.T).max(dim=1).values.tolist()
        return [(sim, lexical_support(s, known)) for s, sim in zip(sentences, best)]

