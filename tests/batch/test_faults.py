"""``summarize run`` under faults: a second writer, kill -9 while replacing records, a full
disk, odd input files, benign skips, a model that fails to load."""

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarize.cli import main

from ..conftest import EXAMPLES

LEAD = ["--set", "summarizer.model=lead", "--no-check", "--quiet"]


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def storms(root: Path, n: int, day: str = "Monday") -> Path:
    for i in range(n):
        d = root / f"c{i:03d}"
        d.mkdir(parents=True, exist_ok=True)
        (d / "a.txt").write_text(f"Storm number {i} hit the coast on {day}. It damaged {i + 3} homes, officials said.")
        (d / "b.txt").write_text(f"Officials counted {i + 3} damaged homes after storm {i}. Power came back on Tuesday.")
    return root


def command(root: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "summarize", "run", str(root), "-o", str(out), *LEAD, *extra]


def test_a_second_run_on_the_same_output_is_refused_in_one_line_and_wait_waits(tmp_path):
    root, out = storms(tmp_path / "in", 3), tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom summarize.batch.lock import OutputLock\n"
                               f"OutputLock({str(out)!r}).acquire()\nprint('locked', flush=True)\ntime.sleep(120)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        refused = subprocess.run(command(root, out), capture_output=True, text=True)
        assert refused.returncode == 2
        assert refused.stderr.splitlines() == [f"summarize: error: {out} is being written by process {holder.pid} (another "
                                               "`summarize run`); wait for it to finish, or add --wait to start when it does"]
        assert not (out / "summaries.jsonl").exists()
        waiter = subprocess.Popen(command(root, out, "--wait"))
        time.sleep(3)
        assert waiter.poll() is None  # waiting, not refused
    finally:
        holder.kill()
        holder.wait()
    assert waiter.wait(120) == 0
    assert len(lines(out / "summaries.jsonl")) == 3


def test_kill_minus_nine_while_changed_clusters_are_redone_never_duplicates_a_record(tmp_path):
    root, out = storms(tmp_path / "in", 150), tmp_path / "out"
    assert subprocess.run(command(root, out)).returncode == 0
    storms(root, 150, day="Friday")  # every cluster changed
    proc = subprocess.Popen(command(root, out), start_new_session=True)
    pending = out / ".summaries.pending.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and (pending.read_bytes().count(b"\n") if pending.exists() else 0) < 5:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert pending.exists()  # killed mid-run, with records replaced but not yet compacted
    ids = [r["cluster"] for r in lines(out / "summaries.jsonl")]
    assert len(ids) == 150 and len(set(ids)) == 150  # one record per cluster, even killed mid-run
    assert subprocess.run(command(root, out)).returncode == 0
    records = lines(out / "summaries.jsonl")
    assert sorted(r["cluster"] for r in records) == [f"c{i:03d}" for i in range(150)]
    assert all("Friday" in r["summary"] for r in records) and not pending.exists()


