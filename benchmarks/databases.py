"""Benchmark databases: create them fast, once, and reuse them on every later run.

Creating 10,000 tables is the slowest part of a benchmark run (minutes on MariaDB), so a
database is named after what it holds (``parity_bench_pg_1000_s0``: dialect, table count,
seed) and carries a *marker* written as the very last step of its creation.  A later run
reuses a database whose marker and table count match and rebuilds any other (a crashed
half-created one, or one made by an older generator).  The markers:

* PostgreSQL: ``COMMENT ON DATABASE``;
* MariaDB / MySQL: the schema comment (``ALTER DATABASE ... COMMENT``, MariaDB >= 10.5);
* SQLite: ``PRAGMA user_version`` of the file in ``benchmarks/.cache/``.

DDL goes out in batches of whole tables, each batch one round trip: SQLite runs the whole
script in one transaction; PostgreSQL commits every :data:`PG_TABLES_PER_TXN` tables
(one transaction for 10,000 new tables would need more lock slots than the default
``max_locks_per_transaction`` x ``max_connections`` provides); MariaDB has no
transactional DDL, so a batch is one multi-statement round trip.

Only databases whose names start with ``parity_bench_`` are ever created or dropped, and
only on the servers named by ``PARITY_BENCH_POSTGRESQL_URL`` / ``PARITY_BENCH_MYSQL_URL``
(default: the loopback servers of the development machine).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import NullPool

from benchmarks import schema_gen

PREFIX = "parity_bench_"
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
PG_TABLES_PER_TXN = 200
MYSQL_TABLES_PER_BATCH = 100
DB_KINDS: tuple[str, ...] = ("sqlite", "postgresql", "mysql")
_SHORT = {"sqlite": "lite", "postgresql": "pg", "mysql": "my"}
_DEFAULT_URLS = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    "mysql": "mysql+pymysql://root@127.0.0.1:3306/?charset=utf8mb4",
}


@dataclass(frozen=True)
class Layout:
    """What a benchmark database holds: generated tables, cost tables, or an FK chain."""

    kind: str  # "gen" | "cost5" | "chain"
    size: int = 0
    seed: int = 0

    def slug(self) -> str:
        if self.kind == "gen":
            return f"{self.size}_s{self.seed}"
        if self.kind == "chain":
            return f"chain{self.size}"
        return "cost5"

    def metadata(self) -> sa.MetaData:
        """The model of this layout (for ``gen``: generated tables plus the cost tables)."""
        if self.kind == "gen":
            return schema_gen.generate(self.size, self.seed, cost_tables=True)
        if self.kind == "chain":
            return schema_gen.fk_chain(self.size)
        return schema_gen.cost_tables_only()

    def table_count(self) -> int:
        if self.kind == "gen":
            return self.size + len(schema_gen.cost_tables_only().tables)
        if self.kind == "chain":
            return self.size
        return 5

    def marker(self) -> str:
        """Identifies generator version and layout; written last, so it also means "complete"."""
        text = f"parity-bench v{schema_gen.GENERATOR_VERSION} {self.kind} {self.slug()}"
        return text

    def marker_int(self) -> int:
        """The marker as a positive 31-bit integer (SQLite's ``user_version``)."""
        return int(hashlib.sha256(self.marker().encode()).hexdigest()[:7], 16)


def server_url(db: str) -> URL:
    env = os.environ.get(f"PARITY_BENCH_{db.upper()}_URL")
    return make_url(env or _DEFAULT_URLS[db])


def database_name(db: str, layout: Layout) -> str:
    return f"{PREFIX}{_SHORT[db]}_{layout.slug()}"


def _check_name(name: str) -> str:
    if not name.startswith(PREFIX) or not name.replace("_", "").isalnum():
        raise ValueError(f"refusing to touch database {name!r}: not a {PREFIX}* name")
    return name


def sqlite_path(name: str) -> Path:
    return CACHE_DIR / f"{_check_name(name)}.db"


def database_url(db: str, layout: Layout) -> URL:
    name = database_name(db, layout)
    if db == "sqlite":
        return make_url(f"sqlite:///{sqlite_path(name)}")
    return server_url(db).set(database=name)


def bench_engine(db: str, layout: Layout) -> Engine:
    """An engine on the benchmark database (a small pool: connections are reused warm)."""
    return sa.create_engine(database_url(db, layout), pool_size=2, max_overflow=0)


def _admin_engine(db: str) -> Engine:
    return sa.create_engine(server_url(db), isolation_level="AUTOCOMMIT", poolclass=NullPool)


# -- is it there? ------------------------------------------------------------------------
def is_ready(db: str, layout: Layout) -> bool:
    """True when the database exists, carries this layout's marker and all its tables."""
    name = database_name(db, layout)
    if db == "sqlite":
        path = sqlite_path(name)
        if not path.exists():
            return False
        with sqlite3.connect(path) as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            count = con.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
        return bool(version == layout.marker_int() and count == layout.table_count())
    admin = _admin_engine(db)
    try:
        with admin.connect() as conn:
            if db == "postgresql":
                comment = conn.execute(
                    sa.text(
                        "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                        " WHERE datname = :n"
                    ),
                    {"n": name},
                ).scalar()
            else:
                comment = conn.execute(
                    sa.text(
                        "SELECT schema_comment FROM information_schema.schemata"
                        " WHERE schema_name = :n"
                    ),
                    {"n": name},
                ).scalar()
    finally:
        admin.dispose()
    if comment != layout.marker():
        return False
    engine = sa.create_engine(database_url(db, layout), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            count = len(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()
    return count == layout.table_count()


# -- create / drop -----------------------------------------------------------------------
def drop(db: str, layout: Layout) -> None:
    drop_by_name(db, database_name(db, layout))


def ensure(db: str, layout: Layout, *, log: bool = True) -> tuple[bool, float]:
    """Make sure the database of ``layout`` exists and is complete.

    Returns ``(created, seconds)``: ``created`` is False when a cached one was reused.
    """
    if is_ready(db, layout):
        return False, 0.0
    started = time.perf_counter()
    if log:
        print(f"  creating {database_name(db, layout)} ({layout.table_count()} tables) ...")
    drop(db, layout)
    tables = list(layout.metadata().tables.values())
    {"sqlite": _create_sqlite, "postgresql": _create_postgresql, "mysql": _create_mysql}[db](
        layout, tables
    )
    seconds = time.perf_counter() - started
    if log:
        print(f"  created {database_name(db, layout)} in {seconds:.1f} s")
    return True, seconds


def _create_sqlite(layout: Layout, tables: Sequence[sa.Table]) -> None:
    """One script, one transaction: SQLite writes the file once at COMMIT."""
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    path = sqlite_path(database_name("sqlite", layout))
    path.parent.mkdir(parents=True, exist_ok=True)
    dialect = sqlite_dialect.dialect()
    statements = [s for batch in schema_gen.ddl_batches(tables, dialect, 1000) for s in batch]
    script = ";\n".join(statements)
    with sqlite3.connect(path) as con:
        con.executescript(
            f"BEGIN;\n{script};\nPRAGMA user_version = {layout.marker_int()};\nCOMMIT;"
        )
    con.close()


def _create_postgresql(layout: Layout, tables: Sequence[sa.Table]) -> None:
    name = database_name("postgresql", layout)
    admin = _admin_engine("postgresql")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    finally:
        admin.dispose()
    engine = sa.create_engine(database_url("postgresql", layout), poolclass=NullPool)
    try:
        dialect = engine.dialect
        for batch in schema_gen.ddl_batches(tables, dialect, PG_TABLES_PER_TXN):
            with engine.begin() as conn:
                # No parameters: psycopg sends the whole batch as one simple-protocol query.
                conn.exec_driver_sql(";\n".join(batch))
        with engine.begin() as conn:
            conn.exec_driver_sql(f"COMMENT ON DATABASE {name} IS '{layout.marker()}'")
    finally:
        engine.dispose()


def _create_mysql(layout: Layout, tables: Sequence[sa.Table]) -> None:
    from pymysql.constants import CLIENT  # type: ignore[import-untyped]

    name = database_name("mysql", layout)
    admin = _admin_engine("mysql")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name} CHARACTER SET utf8mb4")
    finally:
        admin.dispose()
    engine = sa.create_engine(
        database_url("mysql", layout),
        poolclass=NullPool,
        connect_args={"client_flag": CLIENT.MULTI_STATEMENTS},
    )
    try:
        dialect = engine.dialect
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("SET SESSION foreign_key_checks = 0")
            for batch in schema_gen.ddl_batches(tables, dialect, MYSQL_TABLES_PER_BATCH):
                cursor.execute(";\n".join(batch))
                while cursor.nextset():  # drain every result: errors surface here
                    pass
            cursor.execute(f"ALTER DATABASE {name} COMMENT '{layout.marker()}'")
            cursor.close()
        finally:
            raw.close()
    finally:
        engine.dispose()


def list_bench_databases(db: str) -> list[str]:
    """The ``parity_bench_*`` databases present for ``db`` (for ``--drop-cached``)."""
    if db == "sqlite":
        return sorted(p.stem for p in CACHE_DIR.glob(f"{PREFIX}*.db"))
    admin = _admin_engine(db)
    try:
        with admin.connect() as conn:
            if db == "postgresql":
                rows = conn.exec_driver_sql("SELECT datname FROM pg_database").scalars()
            else:
                rows = conn.exec_driver_sql(
                    "SELECT schema_name FROM information_schema.schemata"
                ).scalars()
            return sorted(str(r) for r in rows if str(r).startswith(PREFIX))
    finally:
        admin.dispose()


def drop_by_name(db: str, name: str) -> None:
    """Drop one ``parity_bench_*`` database by name (``--drop-cached``)."""
    _check_name(name)
    if db == "sqlite":
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{sqlite_path(name)}{suffix}").unlink(missing_ok=True)
        return
    admin = _admin_engine(db)
    try:
        with admin.connect() as conn:
            force = " WITH (FORCE)" if db == "postgresql" else ""
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}{force}")
    finally:
        admin.dispose()
