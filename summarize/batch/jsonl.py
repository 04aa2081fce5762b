"""Crash-safe JSONL files: whole lines appended and synced; torn last lines repaired on open.

A run killed at any moment (kill -9) leaves at most one partial last line; :func:`repair`
cuts it, so no partial record is ever read back, and resumed runs append after it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path


def repair(path: Path) -> None:
    """Drop a torn (unterminated or unparsable) last line."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as handle:
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


class Appender:
    """Append one record per line, each written whole, flushed and synced."""

    def __init__(self, path: Path, truncate: bool = False):
        path.parent.mkdir(parents=True, exist_ok=True)
        if not truncate:
            repair(path)
        self.handle = open(path, "w" if truncate else "a", encoding="utf-8")

    def write(self, record: dict) -> None:
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        self.handle.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def rewrite_without(path: Path, drop) -> None:
    """Atomically rewrite ``path`` keeping only the records for which ``drop(record)`` is false."""
    if not path.is_file():
        return
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for record in read(path):
            if not drop(record):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
