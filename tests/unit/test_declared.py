"""The model side (``snapshot_from_tables``): what ``create_all`` would emit, fact by fact.

Each test names one model construct and the exact snapshot fact it must give; the live
tests reach most of these only through a server, these pin them without one.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from dialects.postgresql import PostgreSQLAdapter
from dialects.sqlite import SQLiteAdapter
from parity.declared import ANY_DEFAULT, declared_default_text, snapshot_from_tables
from parity.hooks import ModelHooks
from parity.snapshot import SchemaSnapshot, TableSnapshot

SQLITE = SQLiteAdapter()


def _snapshot(
    *tables: sa.Table, adapter: ModelHooks = SQLITE, dialect: Dialect | None = None
) -> SchemaSnapshot:
    return snapshot_from_tables(adapter, tables, dialect or sqlite.dialect())


def _only(snapshot: SchemaSnapshot) -> TableSnapshot:
    (table,) = snapshot.tables
    return table


def test_only_columns_without_a_type_are_listed_unchecked() -> None:
    """A NullType column has nothing to compare and must say so; a typed one must not
    be listed, or every column would read as unchecked.  (PostgreSQL: on SQLite a
    column without a type is a real fact, a column of no affinity.)"""
    table = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("shape", sa.types.NullType()),
    )
    unchecked = snapshot_from_tables(PostgreSQLAdapter(), [table], postgresql.dialect()).unchecked
    assert [what for what, _why in unchecked] == ["type of column t.shape"]


def test_a_column_check_for_another_dialect_is_not_emitted() -> None:
    """A column-level CHECK with ``ddl_if(dialect=...)`` for another database is not in
    this database's CREATE TABLE, so it is no expected fact."""
    table = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.Integer, sa.CheckConstraint("a > 0").ddl_if(dialect="postgresql")),
        sa.Column("b", sa.Integer, sa.CheckConstraint("b > 0")),
    )
    assert [c.sqltext for c in _only(_snapshot(table)).checks] == ["b > 0"]


def test_a_table_keeps_the_schema_it_is_declared_in() -> None:
    """A schema-qualified model table is written there; an unqualified one has no schema
    of its own (the report's schema applies)."""
    metadata = sa.MetaData()
    qualified = sa.Table("q", metadata, sa.Column("id", sa.Integer, primary_key=True), schema="app")
    plain = sa.Table("p", metadata, sa.Column("id", sa.Integer, primary_key=True))
    assert {t.name: t.schema for t in _snapshot(qualified, plain).tables} == {
        "p": None,
        "q": "app",
    }


def test_constraints_with_one_signature_are_listed_by_name() -> None:
    """Duplicates (two FKs, UNIQUEs or CHECKs that do the same) are listed by name, named
    before unnamed, whatever the declaration order: the snapshot is deterministic."""
    table = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("p", sa.Integer),
        sa.ForeignKeyConstraint(["p"], ["t.id"], name="fk_b"),
        sa.ForeignKeyConstraint(["p"], ["t.id"]),
        sa.ForeignKeyConstraint(["p"], ["t.id"], name="fk_a"),
        sa.UniqueConstraint("p", name="uq_b"),
        sa.UniqueConstraint("p"),
        sa.UniqueConstraint("p", name="uq_a"),
        sa.CheckConstraint("p > 0", name="ck_b"),
        sa.CheckConstraint("p > 0"),
        sa.CheckConstraint("p > 0", name="ck_a"),
    )
    snapshot = _only(_snapshot(table))
    assert [fk.name for fk in snapshot.foreign_keys] == [None, "fk_a", "fk_b"]
    assert [u.name for u in snapshot.uniques] == [None, "uq_a", "uq_b"]
    assert [c.name for c in snapshot.checks] == [None, "ck_a", "ck_b"]


def test_comments_are_carried_and_an_empty_one_is_none() -> None:
    """Table and column comments are facts; ``""`` is no comment on any database."""
    metadata = sa.MetaData()
    commented = sa.Table(
        "c",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, comment="the key"),
        comment="people",
    )
    empty = sa.Table(
        "e", metadata, sa.Column("id", sa.Integer, primary_key=True, comment=""), comment=""
    )
    c, e = _snapshot(commented, empty).tables
    assert (c.comment, c.columns[0].comment) == ("people", "the key")
    assert (e.comment, e.columns[0].comment) == (None, None)


def test_an_empty_constraint_name_is_unnamed() -> None:
    """``name=""`` is no name: the database generates one, so it must never be shown."""
    table = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.Integer),
        sa.UniqueConstraint("a", name=""),
    )
    assert [u.name for u in _only(_snapshot(table)).uniques] == [None]


