import json
import subprocess
import sys

from summarize.cli import main

from .conftest import EXAMPLES


def test_check_prints_one_json_object_and_nothing_else(tiny, tmp_path):
    summary = tmp_path / "s.txt"
    summary.write_text("The bridge closes on Monday, March 3. It reopens on Wednesday.")
    result = subprocess.run([sys.executable, "-m", "summarize", "check", str(EXAMPLES / "harbor-bridge"),
                             "--summary", str(summary), "--set", f"checker.model={tiny('nli')}"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["cluster"] == "harbor-bridge" and len(data["sentences"]) == 2
    assert data["sentences"][1]["issues"][0]["type"] == "date"


def test_check_reads_stdin_and_inline_text(tiny, capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("Ferries will run every 20 minutes."))
    assert main(["check", str(EXAMPLES / "harbor-bridge"), "--summary", "-", "--set", f"checker.model={tiny('nli')}"]) == 0
    assert json.loads(capsys.readouterr().out)["sentences"][0]["text"] == "Ferries will run every 20 minutes."
    assert main(["check", str(EXAMPLES / "harbor-bridge"), "--summary-text", "Tickets are free.",
                 "--set", f"checker.model={tiny('nli')}"]) == 0
    assert len(json.loads(capsys.readouterr().out)["sentences"]) == 1


def test_check_pairs_in_order_with_resume(tiny, tmp_path, capsys):
    pairs = tmp_path / "pairs.jsonl"
    rows = [{"id": "a", "documents": ["The vote was on Monday.", "It passed 7-2."], "summary": "It passed 7-2 on Monday."},
            {"id": "b", "document": "Rain fell in Oslo.", "summary": "Rain fell in Bergen on Friday."},
            {"id": "c", "summary": "no documents"}]
    pairs.write_text("\n".join(json.dumps(r) for r in rows) + "\n{bad json\n")
    out = tmp_path / "out.jsonl"
    args = ["check", "--pairs", str(pairs), "-o", str(out), "--quiet", "--set", f"checker.model={tiny('nli')}"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "line 3" in err and "line 4" in err
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert [g["id"] for g in got] == ["a", "b", "c"]  # line 4 is no JSON object: it has no id to be written under
    assert got[1]["label"] == "inconsistent" and got[1]["score"] == min(v["score"] for v in got[1]["sentences"])
    assert set(got[0]) >= {"id", "score", "label", "sentences"}
    assert got[2]["error"] == "bad_pair" and "line 3" in got[2]["message"]
    before = out.read_text()
    main(args)
    assert out.read_text() == before  # nothing redone, nothing duplicated


def _pairs(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


ROWS = [{"id": "a", "documents": ["The vote was on Monday.", "It passed 7-2."], "summary": "It passed 7-2 on Monday."},
        {"id": 2, "document": "Rain fell in Oslo.", "summary": "Rain fell in Bergen on Friday."},
        {"id": "c", "document": "Ferries run every 20 minutes.", "summary": "Ferries run hourly."}]


def _records(out):
    return [json.loads(line) for line in out.read_text().splitlines()]


def test_check_pairs_keeps_one_record_per_id_and_replaces_stale_ones(tiny, tmp_path, capsys):
    pairs, out = _pairs(tmp_path / "pairs.jsonl", ROWS), tmp_path / "out.jsonl"
    args = ["check", "--pairs", str(pairs), "-o", str(out), "--quiet", "--set", f"checker.model={tiny('nli')}"]
    assert main(args) == 0
    first = _records(out)
    assert [r["id"] for r in first] == ["a", "2", "c"]
    for _ in range(2):  # re-runs: the same lines, nothing appended
        assert main(args) == 0
        assert _records(out) == first
    assert main(args + ["--set", "checker.threshold=0.3"]) == 0  # other settings: every verdict redone, replaced
    again = _records(out)
    assert [r["id"] for r in again] == ["a", "2", "c"]
    assert all(new["fingerprint"] != old["fingerprint"] for new, old in zip(again, first))
    rows = [dict(ROWS[0], summary="It failed on Monday."), *ROWS[1:]]  # one pair changed: its record replaced
    assert main(["check", "--pairs", str(_pairs(pairs, rows)), "-o", str(out), "--quiet",
                 "--set", f"checker.model={tiny('nli')}"]) == 0
    changed = _records(out)
    assert [r["id"] for r in changed] == ["a", "2", "c"] and changed[0]["sentences"][0]["text"] == "It failed on Monday."
    assert changed[1:] == first[1:]
    assert not list(tmp_path.glob(".*pending*")) and not list(tmp_path.glob("*.tmp"))


def test_check_pairs_refuses_missing_and_repeated_ids_before_checking_anything(tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    rows = [*ROWS, {"id": "2", "document": "x.", "summary": "y."}, {"document": "x.", "summary": "y."},
            {"id": "a", "document": "x.", "summary": "y."}]
    pairs = _pairs(tmp_path / "pairs.jsonl", rows)
    assert main(["check", "--pairs", str(pairs), "-o", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "lines 2, 4" in err and "lines 1, 6" in err and "line 5 has no id" in err
    assert not out.exists()


def test_check_pairs_refuses_to_write_over_its_input(tmp_path, capsys):
    pairs = _pairs(tmp_path / "pairs.jsonl", ROWS)
    before = pairs.read_text()
    assert main(["check", "--pairs", str(pairs), "-o", str(tmp_path / "." / "pairs.jsonl"), "--quiet"]) == 2
    assert "is the pairs file itself" in capsys.readouterr().err and pairs.read_text() == before


def test_empty_summaries_are_errors(tiny, tmp_path, capsys):
    cluster = str(EXAMPLES / "harbor-bridge")
    model = ["--set", f"checker.model={tiny('nli')}"]
    assert main(["check", cluster, "--summary-text", "  ", *model]) == 2
    assert "empty" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    assert main(["check", cluster, "--summary", str(empty), *model]) == 2
    assert "empty" in capsys.readouterr().err
    rows = [ROWS[0], dict(ROWS[1], summary=""), ROWS[2]]
    out = tmp_path / "out.jsonl"
    assert main(["check", "--pairs", str(_pairs(tmp_path / "pairs.jsonl", rows)), "-o", str(out), "--quiet", *model]) == 1
    got = _records(out)
    assert [r["id"] for r in got] == ["a", "2", "c"]
    assert got[1]["error"] == "empty_summary" and "line 2" in got[1]["message"] and "sentences" in got[2]
