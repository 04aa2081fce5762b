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

import functools
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


_WEEKDAYS_MONTHS = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april "
                             "june july august september october november december".split())
_ANCHOR_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def anchors(text: str) -> set[str]:
    """What pins a fact down: its numbers, days and months, and its names (capitalized words past
    the first, or words the truecasing lexicon writes capitalized).

    >>> sorted(anchors("Lena Brandt lost her title to Chidi Okafor in a tiebreak on Sunday, 3-3."))
    ['3', 'brandt', 'chidi', 'okafor', 'sunday']
    """
    from .casing import shipped_lexicon

    names = shipped_lexicon().get("words", {})
    out = {n.replace(",", "") for n in _ANCHOR_NUMBER.findall(text)}
    tokens = re.findall(r"[A-Za-z][A-Za-z'-]+", text)
    for i, token in enumerate(tokens):
        low = token.lower()
        if low in _WEEKDAYS_MONTHS or (i and token[0].isupper()) or (low in names and len(low) > 3):
            out.add(low.removesuffix("'s"))
    return out


def same_fact(candidate: str, other: str, min_shared: int = 2, min_share: float = 0.6) -> bool:
    """Two reports of one fact: they share at least ``min_shared`` anchors (:func:`anchors`), and
    those are ``min_share`` of the anchors of the sentence with fewer, a number or a day among them
    (or three names), and they share content words.

    >>> same_fact("Lena Brandt lost her national title to 19-year-old Chidi Okafor in a tiebreak on Sunday.",
    ...           "Chidi Okafor won the championship on Sunday, beating Lena Brandt in a rapid tiebreak.")
    True
    >>> same_fact("Okafor will receive 50,000 euros.", "Okafor beat Brandt on Sunday.")
    False
    """
    a, b = anchors(candidate), anchors(other)
    shared = a & b
    if len(shared) < min_shared or len(shared) < min_share * min(len(a), len(b)):
        return False
    if len(shared) < 3 and not any(x[0].isdigit() or x in _WEEKDAYS_MONTHS for x in shared):
        return False  # one person or place named twice is not yet one fact told twice
    return len(content_words(candidate) & content_words(other)) >= 0.25 * min(len(content_words(candidate)),
                                                                               len(content_words(other)))


@functools.lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer  # nltk comes with rouge-score

    return PorterStemmer()


@functools.lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    stem = _stemmer().stem
    return frozenset(stem(w) for w in content_words(text))


def mostly_said(candidate: str, other: str, min_shared: int = 4) -> bool:
    """The candidate's content words (stemmed) are all in ``other`` but ``NEW_WORDS`` at most, and
    at least ``min_shared`` are: a shorter telling of what ``other`` says.

    >>> mostly_said("Kyiv had previously announced that it wanted to apply to join NATO.",
    ...             "Regarding the announcement by President Zelenskyy that he wanted to quickly apply for "
    ...             "Ukraine's admission to NATO, Stoltenberg said that such a decision requires unanimity.")
    True
    >>> mostly_said("Ferries will run every 20 minutes while the bridge is closed.",
    ...             "The bridge will close on Monday for six weeks of cable repairs.")
    False
    """
    mine, theirs = _stems(candidate), _stems(other)
    shared = mine & theirs
    return len(shared) >= min_shared and len(mine - theirs) <= NEW_WORDS


def repeats(candidate: str, chosen: list[str]) -> bool:
    """Lexical repeats: a shared quotation, the candidate's words nearly all in one chosen
    sentence (as words, or as stems with little new: :func:`mostly_said`), its figures all in one
    chosen sentence with little else that is new, or the same fact pinned by the same names,
    numbers and days (:func:`same_fact`)."""
    mine = _quotes(candidate)
    figures = _figures(candidate)
    for other in chosen:
        if same_fact(candidate, other) or mostly_said(candidate, other):
            return True
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
