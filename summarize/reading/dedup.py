"""Finding an article's near-duplicate among a cluster's earlier articles without comparing all pairs.

:func:`~summarize.reading.cleaning.near_duplicate` asks for the same numbers in both texts'
first 2,000 characters, so articles are filed under those numbers: a new article is compared
(rapidfuzz) only with earlier ones filed under the same numbers, at most :data:`MAX_CANDIDATES`
of them (the latest), after an exact match on its text. A cluster of n articles costs O(n)
comparisons, not n * n / 2.

>>> index = DuplicateIndex(90.0)
>>> index.add("The river rose 17 centimetres on Monday.", "a")
>>> index.find("The river rose 17 centimetres on Monday!"), index.find("The river rose 18 centimetres on Monday.")
('a', None)
"""

from __future__ import annotations

from collections import deque
from typing import Generic, TypeVar

from .cleaning import key_numbers, near_duplicate, text_key

T = TypeVar("T")

MAX_CANDIDATES = 64  # rapidfuzz comparisons at most per article (besides the exact-text lookup)


class DuplicateIndex(Generic[T]):
    """Texts added so far with a value each; :meth:`find` gives the value of one a text repeats."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.exact: dict[str, T] = {}
        self.by_numbers: dict[tuple[str, ...], deque[tuple[str, T]]] = {}

    def find(self, text: str) -> T | None:
        """The value of the first (exact) or a recent (near) duplicate of ``text``, else None."""
        key = text_key(text)
        if key in self.exact:
            return self.exact[key]
        for other, value in self.by_numbers.get(key_numbers(key), ()):
            if near_duplicate(other, text, self.threshold):
                return value
        return None

    def add(self, text: str, value: T) -> None:
        key = text_key(text)
        self.exact.setdefault(key, value)
        bucket = self.by_numbers.setdefault(key_numbers(key), deque(maxlen=MAX_CANDIDATES))
        bucket.append((text, value))
