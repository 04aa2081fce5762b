from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.reading.sentences import split_sentences


def test_glued_periods_are_repaired_as_in_frank_xsum():
    text = "Police were called to the scene (AP).Less than an hour later the road reopened.Officers left."
    assert split_sentences(text) == [
        "Police were called to the scene (AP).",
        "Less than an hour later the road reopened.",
        "Officers left.",
    ]


def test_abbreviations_and_decimals_stay_inside_sentences():
    text = "Dr. Smith of the U.S. Navy paid $4.5 million on Jan. 3. He left."
    assert split_sentences(text) == ["Dr. Smith of the U.S. Navy paid $4.5 million on Jan. 3.", "He left."]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80), max_size=5))
def test_splitting_never_loses_words(lines):
    text = "\n".join(lines)
    words = "".join(text.split())
    assert "".join("".join(split_sentences(text)).split()) == words
