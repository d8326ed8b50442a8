"""Helpers for the safety tests: a silent server, probes of session state, a hook.

Everything here stays on loopback, and every socket and thread stops by itself.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

#: A password that must never show up anywhere.
SECRET = "Pw-7e3f;s3cr3t"


@contextlib.contextmanager
def silent_server(lifetime: float = 30.0) -> Iterator[int]:
    """A loopback port that accepts connections and never says a word.

    The accepting thread stops when the block ends or after ``lifetime`` seconds,
    whichever comes first, and closes every socket it accepted.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def serve() -> None:
        waited = 0.0
        while not stop.is_set() and waited < lifetime:  # bounded
            try:
                conn, _addr = listener.accept()
                accepted.append(conn)
            except TimeoutError:
                waited += 0.2
            except OSError:
                return

    thread = threading.Thread(target=serve, name="silent-server", daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in accepted:
            conn.close()
        listener.close()


def closed_port() -> int:
    """A loopback port nothing listens on (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def session_state(conn: Connection, backend: str) -> dict[str, Any]:
    """The session settings an inspection could change, to compare before/after."""
    if backend == "postgresql":
        names: tuple[str, ...] = ("statement_timeout", "lock_timeout", "transaction_read_only")
        return {n: conn.exec_driver_sql(f"SHOW {n}").scalar() for n in names}
    if backend == "mysql":
        names = ("max_statement_time", "lock_wait_timeout", "tx_read_only")
        return {n: conn.exec_driver_sql(f"SELECT @@SESSION.{n}").scalar() for n in names}
    names = ("query_only", "busy_timeout")
    return {n: conn.exec_driver_sql(f"PRAGMA {n}").scalar() for n in names}


@contextlib.contextmanager
def during_inspection(
    engine: Engine, action: Callable[[], None], *, after_statements: int = 2
) -> Iterator[list[BaseException]]:
    """Run ``action`` (once) just before the inspection's statement ``after_statements``.

    Yields a list that receives the exception ``action`` raised, if any.
    """
    count = [0]
    failures: list[BaseException] = []

    def hook(*_args: object) -> None:
        count[0] += 1
        if count[0] == after_statements:
            try:
                action()
            except Exception as exc:
                failures.append(exc)

    event.listen(engine, "before_cursor_execute", hook)
    try:
        yield failures
    finally:
        event.remove(engine, "before_cursor_execute", hook)
