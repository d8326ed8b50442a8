"""``parity.overlap``: the model reduced beside the read gives what it gives inline."""

from __future__ import annotations

import contextvars
import threading

import pytest

from parity.overlap import MIN_TABLES_BESIDE, Pending, beside

_MARK: contextvars.ContextVar[str] = contextvars.ContextVar("test_overlap_mark", default="unset")


def test_small_models_run_inline_and_only_when_asked() -> None:
    ran: list[str] = []

    def work() -> int:
        ran.append(threading.current_thread().name)
        return 7

    with beside(work, size=MIN_TABLES_BESIDE - 1) as pending:
        assert ran == []  # inline work waits for result()
        assert pending.result() == 7
    assert ran == [threading.current_thread().name]


def test_unneeded_inline_work_never_runs() -> None:
    ran: list[int] = []
    with beside(lambda: ran.append(1), size=0):
        pass
    assert ran == []


def test_large_models_run_on_another_thread_with_the_callers_context() -> None:
    token = _MARK.set("caller")
    try:
        seen: dict[str, str] = {}

        def work() -> str:
            seen["thread"] = threading.current_thread().name
            seen["mark"] = _MARK.get()
            _MARK.set("worker")  # stays on the worker's copy of the context
            return "done"

        with beside(work, size=MIN_TABLES_BESIDE) as pending:
            assert pending.result() == "done"
        assert seen == {"thread": "parity-model", "mark": "caller"}
        assert _MARK.get() == "caller"
    finally:
        _MARK.reset(token)


@pytest.mark.parametrize("size", [0, MIN_TABLES_BESIDE])
def test_the_works_exception_is_raised_on_the_callers_thread(size: int) -> None:
    def work() -> None:
        raise LookupError("model cannot be reduced")

    with (
        pytest.raises(LookupError, match="model cannot be reduced"),
        beside(work, size=size) as pending,
    ):
        pending.result()


def test_the_thread_is_joined_when_the_block_raises() -> None:
    release = threading.Event()
    finished = threading.Event()

    def work() -> None:
        release.wait(5)
        finished.set()

    with pytest.raises(RuntimeError, match="read failed"), beside(work, size=MIN_TABLES_BESIDE):
        release.set()
        raise RuntimeError("read failed")
    assert finished.is_set()  # joined, not left running after the comparison


def test_pending_result_can_be_read_twice() -> None:
    pending = Pending(lambda: [1], beside=True)
    assert pending.result() == [1]
    assert pending.result() == [1]
