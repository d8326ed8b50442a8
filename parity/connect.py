"""Getting a connection to inspect, and giving it back exactly as it was.

``compare`` accepts an Engine, a Connection or a URL string.  It only reads: a
connection it opens itself is rolled back and closed; a connection it is given is
left in the transaction state it had (a transaction it began is rolled back, one the
caller had open stays open and usable).  A SQLite path that does not exist is an error,
never a new empty database file.

Safety (README "Safety"): with ``timeout=`` the adapter's connect arguments bound
connecting (a connection opened with them is closed afterwards, never handed back to
the application's pool), and :func:`inspection_transaction` wraps the inspection in
the adapter's read-only, statement-timed transaction.  Passwords, from the URL or its
query string, are masked in every message.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, quote_plus

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Connection, Dialect, Engine, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool, SingletonThreadPool, StaticPool

from parity.adapter import DialectAdapter
from parity.errors import InspectionError, ParityUsageError, PluginLoadError
from parity.registry import dialect_for

_SINGLE_CONNECTION_POOLS = (StaticPool, SingletonThreadPool)

#: Query-string keys some drivers read a password from (``?password=`` for libpq).
SECRET_QUERY_KEYS = frozenset({"password", "passwd", "pwd", "sslpassword", "passfile"})


#: Stands in for a masked query value while rendering; letters only, so that URL
#: quoting leaves it alone and it becomes ``***`` afterwards (not ``%2A%2A%2A``).
_MASK_TOKEN = "PARITYMASKEDSECRET"


def _mask_query(url: URL) -> URL:
    secret = {k for k in url.query if k.lower() in SECRET_QUERY_KEYS}
    if not secret:
        return url
    return url.set(query={k: (_MASK_TOKEN if k in secret else v) for k, v in url.query.items()})


def safe_url(url: URL | str) -> str:
    """A URL fit for messages and logs: the password (also in the query) is masked."""
    try:
        rendered = _mask_query(make_url(url)).render_as_string(hide_password=True)
    except (ArgumentError, ValueError, TypeError):
        return "<unparseable URL>"
    return rendered.replace(_MASK_TOKEN, "***")


def secrets_of(url: URL | None) -> list[str]:
    """The secret strings of ``url`` that must never appear in a message.

    Each secret comes with its percent-encoded spellings too: SQLAlchemy and drivers
    print URLs (a query password included) encoded, so ``Pw;x`` shows as ``Pw%3Bx``.
    Longest first, so that replacing one never leaves part of another.
    """
    if url is None:
        return []
    found = [str(url.password)] if url.password else []
    for key, value in url.query.items():
        if key.lower() in SECRET_QUERY_KEYS:
            found.extend([value] if isinstance(value, str) else list(value))
    spellings = {
        spelling
        for secret in found
        if secret
        for spelling in (secret, quote(secret, safe=""), quote_plus(secret))
    }
    return sorted(spellings, key=lambda s: (-len(s), s))


def mask_urls(text: str, urls: list[str]) -> str:
    """``text`` on one line, with every secret of ``urls`` replaced by ``***``."""
    text = " ".join(text.split())
    for url in urls:
        try:
            parsed = make_url(url)
        except (ArgumentError, ValueError):
            continue
        for secret in secrets_of(parsed):
            text = text.replace(secret, "***")
    return text


def engine_from_url(url: str | URL) -> Engine:
    """An engine for a URL string, refusing what would create or modify a database."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        # Unchained: SQLAlchemy's message repeats the whole string, password included.
        del exc
        raise ParityUsageError(
            "database URL is malformed; expected dialect+driver://user:password@host:port/database"
        ) from None
    try:
        return create_engine(parsed, poolclass=NullPool)
    except NoSuchModuleError as exc:  # an ArgumentError too: caught first
        raise ParityUsageError(
            f"no SQLAlchemy dialect or driver for {parsed.drivername!r} in {safe_url(parsed)}; "
            "install the driver (e.g. pip install 'schema-parity[postgresql]')"
        ) from exc
    except ArgumentError as exc:
        # The dialect refused the URL's form (e.g. a host in a SQLite URL): the database
        # cannot be reached (exit 3, as before). Its message renders the URL with the
        # query's secrets in clear, so it is masked, unchained.
        text = " ".join(str(exc).split())
        for secret in secrets_of(parsed):
            text = text.replace(secret, "***")
        del exc
        raise InspectionError(f"cannot open {safe_url(parsed)}: {text}") from None
    except ImportError as exc:
        raise ParityUsageError(
            f"the driver for {safe_url(parsed)} is not installed ({exc.name or exc}); "
            "install it, e.g. pip install 'schema-parity[postgresql]' or '[mysql]'"
        ) from exc


