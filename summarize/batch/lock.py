"""One writer per output folder: an advisory ``flock`` on ``OUT/.summarize.lock``.

The operating system releases the lock when its process ends, however it ends (``kill -9``
included), so a crash never leaves a stale lock. The file holds the holder's pid, which a
refused run names. The file itself stays after a run: removing it while another process
waits on it would let two writers in, so only a run that created OUT and wrote nothing
removes it (:meth:`OutputLock.discard`), and every taker checks that the file it locked is
still the one at the path.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

from .output_error import OutputError

LOCK = ".summarize.lock"


class OutputLocked(Exception):
    """Another process holds OUT's lock."""

    def __init__(self, out_dir: Path, pid: int | None):
        holder = f"process {pid}" if pid else "another process"
        super().__init__(f"{out_dir} is being written by {holder} (another `summarize run`); wait for it to finish, "
                         f"or add --wait to start when it does")
        self.out_dir, self.pid = out_dir, pid


def _holder(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


class OutputLock:
    """Hold OUT's lock from :meth:`acquire` until :meth:`release` (or the process ends)."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / LOCK
        self.fd: int | None = None
        self.created_dir = False
        self.created_file = False

    def acquire(self, wait: bool = False) -> OutputLock:
        """Take the lock, creating OUT if needed; raise :class:`OutputLocked` unless ``wait``."""
        while True:
            if not self.out_dir.is_dir():
                try:
                    self.out_dir.mkdir(parents=True)
                    self.created_dir = True
                except FileExistsError:
                    if not self.out_dir.is_dir():  # a file, or a link to nothing
                        raise OutputError("the output path is not a folder", self.out_dir,
                                          NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))) from None
                except OSError as err:
                    raise OutputError("cannot create the output folder", self.out_dir, err) from err
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
                self.created_file = True
            except FileExistsError:
                try:
                    fd = os.open(self.path, os.O_RDWR)
                except FileNotFoundError:  # removed between the two opens: start again
                    continue
                except OSError as err:
                    raise OutputError("cannot open the lock file", self.path, err) from err
            except FileNotFoundError:  # OUT removed by a run that gave up: start again
                continue
            except OSError as err:
                raise OutputError("cannot create the lock file", self.path, err) from err
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except OSError as err:
                os.close(fd)
                if err.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise OutputLocked(self.out_dir, _holder(self.path)) from None
                raise OutputError("cannot lock the output folder", self.path, err) from err
            if self._still_ours(fd):
                break
            os.close(fd)  # the file was removed while we waited: lock the new one
            self.created_file = False
        self.fd = fd
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError:  # the pid is a courtesy to a refused run; a full disk must not stop the lock
            pass
        return self

    def _still_ours(self, fd: int) -> bool:
        try:
            here = os.stat(self.path)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the only descriptor releases the flock
            self.fd = None

    def discard(self) -> None:
        """Release, removing the lock file (and OUT) if this run created them and OUT holds nothing else."""
        if self.fd is None:
            return
        if self.created_file:
            self.path.unlink(missing_ok=True)  # still locked: a waiting run re-checks the inode and retries
        self.release()
        if self.created_dir:
            try:
                self.out_dir.rmdir()
            except OSError:  # something else is in it now: leave it
                pass
