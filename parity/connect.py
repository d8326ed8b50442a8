"""Getting a connection to inspect, and giving it back exactly as it was.

``compare`` accepts an Engine, a Connection or a URL string.  It only reads: a
connection it opens itself is rolled back and closed; a connection it is given is
left in the transaction state it had (a transaction it began is rolled back, one the
caller had open stays open and usable).  A SQLite path that does not exist is an error,
never a new empty database file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from parity.errors import InspectionError, ParityUsageError


def safe_url(url: URL | str) -> str:
    """A URL fit for messages and logs: the password is masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<unparseable URL>"


def engine_from_url(url: str | URL) -> Engine:
    """An engine for a URL string, refusing what would create or modify a database."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise ParityUsageError(
            "database URL is malformed; expected dialect+driver://user:password@host:port/database"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        parsed = _read_only_sqlite(parsed)
    try:
        return create_engine(parsed, poolclass=NullPool)
    except NoSuchModuleError as exc:
        raise ParityUsageError(
            f"no SQLAlchemy dialect or driver for {parsed.drivername!r} in {safe_url(parsed)}; "
            "install the driver (e.g. pip install 'schema-parity[postgresql]')"
        ) from exc
    except ImportError as exc:
        raise ParityUsageError(
            f"the driver for {safe_url(parsed)} is not installed ({exc.name or exc}); "
            "install it, e.g. pip install 'schema-parity[postgresql]' or '[mysql]'"
        ) from exc


def _read_only_sqlite(url: URL) -> URL:
    database = url.database
    if not database or database == ":memory:" or url.query.get("uri") == "true":
        return url
    if database.startswith("file:"):
        return url
    if not os.path.exists(database):
        raise InspectionError(
            f"SQLite database file {database!r} does not exist; check the path "
            "(parity never creates a database)"
        )
    if os.path.isdir(database):
        raise InspectionError(f"SQLite path {database!r} is a directory, not a database file")
    # Opened read-only through a URI, so nothing can be written, not even a journal.
    absolute = os.path.abspath(database)
    return url.set(database=f"file:{absolute}?mode=ro", query={**url.query, "uri": "true"})


@contextlib.contextmanager
def inspection_connection(bind: Any) -> Iterator[Connection]:
    """Yield a connection to read from, restoring the caller's state afterwards."""
    if isinstance(bind, (str, URL)):
        engine = engine_from_url(bind)
        try:
            with _connect(engine) as conn:
                yield conn
        finally:
            engine.dispose()
        return
    if isinstance(bind, Engine):
        with _connect(bind) as conn:
            yield conn
        return
    if isinstance(bind, Connection):
        if bind.closed:
            raise ParityUsageError("the Connection passed to compare() is closed; pass an open one")
        was_in_transaction = bind.in_transaction()
        try:
            yield bind
        finally:
            if not was_in_transaction and bind.in_transaction():
                bind.rollback()
        return
    raise ParityUsageError(
        f"bind must be a SQLAlchemy Engine, Connection or URL string, not {type(bind).__name__}"
    )


@contextlib.contextmanager
def _connect(engine: Engine) -> Iterator[Connection]:
    try:
        conn = engine.connect()
    except SQLAlchemyError as exc:
        raise InspectionError(
            f"cannot connect to {safe_url(engine.url)}: {first_line(exc, engine.url)}"
        ) from exc
    try:
        yield conn
    finally:
        with contextlib.suppress(SQLAlchemyError):
            if conn.in_transaction():
                conn.rollback()
        conn.close()


def first_line(exc: BaseException, url: URL | None = None) -> str:
    """The first line of a driver error, with any password removed."""
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip().splitlines()[0] if str(original).strip() else type(exc).__name__
    if url is not None and url.password:
        text = text.replace(str(url.password), "***")
    return text
