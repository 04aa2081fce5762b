"""Premise units: every source sentence, and windows of consecutive sentences of one article.

SummaC keeps only the first 100 document sentences; we keep every sentence of every article.

>>> [u.text for u in premise_units({"a": ["One.", "Two.", "Three."]}, [1, 2])]
['One.', 'Two.', 'Three.', 'One. Two.', 'Two. Three.']
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    article: str
    start: int
    end: int
    text: str


def premise_units(articles: dict[str, list[str]], window_sizes: list[int]) -> list[Unit]:
    units = []
    for size in sorted(set(window_sizes)):
        for article, sentences in articles.items():
            if size > 1 and len(sentences) < size:
                continue
            for start in range(0, len(sentences) - size + 1):
                units.append(Unit(article, start, start + size, " ".join(sentences[start:start + size])))
    return units


def chunk_units(articles: dict[str, list[str]], words: int) -> list[Unit]:
    """MiniCheck's premises: each article cut into chunks of whole consecutive sentences of about
    ``words`` words (a longer sentence is a chunk of its own). Every sentence is in one chunk, so
    the chunks cover the articles to their last word.

    >>> [u.text for u in chunk_units({"a": ["One two three.", "Four five.", "Six seven eight nine."]}, 5)]
    ['One two three. Four five.', 'Six seven eight nine.']
    """
    units = []
    for article, sentences in articles.items():
        start, count = 0, 0
        for end, sentence in enumerate(sentences):
            n = len(sentence.split())
            if end > start and count + n > words:
                units.append(Unit(article, start, end, " ".join(sentences[start:end])))
                start, count = end, 0
            count += n
        if start < len(sentences):
            units.append(Unit(article, start, len(sentences), " ".join(sentences[start:])))
    return units


def containing(units: list[Unit], article: str, position: int) -> int | None:
    """The index of the first unit of ``article`` that holds sentence ``position``."""
    return next((u for u, unit in enumerate(units) if unit.article == article and unit.start <= position < unit.end), None)


def normalise(text: str) -> str:
    """Case and whitespace folded, for telling a copied sentence from its source."""
    return " ".join(text.lower().split())


def copied_units(sentences: list[str], units: list[Unit]) -> list[int | None]:
    """Per sentence, the index of a unit it copies word for word (case and spacing aside), else None.
    A summary sentence that is two or more source sentences run together (an extractive summary
    whose sentence splitter joined two of them) is a copy too; its unit is the first one's.

    >>> units = premise_units({"doc1": ["The vote passed.", "It was close."], "doc2": ['"we won," he said.']}, [1, 2])
    >>> copied_units(["the vote  passed.", "The vote passed. It was close.", "The vote failed."], units)
    [0, 3, None]
    >>> copied_units(['It was close. "we won," he said.', 'It was close. "we lost," he said.'], units)
    [1, None]
    """
    index: dict[str, int] = {}
    for u, unit in enumerate(units):
        index.setdefault(normalise(unit.text), u)
    longest = max((key.count(" ") + 1 for key in index), default=0)  # tokens in the longest unit
    return [index.get(normalise(sentence), _joined_copy(normalise(sentence), index, longest)) for sentence in sentences]


def _joined_copy(text: str, index: dict[str, int], longest: int) -> int | None:
    """The first unit of a split of ``text`` into whole units' texts, if there is one; a span
    longer than ``longest`` tokens is no unit's text, so it is never looked up."""
    tokens = text.split(" ")
    first: dict[int, int] = {len(tokens): -1}  # position -> unit that starts a split of the rest
    for i in range(len(tokens) - 1, -1, -1):
        for j in range(min(len(tokens), i + longest), i, -1):
            unit = index.get(" ".join(tokens[i:j]))
            if unit is not None and j in first:
                first[i] = unit
                break
    found = first.get(0)
    return None if found is None or found == -1 else found



def joinable(units: list[Unit], best: list[int]) -> list[tuple[int, int]]:
    """Pairs of ``best`` units that say different things: from two articles, or from sentences of
    one article that no single unit covers together; each pair in reading order.

    >>> units = premise_units({"a": ["One.", "Two.", "Three.", "Four."], "b": ["Uno."]}, [1, 2])
    >>> [u.text for u in units]
    ['One.', 'Two.', 'Three.', 'Four.', 'Uno.', 'One. Two.', 'Two. Three.', 'Three. Four.']
    >>> [(units[x].text, units[y].text) for x, y in joinable(units, [4, 0, 1, 3])]  # One + Two: a window has them
    [('One.', 'Uno.'), ('Two.', 'Uno.'), ('Four.', 'Uno.'), ('One.', 'Four.'), ('Two.', 'Four.')]
    """
    order = {article: n for n, article in enumerate(dict.fromkeys(u.article for u in units))}
    out = []
    for n, a in enumerate(best):
        for b in best[n + 1:]:
            ua, ub = units[a], units[b]
            if ua.article == ub.article and ua.start <= ub.end and ub.start <= ua.end:
                continue  # overlapping or adjacent: a window already joins them
            first, second = sorted((a, b), key=lambda u: (order[units[u].article], units[u].start))
            out.append((first, second))
    return out
