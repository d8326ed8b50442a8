"""Foreign-key options as each adapter normalises them, model side and catalog side.

Expected values come from the databases' documentation: PostgreSQL keeps ``MATCH FULL``
(``pg_constraint.confmatchtype``) and ``DEFERRABLE`` / ``INITIALLY DEFERRED``; SQLite
keeps ``DEFERRABLE`` / ``INITIALLY`` in the stored ``CREATE TABLE`` text but reports
``MATCH`` as ``NONE`` whatever was written (it parses MATCH and ignores it); the
defaults (``MATCH SIMPLE``, ``NOT DEFERRABLE``, ``INITIALLY IMMEDIATE``) are no option
at all, so a model that does not mention them agrees with a catalog that spells them.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Column, ForeignKeyConstraint, Integer, MetaData, Table

from dialects.mysql.adapter import MySQLAdapter
from dialects.postgresql.adapter import PostgreSQLAdapter
from dialects.sqlite.adapter import SQLiteAdapter
from parity.adapter import DialectAdapter

ADAPTERS: list[type[DialectAdapter]] = [
    DialectAdapter,
    PostgreSQLAdapter,
    SQLiteAdapter,
    MySQLAdapter,
]


def _model_key(**kw: Any) -> ForeignKeyConstraint:
    metadata = MetaData()
    Table("p", metadata, Column("id", Integer, primary_key=True))
    key = ForeignKeyConstraint(["p_id"], ["p.id"], **kw)
    Table("c", metadata, Column("id", Integer, primary_key=True), Column("p_id", Integer), key)
    return key


# (id, model keyword arguments, catalog options, normalised options)
CASES: list[tuple[str, dict[str, Any], dict[str, Any], tuple[tuple[str, str], ...]]] = [
    ("defaults", {}, {}, ()),
    ("match simple is the default", {"match": "SIMPLE"}, {"match": "SIMPLE"}, ()),
    ("match full", {"match": "FULL"}, {"match": "FULL"}, (("match", "full"),)),
    ("not deferrable", {"deferrable": False}, {"deferrable": False}, ()),
    ("deferrable", {"deferrable": True}, {"deferrable": True}, (("deferrable", "true"),)),
    (
        "deferrable initially immediate",
        {"deferrable": True, "initially": "IMMEDIATE"},
        {"deferrable": True, "initially": "IMMEDIATE"},
        (("deferrable", "true"),),
    ),
    (
        "deferrable initially deferred",
        {"deferrable": True, "initially": "DEFERRED"},
        {"deferrable": True, "initially": "DEFERRED"},
        (("deferrable", "true"), ("initially", "deferred")),
    ),
]


@pytest.mark.parametrize("adapter_type", ADAPTERS, ids=lambda a: a.__name__)
@pytest.mark.parametrize(
    ("model_kw", "catalog", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_options_normalise_the_same_on_both_sides(
    adapter_type: type[DialectAdapter],
    model_kw: dict[str, Any],
    catalog: dict[str, Any],
    expected: tuple[tuple[str, str], ...],
) -> None:
    adapter = adapter_type()
    reflected: Any = {
        "name": "fk",
        "constrained_columns": ["p_id"],
        "referred_schema": None,
        "referred_table": "p",
        "referred_columns": ["id"],
        "options": catalog,
    }
    assert adapter.declared_foreign_key_options(_model_key(**model_kw)) == expected
    assert adapter.reflected_foreign_key_options(reflected) == expected


@pytest.mark.parametrize("adapter_type", ADAPTERS, ids=lambda a: a.__name__)
@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (None, None),
        ("NO ACTION", None),
        ("no action", None),
        ("CASCADE", "CASCADE"),
        ("cascade", "CASCADE"),
        ("SET NULL", "SET NULL"),
        ("SET DEFAULT", "SET DEFAULT"),
    ],
)
def test_referential_actions(
    adapter_type: type[DialectAdapter], action: str | None, expected: str | None
) -> None:
    assert adapter_type().referential_action(action) == expected


@pytest.mark.parametrize(
    ("adapter_type", "expected"),
    [
        (DialectAdapter, "RESTRICT"),
        (PostgreSQLAdapter, "RESTRICT"),  # checked at once, unlike a deferrable NO ACTION
        (SQLiteAdapter, "RESTRICT"),  # SQLite: RESTRICT acts at once, NO ACTION at the end
        (MySQLAdapter, None),  # InnoDB: "RESTRICT ... is the same as NO ACTION"
    ],
    ids=lambda a: getattr(a, "__name__", str(a)),
)
def test_restrict_is_the_default_only_where_the_database_says_so(
    adapter_type: type[DialectAdapter], expected: str | None
) -> None:
    assert adapter_type().referential_action("RESTRICT") == expected
