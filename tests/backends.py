"""Throwaway databases for the backend tests.

One :class:`Backend` per database kind knows how to reach its server, how to create an
empty database with a unique name (``parity_test_<hex>``), how to add an extra schema to
it, and how to drop everything again.  ``tests/conftest.py`` turns these into fixtures;
nothing here depends on pytest, so a benchmark or a script can reuse it.

Choice of isolation: one fresh database per test, on every backend.  Measured on this
project's 2-core machines (PostgreSQL 15, MariaDB 10.11): ``CREATE DATABASE`` costs about
0.02 s on PostgreSQL (plus 0.006 s for ``DROP ... WITH (FORCE)``) and under 0.001 s on
MariaDB, far below the 0.15 s at which a per-session database with per-test clean-up
would pay off.  A fresh database also needs no clean-up code that could miss an object
kind (types, sequences, views, extensions, schemas), so a test can never see what an
earlier test left behind.

The ``--db`` values (:data:`BACKEND_NAMES`) and what each runs on:

* ``sqlite``: the interpreter's ``sqlite3`` (SQLite 3.40 on CI's Debian Python);
* ``sqlite-pysqlite3``: SQLite 3.51 from the ``pysqlite3-binary`` wheel, through the
  ``sqlite+pysqlite3://`` driver of ``tests/pysqlite3_site/parity_pysqlite3.py``;
* ``postgresql``: the server at ``PARITY_TEST_POSTGRESQL_URL`` (PostgreSQL 15 on CI);
* ``postgresql-16`` / ``postgresql-18``: the server at ``PARITY_TEST_POSTGRESQL_16_URL`` /
  ``PARITY_TEST_POSTGRESQL_18_URL`` if set, else a throwaway server started from a PyPI
  wheel for the run (:mod:`tests.wheel_servers`);
* ``mysql``: the server at ``PARITY_TEST_MYSQL_URL`` (MariaDB 10.11 on CI).

A backend's :attr:`Backend.family` is the SQLAlchemy dialect it speaks (``sqlite``,
``postgresql``, ``mysql``): what tests branch on and what ``@pytest.mark.backends``
names, so a test for PostgreSQL runs on every PostgreSQL version selected.
"""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import NullPool

#: Every ``--db`` value.
BACKEND_NAMES: tuple[str, ...] = (
    "sqlite",
    "sqlite-pysqlite3",
    "postgresql",
    "postgresql-16",
    "postgresql-18",
    "mysql",
)
#: What runs when no ``--db`` is given: one server of each family.
DEFAULT_NAMES: tuple[str, ...] = ("sqlite", "postgresql", "mysql")
#: The SQLAlchemy dialects (``Backend.family``) the backends speak.
FAMILIES: tuple[str, ...] = ("sqlite", "postgresql", "mysql")
DB_ENV = "PARITY_TEST_DB"
#: The ``sqlite+pysqlite3://`` driver and the ``sitecustomize`` that registers it.
PYSQLITE3_SITE = Path(__file__).parent / "pysqlite3_site"
NAME_PREFIX = "parity_test_"
CONNECT_TIMEOUT = 3  # seconds, for the one reachability probe per session


def unique_name(prefix: str = NAME_PREFIX) -> str:
    """``parity_test_<12 hex>``: unique across tests, processes and runs."""
    return prefix + uuid.uuid4().hex[:12]


def parse_db_list(values: list[str] | str | None) -> list[str]:
    """Normalise ``--db`` values / ``PARITY_TEST_DB`` into an ordered, unique list.

    Accepts repeated options and comma-separated items; raises ``ValueError`` on an
    unknown name.  An empty input means :data:`DEFAULT_NAMES`.
    """
    if values is None:
        return list(DEFAULT_NAMES)
    items = [values] if isinstance(values, str) else values
    names: list[str] = []
    for item in items:
        for raw in item.split(","):
            name = raw.strip().lower()
            if not name:
                continue
            if name not in BACKEND_NAMES:
                known = ", ".join(BACKEND_NAMES)
                raise ValueError(f"unknown database {name!r} (choose from {known})")
            if name not in names:
                names.append(name)
    return names or list(DEFAULT_NAMES)


def family_of(name: str) -> str:
    """The SQLAlchemy dialect of a ``--db`` value: ``postgresql-18`` -> ``postgresql``."""
    return name.split("-", 1)[0]