def full_disk_after(monkeypatch, records: int, name: str = "summaries.jsonl"):
    """os.write fails with ENOSPC (after writing half its bytes) once ``records`` lines reached ``name``."""
    real_write = os.write
    seen = {"n": 0}

    def write(fd, data):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(name):
            if seen["n"] >= records:
                real_write(fd, bytes(data[: len(data) // 2]))
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            seen["n"] += 1
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)


def test_a_full_disk_is_one_line_exit_3_and_the_rerun_completes_exactly(tmp_path, monkeypatch, capsys):
    root, out = storms(tmp_path / "in", 8), tmp_path / "out"
    full_disk_after(monkeypatch, 3)
    assert main(["run", str(root), "-o", str(out), *LEAD]) == 3
    assert capsys.readouterr().err.splitlines() == [
        f"summarize: error: cannot write a record ({out / 'summaries.jsonl'}): No space left on device"]
    assert len(lines(out / "summaries.jsonl")) == 3  # whole records only
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()  # space freed
    assert main(["run", str(root), "-o", str(out), *LEAD]) == 0
    ids = [r["cluster"] for r in lines(out / "summaries.jsonl")]
    assert sorted(ids) == [f"c{i:03d}" for i in range(8)]


@pytest.mark.parametrize("code,text", [(errno.EACCES, "Permission denied"), (errno.EROFS, "Read-only file system")])
def test_an_unwritable_report_is_exit_3_without_a_temporary_file(tmp_path, monkeypatch, capsys, code, text):
    root, out = storms(tmp_path / "in", 2), tmp_path / "out"
    real_replace = os.replace

    def replace(src, dst):
        if str(dst).endswith("report.html"):
            raise OSError(code, os.strerror(code))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert main(["run", str(root), "-o", str(out), *LEAD]) == 3
    assert capsys.readouterr().err.splitlines() == [f"summarize: error: cannot write ({out / 'report.html'}): {text}"]
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_an_output_folder_inside_the_input_is_never_read(tmp_path):
    root = storms(tmp_path / "in", 2)
    out = root / "out"
    for _ in range(2):
        assert subprocess.run(command(root, out)).returncode == 0
    assert sorted(r["cluster"] for r in lines(out / "summaries.jsonl")) == ["c000", "c001"]
    assert lines(out / "errors.jsonl") == []


def test_fifos_sockets_and_dangling_links_are_errors_and_never_opened(tmp_path):
    import socket

    root = storms(tmp_path / "in", 1)
    os.mkfifo(root / "c000" / "pipe.txt")  # opening it would block the run forever
    (root / "c000" / "gone.txt").symlink_to(root / "c000" / "nowhere.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "c000" / "s.txt"))
    try:
        result = subprocess.run(command(root, tmp_path / "out"), capture_output=True, text=True, timeout=120)
    finally:
        sock.close()
    assert result.returncode == 1
    errors = {e["path"]: (e["error"], e["level"]) for e in lines(tmp_path / "out" / "errors.jsonl")}
    assert errors == {"c000/pipe.txt": ("not_a_file", "error"), "c000/s.txt": ("not_a_file", "error"),
                      "c000/gone.txt": ("dangling_symlink", "error")}
    assert len(lines(tmp_path / "out" / "summaries.jsonl")) == 1


def test_benign_skips_are_warnings_exit_0_and_each_path_is_said_once(tmp_path, capsys):
    root = storms(tmp_path / "in", 2)
    (root / "c000" / "copy.txt").write_text((root / "c000" / "a.txt").read_text())
    (root / "c001" / "blank.txt").write_text("   \n")
    out = tmp_path / "out"
    assert main(["run", str(root), "-o", str(out), "--set", "summarizer.model=lead", "--no-check"]) == 0
    errors = lines(out / "errors.jsonl")
    assert {(e["path"], e["level"]) for e in errors} == {("c000/copy.txt", "warning"), ("c001/blank.txt", "warning")}
    messages = [line for line in capsys.readouterr().err.splitlines() if "summarize: warning:" in line]
    assert len(messages) == 2
    assert all(line.split("summarize: warning: ")[1].count(path) == 1
               for line, path in zip(sorted(messages), ["c000/copy.txt", "c001/blank.txt"]))
    info = json.loads((out / "run.json").read_text())
    assert info["counts"]["warnings"] == 2 and info["counts"]["files_failed"] == 0


def test_every_error_record_has_a_level(tmp_path):
    root = storms(tmp_path / "in", 1)
    (root / "c000" / "bad.json").write_text("{nope")
    (root / "empty").mkdir()
    (root / "empty" / "blank.txt").write_text("")
    assert subprocess.run(command(root, tmp_path / "out")).returncode == 1
    levels = {e["error"]: e["level"] for e in lines(tmp_path / "out" / "errors.jsonl")}
    assert levels == {"malformed_json": "error", "empty_file": "warning", "no_articles": "error"}


def test_report_ids_are_unique_across_clusters(tmp_path, tiny):
    out = tmp_path / "out"
    assert main(["run", str(EXAMPLES), "-o", str(out), "--quiet", "--set", "summarizer.model=lead",
                 "--set", f"checker.model={tiny('nli')}"]) == 0
    import re

    ids = re.findall(r'\bid="([^"]+)"', (out / "report.html").read_text())
    assert len([i for i in ids if "-s" in i]) > 6 and len(ids) == len(set(ids))


def test_a_run_that_fails_before_its_first_cluster_leaves_nothing(tmp_path, monkeypatch, capsys):
    def cannot_load(*args, **kwargs):
        raise OSError(errno.ENOENT, "No such file or directory", "/nonexistent/model.safetensors")

    monkeypatch.setattr("summarize.batch.runner.Pipeline", cannot_load)
    out = tmp_path / "deep" / "out"
    assert main(["run", str(EXAMPLES), "-o", str(out), *LEAD]) == 2
    assert "/nonexistent" in capsys.readouterr().err
    assert not out.exists()
    out.mkdir(parents=True)  # an existing OUT is left as it was found
    (out / "summaries.jsonl").write_text("")
    assert main(["run", str(EXAMPLES), "-o", str(out), *LEAD]) == 2
    assert sorted(p.name for p in out.iterdir()) == ["summaries.jsonl"]


def test_a_warning_during_the_run_is_one_line_above_the_bar(tmp_path, monkeypatch, capsys):
    import warnings

    from summarize.batch import pipeline

    original = pipeline.Pipeline.process

    def process(self, cluster, read_seconds=0.0):
        warnings.warn(f"a premise of {cluster.id} is longer than checker.max_length")
        return original(self, cluster, read_seconds)

    monkeypatch.setattr(pipeline.Pipeline, "process", process)
    root = storms(tmp_path / "in", 2)
    assert main(["run", str(root), "-o", str(tmp_path / "out"), "--set", "summarizer.model=lead", "--no-check"]) == 0
    err = capsys.readouterr().err
    assert "summarize: warning: a premise of c000 is longer than checker.max_length\n" in err
    assert "UserWarning" not in err


def test_a_symlink_loop_is_a_warning_and_the_run_exits_0(tmp_path):
    root = storms(tmp_path / "in", 1)
    (root / "c000" / "again").symlink_to(root, target_is_directory=True)
    assert subprocess.run(command(root, tmp_path / "out")).returncode == 0
    assert [(e["error"], e["level"]) for e in lines(tmp_path / "out" / "errors.jsonl")] == [("symlink_loop", "warning")]
