"""The checker benchmark's plumbing: the blend score, and a tiny end-to-end run on ../shared."""

import pytest

from summarize.checker.signals import blend
from summarize.cli import main
from summarize.evaluation.scoring import Scored


def test_a_summary_score_aggregates_nli_or_the_blend_and_rules_only_where_asked():
    scored = Scored(raw=[0.9, 0.3], contradicted=[False, False], rule_types=[[], ["date"]],
                    signals=[(0.8, 1.0), (0.6, 0.5)])
    assert scored.summary("min", rules=False) == (0.3, 0.3, False)
    auc_score, score, hard = scored.summary("mean", rules=True, score="blend")
    blended = [blend(0.9, 0.8, 1.0), blend(0.3, 0.6, 0.5)]
    assert score == pytest.approx(sum(blended) / 2)
    assert auc_score < score and hard  # the rule hit scales its sentence down and flags the summary
    with pytest.raises(ValueError, match="signals"):
        Scored([0.5], [False], [[]]).summary("mean", rules=False, score="blend")


def test_evaluate_checker_writes_every_column_and_set(shared, tiny, tmp_path):
    out = tmp_path / "docs" / "BENCHMARKS.md"
    code = main(["evaluate", "checker", "--data", str(shared / "data"), "--limit", "6", "--output", str(out),
                 "--set", f"checker.model={tiny('nli')}"])
    assert code == 0
    text = out.read_text()
    for column in ("BAcc nli", "BAcc nli+rules", "BAcc blend", "BAcc blend+rules", "AUC blend+rules"):
        assert column in text
    for row in ("| frank-test/cnndm |", "| summeval |", "| qags-sentences |", "| EntE |"):
        assert row in text
    assert (tmp_path / "docs" / "results" / "checker-benchmark-quick.json").exists()
