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


def test_facts_with_one_signature_are_ordered_by_name_whatever_the_reader_order() -> None:
    """Two indexes on t(name), two CHECK (id > 0), two keys (p) -> t(id), differently named.

    SQLite keeps every one of them (the rows below are its reader's); the snapshot, and
    the name a finding reports, must not depend on the order they are listed in.
    """

    def snapshot(reverse: bool) -> TableSnapshot:
        catalog = Catalog(schema=None, tables=["t"])
        catalog.columns["t"] = [
            _column("id", sa.INTEGER(), nullable=False),
            _column("name", sa.TEXT()),
            _column("p", sa.INTEGER()),
        ]
        indexes: list[Any] = [
            {"name": n, "column_names": ["name"], "unique": False, "dialect_options": {}}
            for n in ("ix_a", "ix_b")
        ]
        checks: list[Any] = [{"name": n, "sqltext": "id > 0"} for n in ("ck_a", "ck_b")]
        keys: list[Any] = [
            {
                "name": n,
                "constrained_columns": ["p"],
                "referred_schema": None,
                "referred_table": "t",
                "referred_columns": ["id"],
                "options": {},
            }
            for n in ("fk_a", "fk_b")
        ]
        order = reversed if reverse else list
        catalog.indexes["t"] = list(order(indexes))
        catalog.checks["t"] = list(order(checks))
        catalog.foreign_keys["t"] = list(order(keys))
        return _table(SQLiteAdapter(), sqlite.dialect(), catalog, "t")

    listed = snapshot(reverse=True)
    assert [i.name for i in listed.indexes] == ["ix_a", "ix_b"]
    assert [c.name for c in listed.checks] == ["ck_a", "ck_b"]
    assert [fk.name for fk in listed.foreign_keys] == ["fk_a", "fk_b"]
    assert listed == snapshot(reverse=False)


def test_a_member_collation_alone_is_a_modifier() -> None:
    """``CREATE INDEX ix_c ON t (name COLLATE NOCASE)``: no sort order, one collation."""
    catalog = Catalog(schema=None, tables=["t"])
    catalog.columns["t"] = [_column("id", sa.INTEGER(), nullable=False), _column("name", sa.TEXT())]
    catalog.indexes["t"] = [
        {
            "name": "ix_c",
            "column_names": ["name"],
            "unique": False,
            "dialect_options": {},
            "column_collations": {"name": "nocase"},
        }
    ]
    index = _indexes(_table(SQLiteAdapter(), sqlite.dialect(), catalog, "t"))["ix_c"]
    assert index.expressions == ("name",)
    assert index.modifiers == ("collate nocase",)


def test_comments_and_readable_types_of_a_postgresql_table() -> None:
    """COMMENT ON TABLE kid IS 'kids', ON COLUMN kid.a IS 'the parent' (PostgreSQL 15 rows).

    SQLite has no comments, so only rows of a server that has them show they are kept;
    every column's type is readable, so nothing is listed as unchecked.
    """
    catalog = Catalog(schema=None, tables=["kid"])
    catalog.columns["kid"] = [
        _column("id", sa.INTEGER(), nullable=False),
        {**_column("a", sa.INTEGER()), "comment": "the parent"},
    ]
    catalog.comments["kid"] = "kids"
    snapshot = snapshot_from_catalog(PostgreSQLAdapter(), catalog, postgresql.dialect())
    (table,) = snapshot.tables
    assert table.comment == "kids"
    assert [c.comment for c in table.columns] == [None, "the parent"]
    assert snapshot.unchecked == ()


def test_a_key_into_the_schema_read_names_no_schema() -> None:
    """Schema ``audit`` read on PostgreSQL 15: entry.log_id -> audit.log, entry.k -> acct.

    The reader gives ``audit`` for a key into the schema being read and none for one into
    the search path; both are the model's unqualified ``ForeignKey``, so neither names a
    schema in the snapshot.
    """
    catalog = Catalog(schema="audit", tables=["entry"])
    catalog.columns["entry"] = [
        _column("id", sa.INTEGER(), nullable=False),
        _column("log_id", sa.INTEGER()),
        _column("k", sa.INTEGER()),
    ]
    catalog.foreign_keys["entry"] = [
        {
            "name": "entry_k_fkey",
            "constrained_columns": ["k"],
            "referred_schema": None,
            "referred_table": "acct",
            "referred_columns": ["id"],
            "options": {},
        },
        {
            "name": "entry_log_id_fkey",
            "constrained_columns": ["log_id"],
            "referred_schema": "audit",
            "referred_table": "log",
            "referred_columns": ["id"],
            "options": {},
        },
        {
            "name": "entry_other_fkey",
            "constrained_columns": ["k"],
            "referred_schema": "billing",
            "referred_table": "acct",
            "referred_columns": ["id"],
            "options": {},
        },
    ]
    snapshot = snapshot_from_catalog(
        PostgreSQLAdapter(), catalog, postgresql.dialect(), default_schema="public"
    )
    keys = {fk.name: fk.referred_schema for fk in snapshot.tables[0].foreign_keys}
    assert keys == {"entry_k_fkey": None, "entry_log_id_fkey": None, "entry_other_fkey": "billing"}
