"""Sentence splitting shared by the whole package (reader, summarizer, checker, training data).

One splitter everywhere, so that the sentences the checker scores are the sentences the
summarizer and the reports show. It is pysbd (rule-based, offline), after one repair that
real scraped text needs: a sentence-final period glued to the next sentence
("...(AP).Less than...", as in every FRANK XSum article) gets its space back.

>>> split_sentences('The talks ended on Friday.Both sides said "we will meet again." Dr. Smith left.')
['The talks ended on Friday.', 'Both sides said "we will meet again."', 'Dr. Smith left.']
>>> split_sentences("One line\\nAnother line without a period")
['One line', 'Another line without a period']
>>> split_sentences("")
[]
"""

from __future__ import annotations

import functools
import re

import pysbd
from pysbd.utils import TextSpan

from ..budget import Budget
from .pieces import cap_words, segment_line

# "word.Next" or "(AP).Next" or 'said."Next': a period (or ?/!) glued to a capitalised word.
# Abbreviations such as "U.S.A" are left alone: the character before the period must be lower
# case, a digit, or a closing bracket/quote, and the next word must have a lower-case letter.
_GLUED = re.compile(r"(?<=[a-z0-9\)\]\"'”’])([.?!])(?=[A-Z“\"][a-z])")


class _Segmenter(pysbd.Segmenter):
    r"""pysbd's segmenter with its last step done by ``str.find``: pysbd finds each sentence back in
    the text with a regular expression made for that sentence (``re.escape(sentence) + r"\s*"``),
    compiling one per sentence and flooding ``re``'s cache; the same matches, found without them."""

    def sentences_with_char_spans(self, sentences):
        text, spans, prior_end = self.original_text, [], 0
        for sent in sentences:
            position = 0
            while sent:
                start = text.find(sent, position)
                if start < 0:
                    break
                end = start + len(sent)
                while end < len(text) and text[end].isspace():  # re's \s is str.isspace
                    end += 1
                if end > prior_end:
                    spans.append(TextSpan(text[start:end], start, end))
                    prior_end = end
                    break
                position = end
        return spans


@functools.lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return _Segmenter(language="en", clean=False)


def repair_spacing(text: str) -> str:
    """Put back the space after a sentence-final period glued to the next sentence.

    >>> repair_spacing("in 2019.The team")
    'in 2019. The team'
    >>> repair_spacing("the U.S.A. and e.g. this")
    'the U.S.A. and e.g. this'
    """
    return _GLUED.sub(r"\1 ", text)


# a sentence-final mark and a quotation mark spaced apart from it, as scraped news writes them
# ('... mistakes too. " He said'): a sentence ends there, before or after the mark
_SPACED_QUOTE_END = re.compile(r'(?<=[.?!]) " (?=[A-Z])')


def split_spaced_quotes(sentence: str) -> list[str]:
    """Cut where pysbd does not: after a closing quotation mark spaced from its period, or
    before an opening one (told apart by counting the marks before it).

    >>> split_spaced_quotes('Lott told the inquiry: " officers make mistakes too. " He said he regretted it.')
    ['Lott told the inquiry: " officers make mistakes too. "', 'He said he regretted it.']
    >>> split_spaced_quotes('The vote failed. " We will try again, " she said.')
    ['The vote failed.', '" We will try again, " she said.']
    """
    out, start = [], 0
    for m in _SPACED_QUOTE_END.finditer(sentence):
        closing = sentence[:m.start()].count('"') % 2 == 1  # an open quotation before this mark
        cut = m.start() + 2 if closing else m.start()
        out.append(sentence[start:cut].strip())
        start = cut
    out.append(sentence[start:].strip())
    return [part for part in out if part]


def split_sentences(text: str, budget: Budget | None = None) -> list[str]:
    """Split ``text`` into sentences; line breaks always end a sentence.

    Linear in the length of ``text``: pysbd only ever sees pieces of at most
    :data:`~summarize.reading.pieces.MAX_PIECE_CHARS` characters, and no sentence is longer than
    :data:`~summarize.reading.pieces.MAX_SENTENCE_WORDS` words (see :mod:`.pieces`). ``budget``,
    when given, is checked once per line and per piece and ends the work with :class:`~summarize.budget.BudgetExceeded`.
    """
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if budget is not None:
            budget.check()
        for sentence in segment_line(repair_spacing(line), _segmenter().segment, budget):
            for part in split_spaced_quotes(sentence.strip()):
                out.extend(cap_words(part))
    return out
