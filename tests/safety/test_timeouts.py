"""Safety promise 6: the guard never hangs; it fails closed within its timeout.

A loopback socket that accepts and never answers stands in for a hung server; a
statement that runs too long stands in for a hung catalog query.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

import parity
from parity import guard
from parity.adapter import DialectAdapter
from parity.errors import InspectionError, ParityUsageError
from tests.safety.support import silent_server

SILENT_URLS = {
    "postgresql": "postgresql+psycopg://app:pw@127.0.0.1:{port}/app",
    "mysql": "mysql+pymysql://app:pw@127.0.0.1:{port}/app",
}


@pytest.mark.parametrize("driver", sorted(SILENT_URLS))
@pytest.mark.parametrize("as_engine", [False, True], ids=["url", "engine"])
def test_silent_server_fails_closed_within_the_timeout(driver: str, as_engine: bool) -> None:
    with silent_server() as port:
        url = SILENT_URLS[driver].format(port=port)
        bind: Any = sa.create_engine(url) if as_engine else url
        started = time.monotonic()
        with pytest.raises(parity.SchemaParityError) as raised:
            parity.check_m26_cost_tables(bind, timeout=2)
        elapsed = time.monotonic() - started
    # The bound is the driver's connect timeout ("within 2 s" below); the wall-clock
    # ceiling is only generous proof that it did not wait on the silent server, which
    # would keep the connection open for its 30 s lifetime (a shared, loaded CI machine
    # must not make this fail).
    assert elapsed < 20, f"took {elapsed:.1f} s"
    assert isinstance(raised.value.__cause__, InspectionError)
    assert "within 2 s" in str(raised.value) and "\n" not in str(raised.value.__cause__)


def test_guard_default_timeout_is_ten_seconds() -> None:
    assert guard.DEFAULT_TIMEOUT == 10.0
    for check in (
        parity.check_schema_parity,
        parity.check_m26_cost_tables,
        parity.run_startup_parity_check,
    ):
        import inspect

        assert inspect.signature(check).parameters["timeout"].default == 10.0


@pytest.mark.parametrize("bad", [0, -1, "10", True])
def test_a_nonsense_timeout_is_a_usage_error(bad: object) -> None:
    with pytest.raises(ParityUsageError, match="timeout"):
        parity.compare("sqlite://", sa.MetaData(), timeout=bad)  # type: ignore[arg-type]


_SLOW = {"postgresql": "SELECT pg_sleep(30)", "mysql": "SELECT SLEEP(30)"}
#: How each server says it cut the statement short at the inspection's timeout.
_CANCELLED = {
    "postgresql": ("canceling statement due to statement timeout",),
    "mysql": ("interrupted by timeout", "max_statement_time exceeded"),
}


@pytest.mark.backends("postgresql", "mysql")
def test_a_slow_catalog_statement_is_cancelled(
    backend_name: str, backend_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    adapter_class = type(parity.dialect_for(backend_engine))
    original = adapter_class.read_catalog

    def slow(self: DialectAdapter, conn: Connection, *args: Any) -> Any:
        value = conn.exec_driver_sql(_SLOW[backend_name]).scalar()
        if value == 1:  # MariaDB/MySQL SLEEP() returns 1 when interrupted
            raise sa.exc.OperationalError("SLEEP", {}, Exception("interrupted by timeout"))
        return original(self, conn, *args)

    monkeypatch.setattr(adapter_class, "read_catalog", slow)
    metadata = sa.MetaData()
    sa.Table("t", metadata, sa.Column("id", sa.Integer, primary_key=True))
    started = time.monotonic()
    with pytest.raises(parity.SchemaParityError) as raised:
        parity.check_schema_parity(backend_engine, [metadata.tables["t"]], timeout=1)
    # The server cancelled the 30 s statement (its own words say so); the ceiling only
    # shows that nothing waited for the sleep to end.
    assert time.monotonic() - started < 25
    assert isinstance(raised.value.__cause__, InspectionError)
    cause = str(raised.value.__cause__)
    assert any(words in cause for words in _CANCELLED[backend_name]), cause


def test_a_locked_sqlite_file_fails_within_the_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    metadata = sa.MetaData()
    sa.Table("t", metadata, sa.Column("id", sa.Integer, primary_key=True))
    metadata.create_all(sa.create_engine(f"sqlite:///{path}"))
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        with pytest.raises(parity.SchemaParityError) as raised:
            parity.check_schema_parity(f"sqlite:///{path}", [metadata.tables["t"]], timeout=1)
        # The holder never lets go, so only the busy timeout (1 s) ends the wait; the
        # ceiling is generous, far below "forever".
        assert time.monotonic() - started < 20
        assert "locked" in str(raised.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