class BackendUnavailable(Exception):
    """The server of a backend cannot be reached; the message says why and what to do."""


@dataclass
class Backend:
    """A database kind: how to create, populate and drop throwaway databases."""

    name: ClassVar[str]
    label: ClassVar[str]
    #: The SQLAlchemy dialect name (``sqlite``, ``postgresql``, ``mysql``).
    family: ClassVar[str]
    url_env: ClassVar[str | None] = None
    default_url: ClassVar[str | None] = None
    default_port: ClassVar[int] = 0

    _unavailable: str | None = field(default=None, init=False)
    _probed: bool = field(default=False, init=False)

    # -- server ------------------------------------------------------------------------
    def server_url(self) -> URL:
        assert self.url_env is not None and self.default_url is not None
        return make_url(os.environ.get(self.url_env) or self.default_url)

    def where(self) -> str:
        url = self.server_url()
        return f"{url.host or 'localhost'}:{url.port or self.default_port}"

    def check_available(self) -> None:
        """Raise :class:`BackendUnavailable` unless the server answers (probed once)."""
        if not self._probed:
            self._probed = True
            self._unavailable = self._probe()
        if self._unavailable is not None:
            raise BackendUnavailable(self._unavailable)

    def _probe(self) -> str | None:
        engine = sa.create_engine(
            self.server_url(),
            poolclass=NullPool,
            connect_args={"connect_timeout": CONNECT_TIMEOUT},
        )
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except Exception as exc:
            cause = _first_line(exc)
            return (
                f"{self.label} at {self.where()} is not reachable ({cause}); "
                f"set {self.url_env} or start it"
            )
        finally:
            engine.dispose()
        return None

    # -- databases ---------------------------------------------------------------------
    def create_database(self, name: str, workdir: Path) -> URL:
        raise NotImplementedError

    def drop_database(self, name: str, workdir: Path) -> None:
        raise NotImplementedError

    def database_exists(self, name: str, workdir: Path) -> bool:
        raise NotImplementedError

    def create_engine(self, url: URL) -> Engine:
        return sa.create_engine(url)

    # -- extra schemas -----------------------------------------------------------------
    def create_schema(self, engine: Engine, name: str, workdir: Path) -> None:
        raise NotImplementedError

    def drop_schema(self, engine: Engine, name: str, workdir: Path) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release pooled admin connections (end of session)."""


@dataclass
class SQLiteBackend(Backend):
    """A database file in the test's tmp directory; schemas are attached files."""

    name: ClassVar[str] = "sqlite"
    label: ClassVar[str] = "SQLite"
    family: ClassVar[str] = "sqlite"
    #: The SQLAlchemy driver of this backend's URLs.
    drivername: ClassVar[str] = "sqlite"

    def check_available(self) -> None:
        return None

    def where(self) -> str:
        return "a local file"

    def _path(self, name: str, workdir: Path) -> Path:
        return workdir / f"{name}.db"

    def create_database(self, name: str, workdir: Path) -> URL:
        path = self._path(name, workdir)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Create the file now so that "exists" means the same as on a server.
        url = make_url(f"{self.drivername}:///{path}")
        sa.create_engine(url, poolclass=NullPool).connect().close()
        return url

    def drop_database(self, name: str, workdir: Path) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self._path(name, workdir)}{suffix}").unlink(missing_ok=True)

    def database_exists(self, name: str, workdir: Path) -> bool:
        return self._path(name, workdir).exists()

    def create_schema(self, engine: Engine, name: str, workdir: Path) -> None:
        """Attach ``<name>.db`` as schema ``name`` on every connection of ``engine``."""
        path = self._path(name, workdir)

        def attach(dbapi_conn: object, _record: object) -> None:
            cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
            cursor.execute(f"ATTACH DATABASE '{path}' AS \"{name}\"")
            cursor.close()

        sa.event.listen(engine, "connect", attach)
        engine.dispose()  # pooled connections predate the listener

    def drop_schema(self, engine: Engine, name: str, workdir: Path) -> None:
        engine.dispose()
        self.drop_database(name, workdir)


