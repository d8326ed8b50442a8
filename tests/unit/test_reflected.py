"""The database side's reduction (:mod:`parity.reflected`), fed real catalog rows.

The rows are what the readers return on live servers (PostgreSQL 15's ``pg_index`` /
``pg_constraint`` reader and the SQLite pragma reader, captured for the tables named in
each test); the reduction is pure, so no server is needed to pin it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from dialects.postgresql import PostgreSQLAdapter
from dialects.sqlite.adapter import SQLiteAdapter
from parity.adapter import DialectAdapter
from parity.catalog import Catalog
from parity.reflected import snapshot_from_catalog
from parity.snapshot import IndexSnapshot, TableSnapshot


def _column(name: str, type_: Any, nullable: bool = True) -> Any:
    return {
        "name": name,
        "type": type_,
        "nullable": nullable,
        "default": None,
        "autoincrement": False,
        "comment": None,
    }


def _table(
    adapter: DialectAdapter, dialect: sa.engine.Dialect, catalog: Catalog, name: str
) -> TableSnapshot:
    snapshot = snapshot_from_catalog(adapter, catalog, dialect)
    return next(t for t in snapshot.tables if t.name == name)


def _indexes(table: TableSnapshot) -> dict[str | None, IndexSnapshot]:
    return {index.name: index for index in table.indexes}


# ------------------------------------------------------------------ expression members
def test_expression_members_of_a_postgresql_index_are_kept() -> None:
    """``CREATE INDEX ix_lower ON acct (lower(code))`` and ``(id, lower(code) DESC)``.

    An expression member has no column name (``None``) and its text at the same position
    of ``expressions``; dropping it would turn ``lower(code)`` into an index on nothing,
    reported as missing and extra against a model that declares exactly this index.
    """
    catalog = Catalog(schema=None, tables=["acct"])
    catalog.columns["acct"] = [
        _column("id", sa.INTEGER(), nullable=False),
        _column("code", sa.TEXT()),
    ]
    catalog.indexes["acct"] = [
        {
            "name": "ix_lower",
            "column_names": [None],
            "unique": False,
            "expressions": ["lower(code)"],
            "dialect_options": {"postgresql_include": []},
        },
        {
            "name": "ix_mixed",
            "column_names": ["id", None],
            "unique": False,
            "expressions": ["id", "lower(code)"],
            "column_sorting": {"lower(code)": ("desc",)},
            "dialect_options": {"postgresql_include": []},
        },
    ]
    indexes = _indexes(_table(PostgreSQLAdapter(), postgresql.dialect(), catalog, "acct"))
    assert indexes["ix_lower"].expressions == ("lower(code)",)
    assert indexes["ix_lower"].modifiers == ()
    assert indexes["ix_mixed"].expressions == ("id", "lower(code)")
    assert indexes["ix_mixed"].modifiers == ("", "desc")


def test_expression_members_of_a_sqlite_index_are_kept() -> None:
    """``CREATE INDEX ix_mixed ON posts (id, lower(title) DESC)`` through the pragma reader."""
    catalog = Catalog(schema=None, tables=["posts"])
    catalog.columns["posts"] = [
        _column("id", sa.INTEGER(), nullable=False),
        _column("title", sa.VARCHAR(200)),
    ]
    catalog.indexes["posts"] = [
        {
            "name": "ix_mixed",
            "column_names": ["id", None],
            "unique": False,
            "dialect_options": {},
            "expressions": ["id", "lower(title)"],
            "column_sorting": {"lower(title)": ("desc",)},
        }
    ]
    index = _indexes(_table(SQLiteAdapter(), sqlite.dialect(), catalog, "posts"))["ix_mixed"]
    assert index.expressions == ("id", "lower(title)")
    assert index.modifiers == ("", "desc")


# ------------------------------------------------------------------ uniques
def _pg_unique(name: str) -> Any:
    return {
        "name": name,
        "column_names": ["code"],
        "comment": None,
        "dialect_options": {"postgresql_include": [], "postgresql_nulls_not_distinct": False},
    }


def test_uniques_on_the_same_columns_are_ordered_by_name_whatever_the_reader_order() -> None:
    """Three UNIQUE (code) of one table, listed in creation order (uq_z first).

    PostgreSQL keeps such duplicates when they are added by ALTER TABLE, MySQL when they
    are declared; today's built-in readers happen to list them by name (``ORDER BY
    conname``, SQLAlchemy's sort), but the snapshot must not depend on that: it decides
    the order ``parity inspect`` prints and which name a UNIQUE finding reports (the
    first of a column set, :func:`parity.diff._unique_facts`), and a plugin's reader
    may list them as the catalog stores them.
    """

    def snapshot(names: list[str]) -> TableSnapshot:
        catalog = Catalog(schema=None, tables=["acct"])
        catalog.columns["acct"] = [
            _column("id", sa.INTEGER(), nullable=False),
            _column("code", sa.TEXT()),
        ]
        catalog.uniques["acct"] = [_pg_unique(name) for name in names]
        return _table(PostgreSQLAdapter(), postgresql.dialect(), catalog, "acct")

    created = snapshot(["uq_z", "uq_a", "uq_m"])
    assert [u.name for u in created.uniques] == ["uq_a", "uq_m", "uq_z"]
    assert created == snapshot(["uq_a", "uq_m", "uq_z"])
