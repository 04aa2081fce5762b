"""Time budgets for one item of a batch (a file read, a pair checked).

A :class:`Budget` is a deadline. Linear loops call :meth:`Budget.check` once per bounded piece
of work, so an item over its budget stops within one piece of it; :func:`enforced` also
interrupts code that does not check (a model call), where the platform allows it (a SIGALRM
timer in the main thread). Either way the item ends with :class:`BudgetExceeded`, which the
batch turns into an error record naming the item, and the rest of the batch goes on.

>>> Budget(None).check()            # no budget: never over
>>> Budget(0.0).seconds is None     # 0 means no budget too
True
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator


class BudgetExceeded(RuntimeError):
    """One item's work ran past its time budget."""

    def __init__(self, seconds: float, setting: str):
        super().__init__(f"took longer than its budget of {seconds:g} s ({setting}); raise it to finish this item")
        self.seconds = seconds
        self.setting = setting


class Budget:
    """A deadline ``seconds`` from now (None or 0: no deadline); ``setting`` names the config key."""

    def __init__(self, seconds: float | None, setting: str = "budget"):
        self.seconds = seconds if seconds else None
        self.setting = setting
        self.deadline = time.monotonic() + self.seconds if self.seconds else None

    def check(self) -> None:
        """Raise :class:`BudgetExceeded` once the deadline has passed."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise BudgetExceeded(self.seconds or 0.0, self.setting)


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def enforced(budget: Budget) -> Iterator[Budget]:
    """Run the block under ``budget``, interrupting it when the deadline passes (main thread on
    POSIX; elsewhere only the block's own :meth:`Budget.check` calls stop it)."""
    if budget.deadline is None or not _can_interrupt():
        yield budget
        return

    def _expired(signum, frame):
        raise BudgetExceeded(budget.seconds or 0.0, budget.setting)

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, max(1e-3, budget.deadline - time.monotonic()))
    try:
        yield budget
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
