"""What ``summarize run`` says on stderr while its progress bar is drawn: every line is written
above the bar (``tqdm.write``), never through it, Python warnings and library log records included."""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Iterator

from tqdm.auto import tqdm


def echo(text: str) -> None:
    """One line above the progress bar."""
    tqdm.write(text, file=sys.stderr)


@contextlib.contextmanager
def above_the_bar() -> Iterator[None]:
    """Route warnings (``summarize: warning: ...``) and log records above the bar while inside."""
    from tqdm.contrib.logging import logging_redirect_tqdm

    shown = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        echo(f"summarize: warning: {message}")

    warnings.showwarning = show
    try:
        with logging_redirect_tqdm():
            yield
    finally:
        warnings.showwarning = shown
