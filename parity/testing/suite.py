"""The compliance suite for dialect adapters: star-import it into your plugin's tests.

::

    # tests/test_parity_compliance.py of a plugin package
    import pytest
    from parity.testing.suite import *  # noqa: F403
    from parity.testing.suite import DEFAULT_CAPABILITIES

    @pytest.fixture
    def parity_suite_engine(tmp_path):
        # An *empty* database of your dialect, new for every test.
        engine = create_engine(f"duckdb:///{tmp_path / 'suite.duckdb'}")
        yield engine
        engine.dispose()

    @pytest.fixture
    def parity_suite_capabilities():          # optional
        return DEFAULT_CAPABILITIES | {"checks", "comments"}

The suite creates a representative model with ``create_all`` and proves the comparison
finds **no** difference (soundness), then applies one known drift at a time and proves
it finds **exactly** that difference (completeness), and that the report round-trips
through JSON.  Drifts are made with SQLAlchemy's DDL (``create_all`` of a changed model,
``Index.drop``, Alembic operations), never with SQL strings, so they run on any dialect.

What a database cannot do or reveal is declared, not guessed: each drift needs some
capabilities (:data:`ALL_CAPABILITIES`) and is skipped, with the reason, when
``parity_suite_capabilities`` lacks one.  Without that fixture the suite assumes
:data:`DEFAULT_CAPABILITIES`.  Optional fixture ``parity_suite_collation`` names a
collation of your database for the ``collations`` drift.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from parity.api import compare
from parity.registry import dialect_for
from parity.report import DiffKind, ParityReport, Severity

__all__ = [
    "ALL_CAPABILITIES",
    "DEFAULT_CAPABILITIES",
    "DRIFTS",
    "test_adapter_is_found",
    "test_alter_column_drift_is_reported_exactly",
    "test_drift_is_reported_exactly",
    "test_identical_schema_has_no_difference",
    "test_report_round_trips_through_json",
]

#: What a database may or may not support / reveal through reflection.
ALL_CAPABILITIES = frozenset(
    {
        "foreign_keys",  # FOREIGN KEY constraints are created and reflected
        "foreign_key_actions",  # ON DELETE CASCADE and the like
        "uniques",  # UNIQUE constraints (or unique indexes) are reflected
        "indexes",  # CREATE INDEX exists and indexes are reflected
        "server_defaults",  # server defaults are reflected
        "checks",  # CHECK constraints are reflected
        "comments",  # table and column comments are stored and reflected
        "computed",  # generated columns (Computed) are created and reflected
        "partial_indexes",  # indexes with a WHERE clause (<dialect>_where=...)
        "autoincrement",  # value generation (identity / serial / AUTO_INCREMENT) is visible
        "collations",  # column collations are reflected (needs parity_suite_collation)
        "alter_column",  # Alembic can ALTER (and DROP) a column in place on this database
        "drop_column",  # Alembic can DROP a column in place (SQLite 3.35+), not ALTER it
    }
)
#: Assumed when a plugin defines no ``parity_suite_capabilities`` fixture.
DEFAULT_CAPABILITIES = frozenset(
    {"foreign_keys", "foreign_key_actions", "uniques", "indexes", "server_defaults"}
)


# -- the representative schema, as data ---------------------------------------------------
@dataclass(frozen=True)
class Shape:
    """The knobs of the representative schema; a drift changes one side's knobs."""

    code_type: str = "string20"  # parent.code: "string20" or "integer"
    name_nullable: bool = True
    flag_default: str = "0"
    name_index: bool = True
    code_unique: bool = True
    child_fk: bool = True
    child_extra_column: bool = False
    extra_table: bool = False
    pair_pk: tuple[str, ...] = ("a", "b")
    counter_autoincrement: bool = True
    check: str = "qty >= 0"
    comment: str = "parents of children"
    computed: str = "qty * 2"
    partial_where: str | None = "qty > 0"
    collation: bool = True


