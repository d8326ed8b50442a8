"""The generic adapter's model-side default: what PostgreSQL uses as is."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.schema import FetchedValue

from parity.adapter import DialectAdapter
from parity.declared import ANY_DEFAULT
from parity.snapshot import TypeSpec


def test_a_fetched_value_accepts_any_database_default() -> None:
    """``server_default=FetchedValue()`` says "the database fills it": no text to compare."""
    metadata = sa.MetaData()
    table = sa.Table(
        "t",
        metadata,
        sa.Column("a", sa.Integer, server_default=FetchedValue()),
        sa.Column("b", sa.Integer),
    )
    dialect = sa.create_engine("sqlite://").dialect
    adapter = DialectAdapter()
    integer = TypeSpec(name="integer")
    assert adapter.declared_default(table, table.c.a, dialect, integer) == ANY_DEFAULT
    assert adapter.declared_default(table, table.c.b, dialect, integer) is None
