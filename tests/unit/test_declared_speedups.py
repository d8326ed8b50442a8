"""The model snapshot's shortcuts give exactly the answers of the per-column hooks.

``snapshot_from_tables`` reads table-level facts once per table (:func:`table_fact`)
and skips the default machinery for columns without a server default.  Each shortcut
must agree with calling the hooks one column at a time, outside a snapshot.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.engine import Dialect

from dialects.mysql import MySQLAdapter
from dialects.postgresql import PostgreSQLAdapter
from dialects.sqlite import SQLiteAdapter
from parity import declared
from parity.adapter import DialectAdapter
from parity.declared import snapshot_from_tables, table_fact
from parity.snapshot import ColumnSnapshot, SchemaSnapshot

MYSQL = MySQLAdapter()
MARIADB_DIALECT = mysql.dialect(is_mariadb=True)


def _collated_tables() -> list[sa.Table]:
    metadata = sa.MetaData()
    return [
        sa.Table(
            "by_mysql",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("name", sa.String(40)),
            sa.Column("body", sa.Text),
            sa.Column("kind", sa.Enum("a", "b", name="kind")),
            sa.Column("own", sa.String(40, collation="latin1_bin")),
            sa.Column("n", sa.Integer, server_default=sa.text("NULL")),
            mysql_collate="utf8_general_ci",
        ),
        sa.Table(
            "by_mariadb",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("name", sa.String(40)),
            sa.Column("blob", sa.LargeBinary),
            mariadb_collate="utf8mb4_unicode_ci",
        ),
        sa.Table(
            "plain",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True, server_default=sa.text("7")),
            sa.Column("name", sa.String(40)),
            sa.Column("own", sa.String(40, collation="utf8mb4_bin")),
            sa.Column("missing", sa.String(40), server_default=sa.null()),
            sa.Column("word", sa.String(40), server_default="x"),
        ),
        sa.Table(
            "composite",
            metadata,
            sa.Column("a", sa.Integer, primary_key=True),
            sa.Column("b", sa.Integer, primary_key=True),
        ),
        sa.Table(
            "counted",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("fk", sa.Integer, sa.ForeignKey("plain.id")),
            sqlite_autoincrement=True,
        ),
        sa.Table(
            "no_rowid",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sqlite_with_rowid=False,
        ),
    ]


def _column(snapshot: SchemaSnapshot, table: str, name: str) -> ColumnSnapshot:
    found = next(t for t in snapshot.tables if t.name == table)
    return next(c for c in found.columns if c.name == name)


CASES = [
    (MYSQL, mysql.dialect()),
    (MYSQL, MARIADB_DIALECT),
    (PostgreSQLAdapter(), postgresql.dialect()),
    (SQLiteAdapter(), sqlite.dialect()),
    (DialectAdapter(), sqlite.dialect()),
]


@pytest.mark.parametrize(
    ("adapter", "dialect"), CASES, ids=["mysql", "mariadb", "postgresql", "sqlite", "generic"]
)
def test_snapshot_equals_the_hooks_called_one_column_at_a_time(
    adapter: DialectAdapter, dialect: Dialect
) -> None:
    tables = _collated_tables()
    snapshot = snapshot_from_tables(adapter, tables, dialect)
    for table in tables:
        for column in table.columns:
            type_ = adapter.declared_type(column, dialect)
            got = _column(snapshot, table.name, column.name)
            assert got.type == type_
            assert got.default == adapter.declared_default(table, column, dialect, type_)
            assert got.autoincrement == adapter.declared_autoincrement(table, column, dialect)
            assert got.collation == adapter.declared_collation(column, dialect)


@pytest.mark.parametrize("dialect", [mysql.dialect(), MARIADB_DIALECT], ids=["mysql", "mariadb"])
def test_mysql_table_collation_applies_to_text_columns_only(dialect: Dialect) -> None:
    snapshot = snapshot_from_tables(MYSQL, _collated_tables(), dialect)
    collations = {
        (t.name, c.name): c.collation for t in snapshot.tables for c in t.columns if c.collation
    }
    assert collations == {
        ("by_mysql", "name"): "utf8mb3_general_ci",  # utf8_ is utf8mb3_
        ("by_mysql", "body"): "utf8mb3_general_ci",
        ("by_mysql", "kind"): "utf8mb3_general_ci",
        ("by_mysql", "own"): "latin1_bin",  # the column's own collation wins
        ("by_mariadb", "name"): "utf8mb4_unicode_ci",
        ("plain", "own"): "utf8mb4_bin",
    }


def test_mysql_default_null_and_autoincrement_with_a_server_default() -> None:
    dialect = mysql.dialect()
    snapshot = snapshot_from_tables(MYSQL, _collated_tables(), dialect)
    assert _column(snapshot, "by_mysql", "n").default is None  # DEFAULT NULL: no default
    assert _column(snapshot, "plain", "missing").default is None
    assert _column(snapshot, "plain", "word").default == "'x'"
    key = _column(snapshot, "plain", "id")  # a server default blocks AUTO_INCREMENT
    assert (key.default, key.autoincrement) == ("7", None)
    assert _column(snapshot, "by_mysql", "id").autoincrement == "auto_increment"


def test_sqlite_rowid_and_default_null() -> None:
    snapshot = snapshot_from_tables(SQLiteAdapter(), _collated_tables(), sqlite.dialect())
    generation = {(t.name, c.name): c.autoincrement for t in snapshot.tables for c in t.columns}
    assert generation[("by_mysql", "id")] == "rowid"
    assert generation[("composite", "a")] is None
    assert generation[("counted", "id")] == "rowid autoincrement"
    assert generation[("counted", "fk")] is None
    assert generation[("no_rowid", "id")] is None
    assert _column(snapshot, "by_mysql", "n").default is None
    assert _column(snapshot, "plain", "missing").default is None


def test_table_fact_is_computed_once_per_table_and_only_during_a_snapshot() -> None:
    calls: list[str] = []

    def count(table: sa.Table) -> str:
        calls.append(table.name)
        return table.name.upper()

    class Counting(DialectAdapter):
        def declared_autoincrement(
            self, table: sa.Table, column: sa.Column[Any], dialect: Dialect
        ) -> str | None:
            assert table_fact(table, count) == table.name.upper()
            return super().declared_autoincrement(table, column, dialect)

    tables = _collated_tables()
    snapshot_from_tables(Counting(), tables, sqlite.dialect())
    assert calls == [t.name for t in tables]  # once per table, not per column
    assert declared._TABLE_FACTS.get() is None  # nothing held after the call
    calls.clear()
    table = tables[0]
    assert table_fact(table, count) == table_fact(table, count) == "BY_MYSQL"
    assert calls == ["by_mysql", "by_mysql"]  # outside a snapshot: simply called
