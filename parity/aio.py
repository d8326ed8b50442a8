"""Async applications: ``compare``, snapshots and the startup guard on an ``AsyncEngine``.

A FastAPI app that runs only an ``AsyncEngine`` (asyncpg, aiosqlite, aiomysql) awaits
these instead of learning ``run_sync``.  Each one does exactly what its sync twin does,
on the sync facade SQLAlchemy gives an async connection: ``AsyncConnection.run_sync``
runs the sync code in a greenlet whose every database round trip is awaited on the
event loop, so the loop keeps serving other tasks while the catalog is read.  Same
report, same read-only transaction (rolled back), same fail-closed guards.

Timeouts: ``timeout`` bounds connecting through ``asyncio.wait_for`` (any async driver,
a server that accepts and never answers included), and each catalog statement through
the adapter's server-side limit, as in the sync API.  A connection the call opens is
closed afterwards; an ``AsyncConnection`` you pass is left in the transaction state it
had.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

try:
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
except ImportError as exc:  # greenlet missing: say which extra brings it
    raise ImportError(
        f"parity's async API needs SQLAlchemy's asyncio support ({exc}); "
        "pip install 'schema-parity[asyncio]'"
    ) from exc
from sqlalchemy.pool import NullPool

from parity.api import compare
from parity.connect import check_timeout, first_line, safe_url
from parity.databases import take_snapshot
from parity.errors import InspectionError, ParityError, ParityUsageError, SchemaParityError
from parity.guard import (
    DEFAULT_TIMEOUT,
    check_m26_cost_tables,
    check_schema_parity,
    run_startup_parity_check,
)
from parity.registry import dialect_for
from parity.report import ParityReport
from parity.snapshot import SchemaSnapshot

logger = logging.getLogger("parity")

T = TypeVar("T")


def _async_engine(url: str) -> AsyncEngine:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise ParityUsageError(
            "database URL is malformed; expected dialect+driver://user:password@host:port/database"
        ) from exc
    try:
        engine = create_async_engine(parsed, poolclass=NullPool)
    except (NoSuchModuleError, ImportError, ArgumentError) as exc:
        raise ParityUsageError(
            f"no async driver for {safe_url(parsed)} ({exc}); use an async driver such as "
            "postgresql+asyncpg, sqlite+aiosqlite or mysql+aiomysql"
        ) from exc
    adapter = dialect_for(engine.sync_engine)

    def read_only(dialect: object, record: object, cargs: list[Any], cparams: Any) -> None:
        # As the sync API opens every connection of a URL (a SQLite file: mode=ro, never
        # created); this engine is parity's own, so every connection it opens is ours.
        adapter.open_read_only(cargs, cparams)

    event.listen(engine.sync_engine, "do_connect", read_only)
    return engine


async def _connect(engine: AsyncEngine, timeout: float | None) -> AsyncConnection:
    hint = f" within {timeout:g} s" if timeout is not None else ""
    try:
        return await asyncio.wait_for(engine.connect(), timeout)
    except asyncio.TimeoutError as exc:
        raise InspectionError(
            f"cannot connect to {safe_url(engine.url)}{hint}: no answer; check that the "
            "server is up and reachable"
        ) from exc
    except (SQLAlchemyError, OSError) as exc:
        raise InspectionError(
            f"cannot connect to {safe_url(engine.url)}{hint}: {first_line(exc, engine.url)}; "
            "check the host, port, credentials and database name, and that the server is up"
        ) from exc


@contextlib.asynccontextmanager
async def _connection(bind: Any, timeout: float | None) -> AsyncIterator[AsyncConnection]:
    """An async connection to run the sync inspection on, given back as it was."""
    check_timeout(timeout)
    if isinstance(bind, AsyncConnection):
        if bind.closed:
            raise ParityUsageError("the AsyncConnection passed is closed; pass an open one")
        yield bind
        return
    owned: AsyncEngine | None = None
    if isinstance(bind, str):
        owned = bind_engine = _async_engine(bind)
    elif isinstance(bind, AsyncEngine):
        bind_engine = bind
    else:
        raise ParityUsageError(
            "an async check takes an AsyncEngine, an AsyncConnection or an async-driver URL "
            f"string, not {type(bind).__name__} (use parity.compare for a sync Engine)"
        )
    try:
        conn = await _connect(bind_engine, timeout)
        try:
            yield conn
        finally:
            with contextlib.suppress(SQLAlchemyError):
                await conn.close()
    finally:
        if owned is not None:
            await owned.dispose()


async def _run(bind: Any, timeout: float | None, work: Callable[[Connection], T]) -> T:
    async with _connection(bind, timeout) as conn:
        return await conn.run_sync(work)


async def compare_async(
    bind: Any,
    target: Any = None,
    *,
    tables: Iterable[str] | None = None,
    schema: str | None = None,
    critical: Iterable[str] = (),
    mode: str = "compatible",
    ignore: Iterable[str] = (),
    timeout: float | None = None,
) -> ParityReport:
    """:func:`parity.compare` for an ``AsyncEngine`` / ``AsyncConnection``: the same report."""
    tables = list(tables) if tables is not None and not isinstance(tables, str) else tables
    critical = list(critical) if not isinstance(critical, str) else critical
    ignore = list(ignore) if not isinstance(ignore, str) else ignore

    def work(conn: Connection) -> ParityReport:
        return compare(
            conn,
            target,
            tables=tables,
            schema=schema,
            critical=critical,
            mode=mode,
            ignore=ignore,
            timeout=timeout,
        )

    return await _run(bind, timeout, work)


async def take_snapshot_async(
    bind: Any,
    *,
    schema: str | None = None,
    tables: Iterable[str] | None = None,
    timeout: float | None = None,
) -> SchemaSnapshot:
    """:func:`parity.take_snapshot` for an ``AsyncEngine`` / ``AsyncConnection``."""
    names = list(tables) if tables is not None and not isinstance(tables, str) else tables

    def work(conn: Connection) -> SchemaSnapshot:
        return take_snapshot(conn, schema=schema, tables=names, timeout=timeout)

    return await _run(bind, timeout, work)


async def _guarded(
    bind: Any, timeout: float | None, what: str, work: Callable[[Connection], T]
) -> T:
    """Run a guard; a connection that cannot be made fails closed like the sync guard."""
    try:
        async with _connection(bind, timeout) as conn:
            return await conn.run_sync(work)
    except SchemaParityError:
        raise
    except (ParityError, SQLAlchemyError, OSError) as exc:
        message = f"{what} could not run, refusing to pass: {exc}"
        logger.error("parity: %s", message)
        raise SchemaParityError(message) from exc


async def check_schema_parity_async(
    engine: Any,
    models: Sequence[Any] | None = None,
    hard_fail: bool = True,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> tuple[bool, list[str]]:
    """:func:`parity.check_schema_parity` for an ``AsyncEngine`` / ``AsyncConnection``."""
    try:
        return await _guarded(
            engine,
            timeout,
            "schema parity check",
            lambda conn: check_schema_parity(conn, models, hard_fail, timeout=timeout),
        )
    except SchemaParityError as exc:
        if hard_fail or exc.report is not None:
            raise
        return False, [str(exc)]


async def check_m26_cost_tables_async(
    engine: Any,
    models: Sequence[Any] | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> tuple[bool, list[str]]:
    """:func:`parity.check_m26_cost_tables` for an ``AsyncEngine`` / ``AsyncConnection``."""
    return await _guarded(
        engine,
        timeout,
        "cost table check",
        lambda conn: check_m26_cost_tables(conn, models, timeout=timeout),
    )


async def run_startup_parity_check_async(
    engine: Any,
    *,
    hard_fail_all: bool = False,
    models: Iterable[Any] | None = None,
    cost_models: Sequence[Any] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> None:
    """:func:`parity.run_startup_parity_check` for an ``AsyncEngine``: await it in the lifespan.

    Cost tables first (any drift raises :class:`SchemaParityError`), then every other
    model table; a database that cannot be reached raises (fail closed).
    """
    chosen = list(models) if models is not None else None
    await _guarded(
        engine,
        timeout,
        "startup parity check",
        lambda conn: run_startup_parity_check(
            conn,
            hard_fail_all=hard_fail_all,
            models=chosen,
            cost_models=cost_models,
            timeout=timeout,
        ),
    )
