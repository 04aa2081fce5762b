"""Names in capitals again: summary sentences copied from a lower-cased article, recased.

Many Multi-News articles are lower-cased ("joshua vallum is photographed in the george county
regional correctional facility"), often beside a normally cased article of the same cluster. A
summary that copies a sentence from them shows lower-case names. :class:`CaseRestorer` learns
from the cluster's cased articles how each word is written away from a sentence start (and how it
is written after the word before it: "Hopkins University"), falls back to a lexicon counted on
Multi-News train (``summarize/models/truecase/lexicon.json.gz``, built by
``scripts/build_truecase_lexicon.py``), and rewrites a lower-cased sentence that way. A sentence
that already has capitals past its first word is left as it is. Only case changes: the words, the
spacing and the punctuation stay, so the checker reads the same sentence (it folds case).

>>> r = CaseRestorer(["Researchers at Johns Hopkins University said Joshua Vallum was held in Lucedale.",
...                   "Vallum, of Lucedale, pleaded guilty in May."], lexicon={})
>>> r.restore("Experts at johns hopkins university say vallum may appeal.")
'Experts at Johns Hopkins University say Vallum may appeal.'
>>> r.restore("Vallum pleaded guilty in Mississippi.")  # already cased: left alone
'Vallum pleaded guilty in Mississippi.'
"""

from __future__ import annotations

import collections
import functools
import gzip
import json
import re
from pathlib import Path

from ..text import STOPWORDS

LEXICON = Path(__file__).resolve().parents[1] / "models" / "truecase" / "lexicon.json.gz"
TOKEN = re.compile(r"[A-Za-z][A-Za-z'.-]*[A-Za-z]|[A-Za-z]")
# words a lexicon or sibling may never capitalize mid-sentence: function words, and the months
# and modal verbs that a cased article writes capitalized as names ("May", "Will", "Bill")
_NEVER = frozenset("a an the and or but of in on at to for from by with as is was are were be been it its he she they "
                   "we you i me him her his hers them their our my your this that these those there here not no so if "
                   "may will bill rose mark march august said says say can".split())


