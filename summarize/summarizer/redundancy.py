"""No fact twice: is a candidate summary sentence already said by one chosen before it?

A sentence repeats a chosen one when it gives the same quotation, when nearly all its words
are that sentence's words, or (with an NLI model) when either sentence entails the other.

>>> repeats('"We cannot take chances," the mayor said.', ['Mayor Marsh said: "We cannot take chances."'])
True
>>> repeats("The bridge closes on Monday.", ["The Harbor Bridge closes on Monday for repairs."])
True
>>> repeats("Ferries will run every 20 minutes.", ["The bridge closes on Monday."])
False
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..text import overlap, words

_QUOTE = re.compile(r'"([^"]{12,})"')
ENTAILS = 0.9  # P(entailment) at which one sentence says what the other does


def _words(text: str) -> str:
    return " ".join(words(text))


def _quotes(text: str) -> set[str]:
    return {" ".join(words(q)) for q in _QUOTE.findall(text)}


def repeats(candidate: str, chosen: list[str]) -> bool:
    """Lexical repeats: a shared quotation, or the candidate's words nearly all in one chosen sentence."""
    mine = _quotes(candidate)
    for other in chosen:
        theirs = _quotes(other)
        if mine and any(a in b or b in a for a in mine for b in theirs):
            return True
        if fuzz.token_set_ratio(_words(candidate), _words(other)) >= 85:
            return True
    return False


def entailed_repeats(candidates: list[str], chosen: list[str], nli, min_overlap: float = 0.3) -> list[bool]:
    """Per candidate: does a chosen sentence entail it, or it a chosen one (``nli``: pairs ->
    P(entailment))? Only pairs sharing ``min_overlap`` of their words are scored."""
    pairs, owners = [], []
    for i, candidate in enumerate(candidates):
        for other in chosen:
            if overlap(candidate, other) >= min_overlap:
                pairs += [(other, candidate), (candidate, other)]
                owners += [i, i]
    out = [False] * len(candidates)
    if pairs:
        for i, p in zip(owners, nli(pairs)):
            out[i] = out[i] or float(p) >= ENTAILS
    return out
