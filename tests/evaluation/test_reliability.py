"""The reliability table: bins, the calibration error, and a Platt map that must be earned."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.evaluation.reliability import fit_platt, reliability

ROOT = Path(__file__).resolve().parents[2]


def test_a_score_of_one_falls_in_the_last_bin_and_a_calibrated_score_has_no_gap():
    scores = [0.1] * 10 + [1.0] * 4
    labels = [1] + [0] * 9 + [1] * 4
    table = reliability(scores, labels, bins=(0.0, 0.5, 1.0))
    assert [row["n"] for row in table["bins"]] == [10, 4]
    assert table["ece"] == 0.0 and table["base_rate"] == round(5 / 14, 3)


def test_an_overconfident_score_has_a_gap_that_platt_scaling_closes_on_the_same_distribution():
    scores = [0.9] * 20 + [0.1] * 20
    labels = [1] * 12 + [0] * 8 + [1] * 8 + [0] * 12  # 0.9 means 60 % supported, 0.1 means 40 %
    assert reliability(scores, labels)["ece"] == pytest.approx(0.3)
    platt = fit_platt(scores, labels)
    assert reliability([platt(s) for s in scores], labels)["ece"] < 0.05


def test_the_script_writes_the_table_and_the_cross_fitted_maps(tmp_path):
    qags = [{"raw": [s], "label": y} for s, y in [(0.95, 1), (0.9, 1), (0.2, 0), (0.85, 0), (0.1, 1), (0.3, 0)]]
    frank = [{"raw": [0.9, 0.8], "label": 1}, {"raw": [0.2], "label": 0}, {"raw": [0.7], "label": 0},
             {"raw": [0.3, 0.4], "label": 0}, {"raw": [0.95], "label": 1}]
    (tmp_path / "bench.json").write_text(json.dumps({"meta": {"model": "m"}, "examples": {
        "qags-sentences": qags, "frank-valid": frank}}))
    rows = [{"score": s, "label": label} for s, label in [(0.9, "faithful"), (0.2, "error"), (0.6, "faithful"), (0.4, "error")]]
    (tmp_path / "faithful.json").write_text(json.dumps({"rows": {"default": rows}}))
    out = tmp_path / "BENCHMARKS.md"
    subprocess.run([sys.executable, "scripts/bench_reliability.py", "--scores", str(tmp_path / "bench.json"),
                    "--faithful", str(tmp_path / "faithful.json"), "--output", str(out)], check=True, cwd=ROOT,
                   capture_output=True)
    written = out.read_text()
    assert "| qags | 6 (0.50) |" in written
    assert "| frank-valid (sentences) | 5 (0.60) |" in written  # 3 sentences of factual summaries, 2 one-sentence errors
    assert "| faithful benchmark | 4 (0.50) |" in written and "(fitted here)" in written
