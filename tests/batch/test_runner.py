import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarize.cli import main

from ..conftest import EXAMPLES, ROOT


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture
def fast(tiny, tmp_path):
    """CLI args for a quick config: lead summarizer + tiny random NLI checker."""
    return ["--set", "summarizer.model=lead", "--set", f"checker.model={tiny('nli')}", "--quiet"]


def copy_examples(dst: Path) -> Path:
    shutil.copytree(EXAMPLES, dst)
    return dst


def test_run_writes_the_output_contract(tmp_path, fast):
    out = tmp_path / "out"
    assert main(["run", str(EXAMPLES), "-o", str(out), *fast]) == 0
    records = lines(out / "summaries.jsonl")
    assert sorted(r["cluster"] for r in records) == ["chess-final", "harbor-bridge", "river-festival"]
    for r in records:
        assert set(r) >= {"cluster", "articles", "summary", "sentences", "flagged", "timings"}
        assert all(set(a) == {"id", "path", "title", "n_sentences"} for a in r["articles"])
        assert r["sentences"] and r["flagged"] == sum(v["label"] != "supported" for v in r["sentences"])
        for v in r["sentences"]:
            assert v["label"] in ("supported", "unsupported", "contradicted") and 0 <= v["score"] <= 1
            assert all(set(e) == {"article", "sentence", "score"} for e in v["evidence"])
            assert all(set(i) == {"type", "span", "source_span", "message"} for i in v["issues"])
        assert set(r["timings"]) == {"read", "summarize", "check"}
    assert lines(out / "errors.jsonl") == []
    info = json.loads((out / "run.json").read_text())
    assert info["counts"]["clusters_ok"] == 3 and info["config"]["summarizer"]["model"] == "lead"
    assert info["versions"]["torch"] and info["models"]["checker"]["weights_sha256"]
    assert info["started"] <= info["finished"]
    assert "harbor-bridge" in (out / "report.html").read_text()


def test_no_check_writes_summaries_only(tmp_path, fast):
    out = tmp_path / "out"
    assert main(["run", str(EXAMPLES), "-o", str(out), "--no-check", *fast]) == 0
    assert all(r["sentences"] == [] and r["flagged"] == 0 and r["summary"] for r in lines(out / "summaries.jsonl"))
    assert "checker" not in json.loads((out / "run.json").read_text())["models"]


def test_bad_files_go_to_errors_and_the_rest_is_summarized(tmp_path, fast):
    root = copy_examples(tmp_path / "in")
    (root / "harbor-bridge" / "broken.json").write_text("{nope")
    (root / "empty").mkdir()
    (root / "empty" / "blank.txt").write_text("")
    out = tmp_path / "out"
    assert main(["run", str(root), "-o", str(out), *fast]) == 1
    errors = lines(out / "errors.jsonl")
    assert {(e["error"], e["cluster"]) for e in errors} == {("malformed_json", "harbor-bridge"), ("empty_file", "empty"),
                                                           ("no_articles", "empty")}
    assert all(e["message"] for e in errors)
    assert len(lines(out / "summaries.jsonl")) == 3


def test_rerun_skips_finished_clusters_and_redoes_changed_ones(tmp_path, fast, monkeypatch):
    root = copy_examples(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["run", str(root), "-o", str(out), *fast]) == 0
    first = lines(out / "summaries.jsonl")
    from summarize.batch import pipeline

    calls = []
    original = pipeline.Pipeline.process
    monkeypatch.setattr(pipeline.Pipeline, "process", lambda self, c, r=0.0: calls.append(c.id) or original(self, c, r))
    assert main(["run", str(root), "-o", str(out), *fast]) == 0
    assert calls == [] and lines(out / "summaries.jsonl") == first
    (root / "chess-final" / "club-newsletter.md").write_text("# Late news\n\nThe club moved its party to Saturday at 8 p.m.")
    assert main(["run", str(root), "-o", str(out), *fast]) == 0
    assert calls == ["chess-final"]
    records = lines(out / "summaries.jsonl")
    assert sorted(r["cluster"] for r in records) == ["chess-final", "harbor-bridge", "river-festival"]
    calls.clear()
    assert main(["run", str(root), "-o", str(out), *fast, "--overwrite"]) == 0
    assert sorted(calls) == ["chess-final", "harbor-bridge", "river-festival"]
    calls.clear()
    assert main(["run", str(root), "-o", str(out), *fast, "--set", "checker.threshold=0.2"]) == 0
    assert len(calls) == 3 and len(lines(out / "summaries.jsonl")) == 3


