"""summaries.jsonl: appended in linear time, one record per cluster at every moment, healed on open."""

import json
from pathlib import Path

import pytest

from summarize.batch import jsonl
from summarize.batch.output_error import OutputError
from summarize.batch.store import PENDING, SummaryStore


def rec(cluster: str, fp: str = "cfg:a", **extra) -> dict:
    return {"cluster": cluster, "summary": f"about {cluster}", "fingerprint": fp, **extra}


def clusters(path: Path) -> list[tuple[str, str]]:
    return [(r["cluster"], r["fingerprint"]) for r in map(json.loads, path.read_text().splitlines())]


def write(path: Path, *records: dict) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def test_new_clusters_are_appended_and_nothing_is_rewritten(tmp_path, monkeypatch):
    path = tmp_path / "summaries.jsonl"
    write(path, rec("a"), rec("b"))
    rewrites = []
    original = jsonl.write_lines
    monkeypatch.setattr(jsonl, "write_lines", lambda p, lines: rewrites.append(p) or original(p, lines))
    store = SummaryStore(path)
    assert store.held == {"a": "cfg:a", "b": "cfg:a"}
    inode = path.stat().st_ino
    store.write(rec("c"))
    store.close()
    assert clusters(path) == [("a", "cfg:a"), ("b", "cfg:a"), ("c", "cfg:a")]
    assert rewrites == [] and path.stat().st_ino == inode  # appended in place, never copied


def test_changed_clusters_wait_in_the_pending_file_and_are_compacted_once(tmp_path, monkeypatch):
    path = tmp_path / "summaries.jsonl"
    write(path, *(rec(f"c{i}") for i in range(50)))
    rewrites = []
    original = jsonl.write_lines
    monkeypatch.setattr(jsonl, "write_lines", lambda p, lines: rewrites.append(p) or original(p, lines))
    store = SummaryStore(path)
    for i in range(50):
        store.write(rec(f"c{i}", "cfg:b"))
        # at every moment summaries.jsonl holds one record per cluster
        assert len(clusters(path)) == 50 and len({c for c, _ in clusters(path)}) == 50
    store.write(rec("new", "cfg:b"))
    assert len(rewrites) == 0
    store.close()
    assert len(rewrites) == 1  # one compaction for the whole run, not one per changed cluster
    assert sorted(clusters(path)) == sorted([(f"c{i}", "cfg:b") for i in range(50)] + [("new", "cfg:b")])
    assert not (tmp_path / PENDING).exists() and not (tmp_path / "summaries.jsonl.tmp").exists()


def test_a_run_killed_before_or_during_its_compaction_is_healed_on_open(tmp_path):
    path = tmp_path / "summaries.jsonl"
    write(path, rec("a"), rec("b"), rec("c"))
    write(tmp_path / PENDING, rec("b", "cfg:new"))
    with open(tmp_path / PENDING, "a") as handle:
        handle.write('{"cluster": "c", "summ')  # killed mid-line
    (tmp_path / "summaries.jsonl.tmp").write_text('{"cluster": "a"')  # killed mid-compaction
    store = SummaryStore(path)
    store.close()
    assert clusters(path) == [("a", "cfg:a"), ("c", "cfg:a"), ("b", "cfg:new")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summaries.jsonl"]


def test_duplicates_are_healed_keeping_the_last_complete_record(tmp_path):
    path = tmp_path / "summaries.jsonl"
    write(path, rec("a", "cfg:1"), rec("b"), rec("a", "cfg:2"), rec("other", "old:1"))
    with open(path, "a") as handle:
        handle.write('{"cluster": "a", "fingerprint": "cfg:3", "summ')  # torn
    store = SummaryStore(path, keep=lambda r: r["fingerprint"].startswith("cfg:"))
    assert store.held == {"b": "cfg:a", "a": "cfg:2"}
    store.close()
    assert clusters(path) == [("b", "cfg:a"), ("a", "cfg:2")]


def test_a_failed_write_takes_back_its_partial_line(tmp_path, monkeypatch):
    import errno
    import os

    path = tmp_path / "summaries.jsonl"
    store = SummaryStore(path)
    store.write(rec("a"))
    real_write = os.write

    def half_then_full(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OutputError) as failed:
        store.write(rec("b", summary="x" * 1000))
    monkeypatch.undo()
    store.close()
    assert str(failed.value) == f"cannot write a record ({path}): No space left on device"
    assert clusters(path) == [("a", "cfg:a")]  # no partial line


def test_a_failed_compaction_leaves_no_temporary_file_and_loses_nothing(tmp_path, monkeypatch):
    import errno
    import os

    path = tmp_path / "summaries.jsonl"
    write(path, rec("a"), rec("b"))
    store = SummaryStore(path)
    store.write(rec("a", "cfg:new"))
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.EROFS, os.strerror(errno.EROFS))))
    with pytest.raises(OutputError, match="Read-only file system"):
        store.close()
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == [PENDING, "summaries.jsonl"]
    SummaryStore(path).close()  # the next run heals it
    assert clusters(path) == [("b", "cfg:a"), ("a", "cfg:new")]
