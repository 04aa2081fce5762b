"""Bounded pieces for the sentence splitter, so that splitting is linear in the text's length.

pysbd's time grows faster than the length of what it is given (a 400 KB paragraph took 91 s,
50,000 words without punctuation 71 s), so it never sees more than :data:`MAX_PIECE_CHARS`
characters at once. A longer line is read through a sliding window: pysbd splits the window,
every sentence but the last is kept (the last may run on past the window's end), and the next
window starts where that last sentence starts. A line no longer than the bound is split in one
call, exactly as before, and a longer one gets the boundaries pysbd finds with the text around
them in view. Where pysbd finds no boundary in a whole window, the text is cut at a word limit:
no sentence is longer than :data:`MAX_SENTENCE_WORDS` words (the longest in 500 Multi-News
validation clusters has 357).

>>> segment = lambda text: [text]                  # a splitter that never finds a boundary
>>> [len(s.split()) for s in segment_line(" ".join(["word"] * 2000), segment)]
[400, 400, 400, 400, 400]
>>> cap_words("Short sentence.")
['Short sentence.']
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..budget import Budget

MAX_PIECE_CHARS = 5000  # the most pysbd is given at once; longer than any paragraph of 500 Multi-News clusters
MAX_SENTENCE_WORDS = 400  # a "sentence" longer than this is cut into pieces of at most this many words

_WORD = re.compile(r"\S+")


def cap_words(sentence: str, limit: int = MAX_SENTENCE_WORDS) -> list[str]:
    """``sentence`` cut at word boundaries into pieces of at most ``limit`` words (itself when it
    is short enough); the text between the words is kept as it was."""
    starts = [m.start() for m in _WORD.finditer(sentence)]
    if len(starts) <= limit:
        return [sentence]
    cuts = starts[limit::limit]
    bounds = [0, *cuts, len(sentence)]
    return [sentence[a:b].strip() for a, b in zip(bounds, bounds[1:]) if sentence[a:b].strip()]


def _word_cut(window: str, limit: int = MAX_SENTENCE_WORDS) -> int:
    """Where a window with no sentence boundary is cut: after the most whole multiples of
    ``limit`` words it holds, or at its last space when it holds fewer (always > 0, so every
    window makes progress)."""
    starts = [m.start() for m in _WORD.finditer(window)]
    if len(starts) > limit:
        return starts[(len(starts) - 1) // limit * limit]
    space = window.rfind(" ")
    return space if space > 0 else len(window)


def segment_line(line: str, segment: Callable[[str], list[str]], budget: Budget | None = None,
                 bound: int = MAX_PIECE_CHARS) -> list[str]:
    """``segment`` (a sentence splitter) applied to ``line`` in pieces of at most ``bound``
    characters. Each piece starts where a sentence starts; every call moves on by at least a
    quarter of ``bound`` or :data:`MAX_SENTENCE_WORDS` words, so the calls cost O(len(line) * bound) in all."""
    if len(line) <= bound:
        return segment(line)
    out: list[str] = []
    start = 0
    while start < len(line):
        if budget is not None:
            budget.check()
        end = start + bound
        if end >= len(line):
            out.extend(segment(line[start:]))
            break
        space = line.rfind(" ", start + 1, end + 1)  # never cut inside a word
        if space > start:
            end = space
        window = line[start:end]
        sentences = [s for s in segment(window) if s.strip()]
        kept, position = [], 0
        for sentence in sentences[:-1]:
            found = window.find(sentence.strip(), position)
            if found < 0:
                break
            kept.append(sentence)
            position = found + len(sentence.strip())
        out.extend(kept)
        if position < bound // 4:  # no boundary found, or only near the start: cut at the word limit
            cut = _word_cut(window[position:])
            out.extend(cap_words(window[position:position + cut]))
            position += cut
        start += position
        while start < len(line) and line[start] == " ":
            start += 1
    return [s for s in out if s.strip()]
