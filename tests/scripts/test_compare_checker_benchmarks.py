import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path, name, raws, threshold, labels=(1, 1, 0, 0, 1, 0)):
    examples = [{"label": y, "raw": raw, "rules": [[] for _ in raw], "contradicted": [False for _ in raw], "part": None}
                for y, raw in zip(labels, raws)]
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"variants": {"config": {"threshold": threshold}},
                                "examples": {"frank-valid": examples, "summeval": examples}}))
    return path


def _compare(tmp_path, old, new, *extra):
    out = tmp_path / "BENCHMARKS.md"
    printed = subprocess.run([sys.executable, "scripts/compare_checker_benchmarks.py", str(old), str(new),
                              "--old-name", "a", "--new-name", "b", "--resamples", "200", "--output", str(out), *extra],
                             check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return printed, out.read_text()


def test_a_perfect_checker_against_a_chance_one(tmp_path):
    chance = _run(tmp_path, "chance", [[0.6]] * 6, 0.5)  # every summary passes: BAcc 50, AUC 50
    perfect = _run(tmp_path, "perfect", [[0.9, 0.95], [0.8], [0.2], [0.9, 0.3], [0.7], [0.1]], 0.5)
    printed, written = _compare(tmp_path, chance, perfect)
    row = next(line for line in printed.splitlines() if line.startswith("| summeval"))
    cells = [c.strip() for c in row.split("|")[1:-1]]
    assert cells[1] == "6" and cells[2:4] == ["50.0", "100.0"] and cells[4].startswith("+50.0")
    assert cells[5:7] == ["50.0", "100.0"]
    assert "frank-valid" not in printed  # the split the thresholds were chosen on is not compared
    assert "<!-- checker-comparison:start -->" in written and "compare_checker_benchmarks.py" in written


def test_the_same_run_twice_differs_by_nothing(tmp_path):
    run = _run(tmp_path, "run", [[0.9], [0.6], [0.7], [0.2], [0.8], [0.4]], 0.5)
    printed, _ = _compare(tmp_path, run, run)
    row = next(line for line in printed.splitlines() if line.startswith("| summeval"))
    assert "+0.0 [+0.0, +0.0]" in row


def test_a_named_section_leaves_the_default_one_in_place(tmp_path):
    run = _run(tmp_path, "run", [[0.9], [0.6], [0.7], [0.2], [0.8], [0.4]], 0.5)
    _compare(tmp_path, run, run)
    _, written = _compare(tmp_path, run, run, "--section", "copy-rule")
    assert "<!-- checker-comparison:start -->" in written and "<!-- copy-rule:start -->" in written
    assert written.count("## Checker: b against a, paired") == 2


def test_runs_of_other_examples_are_refused(tmp_path):
    one = _run(tmp_path, "one", [[0.9]] * 6, 0.5)
    other = _run(tmp_path, "other", [[0.9]] * 6, 0.5, labels=(0, 1, 0, 0, 1, 0))
    result = subprocess.run([sys.executable, "scripts/compare_checker_benchmarks.py", str(one), str(other), "--output", "-"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0 and "summeval" in result.stderr and "different examples" in result.stderr
