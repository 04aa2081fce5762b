"""Rewordings written by journalists: one fact as two outlets of a cluster told it.

The checker's older training positives are copies and template edits of one sentence, so a small
model learns that any difference in wording is a difference in meaning, and calls a faithful
rewording "contradicted". Multi-News clusters tell the same facts in different outlets' words;
:func:`reworded_pairs` aligns sentences across the articles of one cluster and keeps a pair only
when the shorter sentence's facts are all in the longer one's passage:

- MiniLM cosine in ``[low, high)`` (related, yet not a copy: rapidfuzz ratio below ``copy_ratio``);
- every number, weekday, month and capitalised name of the hypothesis is in the premise passage
  (the sentence with its neighbours), and most of its content words (``min_recall``);
- the hypothesis is the sentence with fewer content words (entailment runs from more to less).

Each kept pair is an ``entailment`` pair (``source: reworded``); its hypothesis with one fact
corrupted (a number, date, negation, speaker, or who did what to whom) is the ``contradiction``
pair beside it, so the model learns that the fact, not the wording, decides.

:func:`meaning_preserving` adds edits a user makes when writing a summary in their own words and
the template rewrites lack: indirect speech, a moved negation.

>>> meaning_preserving('"The annexation is illegal," Stoltenberg said.')
[('indirect-speech', 'Stoltenberg said the annexation is illegal.')]
>>> meaning_preserving('" emergency mode is fuel intensive, " nasa said.')  # scraped typography
[('indirect-speech', 'Nasa said emergency mode is fuel intensive.')]
>>> meaning_preserving("The allies will never recognise the vote.")
[('negation-moved', 'The allies will not recognise the vote.')]
>>> import random
>>> swap_entities("On Friday, Russia strongly condemned NATO.", random.Random(0))
'On Friday, NATO strongly condemned Russia.'
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from ..reading.sentences import split_sentences
from ..text import MONTHS, WEEKDAYS, content_words, words
from .checker_pairs import _pair, recall
from .corruptions import corrupt

_NUMBER = re.compile(r"\d[\d,.]*")
_NAME = re.compile(r"(?<![.!?\"]\s)(?<!^)\b[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)*")
_QUOTE_SAID = re.compile(r'^"\s*([^"]{12,}?)\s*[,.]\s*"\s+((?:[\w.\'\-]+\s?){1,3}?)\s*(said|says|added)\.$')
_FIRST_SECOND = re.compile(r"\b(I|me|my|we|us|our|you|your)\b", re.I)
_NEVER = re.compile(r"\b(will|would|can|could|should|must|did|does|do) never\b")
_CALENDAR = set(WEEKDAYS) | set(MONTHS)


def facts(sentence: str) -> set[str]:
    """The lower-cased numbers, weekdays, months and capitalised names a sentence states."""
    found = {n.strip(",.") for n in _NUMBER.findall(sentence)}
    found |= {w for w in words(sentence) if w in _CALENDAR}
    found |= {w for name in _NAME.findall(sentence) for w in words(name)}
    return found


def covered(hypothesis: str, premise: str, min_recall: float) -> bool:
    """Whether every fact of ``hypothesis`` and most of its content words are in ``premise``."""
    premise_words = set(words(premise)) | {n.strip(",.") for n in _NUMBER.findall(premise)}
    return facts(hypothesis) <= premise_words and recall(hypothesis, premise) >= min_recall


def reworded_pairs(articles: Sequence[Sequence[str]], embed: Callable, rng: random.Random, per_cluster: int = 3,
                   low: float = 0.65, high: float = 0.95, min_recall: float = 0.5, copy_ratio: float = 85.0,
                   corruptions: tuple[str, ...] = ("number", "date", "negation", "attribution", "roles")) -> list[dict]:
    """Entailment pairs across the articles of one cluster, each with a corrupted twin (module doc).

    ``articles``: per article, its sentences; ``embed``: sentences -> L2-normalised tensor.
    """
    flat = [(a, i, s) for a, sentences in enumerate(articles) for i, s in enumerate(sentences)
            if 6 <= len(s.split()) <= 50]
    if len({a for a, _, _ in flat}) < 2:
        return []
    vectors = embed([s for _, _, s in flat])
    similarity = (vectors @ vectors.T).numpy()
    candidates = []
    for x in range(len(flat)):
        for y in range(x + 1, len(flat)):
            if flat[x][0] != flat[y][0] and low <= similarity[x, y] < high:
                candidates.append((float(similarity[x, y]), x, y))
    rng.shuffle(candidates)
    pairs: list[dict] = []
    used: set[int] = set()
    cluster_text = " ".join(s for _, _, s in flat)
    for _, x, y in candidates:
        if x in used or y in used:
            continue
        (a1, i1, s1), (a2, i2, s2) = flat[x], flat[y]
        if len(content_words(s1)) < len(content_words(s2)):  # the hypothesis says less
            (a1, i1, s1), (a2, i2, s2) = (a2, i2, s2), (a1, i1, s1)
        hypothesis = s2
        premise = " ".join(articles[a1][max(0, i1 - 1): i1 + 2])
        if fuzz.ratio(s1.lower(), hypothesis.lower()) >= copy_ratio or not covered(hypothesis, premise, min_recall):
            continue
        used.update((x, y))
        pairs.append(_pair(premise, hypothesis, "entailment", "reworded"))
        swapped = swap_entities(hypothesis, rng) if "roles" in corruptions and rng.random() < 0.4 else None
        if swapped:
            pairs.append(_pair(premise, swapped, "contradiction", "reworded-roles"))
        else:
            corrupted = corrupt(hypothesis, cluster_text, rng, kinds=tuple(k for k in corruptions if k != "roles"))
            if corrupted:
                pairs.append(_pair(premise, corrupted[1], "contradiction", f"reworded-corrupt-{corrupted[0]}"))
        if len(pairs) >= 2 * per_cluster:
            break
    return pairs


def swap_entities(sentence: str, rng: random.Random) -> str | None:
    """Exchange two distinct capitalised names of a sentence, with a lower-case word between them
    (who did what to whom), outside quotations and never the sentence's first word; None when the
    sentence has no such pair."""
    if '"' in sentence or len(sentence.split()) > 40:
        return None
    spans = [m for m in re.finditer(r"\b[A-Z][\w'\-]{2,}(?:\s+[A-Z][\w'\-]+)*", sentence)
             if m.start() > 0 and not any(w in _CALENDAR for w in words(m.group()))
             and not (sentence[m.end():m.end() + 1] == "." and m.end() + 1 < len(sentence)) and sentence[:m.start()].rstrip()[-1:] not in ".!?"]
    for first, second in zip(spans, spans[1:]):
        between = sentence[first.end():second.start()]
        if first.group().lower() != second.group().lower() and len(re.findall(r"\b[a-z]+\b", between)) >= 1:
            return (sentence[:first.start()] + second.group() + between + first.group() + sentence[second.end():])
    return None


def meaning_preserving(sentence: str) -> list[tuple[str, str]]:
    """Rewrites that keep the meaning (module doc): ``[(kind, sentence)]``."""
    out = []
    m = _QUOTE_SAID.match(sentence)
    if m and not _FIRST_SECOND.search(m.group(1)) and not re.search(r"[.!?]\s", m.group(1)):
        quote, speaker = m.group(1).strip(), m.group(2).strip()
        out.append(("indirect-speech", f"{speaker[0].upper() + speaker[1:]} {m.group(3)} {quote[0].lower() + quote[1:]}."))
    m = _NEVER.search(sentence)
    if m:
        out.append(("negation-moved", sentence[:m.start()] + f"{m.group(1)} not" + sentence[m.end():]))
    return out


def cluster_sentences(documents: Sequence[str]) -> list[list[str]]:
    """Per document, its sentences of at least five words."""
    return [[s for s in split_sentences(d) if len(s.split()) >= 5] for d in documents]
