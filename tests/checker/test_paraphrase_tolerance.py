"""Faithful rewordings pass and planted errors are flagged with their type (the embedded checker)."""

import pytest

from summarize.checker import ConsistencyChecker

from ..conftest import embedded_checker_available

pytestmark = pytest.mark.skipif(not embedded_checker_available(), reason="needs the shipped embedded checker")

DOCS = ['Officer Daniel Lott, who shot the teenager, told the inquiry: " police officers make mistakes too. " '
        "He said he regretted the outcome.",
        "The suspect, Marcus Fields, 34, was arrested on Monday, March 3, 2025 in Dayton. "
        "Police said there were no reports of injuries.",
        "The city council approved the budget after a long debate. Mayor Elena Marsh signed it on Friday.",
        "NATO Secretary General Jens Stoltenberg spoke in Brussels. A decision on membership requires the "
        "unanimity of all allies, he said."]


@pytest.fixture(scope="module")
def checker():
    return ConsistencyChecker()


@pytest.mark.parametrize("sentence", [
    "Lott said officers make mistakes too.",                         # indirect speech for a scraped quote
    "After a long debate, the city council approved the budget.",    # reordered clauses
    "The budget was approved by the city council.",                  # passive for active
    "Marsh signed the budget on Friday.",                            # name for the article's "Mayor Elena Marsh"
    "The Secretary-General spoke in Brussels.",                      # hyphenated title
    "Stoltenberg said a decision on membership requires unanimity.",
])
def test_faithful_rewordings_pass(checker, sentence):
    (verdict,) = checker.check(DOCS, sentence)
    assert verdict.label == "supported", (verdict.score, [i.message for i in verdict.issues])


@pytest.mark.parametrize("sentence", [
    "Marcus Fields, a 34-year-old, was arrested in Dayton.",
    "Fields, thirty-four, was arrested in Dayton on Monday.",
    "Fields was arrested on Monday.",  # the weekday of March 3, 2025
])
def test_number_and_date_forms_raise_no_rule_issue(checker, sentence):
    (verdict,) = checker.check(DOCS, sentence)
    assert not [i for i in verdict.issues if i.type in ("number", "date")], [i.message for i in verdict.issues]


@pytest.mark.parametrize("sentence, kind", [
    ("Fields was arrested on Tuesday.", "date"),
    ("Police said there were reports of injuries.", "negation"),   # "no reports of injuries" in the article
    ('"Police officers make mistakes too," said Mayor Elena Marsh.', "attribution"),  # scraped spacing in the source
    ("Fields, 43, was arrested in Dayton.", "number"),
])
def test_planted_errors_are_flagged_with_their_type(checker, sentence, kind):
    (verdict,) = checker.check(DOCS, sentence)
    assert verdict.flagged and kind in {i.type for i in verdict.issues}, [i.message for i in verdict.issues]


def test_a_weekday_given_to_another_event_is_a_date_issue(checker):
    docs = ["Ferry crews began a 48-hour strike on Tuesday, halting all sailings to the islands.",
            "The county moved Wednesday's school exams to next week."]
    (verdict,) = checker.check(docs, "Ferry crews began a 48-hour strike on Wednesday, halting all sailings.")
    assert verdict.flagged and [i.source_span for i in verdict.issues if i.type == "date"] == ["Tuesday"]


def test_a_copied_sentence_is_never_flagged_by_a_rule(checker):
    docs = ["The Secretary-General met Mr. al-Sabah in Brussels on Friday, aides said."]
    (verdict,) = checker.check(docs, "The Secretary-General met Mr. al-Sabah in Brussels on Friday, aides said.")
    assert verdict.label == "supported" and not verdict.issues


def test_a_flagged_score_never_displays_at_or_above_the_threshold(checker):
    from summarize.records import shown_score

    verdicts = checker.check(DOCS, ["The council met.", "Penguins sang opera in Lisbon.", "Marsh signed it on Friday."])
    for v in verdicts:
        if v.flagged:
            assert v.score < checker.config.threshold and shown_score(v.score, False, 2) < checker.config.threshold
        else:
            assert v.score >= checker.config.threshold


def test_a_long_sentence_is_judged_claim_by_claim_and_names_the_claim_that_fails(checker):
    docs = ["Tom Reilly requested the recount two weeks ago.", "Reilly conceded the election on Thursday evening."]
    claims = ConsistencyChecker(claims=True)
    (good,) = claims.check(docs, "Reilly, who requested the recount, conceded on Thursday evening.")
    (bad,) = claims.check(docs, "Reilly, who requested the recount, won a seat in the state senate.")
    assert good.score >= checker.check(docs, good.text)[0].score  # a claim split never lowers the score
    assert bad.flagged and "won a seat in the state senate" in bad.issues[0].message