def done(path):
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_kill_minus_nine_leaves_no_partial_record_and_the_rerun_completes(tmp_path, tiny):
    root = tmp_path / "in"
    for i in range(40):
        d = root / f"c{i:02d}"
        d.mkdir(parents=True)
        (d / "a.txt").write_text(f"Storm number {i} hit the coast on Monday. It damaged {i + 3} homes, officials said.")
        (d / "b.txt").write_text(f"Officials counted {i + 3} damaged homes after storm {i}. Power was restored on Tuesday.")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "summarize", "run", str(root), "-o", str(out), "--quiet",
           "--set", "summarizer.model=lead", "--set", f"checker.model={tiny('nli')}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    # poll complete lines only: the writer may be in the middle of a record when we read
    while time.time() < deadline and done(out / "summaries.jsonl") < 3:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = (out / "summaries.jsonl").read_bytes()
    done_before = before.count(b"\n")
    assert 3 <= done_before < 40
    assert subprocess.run(cmd, capture_output=True).returncode == 0
    records = lines(out / "summaries.jsonl")
    ids = [r["cluster"] for r in records]
    assert sorted(ids) == [f"c{i:02d}" for i in range(40)] and len(set(ids)) == 40


def test_torn_last_line_is_repaired_before_resuming(tmp_path, fast):
    out = tmp_path / "out"
    assert main(["run", str(EXAMPLES), "-o", str(out), *fast]) == 0
    path = out / "summaries.jsonl"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # the last record torn mid-line
    assert main(["run", str(EXAMPLES), "-o", str(out), *fast]) == 0
    assert len(lines(path)) == 3


def test_usage_and_config_errors_exit_2(tmp_path, capsys):
    assert main(["run", str(tmp_path / "missing"), "-o", str(tmp_path / "o")]) == 2
    assert main(["run", str(EXAMPLES), "-o", str(tmp_path / "o"), "--set", "checker.treshold=1"]) == 2
    assert "checker.treshold" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["run", str(tmp_path / "empty"), "-o", str(tmp_path / "o"), "--set", "summarizer.model=lead",
                 "--no-check"]) == 2
    assert "no article files" in capsys.readouterr().err


def test_offline_hub_model_fails_fast_with_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    code = main(["run", str(EXAMPLES), "-o", str(tmp_path / "o"), "--config",
                 str(ROOT / "configs" / "summarizer" / "bart-large-cnn.yaml")])
    assert code == 2 and "facebook/bart-large-cnn" in capsys.readouterr().err


def test_the_summary_is_checked_sentence_by_sentence_as_the_summarizer_chose_them(tmp_path, fast):
    # joined, the two lead sentences read as one to a sentence splitter ("7 p.m." does not end it)
    (tmp_path / "in" / "final").mkdir(parents=True)
    (tmp_path / "in" / "final" / "a.txt").write_text(
        "The club will hold a celebration on Friday at 7 p.m.\n\nMembers may bring guests to the hall on Main Street. "
        "Tickets cost ten euros at the door.\n")
    (tmp_path / "in" / "final" / "b.txt").write_text('"He deserved it," Brandt said after the final game.\n')
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "-o", str(out), "--set", "summarizer.max_words=25", *fast]) == 0
    (record,) = lines(out / "summaries.jsonl")
    assert [v["text"] for v in record["sentences"]] == [
        "The club will hold a celebration on Friday at 7 p.m.", '"He deserved it," Brandt said after the final game.']
    assert record["summary"] == " ".join(v["text"] for v in record["sentences"])
