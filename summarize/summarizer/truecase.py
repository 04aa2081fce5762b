"""Restore case and spacing in a lower-cased model output from the cluster's own text.

The embedded summarizer's vocabulary is lower-cased and its decoder writes word pieces with a
space around every punctuation mark ("the u. s. added 120, 000 jobs"). :class:`SurfaceRestorer`
learns from the source articles how each word is written (its most common form away from the
start of a sentence; a period after a single letter, as in "U.S.", ends no sentence) and whether two tokens are written together ("U.S.", "120,000",
"O'Brien's", "e-mail"), and rewrites the output that way; pairs the articles never show fall
back to English spacing rules. The output is one sentence: its first word is capitalized.

>>> r = SurfaceRestorer(["Officials in New York said the U.S. economy added 120,000 jobs.",
...                      "Later O'Brien's team met at the \\"Harbor\\" on 3 March (local time)."])
>>> r.restore("the u. s. economy added 120, 000 jobs, o ' brien ' s team said in new york.")
"The U.S. economy added 120,000 jobs, O'Brien's team said in New York."
>>> r.restore('they met at the " harbor " ( in march ).')
'They met at the "Harbor" (in March).'
"""

from __future__ import annotations

import collections
import functools

NO_SPACE_BEFORE = frozenset(",.;:!?%)]}")
NO_SPACE_AFTER = frozenset("([{$#")
SENTENCE_END = frozenset(".!?")
CLITICS = frozenset({"s", "t", "re", "ve", "ll", "d", "m"})


@functools.lru_cache(maxsize=1)
def _pre_tokenizer():
    from tokenizers.pre_tokenizers import BertPreTokenizer

    return BertPreTokenizer()


def tokens_with_space(text: str) -> list[tuple[str, bool]]:
    """``(token, preceded_by_space)`` for each BERT pre-token (words and single punctuation marks)."""
    pieces = _pre_tokenizer().pre_tokenize_str(text)
    out = []
    end = 0
    for i, (token, (start, stop)) in enumerate(pieces):
        out.append((token, i > 0 and start > end))
        end = stop
    return out


class SurfaceRestorer:
    """How the articles of one cluster write their words; :meth:`restore` applies it."""

    def __init__(self, sources: list[str]):
        forms: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        forms_after: dict[tuple[str | None, str], collections.Counter] = collections.defaultdict(collections.Counter)
        joins: dict[tuple[str, str], list[int]] = collections.defaultdict(lambda: [0, 0])
        for text in sources:
            previous: str | None = None
            sentence_start = True
            for token, spaced in tokens_with_space(text):
                low = token.lower()
                if not sentence_start:
                    forms[low][token] += 1
                    forms_after[(previous, low)][token] += 1
                if previous is not None:
                    joins[(previous, low)][0 if spaced else 1] += 1
                sentence_start = token in SENTENCE_END and not (previous and len(previous) == 1 and previous.isalpha())
                previous = low
        self.forms = {low: counter.most_common(1)[0][0] for low, counter in forms.items()}
        # the form after a given token first: the "s" of "U.S." is not the "s" of "O'Brien's"
        self.forms_after = {pair: counter.most_common(1)[0][0] for pair, counter in forms_after.items()}
        self.joins = {pair: counts[1] > counts[0] for pair, counts in joins.items()}

    def _joined(self, previous: str, token: str, next_token: str | None, quote_open: bool) -> bool:
        known = self.joins.get((previous, token))
        if known is not None:
            return known
        if token in NO_SPACE_BEFORE or previous in NO_SPACE_AFTER:
            return True
        if token == '"':
            return quote_open  # a closing quote sticks to the word before it
        if previous == '"':
            return quote_open  # an opening quote sticks to the word after it
        if token in "-'" and previous.isalnum():
            return next_token is not None and next_token.isalnum()
        if previous in "-'" and token.isalnum():
            return previous == "-" or token in CLITICS
        return False

    def restore(self, text: str) -> str:
        tokens = [t.lower() for t, _ in tokens_with_space(text)]
        out: list[str] = []
        quote_open = False
        capitalize = True
        for i, token in enumerate(tokens):
            surface = self.forms_after.get((tokens[i - 1], token)) if i else None
            surface = surface or self.forms.get(token, token)
            if capitalize and surface[:1].isalnum():
                surface = surface[0].upper() + surface[1:]
                capitalize = False
            if i and not self._joined(tokens[i - 1], token, tokens[i + 1] if i + 1 < len(tokens) else None,
                                      quote_open if token == '"' else (tokens[i - 1] == '"' and quote_open)):
                out.append(" ")
            out.append(surface)
            if token == '"':
                quote_open = not quote_open
        return "".join(out)
