"""``OutputError``: an output file could not be written (a full disk, no permission, a
read-only filesystem). The command line prints it in one line and exits with code 3."""

from __future__ import annotations

import os
from pathlib import Path


class OutputError(Exception):
    """``what`` failed on ``path`` with the OS error ``cause``; the message reads
    ``<what> (<path>): <strerror>``."""

    exit_code = 3  # the command line's code for "an output could not be written"

    def __init__(self, what: str, path: str | os.PathLike, cause: OSError):
        self.what, self.path, self.cause = what, Path(path), cause
        super().__init__(f"{what} ({path}): {cause.strerror or cause}")
