import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_counts_false_alarms_on_copied_sentences_per_variant(tiny, tmp_path):
    data = tmp_path / "data" / "multi_news"
    data.mkdir(parents=True)
    rows = [{"id": f"val-{i}", "summary": "unused", "documents": [
        f"The council met on Monday in town {i}. It approved a budget of 40 million dollars for roads.",
        "Residents said the roads had been neglected for years. Work starts in the spring next year."]}
        for i in range(3)]
    (data / "validation.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    config = tmp_path / "config.yaml"
    config.write_text(f"checker:\n  model: {tiny('nli')}\n")
    out = tmp_path / "BENCHMARKS.md"
    printed = subprocess.run(
        [sys.executable, "scripts/bench_copies.py", "--data", str(tmp_path / "data"), "--clusters", "3", "--offset", "0",
         "--sentences", "2", "--config", str(config), "--variant", "strict checker.threshold=1.0 checker.copies_supported=false",
         "--variant", "lenient checker.threshold=0.0 checker.rules=false", "--output", str(out)],
        check=True, capture_output=True, text=True, cwd=ROOT).stdout
    results = {r["variant"]: r for r in map(json.loads, [line for line in printed.splitlines() if line.startswith("{")])}
    assert set(results) == {"default", "strict", "lenient"}
    assert all(r["sentences"] == 6 for r in results.values())
    assert results["strict"]["flagged"] == 6 and results["lenient"]["flagged"] == 0
    assert results["default"]["flagged"] == 0  # the copy rule (on by default) passes every copied sentence
    written = out.read_text()
    assert "<!-- copies:start -->" in written and "| strict |" in written and "| 1.0 |" in written


def test_names_a_missing_data_folder(tmp_path):
    result = subprocess.run([sys.executable, "scripts/bench_copies.py", "--data", str(tmp_path), "--output", "-"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0 and "multi_news/validation.jsonl" in result.stderr