@contextlib.contextmanager
def inspection_connection(bind: Any, *, timeout: float | None = None) -> Iterator[Connection]:
    """Yield a connection to read from, restoring the caller's state afterwards.

    ``timeout`` (seconds) bounds connecting through the adapter's connect arguments.
    """
    check_timeout(timeout)
    if isinstance(bind, (str, URL)):
        engine = engine_from_url(bind)
        try:
            with _connect(engine, timeout) as conn:
                yield conn
        finally:
            engine.dispose()
        return
    if isinstance(bind, Engine):
        with _connect(bind, timeout) as conn:
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


#: The longest timeout accepted, in seconds (about 24.8 days): PostgreSQL's
#: ``statement_timeout`` and SQLite's ``busy_timeout`` take milliseconds as a 32-bit
#: integer, and every built-in driver accepts this many seconds (PyMySQL: one year).
MAX_TIMEOUT = 2_147_483.0


def check_timeout(timeout: float | None, *, name: str = "timeout") -> None:
    """Refuse a timeout no driver can honour: not a number, <= 0, infinite, too large.

    The one validation of every timeout, for the library (``timeout=``) and the command
    line (``--timeout``; ``name`` is how the message names it).  ``None`` is no limit.
    """
    if timeout is None:
        return
    valid = (
        not isinstance(timeout, bool)
        and isinstance(timeout, (int, float))
        and math.isfinite(timeout)
        and 0 < timeout <= MAX_TIMEOUT
    )
    if not valid:
        raise ParityUsageError(
            f"{name}={timeout!r}: expected a finite number of seconds > 0 and at most "
            f"{MAX_TIMEOUT:,.0f}, or None for no limit"
        )


def parse_timeout(text: str, *, name: str = "--timeout") -> float:
    """A command-line ``--timeout SECONDS`` value, validated by :func:`check_timeout`."""
    try:
        value = float(text)
    except ValueError:
        raise ParityUsageError(f"{name} {text!r}: expected a number of seconds") from None
    check_timeout(value, name=name)
    return value


def _refuse_async(engine: Engine) -> None:
    if engine.dialect.is_async:
        raise ParityUsageError(
            f"{safe_url(engine.url)} uses the async driver {engine.dialect.driver!r}, which "
            "cannot run here (this is an AsyncEngine's sync_engine or an async URL); call "
            "parity.compare_async(async_engine, ...), or pass a URL with a sync driver"
        )


@contextlib.contextmanager
def _connect(engine: Engine, timeout: float | None) -> Iterator[Connection]:
    _refuse_async(engine)
    hint = f" within {timeout:g} s" if timeout is not None else ""
    unsafe: str | None = None
    try:
        conn, opened_with_timeout = _open(engine, dialect_for(engine), timeout)
    except SQLAlchemyError as exc:
        raise InspectionError(
            f"cannot connect to {safe_url(engine.url)}{hint}: {first_line(exc, engine.url)}; "
            "check the host, port, credentials and database name, and that the server is up"
        ) from exc
    except (ParityUsageError, PluginLoadError, InspectionError):
        raise
    except Exception as exc:
        # A driver's own error that SQLAlchemy did not wrap, e.g. PyMySQL's
        # UnicodeEncodeError for a non-Latin-1 password, whose args hold the password:
        # only its masked first line is kept, and it is not chained (raised below,
        # outside this block, so not even __context__ holds it).
        unsafe = f"{type(exc).__name__}: {first_line(exc, engine.url)}"
    if unsafe is not None:
        raise InspectionError(
            f"cannot connect to {safe_url(engine.url)}{hint}: {unsafe}; check the URL, the "
            "password's characters and the driver's connect arguments"
        )
    try:
        yield conn
    finally:
        with contextlib.suppress(SQLAlchemyError):
            if conn.in_transaction():
                conn.rollback()
        if opened_with_timeout and not isinstance(engine.pool, _SINGLE_CONNECTION_POOLS):
            # It carries parity's timeouts: close it rather than pool it for the application
            # (unless the pool's one connection *is* the database, as for SQLite :memory:).
            with contextlib.suppress(SQLAlchemyError):
                conn.invalidate()
        conn.close()


