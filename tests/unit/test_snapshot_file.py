"""Snapshot files refuse what they cannot read correctly (issue 13), without a database.

An unknown ``format_version``, a file that is not a snapshot, a corrupted one, or two
sides of different dialects: one-line :class:`parity.ParityUsageError`, never a report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import parity
from parity.snapshot import (
    ColumnSnapshot,
    ComputedSpec,
    ForeignKeySnapshot,
    IndexSnapshot,
    PrimaryKeySnapshot,
    SchemaSnapshot,
    TableSnapshot,
    TypeSpec,
)


def _snapshot(dialect: str = "postgresql") -> SchemaSnapshot:
    users = TableSnapshot(
        name="users",
        columns=(
            ColumnSnapshot(name="id", type=TypeSpec(name="bigint"), nullable=False),
            ColumnSnapshot(
                name="tags",
                type=TypeSpec(name="array", item=TypeSpec(name="varchar", length=20)),
                nullable=True,
                comment="labels",
            ),
            ColumnSnapshot(
                name="twice",
                type=TypeSpec(name="integer"),
                nullable=True,
                computed=ComputedSpec(expression="id * 2", persisted=True),
            ),
        ),
        primary_key=PrimaryKeySnapshot(name="users_pkey", columns=("id",)),
        indexes=(
            IndexSnapshot(
                name="ix",
                expressions=("lower(name)", "id"),
                options=(("where", "x"),),
                modifiers=("", "desc"),
            ),
            IndexSnapshot(name="fk_ix", expressions=("id",), implicit=True),
        ),
    )
    orders = TableSnapshot(
        name="orders",
        columns=(ColumnSnapshot(name="user_id", type=TypeSpec(name="bigint"), nullable=False),),
        foreign_keys=(
            ForeignKeySnapshot(
                name="fk",
                columns=("user_id",),
                referred_schema=None,
                referred_table="users",
                referred_columns=("id",),
                ondelete="CASCADE",
            ),
        ),
    )
    return SchemaSnapshot(
        dialect=dialect,
        tables=(orders, users),
        server_version=(15, 4),
        unchecked=(("x", "y"),),
        owned_tables=("orders_2024",),
    )


def test_every_record_survives_the_file_and_rewrites_identically() -> None:
    snapshot = _snapshot()
    text = snapshot.to_json()
    assert parity.load_snapshot(text) == snapshot
    # fields outside equality (IndexSnapshot.implicit) survive too
    assert parity.load_snapshot(text).tables[1].indexes[1].implicit
    assert parity.load_snapshot(text).to_json() == text
    assert text.endswith("}\n")
    data = json.loads(text)
    assert data["format_version"] == 1
    assert (data["dialect"], data["server_version"]) == ("postgresql", [15, 4])


def test_tables_are_written_sorted_whatever_order_they_came_in() -> None:
    snapshot = _snapshot()
    reversed_ = SchemaSnapshot(
        dialect="postgresql", tables=snapshot.tables[::-1], server_version=(15, 4)
    )
    names = [t["name"] for t in json.loads(reversed_.to_json())["tables"]]
    assert names == ["orders", "users"]


def _broken(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "schema.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.update(format_version=2), "format_version 2"),
        (lambda d: d.update(format_version=True), "format_version True"),
        (lambda d: d.pop("format_version"), "not a schema-parity snapshot"),
        (lambda d: d["tables"][0].update(name=7), "corrupted"),
        (lambda d: d["tables"][0]["columns"][0].update(nullable="no"), "corrupted"),
        (lambda d: d["tables"][0].update(surprise=1), "unknown fields surprise"),
        (lambda d: d.update(server_version=["15"]), "corrupted"),
        (lambda d: d["tables"][1]["columns"][1]["type"].update(item=[]), "corrupted"),
    ],
)
def test_a_foreign_or_corrupted_file_is_a_one_line_usage_error(
    tmp_path: Path, edit: object, message: str
) -> None:
    data = json.loads(_snapshot().to_json())
    edit(data)  # type: ignore[operator]
    path = _broken(tmp_path, json.dumps(data))
    with pytest.raises(parity.ParityUsageError, match=message) as raised:
        parity.load_snapshot(path)
    assert "\n" not in str(raised.value)
    with pytest.raises(parity.ParityUsageError):
        parity.compare(path, _metadata())


def test_not_json_and_missing_files_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(parity.ParityUsageError, match="not valid JSON"):
        parity.load_snapshot(_broken(tmp_path, '{"format_version": 1, "tables": ['))
    with pytest.raises(parity.ParityUsageError, match="cannot read snapshot file"):
        parity.load_snapshot(tmp_path / "missing.json")
    with pytest.raises(parity.ParityUsageError, match="not a schema-parity snapshot"):
        parity.load_snapshot(_broken(tmp_path, "[1, 2]"))


def test_two_dialects_cannot_be_diffed() -> None:
    with pytest.raises(parity.ParityUsageError, match="same dialect"):
        parity.diff_databases(_snapshot("postgresql"), _snapshot("mysql"))


def test_diff_databases_of_a_snapshot_with_itself_is_empty() -> None:
    snapshot = _snapshot()
    report = parity.diff_databases(snapshot, snapshot.to_json(), mode="exact")
    assert report.ok and report.differences == ()
    assert report.tables_checked == ("orders", "users")


def test_a_snapshot_of_an_unknown_dialect_is_a_usage_error() -> None:
    with pytest.raises(parity.ParityUsageError, match="no installed SQLAlchemy dialect"):
        parity.compare(_snapshot("nosuchdb"), _metadata())


def _metadata() -> object:
    import sqlalchemy as sa

    metadata = sa.MetaData()
    sa.Table("users", metadata, sa.Column("id", sa.BigInteger, primary_key=True))
    return metadata


def test_the_file_writes_every_field_of_every_record() -> None:
    """A field added to a snapshot record must be written and read back (or this fails)."""
    import dataclasses

    from parity import snapshot_file

    text = _snapshot().to_json()
    for cls in (SchemaSnapshot, TableSnapshot, ColumnSnapshot, TypeSpec, IndexSnapshot):
        for f in dataclasses.fields(cls):
            if f.name != "column_map":
                assert f'"{f.name}":' in text, (cls.__name__, f.name)
    source = Path(snapshot_file.__file__).read_text(encoding="utf-8")
    for cls in (
        SchemaSnapshot,
        TableSnapshot,
        ColumnSnapshot,
        TypeSpec,
        IndexSnapshot,
        ForeignKeySnapshot,
        PrimaryKeySnapshot,
        ComputedSpec,
    ):
        for f in dataclasses.fields(cls):
            if f.name != "column_map":
                assert f"{f.name}=" in source, (
                    f"load_snapshot does not read {cls.__name__}.{f.name}"
                )
