"""How long a summary may be: a share of what the cluster actually says.

``summarizer.max_words: auto`` gives a cluster half of its distinct words (sentences that
repeat one kept earlier do not count, as the planner reads them), at most ``AUTO_CAP``; a number
is used as it is. Either way a summary is never longer than the cluster's longest article, so
two short reports get a paragraph and a long cluster gets the full budget.

>>> from summarize.records import Article, Cluster
>>> short = Cluster("c", "c", [Article("a", "a", "", sentences=["The bridge closes on Monday for repairs."] * 2),
...                            Article("b", "b", "", sentences=["Ferries will run every 20 minutes instead."])])
>>> word_budget(short, "auto"), word_budget(short, 260), word_budget(short, 5)  # 14 distinct words; longest article 14
(7, 14, 5)
"""

from __future__ import annotations

from ..records import Cluster
from .packing import dedupe_sentences

AUTO_CAP = 260  # the one default word budget: "auto" caps here, and the lead baseline defaults to it
AUTO_SHARE = 0.5


def word_budget(cluster: Cluster, max_words: int | str, dedupe_threshold: float = 90.0) -> int:
    """The number of words the summary of ``cluster`` may use."""
    articles = [a.sentences for a in cluster.articles]
    longest = max((sum(len(s.split()) for s in sents) for sents in articles), default=0)
    if max_words == "auto":
        distinct = sum(len(s.split()) for sents in dedupe_sentences(articles, dedupe_threshold) for s in sents)
        max_words = min(AUTO_CAP, int(AUTO_SHARE * distinct))
    return max(1, min(int(max_words), longest or int(max_words)))
