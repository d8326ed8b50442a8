"""The benchmark schema generator produces what it promises, and compare agrees with it.

The benchmarks are only meaningful if every generated table carries every fact a reader
must read (a reader cannot look fast by reading nothing) and if a rerun measures the
same schema.  The SQLite round trip checks that the generated DDL, created the way the
harness creates it (one script, one transaction), is a schema ``parity.compare`` calls
identical to the model: a benchmark over a schema full of reported differences would
measure the wrong code path.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

import parity
from benchmarks import databases, floor, schema_gen
from parity.cost_names import COST_TABLE_NAMES


def _ddl(metadata: sa.MetaData) -> list[str]:
    tables = list(metadata.tables.values())
    return [s for batch in schema_gen.ddl_batches(tables, sqlite.dialect(), 7) for s in batch]


def _create_sqlite(metadata: sa.MetaData, path: Path) -> sa.Engine:
    with sqlite3.connect(path) as con:
        con.executescript("BEGIN;\n" + ";\n".join(_ddl(metadata)) + ";\nCOMMIT;")
    con.close()
    return sa.create_engine(f"sqlite:///{path}")


def test_every_table_carries_every_fact() -> None:
    metadata = schema_gen.generate(60, seed=3)
    tables = list(metadata.tables.values())
    assert [t.name for t in tables] == [schema_gen.table_name(i) for i in range(60)]
    kinds: Counter[str] = Counter()
    for position, table in enumerate(tables):
        assert len(table.columns) == 6 + schema_gen.RANDOM_COLUMNS
        assert [c.name for c in table.primary_key.columns] == ["id"]
        (fk,) = table.foreign_key_constraints
        referred = int(fk.referred_table.name.removeprefix("bt_"))
        assert referred < position or position == referred == 0
        assert fk.elements[0].column.type._type_affinity is table.c.parent_id.type._type_affinity
        indexes = sorted(table.indexes, key=lambda ix: len(ix.columns))
        assert [len(ix.columns) for ix in indexes] == [1, 2]
        assert indexes[1].columns[0].name == "parent_id"  # MySQL: no implicit FK index
        uniques = [c for c in table.constraints if isinstance(c, sa.UniqueConstraint)]
        checks = [c for c in table.constraints if isinstance(c, sa.CheckConstraint)]
        assert len(uniques) == 1 and len(checks) == 1
        assert sum(c.server_default is not None for c in table.columns) >= 3
        kinds.update(c.name.split("_", 1)[1] for c in table.columns if c.name[1:3].isdigit())
    assert set(kinds) == {kind.tag for kind in schema_gen.COLUMN_KINDS}
    types = {type(c.type) for t in tables for c in t.columns}
    assert {sa.Integer, sa.BigInteger, sa.String, sa.Text, sa.Numeric, sa.Float} <= types
    assert {sa.Boolean, sa.DateTime, sa.Date, sa.JSON} <= types
    zones = {c.type.timezone for t in tables for c in t.columns if isinstance(c.type, sa.DateTime)}
    assert zones == {True, False}
    assert any(isinstance(t.c.id.type, sa.String) for t in tables)  # mixed keys
    assert len({fk.ondelete for t in tables for fk in t.foreign_key_constraints}) == 3


def test_deterministic_and_seeded() -> None:
    assert _ddl(schema_gen.generate(30, seed=7)) == _ddl(schema_gen.generate(30, seed=7))
    assert _ddl(schema_gen.generate(30, seed=7)) != _ddl(schema_gen.generate(30, seed=8))
    # A smaller schema is a prefix of a larger one with the same seed.
    assert _ddl(schema_gen.generate(40, seed=7))[: 3 * 30] == _ddl(schema_gen.generate(30, seed=7))


def test_cost_tables_and_chain() -> None:
    metadata = schema_gen.generate(3, cost_tables=True)
    assert set(metadata.tables) == {*map(schema_gen.table_name, range(3)), *COST_TABLE_NAMES}
    assert set(schema_gen.cost_tables_only().tables) == set(COST_TABLE_NAMES)
    chain = schema_gen.fk_chain(4)
    assert [t.name for t in chain.sorted_tables] == ["ch_0000", "ch_0001", "ch_0002", "ch_0003"]
    assert [len(t.foreign_keys) for t in chain.sorted_tables] == [0, 1, 1, 1]


def test_only_bench_databases_are_touched() -> None:
    layout = databases.Layout("gen", 1000, 0)
    assert databases.database_name("postgresql", layout) == "parity_bench_pg_1000_s0"
    with pytest.raises(ValueError, match="refusing"):
        databases.sqlite_path("postgres")


def test_compare_reports_no_difference_on_generated_sqlite(tmp_path: Path) -> None:
    metadata = schema_gen.generate(20, seed=0, cost_tables=True)
    engine = _create_sqlite(metadata, tmp_path / "gen.db")
    try:
        report = parity.compare(engine, metadata)
        assert [d.message for d in report.differences] == []
        assert len(report.tables_checked) == 25
        with engine.connect() as conn:
            rows = floor.sqlite_floor(conn)
        assert {r[0] for r in rows["columns"]} == set(metadata.tables)
        assert len(rows["columns"]) == sum(len(t.columns) for t in metadata.tables.values())
    finally:
        engine.dispose()
