"""SQLite types, defaults and generation, table-driven."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import sqlmodel
from sqlalchemy.dialects import sqlite

from dialects.sqlite import SQLiteAdapter
from dialects.sqlite.reader import read_catalog
from dialects.sqlite.types import affinity, parse_declared_type
from parity.catalog import read_with_inspector
from parity.snapshot import TypeSpec

ADAPTER = SQLiteAdapter()
DIALECT = sqlite.dialect()


class Mood(enum.Enum):
    happy = "happy"
    sad = "sad"


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("INTEGER", TypeSpec(name="integer")),
        ("int", TypeSpec(name="integer")),
        ("BOOL", TypeSpec(name="boolean")),
        ("VARCHAR(20)", TypeSpec(name="varchar", length=20)),
        ('VARCHAR(20) COLLATE "NOCASE"', TypeSpec(name="varchar", length=20)),
        ("varchar ( 20 )", TypeSpec(name="varchar", length=20)),
        # README "SQLite type identity": one name per SQLite affinity and SQLAlchemy
        # value family, so every spelling SQLite stores and SQLAlchemy reads alike is one.
        ("CHAR(32)", TypeSpec(name="varchar", length=32)),
        ("NVARCHAR(32)", TypeSpec(name="varchar", length=32)),
        ("CHARACTER(32)", TypeSpec(name="varchar", length=32)),
        ("CLOB", TypeSpec(name="varchar")),
        ("TEXT", TypeSpec(name="varchar")),
        # SQLite ignores the arguments; the second is no collation (COLLATE is a clause).
        ("varchar(10, 20)", TypeSpec(name="varchar", length=10)),
        ("NUMERIC(10, 2)", TypeSpec(name="numeric", precision=10, scale=2)),
        ("DECIMAL(10,2)", TypeSpec(name="numeric", precision=10, scale=2)),
        ("DECIMAL(5)", TypeSpec(name="numeric", precision=5)),
        ("MONEY", TypeSpec(name="numeric")),
        ("double  precision", TypeSpec(name="real")),
        ("FLOAT", TypeSpec(name="real")),
        ("UNSIGNED BIG INT", TypeSpec(name="integer")),
        ("BIGINT", TypeSpec(name="integer")),
        ("INT(11)", TypeSpec(name="integer", precision=11)),
        # Fractional-second digits (Rails writes datetime(6)): SQLite ignores them and
        # SQLAlchemy's SQLite types cannot declare them, so they are no part of the type.
        ("DATETIME(6)", TypeSpec(name="datetime")),
        ("timestamp(3)", TypeSpec(name="datetime")),
        ("TIME(6)", TypeSpec(name="time")),
        ("TIMESTAMP", TypeSpec(name="datetime")),
        ("BOOLEAN", TypeSpec(name="boolean")),
        ("DATE", TypeSpec(name="date")),
        ("BLOB", TypeSpec(name="blob")),
        ("", TypeSpec(name="(none)")),
        ("ENUM('a','b')", TypeSpec(name="numeric", options=(("args", "'a', 'b'"),))),
    ],
)
def test_parse_declared_type(declared: str, expected: TypeSpec) -> None:
    assert parse_declared_type(declared) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("integer", "integer"),
        ("bigint", "integer"),
        ("varchar", "text"),
        ("clob", "text"),
        ("blob", "blob"),
        ("(none)", "blob"),
        ("real", "real"),
        ("double precision", "real"),
        ("numeric", "numeric"),
        ("boolean", "numeric"),
        ("datetime", "numeric"),
        # SQLite's rules are ordered: "INT" wins over "CHAR", "CHAR" over "FLOA".
        ("charint", "integer"),
        ("floating char", "text"),
    ],
)
def test_affinity(name: str, expected: str) -> None:
    assert affinity(name) == expected


INTEGER = TypeSpec(name="integer")
TEXT = TypeSpec(name="text")
REAL = TypeSpec(name="real")
BLOB = TypeSpec(name="blob")
BOOLEAN = TypeSpec(name="boolean")

DEFAULT_CASES = [
    # (type, model text, database text, same stored value?)
    (INTEGER, "'0'", "0", True),
    (INTEGER, "0", "0.0", True),
    (INTEGER, "'1'", "TRUE", True),
    (BOOLEAN, "0", "false", True),
    (INTEGER, "'01'", "1", True),
    (INTEGER, "'1 apple'", "1", False),
    (INTEGER, "-1", "'-1'", True),
    # A signed number through TEXT / REAL affinity: the text '-1', the real -1.0.
    (TEXT, "'-1'", "-1", True),
    (TEXT, "'-1'", "(-1)", True),
    (REAL, "'-1'", "-1", True),
    (REAL, "-1.0", "- 1", True),
    # Only a sign makes a two-token constant: NOT 0 is the integer 1, never 0 (SQLite's
    # pragma prints DEFAULT (NOT 0) as NOT 0).
    (INTEGER, "0", "NOT 0", False),
    (INTEGER, "0", "(NOT 0)", False),
    # A parenthesised constant is the constant (SQLAlchemy before 2.0.40 wrote DEFAULT (1)
    # for text("1"); the pragma prints it without the parentheses).
    (TEXT, "(1)", "1", True),
    # INTEGER affinity keeps 1.5 a REAL: only a lossless conversion makes an integer.
    (INTEGER, "1.5", "1", False),
    # A blob literal is no text: X'41' stores the byte 0x41, '41' the text '41'.
    (BLOB, "X'41'", "'41'", False),
    # TEXT affinity stores the number 1e300 as the text '1.0e+300', not '1e+300'.
    (TEXT, "'1e+300'", "1e300", False),
    (REAL, "'1'", "1.0", True),
    (REAL, "1.5", "1.50", True),
    (TEXT, "'1'", "1", True),
    (TEXT, "'abc'", '"abc"', True),
    (TEXT, "'abc'", "'ABC'", False),
    (TEXT, "'1.0'", "1", False),
    (BLOB, "'1'", "1", False),
    (TEXT, "(CURRENT_TIMESTAMP)", "CURRENT_TIMESTAMP", True),
    (TEXT, "(datetime('now'))", "datetime('now')", True),
    (TEXT, "(datetime('now'))", "datetime('NOW')", False),
    (INTEGER, "(1 + 1)", "2", False),  # expressions are compared as text, never evaluated
]


@pytest.mark.parametrize(("type_", "model", "database", "same"), DEFAULT_CASES)
def test_normalise_default(type_: TypeSpec, model: str, database: str, same: bool) -> None:
    left = ADAPTER.normalise_default(model, type_)
    right = ADAPTER.normalise_default(database, type_)
    assert (left == right) is same, (left, right)
    # A fixpoint: normalising normalised text changes nothing.
    assert ADAPTER.normalise_default(left, type_) == left


MODEL_TYPES: list[Any] = [
    sa.Integer(),
    sa.BigInteger(),
    sa.SmallInteger(),
    sa.Boolean(create_constraint=True),
    sa.Boolean(),
    sa.String(),
    sa.String(40),
    sa.String(40, collation="NOCASE"),
    sa.Unicode(10),
    sa.Text(),
    sa.Numeric(10, 2),
    sa.Float(),
    sa.Double(),
    sa.DateTime(),
    sa.DateTime(timezone=True),
    sa.Date(),
    sa.Time(),
    sa.Interval(),
    sa.LargeBinary(),
    sa.JSON(),
    sa.Uuid(),
    sa.Enum(Mood, create_constraint=True),
    sa.Enum("a", "bbb", native_enum=False),
    sqlmodel.AutoString(),
    sa.Integer().with_variant(sa.String(5), "sqlite"),
]


@pytest.mark.parametrize("type_", MODEL_TYPES, ids=repr)
def test_model_type_equals_created_type(tmp_path: Path, type_: Any) -> None:
    metadata = sa.MetaData()
    table = sa.Table(
        "t", metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("x", type_)
    )
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'types.db'}")
    metadata.create_all(engine)
    with engine.connect() as conn:
        fast = {c["name"]: c for c in read_catalog(conn, None, None).columns["t"]}
        slow = {c["name"]: c for c in read_with_inspector(conn, None, None).columns["t"]}
    declared = ADAPTER.declared_type(table.c.x, DIALECT)
    assert ADAPTER.reflected_type(fast["x"], DIALECT) == declared
    if not isinstance(type_, (sa.Unicode, sa.Enum)) and type_.__class__ is not sa.Integer:
        # An inspector catalog holds SQLAlchemy's affinity type, which loses spellings
        # (VARCHAR(10) stays, but NVARCHAR/UUID-as-CHAR and variants may not): best effort.
        assert ADAPTER.reflected_type(slow["x"], DIALECT).name in {declared.name, "text"} or (
            declared.name in ("datetime", "date", "time", "json", "blob", "float", "double")
        )


def _table(*columns: Any, **kw: Any) -> sa.Table:
    return sa.Table("t", sa.MetaData(), *columns, **kw)


AUTOINCREMENT_CASES = [
    (_table(sa.Column("id", sa.Integer, primary_key=True)), "rowid"),
    (
        _table(sa.Column("id", sa.Integer, primary_key=True), sqlite_autoincrement=True),
        "rowid autoincrement",
    ),
    (_table(sa.Column("id", sa.BigInteger, primary_key=True)), None),
    (_table(sa.Column("id", sa.Integer, primary_key=True), sqlite_with_rowid=False), None),
    (
        _table(
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("k", sa.Integer, primary_key=True),
        ),
        None,
    ),
    (_table(sa.Column("id", sa.String(5), primary_key=True)), None),
]


@pytest.mark.parametrize(("table", "expected"), AUTOINCREMENT_CASES)
def test_declared_autoincrement_matches_created_table(
    tmp_path: Path, table: sa.Table, expected: str | None
) -> None:
    assert ADAPTER.declared_autoincrement(table, table.c.id, DIALECT) == expected
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'auto.db'}")
    table.metadata.create_all(engine)
    with engine.connect() as conn:
        catalog = read_catalog(conn, None, None)
    column = next(c for c in catalog.columns["t"] if c["name"] == "id")
    assert ADAPTER.reflected_autoincrement("t", column, catalog) == expected
    if expected is not None:
        assert column["nullable"] is False


def test_partial_index_where_compiles_like_create_index(tmp_path: Path) -> None:
    table = _table(sa.Column("id", sa.Integer, primary_key=True), sa.Column("s", sa.String(5)))
    index = sa.Index("ix", table.c.s, sqlite_where=sa.and_(table.c.s != "x", table.c.id > 3))
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'ix.db'}")
    table.metadata.create_all(engine)
    with engine.connect() as conn:
        (reflected,) = read_catalog(conn, None, None).indexes["t"]
    expected = ADAPTER.declared_index_options(index, DIALECT)
    assert expected == (("where", "s <> 'x' and id > 3"),)
    assert ADAPTER.reflected_index_options(reflected) == expected


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [("Users", "users", True), ("ÄB", "äb", False), ("Äb", "ÄB", True)],
)
def test_fold_table_name_is_ascii_only(left: str, right: str, same: bool) -> None:
    assert (ADAPTER.fold_table_name(left) == ADAPTER.fold_table_name(right)) is same


@pytest.mark.parametrize(
    ("default", "stored"),
    [
        # SQLite stores an integer literal inside the signed 64-bit range as an INTEGER
        # and one outside it as a REAL (typeof() says 'integer' / 'real').
        ("9223372036854775807", "9223372036854775807"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("9223372036854775808", "9.223372036854776e+18"),
        ("-9223372036854775809", "-9.223372036854776e+18"),
    ],
)
def test_integer_defaults_at_the_int64_edges(default: str, stored: str) -> None:
    from dialects.sqlite.adapter import SQLiteAdapter
    from parity.snapshot import TypeSpec

    assert SQLiteAdapter().normalise_default(default, TypeSpec(name="integer")) == stored
