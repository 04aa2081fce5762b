"""Leave-one-dataset-out: a family never helps choose its own threshold."""

from summarize.evaluation.transfer import choose_decision, leave_one_out, rows_from_benchmark


def test_the_held_out_family_gets_the_threshold_its_neighbours_choose():
    # family a separates at 0.5, b, c and d at 0.15: held out, a gets 0.15 from them and loses
    rows = {"a": [(0.6, 0.9, False, 1), (0.4, 0.1, False, 0)],
            "b": [(0.2, 0.9, False, 1), (0.1, 0.1, False, 0)],
            "c": [(0.2, 0.9, False, 1), (0.1, 0.1, False, 0)],
            "d": [(0.2, 0.9, False, 1), (0.1, 0.1, False, 0)]}
    table = leave_one_out(rows, grid=[0.15, 0.5])
    assert table["a"]["threshold"] == 0.15 and table["a"]["bacc"] == 50.0
    assert table["b"]["threshold"] == 0.15 and table["b"]["bacc"] == 100.0
    assert table["a"]["floor"] == 100.0  # the cosine column separates every family at either threshold


def test_a_rule_hit_flags_the_summary_whatever_its_score():
    rows = {"a": [(0.9, 0.9, True, 0), (0.9, 0.9, False, 1)], "b": [(0.9, 0.9, True, 0), (0.9, 0.9, False, 1)]}
    assert leave_one_out(rows, grid=[0.5])["a"]["bacc"] == 100.0


def test_the_decision_is_chosen_without_the_held_out_family():
    # decision "x" separates b, c, d and fails a; "y" fails b, c, d and separates a
    good, bad = [(0.9, 0.5, False, 1), (0.1, 0.5, False, 0)], [(0.1, 0.5, False, 1), (0.9, 0.5, False, 0)]
    candidates = {"x": {"a": bad, "b": good, "c": good, "d": good}, "y": {"a": good, "b": bad, "c": bad, "d": bad}}
    table = choose_decision(candidates, grid=[0.5])
    assert table["a"]["decision"] == "x" and table["a"]["bacc"] == 0.0  # its neighbours choose x, which fails it
    assert table["b"]["decision"] == "x" and table["b"]["bacc"] == 100.0


def test_rows_aggregate_sentence_scores_as_asked():
    examples = {"frank-test": [{"raw": [0.9, 0.5], "rules": [[], []], "signals": [[0.7, 1.0], [0.3, 1.0]], "label": 1}]}
    assert rows_from_benchmark(examples)["frank"][0][0] == 0.5
    assert rows_from_benchmark(examples, aggregate="mean")["frank"][0][0] == 0.7
    assert rows_from_benchmark(examples, score="nli+cosine")["frank"][0][0] == 0.4
