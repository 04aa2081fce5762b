"""Crash-safe JSONL files: whole lines appended and synced; torn last lines repaired on open.

A run killed at any moment (kill -9) leaves at most one partial last line; :func:`repair`
cuts it, so no partial record is ever read back, and resumed runs append after it. A write
that fails (a full disk) takes back what it wrote of its line, and every rewrite goes through
a temporary file that is removed when it fails, so nothing half-written stays behind. Every
write error is raised as :class:`~summarize.batch.output_error.OutputError`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .output_error import OutputError


def repair(path: Path) -> None:
    """Drop a torn (unterminated or unparsable) last line."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return
        with open(path, "rb+") as handle:
            _repair(handle)
    except OSError as err:
        raise OutputError("cannot repair the last line", path, err) from err


def _repair(handle) -> None:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    back = min(size, 1 << 20)
    while True:
        handle.seek(size - back)
        tail = handle.read(back)
        cut = tail.rfind(b"\n", 0, len(tail) - 1 if tail.endswith(b"\n") else len(tail))
        if cut >= 0 or back == size:
            break
        back = min(size, back * 2)
    last_start = size - back + cut + 1 if cut >= 0 else 0
    handle.seek(last_start)
    last = handle.read()
    try:
        complete = last.endswith(b"\n") and isinstance(json.loads(last), dict)
    except ValueError:
        complete = False
    if not complete:
        handle.truncate(last_start)


def read(path: Path) -> Iterator[dict]:
    """Records of a JSONL file, skipping lines that do not parse."""
    if not path.is_file():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record


def line(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


class Appender:
    """Append one record per line, each written whole and synced; a failed write is taken back."""

    def __init__(self, path: Path, truncate: bool = False):
        self.path = path
        self.written = 0  # records written through this appender
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not truncate:
                repair(path)
            self.fd: int | None = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if truncate else 0),
                                          0o644)
        except OSError as err:
            raise OutputError("cannot open for writing", path, err) from err

    def write(self, record: dict) -> None:
        assert self.fd is not None, "closed"
        data = memoryview(line(record))
        start = os.fstat(self.fd).st_size
        try:
            while data:
                data = data[os.write(self.fd, data):]
            os.fsync(self.fd)
        except OSError as err:
            try:  # no partial line stays behind
                os.ftruncate(self.fd, start)
            except OSError:
                pass
            raise OutputError("cannot write a record", self.path, err) from err
        self.written += 1

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def write_lines(path: Path, lines: Iterable[bytes]) -> None:
    """Atomically replace ``path`` with ``lines`` (through ``path.tmp``, synced, then renamed)."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        with open(tmp, "wb") as out:
            for chunk in lines:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise OutputError("cannot write", path, err) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def rewrite_without(path: Path, drop: Callable[[dict], bool]) -> None:
    """Atomically rewrite ``path`` keeping only the records for which ``drop(record)`` is false."""
    if path.is_file():
        write_lines(path, (line(r) for r in read(path) if not drop(r)))


def atomic_write_text(path: Path, text: str) -> None:
    write_lines(path, [text.encode("utf-8")])
