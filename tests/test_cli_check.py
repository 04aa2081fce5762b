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
    assert [g["id"] for g in got] == ["a", "b"]
    assert got[1]["label"] == "inconsistent" and got[1]["score"] == min(v["score"] for v in got[1]["sentences"])
    assert set(got[0]) >= {"id", "score", "label", "sentences"}
    before = out.read_text()
    main(args)
    assert out.read_text() == before  # nothing redone, nothing duplicated
