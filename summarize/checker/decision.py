"""How a sentence's score is decided from its parts: the one rule the checker and the benchmarks share.

- The score is the best P(entailment) over the sentence's premises, or with ``checker.score:
  blend`` its mean with the sentence's similarity and lexical support (:func:`blend`).
- A sentence that an article says word for word (a *copy*) scores 1.0 and no fact rule applies
  to it: a rule hit on it can only be the rule's mistake.
- A fact-rule hit scales the score by ``RULE_PENALTY``; ``summarize check`` also keeps it below
  the threshold, so a sentence with a rule hit is never shown as supported.

>>> sentence_score(0.6, signals=(0.9, 0.9)), sentence_score(0.2, copy=True)
(0.8, 1.0)
>>> round(penalised(0.9), 4), round(penalised(0.9, threshold=0.2), 4)
(0.27, 0.1999)
"""

from __future__ import annotations

RULE_PENALTY = 0.3  # a rule hit scales the score down (and below the threshold)


def blend(entailment: float, similar: float, support: float) -> float:
    """The ``blend`` sentence score: the mean of the three signals."""
    return round((entailment + similar + support) / 3, 6)


def sentence_score(entailment: float, signals: tuple[float, float] | None = None, copy: bool = False) -> float:
    """The score a sentence is judged by, before any rule hit."""
    if copy:
        return 1.0
    return blend(entailment, *signals) if signals is not None else entailment


def rules_apply(copy: bool) -> bool:
    """Whether the fact rules judge a sentence: not when an article says it word for word."""
    return not copy


def penalised(score: float, threshold: float | None = None) -> float:
    """The score of a sentence with a rule hit (below ``threshold`` when one is given)."""
    score = score * RULE_PENALTY
    return score if threshold is None else min(score, max(0.0, threshold - 1e-4))
