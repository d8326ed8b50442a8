"""Issue 12, the model side: what ``create_all`` would emit, spelled the way people write it.

The model side of a comparison is exactly what ``metadata.create_all()`` emits for the
bound dialect (CONTRACT.md section 5); the database side is the catalog however it was
spelled.  Each database here is built by hand-written DDL, the way a migration or a DBA
writes it (never by ``create_all``), and where a legacy user would do so, the model is
also obtained by ``MetaData().reflect()`` of that database (the day-one round trip).
Expected answers come from the SQLAlchemy and database documentation cited per test.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

import parity
from parity.reflected import snapshot_from_catalog

Facts = list[tuple[str, str, str | None, str]]


def _run(engine: Engine, statements: Sequence[str]) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def _facts(report: parity.ParityReport) -> Facts:
    """The whole report as (kind, table, column or name, severity), in report order."""
    return [
        (d.kind.value, d.table, d.column or d.name, d.severity.value) for d in report.differences
    ]


def _reflected(engine: Engine) -> sa.MetaData:
    metadata = sa.MetaData()
    metadata.reflect(engine)
    return metadata


# -- 1. ddl_if: objects create_all skips on this dialect are not in the model ---------------
def _conditional_model() -> sa.MetaData:
    metadata = sa.MetaData()
    table = sa.Table(
        "t",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.Integer),
        sa.Column("b", sa.Integer),
        sa.Column("c", sa.Integer),
    )
    sa.Index("ix_t_a_pg", table.c.a).ddl_if(dialect="postgresql")
    sa.Index("ix_t_b_lite_my", table.c.b).ddl_if(dialect=("sqlite", "mysql"))
    # A callable condition, as SQLAlchemy's ddl_if documentation shows.
    sa.Index("ix_t_c_never", table.c.c).ddl_if(callable_=lambda *args, **kw: False)
    table.append_constraint(sa.CheckConstraint("a > 0", name="ck_t_a_pg").ddl_if("postgresql"))
    table.append_constraint(sa.UniqueConstraint("c", name="uq_t_c_pg").ddl_if("postgresql"))
    return metadata


_KEY = {
    "sqlite": "id INTEGER PRIMARY KEY",
    "postgresql": "id serial PRIMARY KEY",
    "mysql": "id int AUTO_INCREMENT PRIMARY KEY",
}

_CONDITIONAL_DDL = {
    "sqlite": ["CREATE TABLE t ({key}, a int, b int, c int)", "CREATE INDEX ix_b ON t (b)"],
    "mysql": ["CREATE TABLE t ({key}, a int, b int, c int, KEY ix_b (b))"],
    "postgresql": [
        "CREATE TABLE t ({key}, a int CHECK (a > 0), b int, c int UNIQUE)",
        "CREATE INDEX ix_a ON t (a)",
    ],
}


def test_ddl_if_objects_are_only_expected_where_create_all_makes_them(
    backend_name: str, backend_engine: Engine
) -> None:
    """SQLAlchemy docs, "Controlling DDL Generation of Constraints and Indexes": an Index
    or Constraint with ``ddl_if(dialect=...)`` is created only on that dialect."""
    key = _KEY[backend_name]
    _run(backend_engine, [s.format(key=key) for s in _CONDITIONAL_DDL[backend_name]])
    assert _facts(parity.compare(backend_engine, _conditional_model())) == []


def test_an_index_skipped_by_ddl_if_does_not_hide_a_real_one(
    backend_name: str, backend_engine: Engine
) -> None:
    """The PostgreSQL-only index on (a) is no model fact elsewhere, so a real index on
    (a) there is an extra index, not the model's; likewise (b) on PostgreSQL."""
    key = _KEY[backend_name]
    statements = [s.format(key=key) for s in _CONDITIONAL_DDL[backend_name]]
    skipped_here = "b" if backend_name == "postgresql" else "a"
    statements.append(f"CREATE INDEX ix_real ON t ({skipped_here})")
    _run(backend_engine, statements)
    assert _facts(parity.compare(backend_engine, _conditional_model())) == [
        ("index_extra", "t", "ix_real", "warning")
    ]