def test_an_identity_column_has_no_server_default() -> None:
    """``Identity()`` is a FetchedValue on the column, but it generates values, it is no
    DEFAULT: reading it as "any server default" would hide a real default difference."""
    table = sa.Table(
        "t", sa.MetaData(), sa.Column("id", sa.Integer, sa.Identity(), primary_key=True)
    )
    assert declared_default_text(table.c.id, postgresql.dialect()) is None
    fetched = sa.Table(
        "f", sa.MetaData(), sa.Column("x", sa.Integer, server_default=sa.FetchedValue())
    )
    assert declared_default_text(fetched.c.x, postgresql.dialect()) == ANY_DEFAULT


def test_a_foreign_key_to_a_table_outside_the_model_is_read_from_its_spec() -> None:
    """The referred table need not be in the MetaData (another service owns it): its
    schema, table and column come from the "schema.table.column" spec."""
    table = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("u", sa.Integer, sa.ForeignKey("auth.users.uid")),
        sa.Column("g", sa.Integer, sa.ForeignKey("groups.gid")),
    )
    found = {
        fk.columns: (fk.referred_schema, fk.referred_table, fk.referred_columns)
        for fk in _only(_snapshot(table)).foreign_keys
    }
    assert found == {
        ("u",): ("auth", "users", ("uid",)),
        ("g",): (None, "groups", ("gid",)),
    }


def _member_table() -> sa.Table:
    return sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("a", sa.String(10)),
        sa.Column("b", sa.Integer),
        # One member, written with its modifiers split every way between SQLAlchemy
        # elements (outer) and text (inner).
        sa.Index("elements", sa.nulls_last(sa.collate(sa.literal_column("a"), "C").desc())),
        sa.Index("text", sa.text('a COLLATE "C" DESC NULLS LAST')),
        sa.Index("desc_outside", sa.desc(sa.literal_column('a COLLATE "C" NULLS LAST'))),
        sa.Index("nulls_outside", sa.nulls_last(sa.literal_column('a COLLATE "C" DESC'))),
        sa.Index("collate_outside", sa.collate(sa.literal_column("a DESC NULLS LAST"), "C")),
        sa.Index("expression", sa.text("b + 1")),
    )


@pytest.mark.parametrize(
    ("adapter", "dialect", "modifiers"),
    [
        (PostgreSQLAdapter(), postgresql.dialect(), ("desc nulls last",)),
        # SQLite sorts NULLs first ascending, so last is DESC's default.
        (SQLITE, sqlite.dialect(), ("collate c desc",)),
    ],
    ids=["postgresql", "sqlite"],
)
def test_index_member_modifiers_merge_from_elements_and_text(
    adapter: ModelHooks, dialect: Dialect, modifiers: tuple[str, ...]
) -> None:
    """A modifier given as an element around member text and one written in the text
    both count: an index is the same however its ``DESC``/``COLLATE``/``NULLS`` are
    spelt.  Text that is more than a column name stays an expression."""
    table = _member_table()
    found = {
        i.name: (i.expressions, i.modifiers)
        for i in _only(_snapshot(table, adapter=adapter, dialect=dialect)).indexes
    }
    assert found.pop("expression") == (("b + 1",), ())
    assert found == dict.fromkeys(
        ["elements", "text", "desc_outside", "nulls_outside", "collate_outside"],
        (("a",), modifiers),
    )


def test_index_member_text_that_names_a_column_is_that_column() -> None:
    """Text that is only a column's name, bare, in another case or quoted in any of
    SQL's ways, is the column: its collation is the member's default, so restating it
    is no modifier (and text that is not a column would show ``collate nocase``)."""
    nocase = {"collation": "NOCASE"}
    table = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("a", sa.String(10, **nocase)),
        sa.Column("Mixed", sa.String(10, **nocase)),
        sa.Column('we"ird', sa.String(10, **nocase)),
        sa.Column("b c", sa.String(10, **nocase)),
        sa.Column("op", sa.String(10, **nocase)),  # a word, whatever the tokenizer calls kinds
        sa.Index("bare", sa.text("a COLLATE NOCASE")),
        sa.Index("upper", sa.text("A COLLATE NOCASE")),
        sa.Index("quoted", sa.text('"Mixed" COLLATE NOCASE DESC')),
        sa.Index("doubled_quote", sa.text('"we""ird" COLLATE NOCASE')),
        sa.Index("backtick", sa.text("`Mixed` COLLATE NOCASE")),
        sa.Index("bracket", sa.text("[b c] COLLATE NOCASE")),
        sa.Index("op", sa.text("op COLLATE NOCASE")),
    )
    found = {i.name: (i.expressions, i.modifiers) for i in _only(_snapshot(table)).indexes}
    assert found == {
        "bare": (("a",), ()),
        "upper": (("a",), ()),
        "quoted": (("Mixed",), ("desc",)),
        "doubled_quote": (('we"ird',), ()),
        "backtick": (("Mixed",), ()),
        "bracket": (("b c",), ()),
        "op": (("op",), ()),
    }
