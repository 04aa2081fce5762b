import json
import shutil
import subprocess
import sys

from ..conftest import EXAMPLES

ACCELERATE = [sys.executable, "-m", "accelerate.commands.launch", "--multi_gpu", "--num_processes", "2", "--num_machines", "1",
              "--mixed_precision", "no", "--dynamo_backend", "no", "-m", "summarize"]


def records(path):
    out = {}
    for line in path.read_text().splitlines():
        r = json.loads(line)
        r.pop("timings")
        out[r["cluster"]] = r
    return out


def test_two_processes_write_what_one_process_writes_and_resume_redoes_nothing(tiny, tmp_path):
    settings = ["--quiet", "--set", "summarizer.model=lead", "--set", f"checker.model={tiny('nli')}"]
    root = tmp_path / "in"
    shutil.copytree(EXAMPLES, root)
    (root / "bad").mkdir()
    (root / "bad" / "x.json").write_text("{broken")
    single, sharded = tmp_path / "single", tmp_path / "sharded"
    alone = subprocess.run([sys.executable, "-m", "summarize", "run", str(root), "-o", str(single), *settings])
    assert alone.returncode == 1  # the broken file is reported: some files failed
    result = subprocess.run([*ACCELERATE, "run", str(root), "-o", str(sharded), *settings], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr[-2000:]
    assert records(sharded / "summaries.jsonl") == records(single / "summaries.jsonl")
    errors = [json.loads(line) for line in (sharded / "errors.jsonl").read_text().splitlines()]
    assert {e["error"] for e in errors} == {"malformed_json", "no_articles"}
    assert not (sharded / "shards").exists()
    assert json.loads((sharded / "run.json").read_text())["processes"] == 2
    assert (sharded / "report.html").is_file()
    before = (sharded / "summaries.jsonl").read_text()
    again = subprocess.run([*ACCELERATE, "run", str(root), "-o", str(sharded), *settings], capture_output=True, text=True)
    assert again.returncode == 1  # the file is still broken
    assert (sharded / "summaries.jsonl").read_text() == before
    info = json.loads((sharded / "run.json").read_text())
    assert info["this_run"]["summarized"] == 0 and info["this_run"]["resumed"] >= 1
