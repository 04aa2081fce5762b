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
    assert result["examples"] == 4 and 0.5 <= result["balanced_accuracy"] <= 1


def test_calibrate_rejects_bad_lines(tiny, tmp_path, capsys):
    data = tmp_path / "bad.jsonl"
    data.write_text('{"summary": "x"}\n')
    assert main(["calibrate", str(data), "--set", f"checker.model={tiny('nli')}"]) == 2
    assert "line 1" in capsys.readouterr().err
