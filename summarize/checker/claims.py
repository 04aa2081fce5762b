"""Claims: a long summary sentence cut into the simple statements it makes.

A summary sentence often fuses two facts ("X, who did A, did B"; "A happened, and B
happened"), each reported in a different sentence or article. A small NLI model rarely finds
a single premise that entails both; it does find one premise for each. So a sentence is also
judged claim by claim, and supported when every claim is.

Only two shapes are cut, the ones that split cleanly with the words of the sentence alone:

>>> split_claims("Reilly, who requested the recount, conceded on Thursday evening.")
['Reilly conceded on Thursday evening.', 'Reilly requested the recount.']
>>> split_claims("About 3,200 people cross each weekday, and the exams were moved to next week.")
['About 3,200 people cross each weekday.', 'The exams were moved to next week.']
>>> split_claims("The union wants a raise; the company has offered less.")
['The union wants a raise.', 'The company has offered less.']
>>> split_claims("Ferries stopped on Tuesday.")
[]
"""

from __future__ import annotations

import re

_RELATIVE = re.compile(r"^(?P<head>[A-Z][^,]{1,60}?), (?:who|which) (?P<rel>[^,]{3,160}?), (?P<rest>[a-z][^\"]+)$")
_COORDINATED = re.compile(r"(?:, (?:and|but|while|whereas)|;) (?=(?:[A-Z]|the |a |an |about |more |some |\d))")
MIN_WORDS = 4


def _sentence(text: str) -> str:
    text = text.strip().rstrip(",;")
    if not text.endswith((".", "!", "?")):
        text += "."
    return text[0].upper() + text[1:]


def split_claims(sentence: str) -> list[str]:
    """The claims of ``sentence``, or ``[]`` when it makes one claim (or a shape not cut here)."""
    sentence = sentence.strip()
    m = _RELATIVE.match(sentence)
    if m:
        head = m.group("head")
        return [_sentence(f"{head} {m.group('rest')}"), _sentence(f"{head} {m.group('rel')}")]
    if '"' in sentence:
        return []  # a quotation is one claim, whatever its commas
    parts = _COORDINATED.split(sentence)
    if len(parts) < 2 or any(len(p.split()) < MIN_WORDS for p in parts):
        return []
    return [_sentence(p) for p in parts]
