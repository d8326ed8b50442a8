"""The async API on asyncpg, aiosqlite and aiomysql: the sync reports, fail-closed guards.

Each test runs its coroutine with ``asyncio.run`` against the throwaway database of
``backend_name``, reached through that database's async driver, and compares with what
the sync API says about the same database.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

import parity
from parity import cost_tables
from parity.errors import InspectionError
from tests.safety.support import silent_server

T = TypeVar("T")

ASYNC_DRIVERS = {"sqlite": "aiosqlite", "postgresql": "asyncpg", "mysql": "aiomysql"}


def async_url(backend_name: str, url: str) -> str:
    parsed = make_url(url)
    query = {k: v for k, v in parsed.query.items() if k != "charset"}
    parsed = parsed.set(drivername=f"{backend_name}+{ASYNC_DRIVERS[backend_name]}", query=query)
    return parsed.render_as_string(hide_password=False)


def run(backend_name: str, url: str, work: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    async def main() -> T:
        engine = create_async_engine(async_url(backend_name, url))
        try:
            return await work(engine)
        finally:
            await engine.dispose()

    return asyncio.run(main())


def _drift(engine: Engine) -> None:
    cost_tables.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE cost_records ADD COLUMN hotfix INTEGER")


def test_compare_async_gives_the_sync_report(
    backend_name: str, backend_engine: Engine, backend_url: str
) -> None:
    _drift(backend_engine)
    sync = parity.compare(backend_engine, cost_tables.metadata, mode="exact")
    report = run(
        backend_name,
        backend_url,
        lambda e: parity.compare_async(e, cost_tables.metadata, mode="exact", timeout=10),
    )
    assert report.to_dict() == sync.to_dict()
    assert not report.ok
    snapshot = run(backend_name, backend_url, parity.take_snapshot_async)
    assert snapshot == parity.take_snapshot(backend_engine)


def test_an_async_connection_in_a_transaction_is_left_open(
    backend_name: str, backend_engine: Engine, backend_url: str
) -> None:
    cost_tables.metadata.create_all(backend_engine)

    async def work(engine: AsyncEngine) -> tuple[bool, Any]:
        async with engine.connect() as conn:
            await conn.execute(sa.text("SELECT 1"))
            report = await parity.compare_async(conn, cost_tables.metadata)
            still = conn.in_transaction()
            await conn.execute(sa.text("SELECT 1"))  # still usable
            await conn.rollback()
            return still, report

    still_open, report = run(backend_name, backend_url, work)
    assert still_open and report.ok


def test_async_guards_pass_on_a_clean_database_and_refuse_drift(
    backend_name: str, backend_engine: Engine, backend_url: str
) -> None:
    cost_tables.metadata.create_all(backend_engine)
    assert run(backend_name, backend_url, parity.check_m26_cost_tables_async) == (True, [])
    assert (
        run(
            backend_name, backend_url, lambda e: parity.run_startup_parity_check_async(e, models=[])
        )
        is None
    )
    with backend_engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE cost_records ADD COLUMN hotfix INTEGER")
    with pytest.raises(parity.SchemaParityError) as raised:
        run(backend_name, backend_url, parity.check_m26_cost_tables_async)
    with pytest.raises(parity.SchemaParityError) as sync:
        parity.check_m26_cost_tables(backend_engine)
    assert str(raised.value) == str(sync.value)
    with pytest.raises(parity.SchemaParityError):
        run(backend_name, backend_url, parity.run_startup_parity_check_async)
    ok, errors = run(
        backend_name,
        backend_url,
        lambda e: parity.check_schema_parity_async(e, [cost_tables.CostRecord], hard_fail=False),
    )
    assert (ok, errors) == parity.check_schema_parity(
        backend_engine, [cost_tables.CostRecord], hard_fail=False
    )


@pytest.mark.backends("postgresql", "mysql")
def test_the_event_loop_keeps_running_while_the_catalog_is_read(
    backend_name: str, backend_engine: Engine, backend_url: str
) -> None:
    """Round trips are awaited: another task runs between the catalog statements."""
    cost_tables.metadata.create_all(backend_engine)

    async def work(engine: AsyncEngine) -> int:
        ticks = 0
        done = asyncio.Event()

        async def ticker() -> None:
            nonlocal ticks
            while not done.is_set():
                ticks += 1
                await asyncio.sleep(0)

        task = asyncio.create_task(ticker())
        await asyncio.sleep(0)
        start = ticks
        await parity.compare_async(engine, cost_tables.metadata)
        done.set()
        await task
        return ticks - start

    assert run(backend_name, backend_url, work) > 3


SILENT = {"postgresql": "postgresql+asyncpg", "mysql": "mysql+aiomysql"}


@pytest.mark.parametrize("scheme", sorted(SILENT.values()))
def test_async_guards_fail_closed_on_a_silent_server(scheme: str) -> None:
    with silent_server() as port:
        url = f"{scheme}://app:pw@127.0.0.1:{port}/app"

        async def main() -> None:
            engine = create_async_engine(url)
            try:
                await parity.run_startup_parity_check_async(engine, timeout=1)
            finally:
                await engine.dispose()

        started = time.monotonic()
        with pytest.raises(parity.SchemaParityError) as raised:
            asyncio.run(main())
        elapsed = time.monotonic() - started
    assert elapsed < 5, f"took {elapsed:.1f} s"
    assert isinstance(raised.value.__cause__, InspectionError)
    assert "within 1 s" in str(raised.value)

    async def soft() -> tuple[bool, list[str]]:
        return await parity.check_schema_parity_async(url, hard_fail=False, timeout=1)

    with silent_server() as port:
        url = f"{scheme}://app:pw@127.0.0.1:{port}/app"
        ok, errors = asyncio.run(soft())
    assert not ok and "refusing to pass" in errors[0]


def test_a_sync_engine_is_a_usage_error(tmp_path: Any) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path}/x.db")
    with pytest.raises(parity.ParityUsageError, match="AsyncEngine"):
        asyncio.run(parity.compare_async(engine, cost_tables.metadata))


def test_an_async_sqlite_url_is_opened_read_only_and_never_created(tmp_path: Any) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(InspectionError, match="does not exist"):
        asyncio.run(parity.compare_async(f"sqlite+aiosqlite:///{missing}", cost_tables.metadata))
    assert not missing.exists()
    path = tmp_path / "app.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    cost_tables.metadata.create_all(engine)
    engine.dispose()
    report = asyncio.run(parity.compare_async(f"sqlite+aiosqlite:///{path}", cost_tables.metadata))
    assert report.ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.db"]  # no journal, no -wal