def build(shape: Shape, caps: frozenset[str], dialect: str, collation: str | None) -> sa.MetaData:
    """Render a :class:`Shape` as tables, using only what ``caps`` allows."""
    md = sa.MetaData()
    # Without the capability, keys are plain integers (DuckDB, say, has no SERIAL).
    generated: Literal["auto"] | bool = "auto" if "autoincrement" in caps else False
    code_type: sa.types.TypeEngine[Any] = (
        sa.String(20) if shape.code_type == "string20" else sa.Integer()
    )
    parent_columns: list[Any] = [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=generated),
        sa.Column(
            "code", code_type, nullable=False, unique=shape.code_unique and "uniques" in caps
        ),
        sa.Column("name", sa.String(100), nullable=shape.name_nullable),
        sa.Column("amount", sa.Numeric(10, 2)),
        sa.Column("created", sa.DateTime),
    ]
    if "server_defaults" in caps:
        parent_columns.append(
            sa.Column(
                "flag", sa.Integer, nullable=False, server_default=sa.text(shape.flag_default)
            )
        )
    if "collations" in caps and collation:
        label_type = sa.String(30, collation=collation if shape.collation else None)
        parent_columns.append(sa.Column("label", label_type))
    parent = sa.Table(
        "parity_parent",
        md,
        *parent_columns,
        comment=shape.comment if "comments" in caps else None,
    )
    if "indexes" in caps and shape.name_index:
        sa.Index("ix_parity_parent_name", parent.c.name)

    fk: list[Any] = (
        [
            sa.ForeignKey(
                "parity_parent.id",
                ondelete="CASCADE" if "foreign_key_actions" in caps else None,
            )
        ]
        if "foreign_keys" in caps and shape.child_fk
        else []
    )
    child_columns: list[Any] = [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=generated),
        sa.Column("parent_id", sa.Integer, *fk, nullable=False),
        sa.Column("qty", sa.Integer, nullable=False),
        sa.Column("note", sa.Text),
    ]
    if "computed" in caps:
        child_columns.append(
            sa.Column("qty2", sa.Integer, sa.Computed(shape.computed, persisted=True))
        )
    if shape.child_extra_column:
        child_columns.append(sa.Column("extra", sa.String(10)))
    if "checks" in caps and shape.check:
        child_columns.append(sa.CheckConstraint(shape.check, name="ck_parity_child_qty"))
    child = sa.Table("parity_child", md, *child_columns)
    if "partial_indexes" in caps:
        where: dict[str, Any] = (
            {f"{dialect}_where": sa.text(shape.partial_where)} if shape.partial_where else {}
        )
        sa.Index("ix_parity_child_qty", child.c.qty, **where)

    sa.Table(
        "parity_pair",
        md,
        sa.Column("a", sa.String(10), nullable=False),
        sa.Column("b", sa.String(10), nullable=False),
        sa.PrimaryKeyConstraint(*shape.pair_pk),
    )
    if "autoincrement" in caps:
        sa.Table(
            "parity_counter",
            md,
            sa.Column(
                "id", sa.Integer, primary_key=True, autoincrement=shape.counter_autoincrement
            ),
        )
    if shape.extra_table:
        sa.Table(
            "parity_extra",
            md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=generated),
        )
    return md


#: One expected difference: (kind, table, column).
Expected = tuple[DiffKind, str, "str | None"]


@dataclass(frozen=True)
class Drift:
    """A known-answer drift: the database is built from ``db``, the model is ``model``."""

    id: str
    expected: frozenset[Expected]
    needs: frozenset[str] = frozenset()
    db: Shape = field(default_factory=Shape)
    model: Shape = field(default_factory=Shape)


def _drift(
    kind: DiffKind,
    table: str,
    column: str | None,
    *,
    needs: Iterable[str] = (),
    db: dict[str, Any] | None = None,
    model: dict[str, Any] | None = None,
    also: Iterable[Expected] = (),
    id: str | None = None,
) -> Drift:
    return Drift(
        id=id or kind.value,
        expected=frozenset({(kind, table, column), *also}),
        needs=frozenset(needs),
        db=replace(Shape(), **(db or {})),
        model=replace(Shape(), **(model or {})),
    )


