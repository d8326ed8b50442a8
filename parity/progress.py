"""Stage progress of one long inspection ("reading the catalog…", "comparing…").

A check of 10,000 tables runs for seconds with nothing to show per target, so the
command line wants to say what stage it is in.  The public signatures stay as
The public API fixes them: the listener travels in a :class:`~contextvars.ContextVar`
that :func:`reporting` sets around a call, and the core announces its stages with
:func:`stage`, which costs one lookup when nobody listens (a library caller never
does).  A context variable is not inherited by ``compare_many``'s worker threads, so
per-target checks on the thread pool never print stage lines over each other.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

Listener = Callable[[str], None]

_LISTENER: ContextVar[Listener | None] = ContextVar("parity_progress", default=None)


@contextlib.contextmanager
def reporting(listener: Listener) -> Iterator[None]:
    """Send the stage messages of the inspections run inside this block to ``listener``."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)


def stage(message: str) -> None:
    """Announce a stage (one line, no trailing punctuation needed) to the listener, if any."""
    listener = _LISTENER.get()
    if listener is not None:
        listener(message)


def count(number: int, noun: str) -> str:
    """``10,000 tables`` / ``1 table``: numbers people read at a glance."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
