"""How a sentence's score is decided from its parts: the one rule the checker and the benchmarks share.

- The score is the best P(entailment) over the sentence's premises, or with ``checker.score:
  blend`` its mean with the sentence's similarity and lexical support (:func:`blend`).
- A sentence that an article says word for word (a *copy*) scores 1.0 and no fact rule applies
  to it: a rule hit on it can only be the rule's mistake.
- A fact-rule hit scales the score by ``RULE_PENALTY``; ``summarize check`` also keeps it below
  the threshold, so a sentence with a rule hit is never shown as supported.
- :func:`flagged` is the one flag decision: below the threshold, or a hard signal (a rule hit).
  The checker, the metrics and the benchmarks all call it.
- :func:`label` names a flagged sentence. ``contradicted`` tells a reader that the articles say
  otherwise, so it takes two signals that agree: the NLI model's contradiction from a passage
  about the same thing, and a conflicting fact in that passage (another date, number or
  speaker, the other polarity, the roles reversed: :mod:`summarize.checker.conflicts`).
  Either alone, or a sentence no article speaks to, is ``unsupported``: a small NLI model also
  "contradicts" faithful rewordings (a moved negation, indirect speech), and a rule alone cannot
  tell a wrong fact from a fact the articles do not give.

>>> sentence_score(0.6, signals=(0.9, 0.9)), sentence_score(0.2, copy=True)
(0.8, 1.0)
>>> round(penalised(0.9), 4), round(penalised(0.9, threshold=0.2), 4)
(0.27, 0.1999)
>>> flagged(0.8, 0.77), flagged(0.8, 0.77, hard=True), flagged(0.5, 0.77)
(False, True, True)
>>> label(0.2, 0.77, contradiction=0.94, conflict=False), label(0.2, 0.77, contradiction=0.94, conflict=True)
('unsupported', 'contradicted')
>>> from summarize.records import Issue
>>> conflicting([Issue("entity", "Oslo", None, "name 'Oslo' does not appear in any article")]) is None
True
>>> conflicting([Issue("date", "Friday", "Monday", "...")]).source_span
'Monday'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..records import Issue

RULE_PENALTY = 0.3  # a rule hit scales the score down (and below the threshold)
CONTRADICTION = 0.5  # P(contradiction) a passage needs (and more than the sentence's score) to count
CONFLICT_TYPES = ("date", "number", "quote", "attribution", "negation")  # rule hits that can name a conflicting fact


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


def flagged(score: float, threshold: float, hard: bool = False) -> bool:
    """Whether a sentence (or, with its aggregated score, a summary) is flagged."""
    return bool(hard) or score < threshold


def label(score: float, threshold: float, contradiction: float = 0.0, conflict: bool = False, hard: bool = False,
          margin: float = 0.0) -> Literal["supported", "unsupported", "contradicted"]:
    """``supported``, ``unsupported`` or ``contradicted`` (module doc): ``contradiction`` is the best
    P(contradiction) from a related passage, ``conflict`` whether that passage (or a rule) states a
    conflicting fact."""
    if not flagged(score, threshold, hard):
        return "supported"
    if conflict and contradiction > max(CONTRADICTION, score + margin):
        return "contradicted"
    return "unsupported"


def conflicting(issues: Sequence[Issue]) -> Issue | None:
    """The first rule hit that names what the articles say instead (its ``source_span``): another
    date, number, quotation, speaker or actor, or the other polarity. A name or claim that no
    article has names nothing, and so is no conflict."""
    return next((i for i in issues if i.type in CONFLICT_TYPES and i.source_span), None)