P, C = "parity_parent", "parity_child"
#: The drift catalogue: one entry per DiffKind (two for partial indexes).
DRIFTS: tuple[Drift, ...] = (
    _drift(DiffKind.TABLE_MISSING, "parity_extra", None, model={"extra_table": True}),
    _drift(DiffKind.TABLE_EXTRA, "parity_extra", None, db={"extra_table": True}),
    _drift(DiffKind.COLUMN_MISSING, C, "extra", model={"child_extra_column": True}),
    _drift(DiffKind.COLUMN_EXTRA, C, "extra", db={"child_extra_column": True}),
    _drift(DiffKind.TYPE_MISMATCH, P, "code", db={"code_type": "integer"}),
    _drift(DiffKind.NULLABLE_MISMATCH, P, "name", model={"name_nullable": False}),
    _drift(
        DiffKind.DEFAULT_MISMATCH, P, "flag", needs={"server_defaults"}, model={"flag_default": "1"}
    ),
    _drift(
        DiffKind.AUTOINCREMENT_MISMATCH,
        "parity_counter",
        "id",
        needs={"autoincrement"},
        db={"counter_autoincrement": False},
    ),
    _drift(
        DiffKind.COMPUTED_MISMATCH, C, "qty2", needs={"computed"}, model={"computed": "qty * 3"}
    ),
    _drift(DiffKind.COLLATION_MISMATCH, P, "label", needs={"collations"}, db={"collation": False}),
    _drift(DiffKind.COMMENT_MISMATCH, P, None, needs={"comments"}, model={"comment": "renamed"}),
    _drift(DiffKind.PRIMARY_KEY_MISMATCH, "parity_pair", None, model={"pair_pk": ("a",)}),
    _drift(DiffKind.FOREIGN_KEY_MISSING, C, None, needs={"foreign_keys"}, db={"child_fk": False}),
    _drift(DiffKind.FOREIGN_KEY_EXTRA, C, None, needs={"foreign_keys"}, model={"child_fk": False}),
    _drift(DiffKind.UNIQUE_MISSING, P, None, needs={"uniques"}, db={"code_unique": False}),
    _drift(DiffKind.UNIQUE_EXTRA, P, None, needs={"uniques"}, model={"code_unique": False}),
    _drift(DiffKind.INDEX_MISSING, P, None, needs={"indexes"}, db={"name_index": False}),
    _drift(DiffKind.INDEX_EXTRA, P, None, needs={"indexes"}, model={"name_index": False}),
    _drift(DiffKind.CHECK_MISSING, C, None, needs={"checks"}, db={"check": ""}),
    _drift(DiffKind.CHECK_EXTRA, C, None, needs={"checks"}, model={"check": ""}),
    _drift(
        DiffKind.INDEX_MISSING,
        C,
        None,
        needs={"partial_indexes"},
        model={"partial_where": "qty > 5"},
        also=[(DiffKind.INDEX_EXTRA, C, None)],
        id="partial_index_where",
    ),
)


# -- fixtures the plugin supplies, looked up lazily ---------------------------------------
def _capabilities(request: pytest.FixtureRequest) -> frozenset[str]:
    try:
        caps = request.getfixturevalue("parity_suite_capabilities")
    except pytest.FixtureLookupError:
        return DEFAULT_CAPABILITIES
    unknown = set(caps) - ALL_CAPABILITIES
    if unknown:
        raise pytest.UsageError(
            f"parity_suite_capabilities: unknown {sorted(unknown)}; "
            f"choose from {sorted(ALL_CAPABILITIES)}"
        )
    return frozenset(caps)


def _collation(request: pytest.FixtureRequest) -> str | None:
    try:
        value = request.getfixturevalue("parity_suite_collation")
    except pytest.FixtureLookupError:
        return None
    return str(value) if value else None


def _require(caps: frozenset[str], needs: Iterable[str], engine: Engine) -> None:
    missing = sorted(set(needs) - caps)
    if missing:
        pytest.skip(
            f"needs capability {', '.join(missing)}, which parity_suite_capabilities "
            f"does not declare for {engine.dialect.name}"
        )


def _found(report: ParityReport) -> set[Expected]:
    return {(d.kind, d.table, d.column) for d in report.differences}


def _check(engine: Engine, model: sa.MetaData) -> ParityReport:
    return compare(engine, model, mode="exact")


# -- the tests ------------------------------------------------------------------------------
def test_adapter_is_found(parity_suite_engine: Engine) -> None:
    """The plugin's adapter, not the generic fallback, serves this engine."""
    adapter = dialect_for(parity_suite_engine)
    assert not adapter.is_generic, (
        f"no parity.dialects adapter for dialect {parity_suite_engine.dialect.name!r}: "
        "is the plugin installed and its entry point named after dialect.name?"
    )


