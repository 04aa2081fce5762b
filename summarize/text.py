"""Text helpers every layer shares: words, stop words, calendars, and how much two texts overlap.

One tokenizer and one stop list serve the reader, the summarizer, the checker and the training-data
builders, so that "a content word" means the same thing where a sentence is chosen, where it is
checked and where the checker's training pairs are made.

>>> words("The mayor's plan didn't pass")
['the', 'mayor', 's', 'plan', 'didn', 't', 'pass']
>>> words("The mayor's plan didn't pass", contractions=True)
['the', "mayor's", 'plan', "didn't", 'pass']
>>> sorted(content_words("The mayor of Skarnøy said no."))
['mayor', 'skarnøy']
>>> lexical_support("Oslo's mayor quit on Monday", word_set("The mayor of Oslo resigned on Monday."))
0.75
>>> shared_share("He said a decision requires unanimity.", "Such a decision requires unanimity, he said.")
1.0
>>> overlap("the storm hit Oslo", "a storm hit Bergen and Oslo")
0.75
>>> shorten("The harbour bridge will close for six weeks from Monday", 30)
'The harbour bridge will …'
>>> tidy("  Rain fell.  Roads  flooded. ")
'Rain fell. Roads flooded.'
"""

from __future__ import annotations

import re
import textwrap

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]

STOPWORDS = frozenset(
    "a an the and or but of to in on at for by with from as is are was were be been being it its this that these "
    "those he she they we you i his her their our your him them us who whom which what when where how than then so "
    "not no has have had do does did will would can could should may might must said says say also after before "
    "into over about up out s".split())

_WORD = re.compile(r"\w+")
_WORD_WITH_CONTRACTION = re.compile(r"\w+(?:'[a-z]+)?")


def words(text: str, contractions: bool = False) -> list[str]:
    """The lower-cased words of ``text`` in order; ``contractions`` keeps "didn't" and "mayor's" whole."""
    return (_WORD_WITH_CONTRACTION if contractions else _WORD).findall(text.lower())


def word_set(text: str) -> set[str]:
    """The set of ``text``'s lower-cased words."""
    return set(words(text))


def content_words(text: str) -> set[str]:
    """``text``'s words that are not stop words."""
    return {w for w in words(text) if w not in STOPWORDS}


def lexical_support(sentence: str, source_words: set[str]) -> float:
    """Share of ``sentence``'s content words in ``source_words``; 0 for a sentence without any."""
    content = [w for w in words(sentence) if w not in STOPWORDS]
    if not content:
        return 0.0
    return sum(w in source_words for w in content) / len(content)


def shared_share(sentence: str, passage: str, min_length: int = 3) -> float:
    """Share of ``sentence``'s words (``min_length`` letters or more) that ``passage`` has."""
    mine = {w for w in words(sentence) if len(w) >= min_length}
    theirs = {w for w in words(passage) if len(w) >= min_length}
    return len(mine & theirs) / max(1, len(mine))


def overlap(a: str, b: str) -> float:
    """Shared words over the smaller text's word count: 1.0 when one text's words are all in the other."""
    wa, wb = word_set(a), word_set(b)
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def shorten(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` characters at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    return text if len(text) <= width else textwrap.shorten(text, width, placeholder=" …")


def tidy(text: str) -> str:
    """Spaces collapsed and the ends stripped (line breaks kept)."""
    return re.sub(r"[ \t]+", " ", re.sub(r"[ \t]*\n[ \t]*", "\n", text)).strip()
