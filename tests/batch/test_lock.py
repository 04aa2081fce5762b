"""One writer per output folder."""

import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from summarize.batch.lock import LOCK, OutputLock, OutputLocked


def hold_lock_in_a_child(out, seconds: float = 60) -> subprocess.Popen:
    code = textwrap.dedent(f"""
        import sys, time
        from summarize.batch.lock import OutputLock
        OutputLock({str(out)!r}).acquire()
        print("locked", flush=True)
        time.sleep({seconds})
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "locked"
    return child


def test_a_second_writer_is_refused_naming_the_holder(tmp_path):
    out = tmp_path / "out"
    child = hold_lock_in_a_child(out)
    try:
        with pytest.raises(OutputLocked) as refused:
            OutputLock(out).acquire()
        assert refused.value.pid == child.pid
        assert str(out) in str(refused.value) and str(child.pid) in str(refused.value)
    finally:
        child.kill()
        child.wait()


def test_kill_minus_nine_leaves_no_stale_lock(tmp_path):
    out = tmp_path / "out"
    child = hold_lock_in_a_child(out)
    child.kill()  # SIGKILL
    child.wait()
    lock = OutputLock(out).acquire()  # the OS released it
    assert (out / LOCK).read_text().strip() == str(os.getpid())
    lock.release()


def test_wait_takes_the_lock_when_the_holder_finishes(tmp_path):
    out = tmp_path / "out"
    child = hold_lock_in_a_child(out, seconds=1.5)
    start = time.monotonic()
    lock = OutputLock(out).acquire(wait=True)
    assert time.monotonic() - start > 0.5 and child.wait() == 0
    lock.release()


def test_a_run_that_gives_up_removes_what_it_created_and_a_waiter_still_gets_a_real_lock(tmp_path):
    out = tmp_path / "out"
    first = OutputLock(out).acquire()
    got: list[OutputLock] = []
    waiter = threading.Thread(target=lambda: got.append(OutputLock(out).acquire(wait=True)))
    waiter.start()
    time.sleep(0.3)
    first.discard()  # created OUT, wrote nothing: OUT is removed...
    waiter.join(10)
    (second,) = got
    # ...and the waiter holds a lock on the file now at the path, so a third run is refused
    assert (out / LOCK).is_file() and second._still_ours(second.fd)
    with pytest.raises(OutputLocked):
        OutputLock(out).acquire()
    second.release()


def test_discard_keeps_an_output_folder_it_did_not_create(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "summaries.jsonl").write_text("")
    OutputLock(tmp_path / "out").acquire().discard()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["summaries.jsonl"]
