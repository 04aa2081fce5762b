import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_prints_the_auc_of_each_sentence_score_and_aggregate(tiny, tmp_path):
    rows = [{"document": "The vote was on Monday. It passed 7-2.", "summary": "It passed 7-2.", "label": 1},
            {"document": "Rain fell in Oslo on Friday.", "summary": "Rain fell in Oslo on Friday.", "label": 1},
            {"document": "The vote was on Monday.", "summary": "The vote was on Tuesday.", "label": 0}]
    data = tmp_path / "labelled.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows))
    config = tmp_path / "config.yaml"
    config.write_text(f"checker:\n  model: {tiny('nli')}\n")
    out = subprocess.run([sys.executable, "scripts/ablate_contradiction_score.py", str(data), "--config", str(config)],
                         check=True, capture_output=True, text=True, cwd=ROOT).stdout
    lines = [line for line in out.splitlines() if "ROC AUC" in line]
    assert len(lines) == 6 and "3 summaries" in out
    auc = {" ".join(line.split("ROC AUC")[0].split()): float(line.rsplit(" ", 1)[1]) for line in lines}
    # both consistent summaries copy an article sentence (P(e) 1.0 under the copy rule); the
    # inconsistent one does not: P(e) ranks them perfectly whatever the tiny model says
    assert [v for k, v in auc.items() if k.startswith("P(e) ") and "P(c)" not in k] == [100.0, 100.0]
    assert all(0 <= value <= 100 for value in auc.values())
