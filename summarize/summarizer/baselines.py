"""Baselines every ROUGE table shows beside the model.

>>> from summarize.records import Article, Cluster
>>> c = Cluster("x", "x", [Article("a", "a", "", sentences=["A1.", "A2.", "A3."]),
...                        Article("b", "b", "", sentences=["B1.", "A1.", "B2."])])
>>> lead(c, k=2)
'A1. B1. A2.'
>>> lead(c, max_words=2), lead(c, max_words=2, overflow=True)
('A1. B1.', 'A1. B1. A2.')
"""

from __future__ import annotations

from ..records import Cluster
from .length import AUTO_CAP


def lead(cluster: Cluster, k: int | None = None, max_words: int = AUTO_CAP, overflow: bool = False,
         max_sentences: int | None = None) -> str:
    """Round-robin lead: sentence 1 of each article, then sentence 2 of each, ... skipping repeats.

    Stops after ``k`` sentences per article (all when None) or at ``max_words`` words, whichever
    comes first; a sentence that would pass ``max_words`` ends the summary, left out (the
    default, the budget every system here keeps) or kept (``overflow=True``: the reading of
    "up to 260 words" behind issue 6's anchor, about 40 words longer on Multi-News).
    """
    return " ".join(lead_sentences(cluster, k, max_words, overflow, max_sentences))


def lead_sentences(cluster: Cluster, k: int | None = None, max_words: int = AUTO_CAP, overflow: bool = False,
                   max_sentences: int | None = None) -> list[str]:
    """The sentences of :func:`lead`, in order."""
    chosen: list[str] = []
    seen: set[str] = set()
    words = 0
    depth = max((len(a.sentences) for a in cluster.articles), default=0)
    for position in range(depth if k is None else min(k, depth)):
        for article in cluster.articles:
            if position >= len(article.sentences):
                continue
            sentence = article.sentences[position]
            key = " ".join(sentence.lower().split())
            if key in seen:
                continue
            n = len(sentence.split())
            if (words + n > max_words and chosen) or (max_sentences and len(chosen) >= max_sentences):
                return chosen + [sentence] if overflow and len(chosen) != max_sentences else chosen
            seen.add(key)
            chosen.append(sentence)
            words += n
    return chosen
