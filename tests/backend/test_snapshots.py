"""Snapshot files as contracts and database against database, on every database (issue 13).

The schema is written as people and migrations write it (hand DDL, drift applied with
``ALTER``), the snapshot goes through its file, and every expectation comes from the
README: the same report offline as live, an empty diff of a database with itself and
with its own snapshot, and ``None`` compared as a fact between two databases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

import parity
from parity import cost_tables
from parity.report import DiffKind

#: Drift as a hotfix makes it: a required column added and an index dropped by hand.
HOTFIX = {
    "sqlite": [
        "ALTER TABLE cost_records ADD COLUMN hotfix VARCHAR(20) NOT NULL DEFAULT 'x'",
        "DROP INDEX ix_cost_records_tenant_id",
    ],
    "postgresql": [
        "ALTER TABLE cost_records ADD COLUMN hotfix VARCHAR(20) NOT NULL DEFAULT 'x'",
        "ALTER TABLE feature_tags ALTER COLUMN budget_cents TYPE SMALLINT",
        "DROP INDEX ix_cost_records_tenant_id",
    ],
    "mysql": [
        "ALTER TABLE cost_records ADD COLUMN hotfix VARCHAR(20) NOT NULL DEFAULT 'x'",
        "ALTER TABLE feature_tags MODIFY budget_cents SMALLINT NULL",
        "DROP INDEX ix_cost_records_tenant_id ON cost_records",
    ],
}


def _drift(engine: Engine, backend_name: str) -> None:
    with engine.begin() as conn:
        for statement in HOTFIX[backend_name]:
            conn.exec_driver_sql(statement)


def _cost_tables(engine: Engine) -> None:
    cost_tables.metadata.create_all(engine)


def test_a_snapshot_round_trips_through_its_file(
    backend_name: str, backend_engine: Engine, tmp_path: Path
) -> None:
    _cost_tables(backend_engine)
    _drift(backend_engine, backend_name)
    snapshot = parity.take_snapshot(backend_engine)
    path = tmp_path / "schema.json"
    path.write_text(snapshot.to_json(), encoding="utf-8")
    loaded = parity.load_snapshot(path)
    assert loaded == snapshot
    assert loaded.dialect == backend_name
    live = parity.compare(backend_engine, cost_tables.metadata)
    assert loaded.server_version == live.server_version
    rewritten = tmp_path / "again.json"
    rewritten.write_text(loaded.to_json(), encoding="utf-8")
    assert rewritten.read_bytes() == path.read_bytes()
    # the path as a string, and the JSON text itself, load the same
    assert parity.load_snapshot(str(path)) == snapshot
    assert parity.load_snapshot(path.read_text(encoding="utf-8")) == snapshot


@pytest.mark.parametrize("drifted", [False, True], ids=["clean", "drifted"])
def test_models_against_a_snapshot_give_exactly_the_live_report(
    backend_name: str, backend_engine: Engine, tmp_path: Path, drifted: bool
) -> None:
    _cost_tables(backend_engine)
    if drifted:
        _drift(backend_engine, backend_name)
    path = tmp_path / "schema.json"
    path.write_text(parity.take_snapshot(backend_engine).to_json(), encoding="utf-8")
    for options in ({}, {"mode": "exact"}, {"tables": ["cost_records"], "critical": ["x"]}):
        live = parity.compare(backend_engine, cost_tables.metadata, **options)  # type: ignore[arg-type]
        offline = parity.compare(path, cost_tables.metadata, **options)  # type: ignore[arg-type]
        assert offline.to_dict() == live.to_dict()
        if not drifted or options.get("mode") == "exact":
            assert live.ok is not drifted


def test_guard_check_against_a_snapshot_refuses_drift(
    backend_name: str, backend_engine: Engine, tmp_path: Path
) -> None:
    _cost_tables(backend_engine)
    _drift(backend_engine, backend_name)
    path = tmp_path / "schema.json"
    path.write_text(parity.take_snapshot(backend_engine).to_json(), encoding="utf-8")
    with pytest.raises(parity.SchemaParityError) as raised:
        parity.check_m26_cost_tables(str(path))
    with pytest.raises(parity.SchemaParityError) as live:
        parity.check_m26_cost_tables(backend_engine)
    assert raised.value.report is not None and live.value.report is not None
    assert raised.value.report.to_dict() == live.value.report.to_dict()


def test_a_database_against_itself_and_its_own_snapshot_is_empty(
    backend_name: str, backend_engine: Engine, backend_url: str
) -> None:
    _cost_tables(backend_engine)
    _drift(backend_engine, backend_name)
    snapshot = parity.take_snapshot(backend_engine)
    for left, right in [
        (backend_engine, backend_engine),
        (backend_url, backend_engine),
        (backend_engine, snapshot),
        (snapshot, backend_url),
        (snapshot.to_json(), snapshot),
    ]:
        report = parity.diff_databases(left, right, mode="exact")
        assert report.differences == (), report.render()
        assert report.ok
        assert set(report.tables_checked) == set(cost_tables.metadata.tables)


def test_diff_databases_reports_what_the_right_side_lacks_as_missing(
    backend_name: str, backend_engine: Engine
) -> None:
    _cost_tables(backend_engine)
    production = parity.take_snapshot(backend_engine)
    _drift(backend_engine, backend_name)  # "staging" got the hotfix
    report = parity.diff_databases(production, backend_engine)
    found = {(d.kind, d.table, d.column) for d in report.differences}
    assert (DiffKind.COLUMN_EXTRA, "cost_records", "hotfix") in found
    assert (DiffKind.INDEX_MISSING, "cost_records", None) in found
    reverse = parity.diff_databases(backend_engine, production)
    back = {(d.kind, d.table, d.column) for d in reverse.differences}
    assert (DiffKind.COLUMN_MISSING, "cost_records", "hotfix") in back
    assert (DiffKind.INDEX_EXTRA, "cost_records", None) in back
    assert not reverse.ok  # a column staging needs is missing


COMMENT = {
    "postgresql": "COMMENT ON COLUMN cost_records.tenant_id IS 'who pays'",
    "mysql": "ALTER TABLE cost_records MODIFY tenant_id VARCHAR(255) NOT NULL COMMENT 'who pays'",
}


@pytest.mark.backends("postgresql", "mysql")
def test_between_databases_a_comment_is_a_fact_not_a_declaration(
    backend_name: str, backend_engine: Engine
) -> None:
    _cost_tables(backend_engine)
    before = parity.take_snapshot(backend_engine)
    with backend_engine.begin() as conn:
        conn.exec_driver_sql(COMMENT[backend_name])
    # the model declares no comment: compare leaves it to the database
    assert parity.compare(backend_engine, cost_tables.metadata).differences == ()
    # between two databases "no comment" and "who pays" differ
    report = parity.diff_databases(before, backend_engine)
    assert [(d.kind, d.column, d.expected, d.actual) for d in report.differences] == [
        (DiffKind.COMMENT_MISMATCH, "tenant_id", None, "who pays")
    ]


@pytest.mark.backends("mysql")
def test_offline_mariadb_models_compile_for_the_recorded_version(backend_engine: Engine) -> None:
    """MariaDB >= 10.7 has a native UUID that SQLAlchemy's ``Uuid`` compiles to."""
    metadata = sa.MetaData()
    sa.Table("tokens", metadata, sa.Column("id", sa.Uuid, primary_key=True))
    metadata.create_all(backend_engine)
    snapshot = parity.take_snapshot(backend_engine)
    live = parity.compare(backend_engine, metadata)
    assert parity.compare(snapshot, metadata).to_dict() == live.to_dict()
    assert live.ok


