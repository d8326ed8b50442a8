"""``parity.compare`` on SQLite: no difference after ``create_all``, exactly one per drift.

Every drift is made with real DDL on a throwaway database file: the model's own
``create_all`` script, edited as text (SQLite has almost no ALTER), or an ALTER/CREATE/
DROP statement run after it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import sqlmodel
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

import parity
from parity import DiffKind

from . import SQLALCHEMY_VERSION

#: Before 2.0.40 SQLAlchemy's SQLite DDL compiler puts every SQL-expression server
#: default in parentheses (``false()`` -> ``DEFAULT (0)``, ``func.now()`` ->
#: ``DEFAULT (CURRENT_TIMESTAMP)``); from 2.0.40 only those that need them (#12425).
EXPRESSION_DEFAULTS_PARENTHESISED = SQLALCHEMY_VERSION < (2, 0, 40)


class Colour(enum.Enum):
    red = 1
    light_blue = 2


def _model() -> sa.MetaData:
    metadata = sa.MetaData()
    sa.Table(
        "users",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(100, collation="NOCASE"), nullable=False, unique=True),
        sa.Column("age", sa.Integer, server_default="0"),
        sa.Column("score", sa.Numeric(10, 2)),
        sa.Column("active", sa.Boolean(create_constraint=True), server_default=sa.false()),
        sa.Column("doubled", sa.Integer, sa.Computed("age * 2")),
        sa.CheckConstraint("age >= 0", name="ck_age"),
    )
    posts = sa.Table(
        "posts",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.String(200)),
        sa.Column("colour", sa.Enum(Colour, create_constraint=True)),
        sa.Column("token", sa.Uuid),
        sa.Column("created", sa.DateTime, server_default=sa.func.now()),
    )
    sa.Index("ix_posts_title", posts.c.title, sqlite_where=posts.c.title.isnot(None))
    sa.Index("ix_posts_lower_title", sa.func.lower(posts.c.title))
    sa.Table(
        "pairs",
        metadata,
        sa.Column("a", sa.Integer, primary_key=True),
        sa.Column("b", sa.Integer, primary_key=True),
        sa.Column("c", sa.Integer),
    )
    sa.Table(
        "counters",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("n", sa.BigInteger, server_default=sa.text("1")),
        sa.Column("step", sa.Float, server_default="-1"),
        sa.Column("label", sa.String(10), server_default="-1"),
        sqlite_autoincrement=True,
    )
    return metadata


def _script(metadata: sa.MetaData) -> list[str]:
    """The statements ``create_all`` runs, as text that a drift can edit."""
    dialect = sqlite.dialect()
    out: list[str] = []
    for table in metadata.sorted_tables:
        out.append(str(CreateTable(table).compile(dialect=dialect)))
        out.extend(str(CreateIndex(ix).compile(dialect=dialect)) for ix in table.indexes)
    return out


def _database(path: Path, statements: list[str]) -> sa.Engine:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
    return engine


def _edit(old: str, new: str) -> Callable[[list[str]], list[str]]:
    def apply(script: list[str]) -> list[str]:
        joined = "\n;\n".join(script)
        assert old in joined, old
        return joined.replace(old, new, 1).split("\n;\n")

    return apply


def _append(*statements: str) -> Callable[[list[str]], list[str]]:
    return lambda script: [*script, *statements]


def _report(tmp_path: Path, statements: list[str], **kw: Any) -> parity.ParityReport:
    engine = _database(tmp_path / "drift.db", statements)
    try:
        return parity.compare(engine, _model(), mode="exact", **kw)
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- no drift
def test_create_all_compares_identical(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'same.db'}")
    _model().create_all(engine)
    report = parity.compare(engine, _model(), mode="exact")
    assert report.differences == ()
    assert report.ok
    assert ("comments", "SQLite has no table or column comments") in report.unchecked


class Hero(sqlmodel.SQLModel, table=True):
    __tablename__ = "hero_sqlite_compare"
    id: int | None = sqlmodel.Field(default=None, primary_key=True)
    name: str = sqlmodel.Field(index=True)
    secret: str | None = None
    power: float = sqlmodel.Field(default=1.0, sa_column_kwargs={"server_default": "1.5"})


def test_sqlmodel_create_all_compares_identical(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'hero.db'}")
    metadata = sqlmodel.SQLModel.metadata
    metadata.create_all(engine, tables=[metadata.tables["hero_sqlite_compare"]])
    report = parity.compare(engine, [Hero], mode="exact")
    assert report.differences == ()


SAME_VALUE_EDITS = [
    pytest.param("age INTEGER DEFAULT '0'", "age INTEGER DEFAULT 0", id="text-0-is-integer-0"),
    pytest.param(
        "active BOOLEAN DEFAULT (0)"
        if EXPRESSION_DEFAULTS_PARENTHESISED
        else "active BOOLEAN DEFAULT 0",
        "active BOOLEAN DEFAULT FALSE",
        id="false-is-0",
    ),
    pytest.param("age INTEGER DEFAULT '0'", "age INTEGER DEFAULT (0.0)", id="real-0-is-0"),
    pytest.param(
        *(
            (
                "created DATETIME DEFAULT (CURRENT_TIMESTAMP)",
                "created DATETIME DEFAULT CURRENT_TIMESTAMP",
            )
            if EXPRESSION_DEFAULTS_PARENTHESISED
            else (
                "created DATETIME DEFAULT CURRENT_TIMESTAMP",
                "created DATETIME DEFAULT (CURRENT_TIMESTAMP)",
            )
        ),
        id="now-with-or-without-parens",
    ),
    # SQLite stores DEFAULT -1 as the real -1.0 in a FLOAT column, as '-1' in a VARCHAR one.
    pytest.param("step FLOAT DEFAULT '-1'", "step FLOAT DEFAULT -1", id="real-minus-1"),
    pytest.param(
        "label VARCHAR(10) DEFAULT '-1'", "label VARCHAR(10) DEFAULT -1", id="text-minus-1"
    ),
    pytest.param("CREATE TABLE users", 'CREATE TABLE "USERS"', id="table-name-case"),
    pytest.param("CHECK (age >= 0)", "CHECK ( AGE>=0 )", id="check-spelling"),
    pytest.param("title VARCHAR(200)", "title varchar ( 200 )", id="type-spelling"),
]


@pytest.mark.parametrize(("old", "new"), SAME_VALUE_EDITS)
def test_same_value_spelt_differently_is_no_difference(tmp_path: Path, old: str, new: str) -> None:
    report = _report(tmp_path, _edit(old, new)(_script(_model())))
    assert report.differences == ()


# --------------------------------------------------------------------------- drift
DRIFTS = [
    (DiffKind.TABLE_MISSING, "pairs", None, _append("DROP TABLE pairs")),
    (DiffKind.TABLE_EXTRA, "extra", None, _append("CREATE TABLE extra (x INT)")),
    (
        DiffKind.COLUMN_MISSING,
        "pairs",
        "c",
        _edit("\tc INTEGER, \n", ""),
    ),
    (DiffKind.COLUMN_EXTRA, "posts", "note", _append("ALTER TABLE posts ADD COLUMN note TEXT")),
    (DiffKind.TYPE_MISMATCH, "posts", "title", _edit("VARCHAR(200)", "VARCHAR(100)")),
    (DiffKind.TYPE_MISMATCH, "posts", "token", _edit("CHAR(32)", "VARCHAR(36)")),
    (
        DiffKind.NULLABLE_MISMATCH,
        "posts",
        "user_id",
        _edit("user_id INTEGER NOT NULL", "user_id INTEGER"),
    ),
    (DiffKind.DEFAULT_MISMATCH, "users", "age", _edit("DEFAULT '0'", "DEFAULT '1'")),
    (DiffKind.DEFAULT_MISMATCH, "counters", "n", _edit("DEFAULT 1", "DEFAULT 'one'")),
    # NOT 0 stores 1: an operator before a constant is no sign, the value changed.
    (DiffKind.DEFAULT_MISMATCH, "users", "age", _edit("DEFAULT '0'", "DEFAULT (NOT 0)")),
    # INT is a synonym of INTEGER for the type, but an INT primary key is no rowid alias.
    (
        DiffKind.AUTOINCREMENT_MISMATCH,
        "posts",
        "id",
        _edit("\tid INTEGER NOT NULL, \n\tuser_id", "\tid INT NOT NULL, \n\tuser_id"),
    ),
    (DiffKind.AUTOINCREMENT_MISMATCH, "counters", "id", _edit(" AUTOINCREMENT", "")),
    (DiffKind.COMPUTED_MISMATCH, "users", "doubled", _edit("age * 2", "age * 3")),
    (DiffKind.COLLATION_MISMATCH, "users", "email", _edit('COLLATE "NOCASE"', "COLLATE RTRIM")),
    (
        DiffKind.PRIMARY_KEY_MISMATCH,
        "pairs",
        None,
        _edit("PRIMARY KEY (a, b)", "PRIMARY KEY (a, c)"),
    ),
    (
        DiffKind.FOREIGN_KEY_MISSING,
        "posts",
        None,
        _edit(", \n\tFOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE", ""),
    ),
    (
        DiffKind.FOREIGN_KEY_EXTRA,
        "pairs",
        None,
        _edit("PRIMARY KEY (a, b)", "PRIMARY KEY (a, b), FOREIGN KEY (c) REFERENCES users (id)"),
    ),
    (DiffKind.UNIQUE_MISSING, "users", None, _edit(", \n\tUNIQUE (email)", "")),
    (
        DiffKind.UNIQUE_EXTRA,
        "pairs",
        None,
        _edit("PRIMARY KEY (a, b)", "PRIMARY KEY (a, b), UNIQUE (c)"),
    ),
    (DiffKind.INDEX_MISSING, "posts", None, _append("DROP INDEX ix_posts_title")),
    (DiffKind.INDEX_EXTRA, "posts", None, _append("CREATE INDEX ix_extra ON posts (lower(title))")),
    (DiffKind.CHECK_MISSING, "users", None, _edit(", \n\tCONSTRAINT ck_age CHECK (age >= 0)", "")),
    (
        DiffKind.CHECK_EXTRA,
        "pairs",
        None,
        _edit("\tc INTEGER, \n", "\tc INTEGER CHECK (c > 0), \n"),
    ),
]


@pytest.mark.parametrize(
    ("kind", "table", "column", "drift"),
    DRIFTS,
    ids=[f"{kind.value}-{table}-{column}" for kind, table, column, _ in DRIFTS],
)
def test_one_drift_is_exactly_one_difference(
    tmp_path: Path,
    kind: DiffKind,
    table: str,
    column: str | None,
    drift: Callable[[list[str]], list[str]],
) -> None:
    report = _report(tmp_path, drift(_script(_model())))
    assert [(d.kind, d.table, d.column) for d in report.differences] == [(kind, table, column)]
    assert not report.ok


def test_index_expression_change_is_an_index_difference(tmp_path: Path) -> None:
    """An expression member is compared by its text: lower(title) is not upper(title)."""
    drift = _edit(
        "ix_posts_lower_title ON posts (lower(title))",
        "ix_posts_lower_title ON posts (upper(title))",
    )
    report = _report(tmp_path, drift(_script(_model())))
    assert sorted((d.kind.value, d.table) for d in report.differences) == [
        ("index_extra", "posts"),
        ("index_missing", "posts"),
    ]


def test_partial_index_where_change_is_an_index_difference(tmp_path: Path) -> None:
    drift = _edit("WHERE title IS NOT NULL", "WHERE title <> ''")
    report = _report(tmp_path, drift(_script(_model())))
    kinds = {d.kind for d in report.differences}
    assert kinds and kinds <= {DiffKind.INDEX_MISSING, DiffKind.INDEX_EXTRA}
    assert {d.table for d in report.differences} == {"posts"}


def test_a_rails_schema_with_fractional_second_datetimes_is_no_drift(tmp_path: Path) -> None:
    """Rails writes ``datetime(6)`` for every timestamp on SQLite; SQLite ignores the
    digits and no SQLAlchemy type on SQLite can declare them, so a model's ``DateTime``
    is that column (it was an error-level ``type_mismatch`` on every timestamp)."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'rails.db'}")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            'CREATE TABLE "posts" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, '
            '"title" varchar DEFAULT NULL, "created_at" datetime(6) NOT NULL, '
            '"starts" time(6), "stamp" timestamp(3))'
        )
    metadata = sa.MetaData()
    sa.Table(
        "posts",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("starts", sa.Time),
        sa.Column("stamp", sa.TIMESTAMP),
        sqlite_autoincrement=True,
    )
    assert parity.compare(engine, metadata, mode="exact").differences == ()
    reflected = sa.MetaData()
    reflected.reflect(engine)
    # AUTOINCREMENT is one of SQLAlchemy's listed reflection losses (strategies.reflection).
    lost = ["posts.id:autoincrement_mismatch"]
    assert parity.compare(engine, reflected, mode="exact", ignore=lost).differences == ()
    # A date is still not a datetime.
    metadata.tables["posts"].c.created_at.type = sa.Date()
    report = parity.compare(engine, metadata, mode="exact")
    assert [(d.kind, d.column) for d in report.differences] == [
        (DiffKind.TYPE_MISMATCH, "created_at")
    ]
    engine.dispose()
