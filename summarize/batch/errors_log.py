"""``errors.jsonl`` and the matching lines on stderr: every file or cluster not used, with a ``level``.

``warning``: a benign skip that loses nothing the summary needs (an empty article or file, an
article repeated within its cluster, articles past ``input.max_articles``, a folder a symlink
leads back to, already read); ``error``: a file or
cluster that could not be used. Only errors make ``summarize run`` exit 1. Each message names
its path once and is written above the progress bar, never through it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from ..records import FileError
from . import jsonl

WARNINGS = frozenset({"duplicate_article", "too_many_articles", "empty_article", "empty_file", "symlink_loop"})
CLUSTER_ERRORS = frozenset({"no_articles", "cluster_failed"})


def level(code: str | None) -> str:
    return "warning" if code in WARNINGS else "error"


def message_line(error: FileError) -> str:
    """``summarize: [warning: ]PATH: MESSAGE``, the path said once."""
    text = error.message if error.path and error.path in error.message else f"{error.path}: {error.message}"
    return f"summarize: {'warning: ' if level(error.error) == 'warning' else ''}{text}"


class ErrorLog:
    """Writes each error to ``errors.jsonl`` (opened on the first one) and to stderr."""

    def __init__(self, path: Path, echo: Callable[[str], None] | None = None):
        self.path = path
        self.echo = echo or (lambda text: print(text, file=sys.stderr))
        self.appender: jsonl.Appender | None = None
        self.file_errors = 0  # error-level records of files (a failed cluster is counted by the runner)
        self.warnings = 0

    def open(self) -> None:
        """Start ``errors.jsonl`` afresh (the run re-reads every cluster, so it re-finds every error)."""
        if self.appender is None:
            self.appender = jsonl.Appender(self.path, truncate=True)

    def report(self, error: FileError) -> None:
        self.open()
        assert self.appender is not None
        self.appender.write({**error.to_dict(), "level": level(error.error)})
        if level(error.error) == "warning":
            self.warnings += 1
        elif error.error not in CLUSTER_ERRORS:
            self.file_errors += 1
        self.echo(message_line(error))

    @property
    def written(self) -> int:
        return self.appender.written if self.appender else 0

    def close(self) -> None:
        if self.appender is not None:
            self.appender.close()