def test_a_snapshot_of_another_schema_is_a_usage_error(backend_engine: Engine) -> None:
    _cost_tables(backend_engine)
    snapshot = parity.take_snapshot(backend_engine)
    with pytest.raises(parity.ParityUsageError, match="snapshot was read from"):
        parity.compare(snapshot, cost_tables.metadata, schema="elsewhere")


def test_diff_messages_name_the_left_and_right_databases(
    backend_name: str, backend_engine: Engine
) -> None:
    _cost_tables(backend_engine)
    production = parity.take_snapshot(backend_engine)
    _drift(backend_engine, backend_name)
    messages = {d.message for d in parity.diff_databases(production, backend_engine).differences}
    assert (
        "column cost_records.hotfix (varchar(20) not null) exists in the right database "
        "but not in the left database"
    ) in messages
    assert not any("model" in message for message in messages)


RETYPE = {
    "postgresql": (
        "CREATE TABLE t (a BYTEA, b VARCHAR(20))",
        "ALTER TABLE t ALTER COLUMN a TYPE VARCHAR(20)",
        'ALTER TABLE t ALTER COLUMN b TYPE VARCHAR(20) COLLATE "C"',
    ),
    "mysql": (
        "CREATE TABLE t (a BINARY(16), b VARCHAR(20))",
        "ALTER TABLE t MODIFY a VARCHAR(20)",
        "ALTER TABLE t MODIFY b VARCHAR(20) COLLATE utf8mb4_bin",
    ),
}


@pytest.mark.backends("postgresql", "mysql")
def test_between_databases_a_collation_is_compared_where_both_types_have_one(
    backend_name: str, backend_engine: Engine
) -> None:
    create, retype, collate = RETYPE[backend_name]
    with backend_engine.begin() as conn:
        conn.exec_driver_sql(create)
    before = parity.take_snapshot(backend_engine)
    with backend_engine.begin() as conn:
        conn.exec_driver_sql(retype)  # a type with a collation: the type difference only
        conn.exec_driver_sql(collate)  # same type, another collation: a collation difference
    found = {(d.kind, d.column) for d in parity.diff_databases(before, backend_engine).differences}
    assert found == {(DiffKind.TYPE_MISMATCH, "a"), (DiffKind.COLLATION_MISMATCH, "b")}
