import subprocess
import sys
from pathlib import Path

from summarize.evaluation.calibrate import read_labelled
from summarize.evaluation.labelled import benchmark_sets

ROOT = Path(__file__).resolve().parents[2]


def test_export_labelled_writes_frank_valid_as_calibrate_reads_it(shared, tmp_path):
    out = tmp_path / "frank-valid.jsonl"
    subprocess.run([sys.executable, "-m", "summarize.evaluation.export_labelled", "frank-valid", str(out), "--data", str(shared / "data")],
                   check=True, capture_output=True, cwd=ROOT)
    source = benchmark_sets(shared / "data")["frank-valid"]
    examples = read_labelled(out)
    assert len(examples) == len(source) and {e.label for e in examples} == {0, 1}
    assert [(e.summary, e.label) for e in examples] == [(e.summary, e.label) for e in source]