@dataclass
class PySQLite3Backend(SQLiteBackend):
    """SQLite 3.51 from ``pysqlite3-binary``: URLs ``sqlite+pysqlite3:///path``.

    The URL names the driver, so code under test that builds its own engine from
    ``backend_url`` uses the same SQLite library as ``backend_engine``.
    """

    name: ClassVar[str] = "sqlite-pysqlite3"
    label: ClassVar[str] = "SQLite (pysqlite3-binary)"
    drivername: ClassVar[str] = "sqlite+pysqlite3"

    def check_available(self) -> None:
        site = str(PYSQLITE3_SITE)
        if site not in sys.path:
            sys.path.insert(0, site)
        # Subprocesses (the CLI, alembic) register the driver through its sitecustomize.
        paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
        if site not in paths:
            os.environ["PYTHONPATH"] = os.pathsep.join([site, *filter(None, paths)])
        try:
            from parity_pysqlite3 import register  # type: ignore[import-not-found]

            register()
        except ImportError as exc:
            raise BackendUnavailable(
                f"pysqlite3 is not importable ({exc}); pip install pysqlite3-binary "
                "(Linux x86-64 wheels)"
            ) from None

    def where(self) -> str:
        return "a local file (pysqlite3)"


@dataclass
class _ServerBackend(Backend):
    """A backend on a server reached through an AUTOCOMMIT admin engine."""

    create_options: ClassVar[str] = ""

    _admin: Engine | None = field(default=None, init=False)

    def admin(self) -> Engine:
        if self._admin is None:
            self._admin = sa.create_engine(
                self.server_url(),
                isolation_level="AUTOCOMMIT",
                connect_args={"connect_timeout": CONNECT_TIMEOUT},
            )
        return self._admin

    def _execute(self, sql: str) -> None:
        with self.admin().connect() as conn:
            conn.exec_driver_sql(sql)

    def _scalar(self, sql: str, **params: object) -> object:
        with self.admin().connect() as conn:
            return conn.execute(sa.text(sql), params).scalar()

    def create_database(self, name: str, workdir: Path) -> URL:
        self._execute(f"CREATE DATABASE {name}{self.create_options}")
        return self.server_url().set(database=name)

    def close(self) -> None:
        if self._admin is not None:
            self._admin.dispose()
            self._admin = None


@dataclass
class PostgreSQLBackend(_ServerBackend):
    name: ClassVar[str] = "postgresql"
    label: ClassVar[str] = "PostgreSQL"
    family: ClassVar[str] = "postgresql"
    url_env: ClassVar[str | None] = "PARITY_TEST_POSTGRESQL_URL"
    default_url: ClassVar[str | None] = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    default_port: ClassVar[int] = 5432

    def drop_database(self, name: str, workdir: Path) -> None:
        self._execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def database_exists(self, name: str, workdir: Path) -> bool:
        found = self._scalar("SELECT count(*) FROM pg_database WHERE datname = :n", n=name)
        return found == 1

    def create_schema(self, engine: Engine, name: str, workdir: Path) -> None:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {name}")

    def drop_schema(self, engine: Engine, name: str, workdir: Path) -> None:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")


@dataclass
class MySQLBackend(_ServerBackend):
    """MySQL / MariaDB: a database is a schema, so an extra schema is another database."""

    name: ClassVar[str] = "mysql"
    label: ClassVar[str] = "MySQL"
    family: ClassVar[str] = "mysql"
    url_env: ClassVar[str | None] = "PARITY_TEST_MYSQL_URL"
    default_url: ClassVar[str | None] = "mysql+pymysql://root@127.0.0.1:3306/"
    default_port: ClassVar[int] = 3306
    create_options: ClassVar[str] = " CHARACTER SET utf8mb4"

    def server_url(self) -> URL:
        url = super().server_url()
        if "charset" not in url.query:
            url = url.update_query_dict({"charset": "utf8mb4"})
        return url

    def drop_database(self, name: str, workdir: Path) -> None:
        # Like PostgreSQL's WITH (FORCE): a connection a test left open (holding a
        # metadata lock) would otherwise make DROP DATABASE wait.
        with self.admin().connect() as conn:
            conn.exec_driver_sql("SET SESSION lock_wait_timeout = 30")
            ids = conn.execute(
                sa.text(
                    "SELECT id FROM information_schema.processlist"
                    " WHERE db = :n AND id <> CONNECTION_ID()"
                ),
                {"n": name},
            ).scalars()
            for conn_id in list(ids):
                with contextlib.suppress(sa.exc.DBAPIError):  # it may have just ended
                    conn.exec_driver_sql(f"KILL {int(conn_id)}")
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")

    def database_exists(self, name: str, workdir: Path) -> bool:
        found = self._scalar(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = :n", n=name
        )
        return found == 1

    def create_schema(self, engine: Engine, name: str, workdir: Path) -> None:
        self.create_database(name, workdir)

    def drop_schema(self, engine: Engine, name: str, workdir: Path) -> None:
        self.drop_database(name, workdir)