# -- 2. CHECKs of schema types only where SQLAlchemy emits them ----------------------------
_SCHEMA_TYPE_DDL = {
    # SQLite has neither native type: SQLAlchemy writes both CHECKs.
    "sqlite": [
        "CREATE TABLE t (id INTEGER PRIMARY KEY, f BOOLEAN CHECK (f IN (0, 1)),"
        " e VARCHAR(1) CONSTRAINT e CHECK (e IN ('x', 'y')))"
    ],
    # PostgreSQL: native BOOLEAN and ENUM, no CHECK for either.
    "postgresql": [
        "CREATE TYPE e AS ENUM ('x', 'y')",
        "CREATE TABLE t (id serial PRIMARY KEY, f boolean, e e)",
    ],
    # MariaDB: BOOL is TINYINT(1), so its CHECK is written; ENUM is native, so not that one.
    "mysql": [
        "CREATE TABLE t (id int AUTO_INCREMENT PRIMARY KEY, f tinyint(1) CHECK (f IN (0, 1)),"
        " e enum('x','y'))"
    ],
}


def test_schema_type_checks_only_where_the_type_is_not_native(
    backend_name: str, backend_engine: Engine
) -> None:
    """SQLAlchemy docs, ``Boolean.create_constraint`` / ``Enum.create_constraint``: the
    CHECK is emitted only on backends without a native boolean / enum type."""
    _run(backend_engine, _SCHEMA_TYPE_DDL[backend_name])
    metadata = sa.MetaData()
    sa.Table(
        "t",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("f", sa.Boolean(create_constraint=True)),
        sa.Column("e", sa.Enum("x", "y", name="e", create_constraint=True)),
    )
    assert _facts(parity.compare(backend_engine, metadata)) == []


# -- 3. A primary-key column declared nullable -----------------------------------------------
@pytest.mark.parametrize("source", ["declared", "reflected"])
def test_primary_key_declared_nullable_is_not_null(
    backend_name: str, backend_engine: Engine, source: str
) -> None:
    """SQLite: an INTEGER PRIMARY KEY is the rowid and can never be NULL (sqlite.org,
    "ROWIDs and the INTEGER PRIMARY KEY"); PostgreSQL and MariaDB make every key column
    NOT NULL.  ``MetaData.reflect()`` on SQLite gives such a key ``nullable=True``."""
    _run(backend_engine, [f"CREATE TABLE t ({_KEY[backend_name]}, a int)"])
    if source == "reflected":
        metadata = _reflected(backend_engine)
    else:
        metadata = sa.MetaData()
        sa.Table(
            "t",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True, nullable=True),
            sa.Column("a", sa.Integer),
        )
    assert _facts(parity.compare(backend_engine, metadata)) == []


@pytest.mark.backends("sqlite")
def test_sqlite_text_primary_key_may_still_be_null(
    backend_name: str, backend_engine: Engine
) -> None:
    """The other side of SQLite's rule: a TEXT key of a rowid table accepts NULL, so a
    model saying NOT NULL is still told the database is looser."""
    _run(backend_engine, ["CREATE TABLE t (k TEXT PRIMARY KEY, a int)"])
    metadata = sa.MetaData()
    sa.Table("t", metadata, sa.Column("k", sa.Text, primary_key=True), sa.Column("a", sa.Integer))
    assert _facts(parity.compare(backend_engine, metadata)) == [
        ("nullable_mismatch", "t", "k", "warning")
    ]


# -- 4./5. PostgreSQL: serial, nextval() defaults and identity -------------------------------
_SERIAL_DDL = {
    "serial": ["CREATE TABLE t (id serial PRIMARY KEY, a int)"],
    "nextval of an unowned sequence": [
        "CREATE SEQUENCE t_id_seq",
        "CREATE TABLE t (id integer PRIMARY KEY DEFAULT nextval('t_id_seq'), a int)",
    ],
    "sequence of a renamed table": [
        "CREATE TABLE old_t (id serial PRIMARY KEY, a int)",
        "ALTER TABLE old_t RENAME TO t",
    ],
    "identity by default": [
        "CREATE TABLE t (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, a int)"
    ],
}