@functools.lru_cache(maxsize=1)
def shipped_lexicon() -> dict:
    """The lexicon counted on Multi-News train: ``{"words": {low: Form}, "pairs": {"prev low": Form}}``."""
    if not LEXICON.is_file():
        return {"words": {}, "pairs": {}}
    with gzip.open(LEXICON, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _tokens(text: str):
    """``(match, at_sentence_start)`` for each word of ``text``."""
    start = True
    end = 0
    for m in TOKEN.finditer(text):
        gap = text[end:m.start()]
        if not end or re.search(r"[.!?]\s*[\"')\]]*\s*$", gap) or re.search(r"[\"“(:]\s*$", gap):
            start = True
        yield m, start
        start = False
        end = m.end()


def lower_cased(text: str, min_words: int = 6) -> bool:
    """Whether ``text`` has no capital past the start of its sentences (and enough words to tell).

    >>> lower_cased("experts at johns hopkins university say the drug works."), lower_cased("Experts at Johns Hopkins say so.")
    (True, False)
    """
    inner = [m.group() for m, start in _tokens(text) if not start]
    return len(inner) >= min_words and not any(w[0].isupper() and w != "I" for w in inner)


def cased_share(text: str) -> float:
    """Share of the words away from a sentence start that are capitalized."""
    inner = [m.group() for m, start in _tokens(text) if not start]
    return sum(w[0].isupper() for w in inner) / max(1, len(inner))


class CaseRestorer:
    """How a cluster's cased articles write their words; :meth:`restore` applies it to a lower-cased sentence.

    ``sources``: the cluster's sentences (lower-cased articles among them are ignored: an article
    counts when at least 5 % of its words away from a sentence start are capitalized).
    """

    def __init__(self, sources: list[str], lexicon: dict | None = None, share: float = 0.6):
        forms: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        after: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
        for text in sources:
            if cased_share(text) < 0.05:
                continue
            previous = None
            for m, start in _tokens(text):
                word, low = m.group(), m.group().lower()
                if not start:
                    forms[low][word] += 1
                    if previous is not None:
                        after[(previous, low)][word] += 1
                previous = low
        self.forms = {low: c.most_common(1)[0][0] for low, c in forms.items()
                      if c.most_common(1)[0][1] >= share * sum(c.values())}
        self.after = {pair: c.most_common(1)[0][0] for pair, c in after.items()}
        self.lexicon = shipped_lexicon() if lexicon is None else lexicon

    def form(self, previous: str | None, low: str) -> str | None:
        """How ``low`` is written after ``previous`` in the cluster's cased articles, else alone in the
        lexicon (a word a cased article writes in lower case is never capitalized)."""
        if previous is not None and (previous, low) in self.after:
            return self.after[(previous, low)]
        if low in _NEVER:
            return None
        if low in self.forms:
            return self.forms[low]
        return self.lexicon.get("words", {}).get(low)

    def restore(self, sentence: str) -> str:
        if not lower_cased(sentence, min_words=3):
            return sentence
        found = list(_tokens(sentence))
        lows = [m.group().lower() for m, _ in found]
        forms: list[str | None] = [None] * len(found)
        pairs = self.lexicon.get("pairs", {})
        for i, (m, start) in enumerate(found):
            if start or m.group() != lows[i]:
                continue
            previous = lows[i - 1] if i else None
            forms[i] = forms[i] or self.form(previous, lows[i])
            if i + 1 < len(found) and not found[i + 1][1]:
                pair = pairs.get(f"{lows[i]} {lows[i + 1]}")
                if pair and (lows[i], lows[i + 1]) not in self.after and lows[i + 1] not in self.forms:
                    first, second = pair.split(" ", 1)
                    forms[i], forms[i + 1] = first, second
        out, end = [], 0
        for (m, _), form in zip(found, forms):
            out.append(sentence[end:m.start()])
            # only case changes: a form with other letters ("U.S." for "u.s") is not taken
            out.append(form if form and form.lower() == m.group().lower() and m.group().islower() else m.group())
            end = m.end()
        out.append(sentence[end:])
        return "".join(out)


# ----------------------------------------------------------------------------- names at first mention
_TITLES = frozenset("mr mrs ms miss dr prof sen rep gov lt sgt gen col capt det officer president senator judge "
                    "justice mayor sheriff coach chief minister secretary pope king queen prince princess lord".split())
_NAME = re.compile(r"\b(?:[A-Z][a-z'’-]+\s+){0,2}([A-Z][a-z'’-]+(?:\s+[A-Z]\.)?)\s+((?:Mc|Mac|O'|De|Van|Le)?[A-Z][a-z'’-]+)\b")


_NOT_FIRST_NAMES = STOPWORDS | {"regarding", "according", "during", "since", "while", "although", "though", "despite",
                                 "following", "asked", "meanwhile", "however", "until", "unlike", "like", "once"}


def people(sources: list[str]) -> dict[str, str]:
    """Surname -> full name, for the people a cluster names in full ("Joshua Vallum") and then by
    surname alone ("Vallum said"): the sign of a person, not a place or a title.

    >>> people(["Joshua Vallum was held on Monday.", "Vallum pleaded guilty.", "New York is big. York fell."])
    {'Vallum': 'Joshua Vallum'}
    >>> people(["After Ukraine's request, talks began.", "Ukraine's army held.", "It came after the vote."])
    {}
    """
    full: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    text = " ".join(sources)
    for m in _NAME.finditer(text):
        first, last = m.group(1), m.group(2)
        if first.lower().rstrip(".") in _TITLES or first.lower() in _NEVER or first.lower() in ("new", "north", "south", "east",
                                                                                               "west", "san", "los", "saint", "st"):
            continue
        if first.lower() in _NOT_FIRST_NAMES or re.search(rf"(?<![\w'’-]){re.escape(first.lower())}(?![\w'’-])", text):
            continue  # a common word ("After Ukraine's request", or one the cluster also writes in lower case)
        full[last][f"{first} {last}"] += 1
    out = {}
    for last, names in full.items():
        bare = [m for m in re.finditer(rf"\b{re.escape(last)}\b", text)
                if not re.search(r"\b[A-Z][a-z'’-]*\s+$", text[max(0, m.start() - 30):m.start()])]
        if bare:  # the surname alone ("Vallum said", "Mr. Vallum"): a person
            out[last] = names.most_common(1)[0][0]
    return out


def introduce(sentences: list[str], known: dict[str, str]) -> list[str]:
    """Each person named in full at their first mention: a bare surname (or "Ms. Surname") met
    before the full name is written as the full name the cluster gives.

    >>> introduce(["Vallum pleaded guilty.", "Joshua Vallum was sentenced."], {"Vallum": "Joshua Vallum"})
    ['Joshua Vallum pleaded guilty.', 'Joshua Vallum was sentenced.']
    >>> introduce(["Prosecutors said Ms. Malone lied.", "Malone denies it."], {"Malone": "Ann Malone"})
    ['Prosecutors said Ann Malone lied.', 'Malone denies it.']
    """
    out, named = [], set()
    for sentence in sentences:
        for last, name in known.items():
            if last in named or not re.search(rf"\b{re.escape(last)}\b", sentence):
                continue
            named.add(last)
            if name in sentence:
                continue
            pattern = rf"\b(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?(?<![A-Z][a-z]\s)(?<![A-Z][a-z][a-z]\s){re.escape(last)}\b"
            m = re.search(pattern, sentence)
            if m and not re.search(r"[A-Z][a-z'’.-]*\s+$", sentence[:m.start()]):
                sentence = sentence[:m.start()] + name + sentence[m.end():]
        out.append(sentence)
    return out


def lower_cased_articles(cluster) -> list:
    """The cluster's articles written in lower case throughout (bar sentence starts)."""
    return [a for a in cluster.articles if lower_cased(" ".join(a.sentences), min_words=20)]


def polish(cluster, sentences: list[str], max_words: int | None = None) -> list[str]:
    """A summary's sentences as a reader needs them: those from a lower-cased article recased
    (:class:`CaseRestorer`; a sentence of a cased article is left as it is, names or none) and each
    person the cluster names in full named so at first mention (:func:`introduce`). Where the names
    pass ``max_words``, the last sentences go (none of them is a sentence a later one leans on)."""
    if not sentences:
        return sentences
    sources = [s for a in cluster.articles for s in a.sentences]
    lowered = lower_cased_articles(cluster)
    out, source_forms = list(sentences), sources
    if lowered:
        restorer = CaseRestorer(sources)
        low = {s for a in lowered for s in a.sentences}
        cased = set(sources) - low
        out = [restorer.restore(s) if s in low or s not in cased else s for s in sentences]
        source_forms = [restorer.restore(s) if s in low else s for s in sources]
    known = people(source_forms)
    named = introduce(out, known)
    while max_words is not None and len(named) > 1 and sum(len(s.split()) for s in named) > max_words:
        out = out[:-1]
        named = introduce(out, known)
    return named