@dataclass
class _WheelPostgreSQLBackend(PostgreSQLBackend):
    """A PostgreSQL major: its URL variable's server, else a throwaway one from a wheel."""

    major: ClassVar[int]
    default_url: ClassVar[str | None] = None

    def server_url(self) -> URL:
        assert self.url_env is not None
        given = os.environ.get(self.url_env)
        if given:
            return make_url(given)
        from tests import wheel_servers

        started = wheel_servers.server(self.major)
        # Subprocesses of the run (pytester, the CLI) reuse this server.
        os.environ[self.url_env] = started.url
        return make_url(started.url)

    def where(self) -> str:
        assert self.url_env is not None
        if os.environ.get(self.url_env):
            return super().where()
        return f"a throwaway server from a wheel (set {self.url_env} to use your own)"

    def _probe(self) -> str | None:
        from tests.wheel_servers import ServerStartError

        try:
            self.server_url()
        except ServerStartError as exc:
            return f"{self.label} could not be started from its wheel: {exc}"
        problem = super()._probe()
        if problem is None:
            problem = self._check_major()
        return problem

    def _check_major(self) -> str | None:
        engine = sa.create_engine(self.server_url(), poolclass=NullPool)
        try:
            with engine.connect() as conn:
                found = conn.dialect.server_version_info or ()
        finally:
            engine.dispose()
        if found[:1] != (self.major,):
            shown = ".".join(str(p) for p in found)
            return f"{self.label}: the server at {self.where()} is PostgreSQL {shown}"
        return None


@dataclass
class PostgreSQL16Backend(_WheelPostgreSQLBackend):
    name: ClassVar[str] = "postgresql-16"
    label: ClassVar[str] = "PostgreSQL 16"
    url_env: ClassVar[str | None] = "PARITY_TEST_POSTGRESQL_16_URL"
    major: ClassVar[int] = 16


@dataclass
class PostgreSQL18Backend(_WheelPostgreSQLBackend):
    name: ClassVar[str] = "postgresql-18"
    label: ClassVar[str] = "PostgreSQL 18"
    url_env: ClassVar[str | None] = "PARITY_TEST_POSTGRESQL_18_URL"
    major: ClassVar[int] = 18


BACKEND_CLASSES: dict[str, type[Backend]] = {
    cls.name: cls
    for cls in (
        SQLiteBackend,
        PySQLite3Backend,
        PostgreSQLBackend,
        PostgreSQL16Backend,
        PostgreSQL18Backend,
        MySQLBackend,
    )
}
assert tuple(BACKEND_CLASSES) == BACKEND_NAMES


@dataclass
class ThrowawayDatabase:
    """One empty database, its engine, and the extra schemas made for it."""

    backend: Backend
    name: str
    url: URL
    engine: Engine
    workdir: Path
    schemas: list[str] = field(default_factory=list)

    @property
    def url_string(self) -> str:
        """The URL with its password, for code under test that takes a URL string."""
        return self.url.render_as_string(hide_password=False)

    def create_schema(self) -> str:
        """Make an extra schema (PostgreSQL schema, MySQL database, SQLite attached file)."""
        name = unique_name()
        self.backend.create_schema(self.engine, name, self.workdir)
        self.schemas.append(name)
        return name


def throwaway_database(backend: Backend, workdir: Path) -> Iterator[ThrowawayDatabase]:
    """Generator behind the ``backend_engine`` fixture: create, yield, drop everything."""
    backend.check_available()
    name = unique_name()
    url = backend.create_database(name, workdir)
    db = ThrowawayDatabase(
        backend=backend,
        name=name,
        url=url,
        engine=backend.create_engine(url),
        workdir=workdir,
    )
    try:
        yield db
    finally:
        db.engine.dispose()
        try:
            for schema in reversed(db.schemas):
                backend.drop_schema(db.engine, schema, workdir)
        finally:
            db.engine.dispose()
            backend.drop_database(name, workdir)


def _first_line(exc: BaseException) -> str:
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).strip().splitlines()
    detail = text[0] if text else ""
    return f"{type(inner).__name__}: {detail}" if detail else type(inner).__name__
