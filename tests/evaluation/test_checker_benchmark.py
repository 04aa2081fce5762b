"""The checker benchmark's plumbing: the blend score, and a tiny end-to-end run on ../shared."""

import json

import pytest

from summarize.checker.decision import blend
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
    for column in ("BAcc nli", "BAcc nli+rules", "BAcc blend", "BAcc blend+rules", "AUC blend+rules", "BAcc config"):
        assert column in text
    for row in ("| frank-test/cnndm |", "| summeval |", "| qags-sentences |", "| EntE |"):
        assert row in text
    assert "copy rule on" in text  # the default since 2026-11-23, named with the table it changes
    assert "| dev (50 + 50) |" in text and "| heldout (30 + 30) |" in text  # the faithful-sentence benchmark too
    stored = json.loads((tmp_path / "docs" / "results" / "checker-benchmark-quick.json").read_text())
    assert stored["meta"]["copies_supported"] is True


def test_the_config_column_decides_as_summarize_check_does_with_its_own_threshold():
    from summarize.config import CheckerConfig
    from summarize.evaluation.checker_benchmark import evaluate
    from summarize.evaluation.labelled import Example

    def example(label, part="cnndm"):
        return Example(["doc"], "s", label, {"part": part})

    # per-sentence P(entailment); a summary passes when its weakest sentence reaches the threshold
    raw = {"frank-valid": [[0.9, 0.8], [0.9, 0.4], [0.7], [0.2]], "frank-test": [[0.95, 0.65], [0.5], [0.9], [0.3, 0.9]]}
    labels = {"frank-valid": [1, 0, 1, 0], "frank-test": [1, 0, 1, 0]}
    sets = {k: [example(y, part) for y, part in zip(v, ["cnndm", "cnndm", "xsum", "xsum"])] for k, v in labels.items()}
    scored = {k: [Scored(r, [False] * len(r), [[] for _ in r], [(0.5, 0.5)] * len(r)) for r in v] for k, v in raw.items()}
    results = evaluate(scored, sets, product=CheckerConfig(threshold=0.6, rules=False, score="nli"))
    column = results["variants"]["config"]
    assert column["threshold"] == 0.6 and column["aggregate"] == "min"
    assert column["rows"]["frank-test"]["bacc"] == pytest.approx(100.0)  # mins 0.65, 0.5, 0.9, 0.3 at 0.6
    at_08 = evaluate(scored, sets, product=CheckerConfig(threshold=0.8, rules=False, score="nli"))["variants"]["config"]
    assert at_08["rows"]["frank-test"]["bacc"] == pytest.approx(75.0)  # 0.65 now fails a consistent summary


def test_reusing_stored_scores_applies_the_copy_rule_as_a_fresh_run_does(tiny):
    from summarize.checker import ConsistencyChecker
    from summarize.config import CheckerConfig
    from summarize.evaluation.labelled import Example
    from summarize.evaluation.scoring import reuse_scores, score_examples

    documents = ["The council approved the budget on Monday. The vote was 7 to 2.",
                 "Members debated for three hours before the vote."]
    examples = [Example(documents, "The council approved the budget on Monday. It rained.", 1),
                Example(documents, "the vote was 7 to 2.", 1),  # a copy, case aside
                Example(documents, "The budget was rejected.", 0)]
    config = CheckerConfig(model=str(tiny("nli")), rules=False, score="nli", threshold=0.99, top_k=2)
    plain = score_examples(ConsistencyChecker(config=config), examples)
    fresh = score_examples(ConsistencyChecker(config=CheckerConfig(**{**vars(config), "copies_supported": True})), examples)
    stored = [{"raw": s.raw, "contradicted": s.contradicted, "label": e.label} for s, e in zip(plain, examples)]
    reused = reuse_scores(examples, stored, None, copies_windows=config.window_sizes)
    assert [s.raw for s in reused] == [s.raw for s in fresh]
    assert [s.contradicted for s in reused] == [s.contradicted for s in fresh]
    assert reused[0].raw[0] == reused[1].raw[0] == 1.0 and reused[0].raw[1] < 1.0  # copies only
    assert [s.raw for s in reuse_scores(examples, stored, None)] == [s.raw for s in plain]  # rule off: as stored
