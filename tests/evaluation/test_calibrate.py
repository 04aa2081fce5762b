import json

import pytest

from summarize.cli import main
from summarize.config import load_config


@pytest.mark.parametrize("score", ["nli", "blend"])
def test_calibrate_writes_a_loadable_config_with_the_chosen_threshold(tiny, tmp_path, capsys, score):
    rows = [{"document": "The vote was on Monday. It passed 7-2.", "summary": "It passed 7-2.", "label": 1},
            {"documents": ["Rain fell in Oslo on Friday."], "summary": "Rain fell in Oslo on Friday.", "label": 1},
            {"document": "The vote was on Monday.", "summary": "The vote was on Tuesday.", "label": 0},
            {"document": "Rain fell in Oslo.", "summary": "Snow buried Bergen under 40 centimetres.", "label": 0}]
    data = tmp_path / "labelled.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows))
    out = tmp_path / "calibrated.yaml"
    assert main(["calibrate", str(data), "-o", str(out), "--set", f"checker.model={tiny('nli')}",
                 "--set", f"checker.score={score}"]) == 0
    result = json.loads(capsys.readouterr().out)
    config = load_config(out)
    assert config.checker.score == score
    assert config.checker.threshold == pytest.approx(result["threshold"]) and 0 <= result["threshold"] <= 1
    # both consistent summaries are copies of an article sentence (score 1.0 under the copy rule,
    # with either score); neither inconsistent one is: the chosen threshold separates them all
    assert result["examples"] == 4 and result["balanced_accuracy"] == 1.0 and result["threshold"] < 1.0


def test_calibrate_rejects_bad_lines(tiny, tmp_path, capsys):
    data = tmp_path / "bad.jsonl"
    data.write_text('{"summary": "x"}\n')
    assert main(["calibrate", str(data), "--set", f"checker.model={tiny('nli')}"]) == 2
    assert "line 1" in capsys.readouterr().err


def test_read_labelled_keeps_a_sentence_list_summary_as_its_sentences(tmp_path):
    from summarize.evaluation.calibrate import read_labelled

    data = tmp_path / "labelled.jsonl"
    data.write_text(json.dumps({"document": "A. B.", "summary": ["It passed 7-2.", "Rain fell."], "label": 1}) + "\n"
                    + json.dumps({"document": "A.", "summary": "It failed.", "label": 0}) + "\n")
    examples = read_labelled(data)
    assert examples[0].summary == ["It passed 7-2.", "Rain fell."] and examples[1].summary == "It failed."


def test_read_labelled_names_the_line_with_a_summary_that_is_neither_text_nor_sentences(tmp_path):
    from summarize.config import ConfigError
    from summarize.evaluation.calibrate import read_labelled

    data = tmp_path / "labelled.jsonl"
    data.write_text(json.dumps({"document": "A.", "summary": "ok", "label": 1}) + "\n"
                    + json.dumps({"document": "A.", "summary": [1, 2], "label": 0}) + "\n")
    with pytest.raises(ConfigError, match="line 2"):
        read_labelled(data)