def _serial_models() -> dict[str, sa.MetaData]:
    models: dict[str, sa.MetaData] = {}
    for name, column in {
        "autoincrement key": sa.Column("id", sa.Integer, primary_key=True),
        "nextval text": sa.Column(
            "id",
            sa.Integer,
            primary_key=True,
            server_default=sa.text("nextval('t_id_seq'::regclass)"),
        ),
        "sequence next_value": sa.Column(
            "id", sa.Integer, primary_key=True, server_default=sa.Sequence("t_id_seq").next_value()
        ),
        "identity": sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
    }.items():
        metadata = sa.MetaData()
        sa.Table("t", metadata, column, sa.Column("a", sa.Integer))
        models[name] = metadata
    return models


@pytest.mark.backends("postgresql")
@pytest.mark.parametrize("database", sorted(_SERIAL_DDL))
@pytest.mark.parametrize("model", [*sorted(_serial_models()), "reflected"])
def test_keys_filled_from_a_sequence_are_one_fact(
    backend_name: str, backend_engine: Engine, database: str, model: str
) -> None:
    """SERIAL is "integer DEFAULT nextval() of a sequence the column owns" (PostgreSQL docs,
    8.1.4); ``create_all`` writes SERIAL for an autoincrement key and drops a reflected
    ``nextval`` default; GENERATED BY DEFAULT AS IDENTITY fills omitted keys and accepts
    explicit ones just the same (docs, CREATE TABLE).  Every pair is the same behaviour."""
    _run(backend_engine, _SERIAL_DDL[database])
    metadata = _reflected(backend_engine) if model == "reflected" else _serial_models()[model]
    assert _facts(parity.compare(backend_engine, metadata)) == []


@pytest.mark.backends("postgresql")
@pytest.mark.parametrize("model", ["autoincrement key", "identity"])
def test_identity_always_still_differs_from_a_serial(
    backend_name: str, backend_engine: Engine, model: str
) -> None:
    """GENERATED ALWAYS refuses an explicit key, which a serial accepts: a real drift."""
    _run(
        backend_engine, ["CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a int)"]
    )
    assert _facts(parity.compare(backend_engine, _serial_models()[model])) == [
        ("autoincrement_mismatch", "t", "id", "warning")
    ]


# -- 6. SQLite type identity: affinity and SQLAlchemy's value family ------------------------
_SQLITE_SYNONYMS = (
    # (column, declared in the database, model type)
    ("n", "DECIMAL(10,2)", sa.Numeric(10, 2)),
    ("m", "DEC(10, 2)", sa.Numeric(10, 2)),
    ("s", "NVARCHAR(10)", sa.String(10)),
    ("c", "CHARACTER(10)", sa.String(10)),
    ("v", "varchar(10, 20)", sa.String(10)),
    ("t", "CLOB", sa.Text()),
    ("b", "BIGINT", sa.Integer()),
    ("i", "INT8", sa.BigInteger()),
    ("f", "DOUBLE", sa.Float()),
    ("d", "TIMESTAMP", sa.DateTime()),
)


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize("source", ["declared", "reflected"])
def test_sqlite_affinity_synonyms_are_one_type(
    backend_name: str, backend_engine: Engine, source: str
) -> None:
    """sqlite.org/datatype3.html 3.1: the declared name only selects an affinity, and
    arguments are never enforced; SQLAlchemy reads each pair into the same Python
    values.  ``varchar(10, 20)``'s second argument is no collation either."""
    # SQLAlchemy's reflection reads varchar(10, 20) as String(10, collation=20), which
    # its own compiler cannot write: that column is left out of the round trip.
    wanted = [c for c in _SQLITE_SYNONYMS if source == "declared" or c[0] != "v"]
    columns = ", ".join(f"{name} {declared}" for name, declared, _ in wanted)
    _run(backend_engine, [f"CREATE TABLE t (id INTEGER PRIMARY KEY, {columns})"])
    if source == "reflected":
        metadata = _reflected(backend_engine)
    else:
        metadata = sa.MetaData()
        sa.Table(
            "t",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            *(sa.Column(name, type_) for name, _, type_ in wanted),
        )
    assert _facts(parity.compare(backend_engine, metadata)) == []
    adapter = parity.dialect_for(backend_engine)
    with backend_engine.connect() as conn:
        catalog = adapter.read_catalog(conn, None, None)
    database = snapshot_from_catalog(adapter, catalog, backend_engine.dialect)
    assert [c.collation for c in database.tables[0].columns] == [None] * (len(wanted) + 1)


