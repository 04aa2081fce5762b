"""The one flag decision, and 'contradicted' only with a conflicting fact."""

from summarize.checker.decision import conflicting, flagged, label
from summarize.evaluation.metrics import balanced_accuracy
from summarize.records import Issue

WRONG_DAY = Issue("date", "Tuesday", "Monday", "date 'Tuesday' is not in any article; the articles say 'Monday'")
UNKNOWN_NAME = Issue("entity", "Oslo", None, "name 'Oslo' does not appear in any article")


def test_flagged_is_below_the_threshold_or_a_hard_signal():
    assert not flagged(0.77, 0.77) and flagged(0.7699, 0.77) and flagged(0.99, 0.77, hard=True)


def test_metrics_use_the_same_flag_decision():
    # the second example scores above the threshold but has a rule hit: predicted inconsistent
    assert balanced_accuracy([0.9, 0.9, 0.1], [1, 0, 0], 0.5, hard_flags=[False, True, False]) == 1.0


def test_contradicted_needs_the_model_and_a_conflicting_fact():
    assert label(0.2, 0.77, contradiction=0.95) == "unsupported"  # the model's word alone
    assert label(0.2, 0.77, contradiction=0.3, conflict=True) == "unsupported"  # a rule alone
    assert label(0.2, 0.77, contradiction=0.95, conflict=True) == "contradicted"
    assert label(0.9, 0.77, contradiction=0.95, conflict=True, hard=True) == "contradicted"
    assert label(0.9, 0.77, contradiction=0.95, conflict=True) == "supported"


def test_only_rule_hits_that_name_the_articles_fact_conflict():
    assert conflicting([UNKNOWN_NAME]) is None
    assert conflicting([UNKNOWN_NAME, WRONG_DAY]) is WRONG_DAY


def test_an_added_negation_names_no_conflicting_fact():
    # "would not say" against "declined to say": the rule flags it, but the article may say the
    # negation in other words, so it must never make the sentence "contradicted"
    from summarize.checker.rules import SourceFacts, check_sentence

    facts = SourceFacts.from_articles({"a": ["Chief executive Anna Berg declined to say how much the attackers demanded."]})
    (issue,) = check_sentence("Berg would not say how much the attackers demanded.", facts)
    assert issue.type == "negation" and issue.source_span is None and conflicting([issue]) is None
