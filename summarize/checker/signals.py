"""Two cheap signals beside NLI, for the checker's ``blend`` score.

A small NLI model ranks summaries well where their errors are edits of the source, and poorly
where a summary drifts away from it. Two signals that need no NLI see that drift:

- **similarity**: cosine of the sentence's MiniLM embedding to the closest article sentence
  (the floor issue 5 measured alone);
- **support**: the share of the sentence's content words that occur in the articles.

``checker.score: blend`` averages them with the best P(entailment), with equal weights (no
weights fitted). Measured on the benchmarks in docs/BENCHMARKS.md, where FRANK valid chose it.

>>> lexical_support("Oslo's mayor quit on Monday", {"the", "mayor", "of", "oslo", "resigned", "on", "monday"})
0.75
>>> blend(0.9, 0.6, 0.75)
0.75
"""

from __future__ import annotations

import re
from collections import OrderedDict

from ..training.fusion_pairs import STOPWORDS

_WORD = re.compile(r"\w+")


def words(text: str) -> set[str]:
    """The lower-cased word set of a text (what ``lexical_support`` looks words up in)."""
    return set(_WORD.findall(text.lower()))


def lexical_support(sentence: str, source_words: set[str]) -> float:
    """Share of ``sentence``'s content words in ``source_words``; 0 for a sentence without any."""
    content = [w for w in _WORD.findall(sentence.lower()) if w not in STOPWORDS]
    if not content:
        return 0.0
    return sum(w in source_words for w in content) / len(content)


class Signals:
    """``(similarity, support)`` for each sentence of a summary against its source sentences.

    The source's embeddings and words are kept for the last ``cache`` sources (benchmark sets
    and batch runs score several summaries of one article)."""

    def __init__(self, embedder, cache: int = 32):
        self.embedder = embedder
        self.cache = cache
        self._sources: OrderedDict[tuple[str, ...], tuple] = OrderedDict()

    def _source(self, source_sentences: list[str]):
        key = tuple(source_sentences)
        if key not in self._sources:
            self._sources[key] = (self.embedder.encode(source_sentences), words(" ".join(source_sentences)))
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


def blend(entailment: float, similar: float, support: float) -> float:
    """The ``blend`` sentence score: the mean of the three signals."""
    return round((entailment + similar + support) / 3, 6)
