"""Reducing the model on a second thread while the catalog is read.

Reading a catalog is mostly waiting: for the server to answer (PostgreSQL, MySQL) or
for the database engine's C code, both of which release the GIL.  Reducing the model
to its snapshot needs no connection at all, so it runs beside the read instead of
after it: on PostgreSQL at 1,000 tables the model side (~0.2 s) hides behind the
server's ~0.2 s of catalog queries.

The work runs in a copy of the caller's :mod:`contextvars` context, so progress
listeners and the shared DDL compiler behave as on the caller's thread, and whatever
it sets stays on its own thread.  Small models are reduced inline: a thread costs
more than reducing a few tables (the startup guard checks five).
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")

#: Below this many model tables the model is reduced on the caller's thread.
MIN_TABLES_BESIDE = 64


class Pending(Generic[T]):
    """The result of ``work``, computed now (inline) or on a thread beside the caller."""

    def __init__(self, work: Callable[[], T], *, beside: bool) -> None:
        self._work: Callable[[], T] | None = work
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if beside:
            context = contextvars.copy_context()
            self._thread = threading.Thread(
                target=context.run, args=(self._run,), name="parity-model", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        work, self._work = self._work, None
        assert work is not None
        try:
            self._value = work()
        except BaseException as exc:  # re-raised on the caller's thread by result()
            self._error = exc

    def result(self) -> T:
        """The value of ``work``; its exception, if it raised, re-raised here."""
        if self._thread is not None:
            self._thread.join()
        elif self._work is not None:
            self._run()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]

    def wait(self) -> None:
        """Let a running thread finish; the result (or error) is dropped."""
        if self._thread is not None:
            self._thread.join()


@contextmanager
def beside(work: Callable[[], T], *, size: int) -> Iterator[Pending[T]]:
    """Start ``work`` beside the block when ``size`` (model tables) makes it worth it.

    The thread is always joined when the block ends, also when it raises, so no
    reduction outlives the comparison that asked for it.
    """
    pending = Pending(work, beside=size >= MIN_TABLES_BESIDE)
    try:
        yield pending
    finally:
        pending.wait()
