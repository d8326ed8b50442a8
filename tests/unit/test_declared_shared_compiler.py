"""The model snapshot renders every server default with one shared DDL compiler.

``declared_default_text`` reuses the snapshot's compiler instead of building one per
column; the text must be exactly what a fresh compiler renders, column after column,
whatever the previous columns left behind (bound parameters with the same name, ``%``
escaping of format-paramstyle drivers, functions, plain strings).
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.engine import Dialect

from parity import declared
from parity.adapter import DialectAdapter
from parity.declared import declared_default_text, snapshot_from_tables


def _table() -> sa.Table:
    metadata = sa.MetaData()
    bound = sa.text("1 + :n").bindparams(n=1)
    bound_again = sa.text("2 + :n").bindparams(n=2)  # same bind name, other value
    return sa.Table(
        "t",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.Integer, server_default=bound),
        sa.Column("b", sa.Integer, server_default=bound_again),
        sa.Column("c", sa.String(20), server_default="50% off"),
        sa.Column("d", sa.String(20), server_default=sa.text("'10%'")),
        sa.Column("e", sa.DateTime, server_default=sa.func.now()),
        sa.Column("f", sa.Integer, server_default=sa.literal(7)),
        sa.Column("g", sa.Boolean, server_default=sa.false()),
    )


@pytest.mark.parametrize(
    "dialect",
    [sqlite.dialect(), postgresql.dialect(), mysql.dialect()],
    ids=["sqlite", "postgresql", "mysql"],
)
def test_shared_compiler_renders_like_a_fresh_one(
    dialect: Dialect, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = _table()
    fresh = {c.name: declared_default_text(c, dialect) for c in table.columns}
    seen: dict[str, str | None] = {}
    compilers: set[int] = set()
    original = declared._ddl_for

    def recording(dialect_: Dialect) -> Any:
        compiler = original(dialect_)
        compilers.add(id(compiler))
        return compiler

    monkeypatch.setattr(declared, "_ddl_for", recording)

    class Recorder(DialectAdapter):
        """The generic adapter, recording the raw default text of each column."""

        def declared_default(
            self, table_: sa.Table, column: sa.Column[Any], dialect_: Dialect, type_: Any
        ) -> str | None:
            seen[column.name] = declared_default_text(column, dialect_)
            return seen[column.name]

    snapshot_from_tables(Recorder(), [table], dialect)
    assert seen == fresh
    assert len(compilers) == 1  # one compiler for the whole snapshot


def test_outside_a_snapshot_each_call_gets_its_own_compiler() -> None:
    dialect = sqlite.dialect()
    first = declared._ddl_for(dialect)
    assert declared._ddl_for(dialect) is not first
