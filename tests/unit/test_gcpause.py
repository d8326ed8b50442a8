"""``paused_gc``: the collector is off inside, restored after, and never forced back on."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from parity.gcpause import paused_gc


@pytest.fixture(autouse=True)
def _collector_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_disables_inside_and_restores_after() -> None:
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restores_after_an_exception() -> None:
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_nested_pauses_keep_it_off_until_the_outermost_ends() -> None:
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_leaves_a_collector_disabled_by_someone_else_alone() -> None:
    gc.disable()
    with paused_gc():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_overlapping_pauses_on_threads_end_with_the_last_one() -> None:
    """Two comparisons on threads (``parity.many``): the first to finish must not
    re-enable the collector under the second, and the last one re-enables it."""
    entered, release_first = threading.Event(), threading.Event()
    inside_second: list[bool] = []

    def first() -> None:
        with paused_gc():
            entered.set()
            release_first.wait(5)

    thread = threading.Thread(target=first)
    thread.start()
    assert entered.wait(5)
    with paused_gc():
        release_first.set()
        thread.join(5)
        inside_second.append(gc.isenabled())
    assert inside_second == [False]
    assert gc.isenabled()
