"""No fact twice: is a candidate summary sentence already said by one chosen before it?

A sentence repeats a chosen one when it gives the same quotation, when nearly all its words
are that sentence's words, when it gives the same figures and little else (at most
``NEW_WORDS`` content words the chosen sentence lacks), or (with an NLI model) when either
sentence entails the other.

>>> repeats('"We cannot take chances," the mayor said.', ['Mayor Marsh said: "We cannot take chances."'])
True
>>> repeats("The bridge closes on Monday.", ["The Harbor Bridge closes on Monday for repairs."])
True
>>> repeats("Ferries will run every 20 minutes.", ["The bridge closes on Monday."])
False
>>> repeats("The closure is expected to last six weeks.", ["The bridge will close on Monday for six weeks of repairs."])
True
>>> repeats("The closure, lasting six weeks, will cost shops $2 million.", ["The bridge will close for six weeks."])
False
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..text import content_words, overlap, words

_QUOTE = re.compile(r'"([^"]{12,})"')
ENTAILS = 0.9  # P(entailment) at which one sentence says what the other does
NEW_WORDS = 3  # content words a sentence with a chosen one's figures may add and still say nothing new
_NUMBER = (r"\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
           r"sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen")
_FIGURE = re.compile(rf"\b({_NUMBER})\s+(?!{_NUMBER}\b)([a-z%]+)")  # a number and what it counts: "six weeks"


def _words(text: str) -> str:
    return " ".join(words(text))


def _quotes(text: str) -> set[str]:
    return {" ".join(words(q)) for q in _QUOTE.findall(text)}


def _figures(text: str) -> set[tuple[str, str]]:
    return set(_FIGURE.findall(text.lower()))


def repeats(candidate: str, chosen: list[str]) -> bool:
    """Lexical repeats: a shared quotation, the candidate's words nearly all in one chosen
    sentence, or its figures all in one chosen sentence with little else that is new."""
    mine = _quotes(candidate)
    figures = _figures(candidate)
    for other in chosen:
        if figures and figures <= _figures(other) and len(content_words(candidate) - content_words(other)) <= NEW_WORDS:
            return True
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