@pytest.mark.backends("sqlite")
def test_sqlite_different_families_still_differ(backend_name: str, backend_engine: Engine) -> None:
    """Same policy, other side: another affinity, or the same affinity read as other
    Python values by SQLAlchemy (BOOLEAN and DATETIME are NUMERIC affinity), differs."""
    _run(
        backend_engine,
        ["CREATE TABLE t (id INTEGER PRIMARY KEY, a DECIMAL(10,2), b BOOLEAN, c DATETIME)"],
    )
    metadata = sa.MetaData()
    sa.Table(
        "t",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.Float),
        sa.Column("b", sa.Numeric),
        sa.Column("c", sa.Date),
    )
    assert _facts(parity.compare(backend_engine, metadata)) == [
        ("type_mismatch", "t", "a", "error"),
        ("type_mismatch", "t", "b", "error"),
        ("type_mismatch", "t", "c", "error"),
    ]


# -- 7. MariaDB: a CAST to CHAR reads back with the connection's character set -------------
_CAST_DEFAULTS = (
    ("a", "(cast(1 as char))"),
    ("b", "(CAST('x' AS CHAR(5)))"),
    ("c", "(cast(1 as char character set utf8mb4))"),
)


@pytest.mark.backends("mysql")
@pytest.mark.parametrize("source", ["declared", "reflected"])
def test_mariadb_cast_to_char_default(
    backend_name: str, backend_engine: Engine, source: str
) -> None:
    """MariaDB stores ``CAST(x AS CHAR)`` with the connection's charset written out
    (``cast(1 as char charset utf8mb4)``), and ``SHOW CREATE TABLE`` then holds a
    nested ``char(5)`` that SQLAlchemy's parser cuts at its first ``)``."""
    # SQLAlchemy's reflection keeps the cut text of b's default, which create_all could
    # not even write: b is left out of the round trip (a loss of SQLAlchemy's reflection).
    wanted = [c for c in _CAST_DEFAULTS if source == "declared" or c[0] != "b"]
    columns = ", ".join(f"{name} varchar(10) DEFAULT {text}" for name, text in wanted)
    _run(backend_engine, [f"CREATE TABLE t (id int AUTO_INCREMENT PRIMARY KEY, {columns})"])
    if source == "reflected":
        metadata = _reflected(backend_engine)
    else:
        metadata = sa.MetaData()
        sa.Table(
            "t",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            *(
                sa.Column(name, sa.String(10), server_default=sa.text(text))
                for name, text in wanted
            ),
        )
    assert _facts(parity.compare(backend_engine, metadata)) == []


@pytest.mark.backends("mysql")
def test_mariadb_cast_default_still_compares_its_value(
    backend_name: str, backend_engine: Engine
) -> None:
    _run(
        backend_engine,
        [
            "CREATE TABLE t (id int AUTO_INCREMENT PRIMARY KEY,"
            " a varchar(10) DEFAULT (cast(2 as char)))"
        ],
    )
    metadata = sa.MetaData()
    sa.Table(
        "t",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.String(10), server_default=sa.text("(cast(1 as char))")),
    )
    assert _facts(parity.compare(backend_engine, metadata)) == [
        ("default_mismatch", "t", "a", "warning")
    ]
