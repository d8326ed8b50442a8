"""Index members (sort order, NULLS placement, collation) and case-folded names, pure.

The live regression cases are in ``tests/properties/test_regressions_catalog_side.py``;
these pin the reductions themselves.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table

from parity.indexmembers import modifier_text, split_text, unwrap
from parity.names import align_names
from parity.snapshot import (
    ColumnSnapshot,
    ForeignKeySnapshot,
    IndexSnapshot,
    PrimaryKeySnapshot,
    SchemaSnapshot,
    TableSnapshot,
    TypeSpec,
)

_T = Table("t", MetaData(), Column("a", Integer), Column("b", String))


@pytest.mark.parametrize(
    ("element", "collation", "descending", "nulls"),
    [
        (_T.c.a, None, False, None),
        (_T.c.a.desc(), None, True, None),
        (_T.c.a.asc(), None, False, None),
        (_T.c.a.desc().nulls_last(), None, True, "last"),
        (_T.c.a.nulls_first(), None, False, "first"),
        (_T.c.b.collate("NOCASE").desc(), "NOCASE", True, None),
    ],
)
def test_unwrap(
    element: object, collation: str | None, descending: bool, nulls: str | None
) -> None:
    member = unwrap(element)
    assert member.element is _T.c.a or member.element is _T.c.b
    assert (member.collation, member.descending, member.nulls) == (collation, descending, nulls)


@pytest.mark.parametrize(
    ("sql", "element", "collation", "descending", "nulls"),
    [
        ("b", "b", None, False, None),
        ("b DESC", "b", None, True, None),
        ("lower(name) desc nulls first", "lower ( name )", None, True, "first"),
        ('"name" COLLATE "NOCASE" ASC', '"name"', '"NOCASE"', False, None),
        ("desc", "desc", None, False, None),  # a column named desc, not a modifier
    ],
)
def test_split_text(
    sql: str, element: str, collation: str | None, descending: bool, nulls: str | None
) -> None:
    member = split_text(sql)
    assert (member.element, member.collation, member.descending, member.nulls) == (
        element,
        collation,
        descending,
        nulls,
    )


@pytest.mark.parametrize(
    ("descending", "nulls", "high", "text"),
    [
        (False, "last", True, ""),  # PostgreSQL ASC NULLS LAST is ASC
        (True, "first", True, "desc"),  # PostgreSQL DESC NULLS FIRST is DESC
        (False, "first", True, "nulls first"),
        (True, "last", True, "desc nulls last"),
        (False, "first", False, ""),  # SQLite/MySQL: NULLs sort first ascending
        (True, "last", False, "desc"),
        (True, None, False, "desc"),
    ],
)
def test_default_nulls_placement_is_dropped(
    descending: bool, nulls: str | None, high: bool, text: str
) -> None:
    assert (
        modifier_text(collation=None, descending=descending, nulls=nulls, nulls_sort_high=high)
        == text
    )


def _col(name: str) -> ColumnSnapshot:
    return ColumnSnapshot(name=name, type=TypeSpec(name="integer"), nullable=True)


def test_align_names_respells_folded_names_everywhere() -> None:
    model = SchemaSnapshot(
        dialect="sqlite",
        tables=(
            TableSnapshot(name="users", columns=(_col("id"),)),
            TableSnapshot(name="posts", columns=(_col("id"), _col("user_id"))),
        ),
    )
    database = SchemaSnapshot(
        dialect="sqlite",
        tables=(
            TableSnapshot(
                name="Users",
                columns=(_col("ID"),),
                primary_key=PrimaryKeySnapshot(name=None, columns=("ID",)),
            ),
            TableSnapshot(
                name="posts",
                columns=(_col("id"), _col("User_Id"), _col("Extra")),
                foreign_keys=(
                    ForeignKeySnapshot(
                        name=None,
                        columns=("USER_ID",),
                        referred_schema=None,
                        referred_table="USERS",
                        referred_columns=("Id",),
                    ),
                ),
                indexes=(IndexSnapshot(name="ix", expressions=("user_ID",)),),
            ),
        ),
    )
    aligned = align_names(model, database, fold_table=str.lower, fold_column=str.lower)
    users, posts = aligned.tables
    assert users.name == "users" and users.column("id") is not None
    assert users.primary_key is not None and users.primary_key.columns == ("id",)
    assert [c.name for c in posts.columns] == ["id", "user_id", "Extra"]
    key = posts.foreign_keys[0]
    assert (key.columns, key.referred_table, key.referred_columns) == (
        ("user_id",),
        "users",
        ("id",),
    )
    assert posts.indexes[0].expressions == ("user_id",)


def test_align_names_without_folding_changes_nothing() -> None:
    database = SchemaSnapshot(dialect="postgresql", tables=(TableSnapshot(name="Users"),))
    model = SchemaSnapshot(dialect="postgresql", tables=(TableSnapshot(name="users"),))
    assert align_names(model, database) is database