def _open(
    engine: Engine, adapter: DialectAdapter, timeout: float | None
) -> tuple[Connection, bool]:
    """``engine.connect()``; a new DBAPI connection is made read-only and time-bounded.

    The timeout's arguments and the adapter's read-only changes
    (:meth:`~parity.DialectAdapter.open_read_only`) apply, for this thread only, to a
    connection the pool opens for this call (a pooled connection is reused as it is,
    the inspection's read-only transaction guarding it).  Returns whether one was.
    """
    args = adapter.connect_args_for_timeout(engine.url, timeout) if timeout is not None else {}
    me = threading.get_ident()
    opened: list[bool] = []
    shared = isinstance(engine.pool, _SINGLE_CONNECTION_POOLS)

    def add_timeouts(
        dialect: Dialect, record: object, cargs: list[Any], cparams: dict[str, Any]
    ) -> Any:
        if threading.get_ident() != me:
            return None
        # Copies, and the connection made here returned: older SQLAlchemy 2.0 releases
        # (2.0.40, the lowest supported, among them) hand every connect the engine's own
        # argument lists, so a change made in place would stay for all the application's
        # later connections (read-only, with parity's timeouts).
        own_cargs, own_cparams = list(cargs), dict(cparams)
        for key, value in args.items():
            own_cparams.setdefault(key, value)
        if shared:
            # The pool's one connection will be the application's: checked (a
            # missing file is refused) but not made read-only; query_only guards it.
            adapter.open_read_only(list(own_cargs), dict(own_cparams))
        elif adapter.open_read_only(own_cargs, own_cparams) or args:
            opened.append(True)
        return dialect.connect(*own_cargs, **own_cparams)

    event.listen(engine, "do_connect", add_timeouts)
    try:
        conn = engine.connect()
    finally:
        event.remove(engine, "do_connect", add_timeouts)
    return conn, bool(opened)


@contextlib.contextmanager
def inspection_transaction(
    conn: Connection, adapter: DialectAdapter, *, timeout: float | None
) -> Iterator[None]:
    """Run the inspection in the adapter's read-only, time-limited transaction.

    A transaction this function begins is rolled back; inside the caller's transaction
    the adapter works so that the transaction stays open, usable and unchanged.
    """
    own = not conn.in_transaction()
    transaction = conn.begin() if own else None
    try:
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(
                    adapter.begin_inspection(conn, statement_timeout=timeout, own_transaction=own)
                )
            except SQLAlchemyError as exc:
                raise InspectionError(
                    f"cannot start a read-only inspection: {first_line(exc, conn.engine.url)}"
                ) from exc
            yield
    finally:
        if transaction is not None and transaction.is_active:
            with contextlib.suppress(SQLAlchemyError):
                transaction.rollback()


def first_line(exc: BaseException, url: URL | None = None) -> str:
    """The first line of a driver error, with any password removed."""
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip().splitlines()[0] if str(original).strip() else type(exc).__name__
    for secret in secrets_of(url):
        text = text.replace(secret, "***")
    return text


def require_schema(conn: Connection, schema: str | None) -> None:
    """Refuse a named schema the database does not have (or this account cannot list).

    One rule on every database: a schema that is not there cannot be inspected (exit 3),
    never "every table missing" on one server and an error on another, nor "0 tables".
    """
    if schema is None:
        return
    try:
        found = inspect(conn).has_schema(schema)
    except SQLAlchemyError as exc:
        raise InspectionError(
            f"cannot tell whether schema {schema!r} exists: {first_line(exc, conn.engine.url)}"
        ) from exc
    if not found:
        raise InspectionError(
            f"schema {schema!r} does not exist on {safe_url(conn.engine.url)} "
            "(or this account may not see it); check --schema / schema="
        )