def test_identical_schema_has_no_difference(
    parity_suite_engine: Engine, request: pytest.FixtureRequest
) -> None:
    """Soundness: what ``create_all`` made from the model is reported as identical."""
    caps = _capabilities(request)
    dialect = parity_suite_engine.dialect.name
    collation = _collation(request)
    build(Shape(), caps, dialect, collation).create_all(parity_suite_engine)
    report = _check(parity_suite_engine, build(Shape(), caps, dialect, collation))
    assert report.differences == (), report.render()
    assert report.ok


@pytest.mark.parametrize("drift", DRIFTS, ids=[d.id for d in DRIFTS])
def test_drift_is_reported_exactly(
    parity_suite_engine: Engine, request: pytest.FixtureRequest, drift: Drift
) -> None:
    """Completeness: one known drift gives exactly its differences, nothing else."""
    caps = _capabilities(request)
    _require(caps, drift.needs, parity_suite_engine)
    collation = _collation(request)
    if "collations" in drift.needs and collation is None:
        pytest.skip("the collations drift needs a parity_suite_collation fixture")
    dialect = parity_suite_engine.dialect.name
    build(drift.db, caps, dialect, collation).create_all(parity_suite_engine)
    report = _check(parity_suite_engine, build(drift.model, caps, dialect, collation))
    assert _found(report) == set(drift.expected), report.render()
    assert all(d.severity is Severity.ERROR for d in report.differences)  # mode="exact"


#: name: (the capability it needs, the change, the one difference it makes).  A database
#: that can ALTER a column in place (``alter_column``) can drop one too.
ALTERS: dict[str, tuple[str, Callable[[Any], None], Expected]] = {
    "drop_column": (
        "drop_column",
        lambda op: op.drop_column(C, "note"),
        (DiffKind.COLUMN_MISSING, C, "note"),
    ),
    "set_not_null": (
        "alter_column",
        lambda op: op.alter_column(P, "name", existing_type=sa.String(100), nullable=False),
        (DiffKind.NULLABLE_MISMATCH, P, "name"),
    ),
}


@pytest.mark.parametrize("alter", sorted(ALTERS))
def test_alter_column_drift_is_reported_exactly(
    parity_suite_engine: Engine, request: pytest.FixtureRequest, alter: str
) -> None:
    """A column changed in place on the database (through Alembic's operations)."""
    caps = _capabilities(request)
    needs, change, expected = ALTERS[alter]
    _require(
        caps | ({"drop_column"} if "alter_column" in caps else set()), {needs}, parity_suite_engine
    )
    migration = pytest.importorskip("alembic.migration")
    operations = pytest.importorskip("alembic.operations")
    dialect = parity_suite_engine.dialect.name
    collation = _collation(request)
    build(Shape(), caps, dialect, collation).create_all(parity_suite_engine)
    with parity_suite_engine.begin() as conn:
        change(operations.Operations(migration.MigrationContext.configure(conn)))
    report = _check(parity_suite_engine, build(Shape(), caps, dialect, collation))
    assert _found(report) == {expected}, report.render()


def test_report_round_trips_through_json(
    parity_suite_engine: Engine, request: pytest.FixtureRequest
) -> None:
    """The JSON form holds every difference with its documented keys and values."""
    caps = _capabilities(request)
    dialect = parity_suite_engine.dialect.name
    collation = _collation(request)
    build(Shape(child_extra_column=True), caps, dialect, collation).create_all(parity_suite_engine)
    report = _check(parity_suite_engine, build(Shape(extra_table=True), caps, dialect, collation))
    data = json.loads(report.to_json())
    assert data == report.to_dict()
    assert data["ok"] is report.ok is False
    assert data["dialect"] == parity_suite_engine.dialect.name
    assert [
        (DiffKind(d["kind"]), d["table"], d["column"], Severity(d["severity"]))
        for d in data["differences"]
    ] == [(d.kind, d.table, d.column, d.severity) for d in report.differences]
    assert {(DiffKind(d["kind"]), d["table"], d["column"]) for d in data["differences"]} == {
        (DiffKind.COLUMN_EXTRA, C, "extra"),
        (DiffKind.TABLE_MISSING, "parity_extra", None),
    }
