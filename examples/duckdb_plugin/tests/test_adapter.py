"""What the DuckDB adapter itself decides: the plugin is found, types, the reader."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from parity_duckdb import DuckDBAdapter

import parity


@pytest.fixture
def engine(tmp_path: Path) -> sa.Engine:
    return sa.create_engine(f"duckdb:///{tmp_path / 'db.duckdb'}")


def test_found_through_the_entry_point(engine: sa.Engine) -> None:
    adapter = parity.dialect_for(engine)
    assert isinstance(adapter, DuckDBAdapter)
    md = sa.MetaData()
    sa.Table("t", md, sa.Column("id", sa.Integer, primary_key=True, autoincrement=False))
    md.create_all(engine)
    report = parity.compare(engine, md)
    assert report.ok, report.render()
    assert report.adapter == "DuckDBAdapter"
    assert report.server_version[0] >= 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DECIMAL(10,2)", parity.TypeSpec(name="numeric", precision=10, scale=2)),
        ("NUMERIC", parity.TypeSpec(name="numeric", precision=18, scale=3)),
        ("TEXT", parity.TypeSpec(name="varchar")),
        ("VARCHAR(20)", parity.TypeSpec(name="varchar")),
        ("TIMESTAMP WITH TIME ZONE", parity.TypeSpec(name="timestamp", timezone=True)),
        ("DOUBLE PRECISION", parity.TypeSpec(name="double precision")),
        (
            "INTEGER[]",
            parity.TypeSpec(name="array", item=parity.TypeSpec(name="integer"), dimensions=1),
        ),
    ],
)
def test_parse_type(text: str, expected: parity.TypeSpec) -> None:
    assert DuckDBAdapter().parse_type(text) == expected


def test_every_common_type_round_trips(engine: sa.Engine) -> None:
    md = sa.MetaData()
    sa.Table(
        "t",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        *(
            sa.Column(f"c{i}", type_)
            for i, type_ in enumerate(
                [
                    sa.BigInteger(),
                    sa.SmallInteger(),
                    sa.Float(),
                    sa.Double(),
                    sa.Boolean(),
                    sa.Date(),
                    sa.DateTime(),
                    sa.DateTime(timezone=True),
                    sa.Time(),
                    sa.Text(),
                    sa.String(),
                    sa.String(30),
                    sa.Numeric(),
                    sa.Numeric(12, 4),
                    sa.LargeBinary(),
                    sa.Interval(),
                    sa.Uuid(),
                    sa.JSON(),
                ]
            )
        ),
    )
    md.create_all(engine)
    report = parity.compare(engine, md, mode="exact")
    assert report.differences == (), report.render()
    assert (
        "VARCHAR length",
        "DuckDB neither stores nor enforces a VARCHAR length",
    ) in report.unchecked


def test_type_change_is_found(engine: sa.Engine) -> None:
    """The database holds narrower types than the model declares: errors."""
    db, model = sa.MetaData(), sa.MetaData()
    sa.Table("t", db, sa.Column("n", sa.Integer), sa.Column("d", sa.Numeric(10, 2)))
    sa.Table("t", model, sa.Column("n", sa.BigInteger), sa.Column("d", sa.Numeric(12, 2)))
    db.create_all(engine)
    report = parity.compare(engine, model)
    assert [(d.kind.value, d.column, d.severity.value) for d in report.differences] == [
        ("type_mismatch", "d", "error"),
        ("type_mismatch", "n", "error"),
    ]


def test_the_cost_tables_compare_clean(engine: sa.Engine) -> None:
    """The five cost tables (with expression and multi-column indexes) read back equal.

    DuckDB lists index expressions as text such as ``['(lower(a))', b]``; the reader
    once parsed that with ``ast.literal_eval`` and crashed on a bare ``b``.
    """
    from parity import cost_tables

    cost_tables.metadata.create_all(engine)
    report = parity.compare(engine, cost_tables.metadata, mode="exact")
    assert report.differences == (), report.render()
    assert sorted(report.tables_checked) == sorted(cost_tables.metadata.tables)


def test_index_expressions_as_duckdb_lists_them(engine: sa.Engine) -> None:
    md = sa.MetaData()
    t = sa.Table(
        "t",
        md,
        sa.Column("a", sa.String),
        sa.Column("b", sa.Integer),
        sa.Column("we, ird", sa.Integer),
    )
    sa.Index("ix_plain", t.c.a, t.c.b)
    sa.Index("ix_quoted", t.c["we, ird"], t.c.a)
    sa.Index("ix_expr", sa.func.lower(t.c.a), t.c.b)
    md.create_all(engine)
    report = parity.compare(engine, md, mode="exact")
    assert report.differences == (), report.render()


def test_a_missing_file_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "missing.duckdb"
    md = sa.MetaData()
    sa.Table("t", md, sa.Column("id", sa.Integer, primary_key=True))
    for bind in (f"duckdb:///{path}", sa.create_engine(f"duckdb:///{path}")):
        with pytest.raises(parity.InspectionError, match="does not exist"):
            parity.compare(bind, md)
    with pytest.raises(parity.SchemaParityError, match="does not exist"):
        parity.check_schema_parity(sa.create_engine(f"duckdb:///{path}"), [md.tables["t"]])
    assert not path.exists()
