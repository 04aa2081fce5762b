"""The sentence splitter is linear: pysbd never sees more than a bounded piece of text."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.budget import Budget, BudgetExceeded
from summarize.reading import sentences
from summarize.reading.pieces import MAX_PIECE_CHARS, MAX_SENTENCE_WORDS, segment_line
from summarize.reading.sentences import split_sentences

from ..conftest import EXAMPLES, ROOT


@pytest.fixture
def pieces_seen(monkeypatch):
    """The length of every text pysbd is given."""
    seen: list[int] = []
    segmenter = sentences._segmenter()

    class Recording:
        def segment(self, text):
            seen.append(len(text))
            return segmenter.segment(text)

    monkeypatch.setattr(sentences, "_segmenter", lambda: Recording())
    return seen


def _paragraph(n_chars: int) -> str:
    rng = random.Random(0)
    words = ["council", "voted", "Tuesday", "library", "mayor", "said", "Dr.", "U.S.", "$4.5", "million", "the", "and"]
    out, size = [], 0
    while size < n_chars:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(5, 40))).capitalize() + rng.choice([". ", "? ", "! "])
        out.append(sentence)
        size += len(sentence)
    return "".join(out)


def test_a_400_kb_paragraph_reaches_pysbd_in_bounded_pieces(pieces_seen):
    text = _paragraph(400_000)
    got = split_sentences(text)
    assert pieces_seen and max(pieces_seen) <= MAX_PIECE_CHARS
    assert sum(pieces_seen) < 2 * len(text)  # each character is looked at once or twice, not again and again
    assert "".join("".join(got).split()) == "".join(text.split())


def test_words_without_punctuation_are_cut_at_the_word_limit(pieces_seen):
    text = " ".join(f"word{i % 97}" for i in range(50_000))
    got = split_sentences(text)
    assert max(pieces_seen) <= MAX_PIECE_CHARS and sum(pieces_seen) < 2 * len(text)
    assert max(len(s.split()) for s in got) == MAX_SENTENCE_WORDS
    assert " ".join(got) == text


def test_a_long_line_splits_where_pysbd_splits_it_whole():
    """The sliding window keeps pysbd's boundaries: the same sentences as one call on the whole line."""
    folders = (EXAMPLES, ROOT / "summarize" / "evaluation" / "faithful")
    texts = [p.read_text() for folder in folders for p in sorted(folder.glob("*/*.txt"))]
    line = " ".join(" ".join(t.split()) for t in texts)
    assert len(line) > 20 * 1000
    whole = [s.strip() for s in sentences._segmenter().segment(line)]
    pieces = [s.strip() for s in segment_line(line, sentences._segmenter().segment, bound=1000)]
    assert len(whole) > 150 and pieces == whole


def test_the_segmenter_finds_the_same_spans_as_pysbd():
    import pysbd

    text = 'He said "no." He said "no." Dr. Smith left.  He said "no."\tIt rained. It rained.'
    assert sentences._segmenter().segment(text) == pysbd.Segmenter(language="en", clean=False).segment(text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["It rained. ", "Dr. Smith left.  ", 'He said "no." ', "Yes! ", "a b c ", "\t"]),
                max_size=30))
def test_the_segmenter_matches_pysbd_on_repeated_sentences(parts):
    import pysbd

    text = "".join(parts)
    assert sentences._segmenter().segment(text) == pysbd.Segmenter(language="en", clean=False).segment(text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["Rain fell.", "no stop here", "Dr.", "x" * 30, "?", '"quoted,"']), max_size=400))
def test_pieces_never_lose_or_reorder_words(words):
    line = " ".join(words)
    got = segment_line(line, sentences._segmenter().segment, bound=200)
    assert " ".join(" ".join(got).split()) == " ".join(line.split())


def test_a_budget_stops_splitting_within_one_piece():
    class Counting(Budget):
        def __init__(self):
            super().__init__(None)
            self.checks = 0

        def check(self):
            self.checks += 1
            if self.checks > 3:
                raise BudgetExceeded(1, "input.max_file_seconds")

    budget = Counting()
    with pytest.raises(BudgetExceeded, match="input.max_file_seconds"):
        split_sentences(_paragraph(100_000), budget)
    assert budget.checks == 4
