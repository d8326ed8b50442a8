"""Pausing Python's cyclic garbage collector while a snapshot is built.

Building a snapshot of 10,000 tables allocates millions of small, acyclic objects
(records, tuples, strings).  Each allocation burst triggers the cyclic collector, and
its full collections walk every live object, the user's whole ``MetaData`` included,
again and again: about a third of ``compare``'s time at 1,000 tables on SQLite.
What is built is almost all acyclic (reference counting frees it), and the few cycles
(compiler objects) wait for the next collection after the pause, so the collector is
paused for the duration of a phase and resumed afterwards.

The collector is process-wide, so pauses are counted: nested or concurrent pauses
(``parity.many`` runs comparisons on threads) keep it disabled until the last one ends,
and a pause that begins while the collector is disabled leaves it alone.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _PauseCount:
    """How many pauses are active; the collector is re-enabled when it drops to zero."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = 0

    def join(self) -> bool:
        """Start a pause unless the collector is disabled by someone else."""
        with self.lock:
            if self.active == 0 and not gc.isenabled():
                return False
            self.active += 1
            gc.disable()
            return True

    def leave(self) -> None:
        with self.lock:
            self.active -= 1
            if self.active == 0:
                gc.enable()


_PAUSES = _PauseCount()


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector for the block; re-enable it when the last pause ends.

    A block entered while the collector is disabled by someone else changes nothing.
    """
    joined = _PAUSES.join()
    try:
        yield
    finally:
        if joined:
            _PAUSES.leave()
