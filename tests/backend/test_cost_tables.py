"""The five cost tables on every database: identical after create_all, every drift caught.

Drift is made the way production databases get it: the tables are created from a
changed copy of the models (what a hand-applied hotfix or a forgotten migration
leaves), then the guard checks them against the real models.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.engine import Engine
from sqlalchemy.schema import DefaultClause

import parity
from parity import cost_tables
from parity.report import DiffKind

Drift = Callable[[MetaData, Table], None]


def _copy() -> MetaData:
    drifted = MetaData()
    for table in cost_tables.metadata.sorted_tables:
        table.to_metadata(drifted)
    return drifted


def _drop_column(md: MetaData, t: Table) -> None:
    t._columns.remove(t.c.tenant_id)  # the column every cost table has
    for index in list(t.indexes):
        if "tenant_id" in index.columns:
            t.indexes.discard(index)


def _add_column(md: MetaData, t: Table) -> None:
    t.append_column(Column("added_by_hotfix", String(20), nullable=True))


def _change_type(md: MetaData, t: Table) -> None:
    t.c.tenant_id.type = String(8)


def _nullable(md: MetaData, t: Table) -> None:
    t.c.tenant_id.nullable = True


def _server_default(md: MetaData, t: Table) -> None:
    DefaultClause("tenant-x")._set_parent(t.c.tenant_id)


def _drop_index(md: MetaData, t: Table) -> None:
    t.indexes.discard(next(i for i in t.indexes if list(i.columns.keys()) == ["tenant_id"]))


def _add_index(md: MetaData, t: Table) -> None:
    Index(f"ix_hotfix_{t.name}", t.c.id, t.c.tenant_id)


def _add_unique(md: MetaData, t: Table) -> None:
    t.append_constraint(UniqueConstraint("tenant_id", "id", name=f"uq_hotfix_{t.name}"))


def _change_primary_key(md: MetaData, t: Table) -> None:
    t.c.tenant_id.primary_key = True
    t.primary_key = PrimaryKeyConstraint(t.c.id, t.c.tenant_id)
    t.constraints = {c for c in t.constraints if not isinstance(c, PrimaryKeyConstraint)}
    t.append_constraint(t.primary_key)


def _add_check(md: MetaData, t: Table) -> None:
    t.append_constraint(CheckConstraint("length(tenant_id) > 0", name=f"ck_hotfix_{t.name}"))


def _add_foreign_key(md: MetaData, t: Table) -> None:
    t.append_column(Column("parent_tag_id", String(255), nullable=True))
    t.append_constraint(ForeignKeyConstraint(["parent_tag_id"], ["feature_tags.id"]))


def _drop_table(md: MetaData, t: Table) -> None:
    md.remove(t)


DRIFTS: dict[str, tuple[Drift, DiffKind]] = {
    "column_missing": (_drop_column, DiffKind.COLUMN_MISSING),
    "column_extra": (_add_column, DiffKind.COLUMN_EXTRA),
    "type_mismatch": (_change_type, DiffKind.TYPE_MISMATCH),
    "nullable_mismatch": (_nullable, DiffKind.NULLABLE_MISMATCH),
    "default_mismatch": (_server_default, DiffKind.DEFAULT_MISMATCH),
    "index_missing": (_drop_index, DiffKind.INDEX_MISSING),
    "index_extra": (_add_index, DiffKind.INDEX_EXTRA),
    "unique_extra": (_add_unique, DiffKind.UNIQUE_EXTRA),
    "primary_key_mismatch": (_change_primary_key, DiffKind.PRIMARY_KEY_MISMATCH),
    "check_extra": (_add_check, DiffKind.CHECK_EXTRA),
    "foreign_key_extra": (_add_foreign_key, DiffKind.FOREIGN_KEY_EXTRA),
    "table_missing": (_drop_table, DiffKind.TABLE_MISSING),
}


def test_cost_tables_created_by_create_all_are_identical(backend_engine: Engine) -> None:
    cost_tables.metadata.create_all(backend_engine)
    report = parity.compare(backend_engine, cost_tables.metadata, mode="exact")
    assert report.differences == (), report.render()
    assert set(parity.COST_TABLE_NAMES) <= set(report.tables_checked)
    assert parity.check_m26_cost_tables(backend_engine) == (True, [])


def test_metadata_column_is_one_column_named_metadata(backend_engine: Engine) -> None:
    cost_tables.metadata.create_all(backend_engine)
    table = cost_tables.metadata.tables["cost_anomalies"]
    assert "metadata" in table.c and "metadata_json" not in table.c
    report = parity.compare(
        backend_engine, [cost_tables.CostAnomaly], mode="exact", tables=["cost_anomalies"]
    )
    assert report.ok and report.differences == ()


@pytest.mark.parametrize("table_name", parity.COST_TABLE_NAMES)
@pytest.mark.parametrize("drift", sorted(DRIFTS))
def test_every_drift_on_every_cost_table_is_caught_and_raised(
    backend_engine: Engine, backend_name: str, table_name: str, drift: str
) -> None:
    change, kind = DRIFTS[drift]
    if drift == "foreign_key_extra" and table_name == "feature_tags":
        pytest.skip("the drift adds a key to feature_tags itself; covered on the other four")
    drifted = _copy()
    change(drifted, drifted.tables[table_name])
    drifted.create_all(backend_engine)

    with pytest.raises(parity.SchemaParityError) as raised:
        parity.check_m26_cost_tables(backend_engine)

    report = raised.value.report
    assert report is not None
    found = {(d.kind, d.table) for d in report.differences}
    assert (kind, table_name) in found, report.render()
    # Nothing else: every other cost table is unchanged, and the drift is one fact.
    assert {d.table for d in report.differences} == {table_name}, report.render()
    assert all(d.severity is parity.Severity.ERROR for d in report.differences)
    assert table_name in str(raised.value)


def test_drift_on_a_cost_table_stops_startup_even_when_other_tables_match(
    backend_engine: Engine,
) -> None:
    other = MetaData()
    notes = Table("notes", other, Column("id", Integer, primary_key=True))
    drifted = _copy()
    _nullable(drifted, drifted.tables["cost_records"])
    drifted.create_all(backend_engine)
    notes.create(backend_engine)

    with pytest.raises(parity.SchemaParityError) as raised:
        parity.run_startup_parity_check(backend_engine, models=[notes])
    assert "cost_records.tenant_id" in str(raised.value)


def test_startup_check_passes_cost_tables_and_logs_other_drift(
    backend_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    cost_tables.metadata.create_all(backend_engine)
    Table("notes", MetaData(), Column("id", Integer, primary_key=True)).create(backend_engine)
    models = MetaData()
    notes = Table(
        "notes",
        models,
        Column("id", Integer, primary_key=True),
        Column("body", String(50), nullable=False),
    )

    with caplog.at_level("WARNING", logger="parity"):
        parity.run_startup_parity_check(backend_engine, models=[notes])
    assert any("notes.body" in r.getMessage() for r in caplog.records)

    with pytest.raises(parity.SchemaParityError) as raised:
        parity.run_startup_parity_check(backend_engine, models=[notes], hard_fail_all=True)
    assert raised.value.report is not None
    assert [d.kind for d in raised.value.report.differences] == [DiffKind.COLUMN_MISSING]


def test_check_schema_parity_returns_or_raises(backend_engine: Engine) -> None:
    models = MetaData()
    notes = Table(
        "notes", models, Column("id", Integer, primary_key=True), Column("body", String(50))
    )
    notes.create(backend_engine)
    assert parity.check_schema_parity(backend_engine, models=[notes]) == (True, [])

    wider = MetaData()
    notes2 = Table(
        "notes",
        wider,
        Column("id", Integer, primary_key=True),
        Column("body", String(50)),
        Column("title", String(20), nullable=False),
    )
    ok, errors = parity.check_schema_parity(backend_engine, models=[notes2], hard_fail=False)
    assert not ok and len(errors) == 1 and "notes.title" in errors[0]
    with pytest.raises(parity.SchemaParityError) as raised:
        parity.check_schema_parity(backend_engine, models=[notes2])
    assert raised.value.report is not None and not raised.value.report.ok


def test_application_cost_models_can_replace_the_shipped_ones(backend_engine: Engine) -> None:
    cost_tables.metadata.create_all(backend_engine)
    assert parity.check_m26_cost_tables(backend_engine, models=list(cost_tables.MODELS)) == (
        True,
        [],
    )
    with pytest.raises(parity.SchemaParityError, match="exactly the tables"):
        parity.check_m26_cost_tables(backend_engine, models=[cost_tables.FeatureTag])
