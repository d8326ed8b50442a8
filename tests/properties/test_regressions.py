"""Minimal failing examples hypothesis found, pinned per database.

Each pin is the shrunk example, retyped from hypothesis' output.  A pin of a defect not
fixed yet is marked ``xfail(strict=True)`` naming the layer at fault (none is today):
when the fix lands the pin starts passing, strict mode fails the run, and the marker is
removed so the pin guards the fix from then on.
"""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

import parity
from parity.strategies import (
    CheckSpec,
    ColumnSpec,
    ForeignKeySpec,
    SchemaSpec,
    TableSpec,
    TypeChoice,
    create_schema,
)
from parity.strategies import to_metadata as create_metadata
from tests.properties.support import empty_database, explain

INTEGER = TypeChoice(kind="integer")


def _clean(engine: Engine, spec: SchemaSpec) -> parity.ParityReport:
    empty_database(engine)
    with engine.begin() as conn:
        metadata = create_schema(conn, spec)
    return parity.compare(engine, metadata)


def _unique_repeating_primary_key(dialect: str) -> SchemaSpec:
    return SchemaSpec(
        dialect=dialect,  # type: ignore[arg-type]
        tables=(
            TableSpec(
                name="a",
                # BIGINT: an INTEGER key is SQLite's rowid, which has no index of its own.
                columns=(
                    ColumnSpec(name="a", type=TypeChoice(kind="bigint"), nullable=False),
                    ColumnSpec(name="aa", type=INTEGER),
                ),
                primary_key=("a",),
                pk_name="a_3",
                uniques=(),
            ),
        ),
    )


@pytest.mark.backends("sqlite", "postgresql")
def test_unique_repeating_the_primary_key(backend_name: str, backend_engine: Engine) -> None:
    """Fixed in core (parity/diff.py): PostgreSQL and SQLite drop a UNIQUE that repeats
    the primary key at CREATE TABLE; the key already guarantees it."""
    spec = _unique_repeating_primary_key(backend_name)
    from dataclasses import replace

    from parity.strategies import UniqueSpec

    table = replace(spec.tables[0], uniques=(UniqueSpec(name="a_2", columns=("a",)),))
    report = _clean(backend_engine, replace(spec, tables=(table,)))
    assert report.differences == (), explain(report, ())


@pytest.mark.backends("postgresql", "mysql")
def test_empty_table_comment(backend_name: str, backend_engine: Engine) -> None:
    spec = SchemaSpec(
        dialect=backend_name,  # type: ignore[arg-type]
        tables=(TableSpec(name="b", columns=(ColumnSpec(name="a", type=INTEGER),), comment=""),),
    )
    report = _clean(backend_engine, spec)
    assert report.differences == (), explain(report, ())


@pytest.mark.backends("mysql")
def test_restrict_is_no_action_on_innodb(backend_name: str, backend_engine: Engine) -> None:
    parent = TableSpec(
        name="b",
        columns=(ColumnSpec(name="a", type=INTEGER, nullable=False),),
        primary_key=("a",),
        pk_name="a_2",
    )
    child = TableSpec(
        name="aa",
        columns=(
            ColumnSpec(name="a", type=INTEGER),
            ColumnSpec(name="a_2", type=INTEGER, nullable=False),
        ),
        foreign_keys=(
            ForeignKeySpec(
                name="a_3",
                columns=("a_2",),
                referred_table="b",
                referred_columns=("a",),
                onupdate="RESTRICT",
            ),
        ),
    )
    report = _clean(backend_engine, SchemaSpec(dialect="mysql", tables=(parent, child)))
    assert report.differences == (), explain(report, ())


@pytest.mark.backends("postgresql")
def test_duplicate_checks_report_a_stable_name(backend_name: str, backend_engine: Engine) -> None:
    """Fixed in core (parity/declared.py): two identical CHECKs were ordered by text only,
    so the name reported for a missing one depended on set order (found by property 3)."""
    table = TableSpec(
        name="a",
        columns=(ColumnSpec(name="a", type=TypeChoice(kind="numeric", precision=10, scale=2)),),
        checks=(
            CheckSpec(name="a_3", column="a", op="non_negative"),
            CheckSpec(name="a_4", column="a", op="non_negative"),
        ),
    )
    spec = SchemaSpec(dialect="postgresql", tables=(table,))
    empty_database(backend_engine)
    with backend_engine.begin() as conn:
        create_schema(conn, spec)
        conn.exec_driver_sql('ALTER TABLE a DROP CONSTRAINT "a_3"')
    from parity.strategies import to_metadata

    names = {
        tuple(d.name for d in parity.compare(backend_engine, to_metadata(spec)).differences)
        for _ in range(8)
    }
    assert len(names) == 1, names


@pytest.mark.backends("postgresql", "sqlite")
def test_duplicate_indexes_report_a_stable_name(backend_name: str, backend_engine: Engine) -> None:
    from parity.strategies import IndexSpec, WhereChoice, to_metadata

    index = IndexSpec(
        name="m", elements=(("column", "a"),), unique=True, where=WhereChoice(column="a")
    )
    table = TableSpec(
        name="a",
        columns=(ColumnSpec(name="a", type=INTEGER),),
        indexes=(
            index,
            IndexSpec(name="n", elements=index.elements, unique=True, where=index.where),
        ),
    )
    spec = SchemaSpec(dialect=backend_name, tables=(table,))  # type: ignore[arg-type]
    empty_database(backend_engine)
    with backend_engine.begin() as conn:
        create_schema(conn, spec)
        conn.exec_driver_sql('DROP INDEX "m"')
    names = {
        tuple(d.name for d in parity.compare(backend_engine, to_metadata(spec)).differences)
        for _ in range(12)
    }
    assert len(names) == 1, names


@pytest.mark.backends("sqlite", "mysql")
def test_dropping_a_key_that_repeats_a_unique(backend_name: str, backend_engine: Engine) -> None:
    from parity.report import DiffKind
    from parity.strategies import DriftState, UniqueSpec, apply_drift, candidates

    table = TableSpec(
        name="a",
        columns=(ColumnSpec(name="a", type=TypeChoice(kind="date"), nullable=False),),
        primary_key=("a",),
        pk_name="a_3",
        uniques=(UniqueSpec(name="a_2", columns=("a",)),),
    )
    spec = SchemaSpec(dialect=backend_name, tables=(table,))  # type: ignore[arg-type]
    (drift,) = candidates(DiffKind.PRIMARY_KEY_MISMATCH, DriftState.start(spec))
    empty_database(backend_engine)
    with backend_engine.begin() as conn:
        create_schema(conn, spec)
    with backend_engine.begin() as conn:
        apply_drift(conn, drift)
    report = parity.compare(backend_engine, create_metadata(spec))
    found = frozenset((d.kind, d.table, d.column) for d in report.differences)
    assert found == drift.expected, explain(report, drift.expected)


@pytest.mark.parametrize("table_name", ["a", "dot.ted"])
def test_foreign_key_to_a_name_with_a_dot(
    backend_name: str, backend_engine: Engine, table_name: str
) -> None:
    parent = TableSpec(
        name=table_name,
        columns=(ColumnSpec(name="dot.ted", type=INTEGER, nullable=False),),
        primary_key=("dot.ted",),
        pk_name="a_2",
    )
    child = TableSpec(
        name="b",
        columns=(ColumnSpec(name="a", type=INTEGER),),
        foreign_keys=(
            ForeignKeySpec(
                name="a_3",
                columns=("a",),
                referred_table=table_name,
                referred_columns=("dot.ted",),
            ),
        ),
    )
    spec = SchemaSpec(dialect=backend_name, tables=(parent, child))  # type: ignore[arg-type]
    report = _clean(backend_engine, spec)
    assert report.differences == (), explain(report, ())


@pytest.mark.backends("postgresql")
@pytest.mark.parametrize(
    ("kind", "default"), [("time", "'12:34:56'"), ("timestamp", "'2020-01-02 03:04:05'")]
)
def test_zoned_time_default(
    backend_name: str, backend_engine: Engine, kind: str, default: str
) -> None:
    column = ColumnSpec(name="a", type=TypeChoice(kind=kind, timezone=True), default=default)
    spec = SchemaSpec(dialect="postgresql", tables=(TableSpec(name="aa", columns=(column,)),))
    report = _clean(backend_engine, spec)
    assert report.differences == (), explain(report, ())


@pytest.mark.backends("mysql")
def test_backtick_in_a_column_name(backend_name: str, backend_engine: Engine) -> None:
    spec = SchemaSpec(
        dialect="mysql",
        tables=(TableSpec(name="a", columns=(ColumnSpec(name="back`tick", type=INTEGER),)),),
    )
    report = _clean(backend_engine, spec)
    assert report.differences == (), explain(report, ())


@pytest.mark.backends("postgresql")
def test_unique_in_another_order_keeps_the_guarantee_when_the_key_goes(
    backend_name: str, backend_engine: Engine
) -> None:
    """Found by the deep profile: PostgreSQL folds UNIQUE (a, b) into PRIMARY KEY (a, b) but
    keeps UNIQUE (b, a); after DROP PRIMARY KEY uniqueness on {a, b} still holds, so the
    only difference is the key (the drift oracle wrongly expected unique_missing)."""
    from parity.strategies import UniqueSpec, to_metadata

    table = TableSpec(
        name="aaa",
        columns=(
            ColumnSpec(name="a", type=INTEGER, nullable=False),
            ColumnSpec(name="b", type=INTEGER, nullable=False),
        ),
        primary_key=("a", "b"),
        pk_name="a_4",
        uniques=(
            UniqueSpec(name="a_2", columns=("a", "b")),
            UniqueSpec(name="a_3", columns=("b", "a")),
        ),
    )
    spec = SchemaSpec(dialect="postgresql", tables=(table,))
    empty_database(backend_engine)
    with backend_engine.begin() as conn:
        create_schema(conn, spec)
        conn.exec_driver_sql('ALTER TABLE aaa DROP CONSTRAINT "a_4"')
    report = parity.compare(backend_engine, to_metadata(spec))
    assert [d.kind for d in report.differences] == [parity.DiffKind.PRIMARY_KEY_MISMATCH]


@pytest.mark.backends("postgresql")
def test_duplicate_uniques_report_a_stable_name(backend_name: str, backend_engine: Engine) -> None:
    """Found by the deep profile: two UNIQUEs on the same columns were ordered by columns
    only, so the name reported for the lost guarantee depended on set order."""
    from parity.strategies import UniqueSpec, to_metadata

    table = TableSpec(
        name="a",
        columns=(ColumnSpec(name="a", type=INTEGER, nullable=False),),
        primary_key=("a",),
        pk_name="k",
        uniques=(UniqueSpec(name="i", columns=("a",)), UniqueSpec(name="café", columns=("a",))),
    )
    spec = SchemaSpec(dialect="postgresql", tables=(table,))
    empty_database(backend_engine)
    with backend_engine.begin() as conn:
        create_schema(conn, spec)
        conn.exec_driver_sql('ALTER TABLE a DROP CONSTRAINT "k"')
    names = {
        tuple(d.name for d in parity.compare(backend_engine, to_metadata(spec)).differences)
        for _ in range(8)
    }
    assert len(names) == 1, names


@pytest.mark.backends("mysql")
def test_escaped_quote_in_a_default_keeps_the_rest_of_the_column(
    backend_name: str, backend_engine: Engine
) -> None:
    """Found by the ci and deep profiles: SQLAlchemy's SHOW CREATE TABLE parser stops at
    the \\' MariaDB writes for DEFAULT 'it''s', losing the default and the comment after it
    (fixed in the MySQL reader from information_schema)."""
    column = ColumnSpec(name="aa", type=TypeChoice(kind="text"), default="'it''s'", comment="c")
    spec = SchemaSpec(dialect="mysql", tables=(TableSpec(name="a", columns=(column,)),))
    report = _clean(backend_engine, spec)
    assert report.differences == (), explain(report, ())


@pytest.mark.backends("mysql")
def test_foreign_key_to_a_table_with_a_backtick(backend_name: str, backend_engine: Engine) -> None:
    """Found by the deep profile: a key referring to a table named with a backtick."""
    from parity.strategies import ForeignKeySpec

    parent = TableSpec(
        name="back`tick",
        columns=(ColumnSpec(name="a", type=INTEGER, nullable=False),),
        primary_key=("a",),
    )
    child = TableSpec(
        name="b",
        columns=(ColumnSpec(name="a", type=INTEGER),),
        foreign_keys=(
            ForeignKeySpec(
                name="fk_b", columns=("a",), referred_table="back`tick", referred_columns=("a",)
            ),
        ),
    )
    report = _clean(backend_engine, SchemaSpec(dialect="mysql", tables=(parent, child)))
    assert report.differences == (), explain(report, ())


def _sqlite_checks(engine: Engine, ddl: str, *checks: str) -> parity.ParityReport:
    import sqlalchemy as sa

    with engine.begin() as conn:
        conn.exec_driver_sql(ddl)
    metadata = sa.MetaData()
    sa.Table(
        "t",
        metadata,
        sa.Column("qty", sa.Integer),
        sa.Column("name", sa.Text),
        *(sa.CheckConstraint(body, name=f"c{i}") for i, body in enumerate(checks)),
    )
    return parity.compare(engine, metadata)


@pytest.mark.backends("sqlite")
def test_sqlite_check_body_names_columns_in_any_case(backend_engine: Engine) -> None:
    """Found by the spelling property (tests/properties/test_spellings.py), not in issue
    12's list; fixed in dialects/sqlite (normalise_expression): SQLite compares
    identifiers case-insensitively (ASCII letters), quoted or not, so ``CHECK ("QTY" >= 0)``
    and ``CHECK ([Qty] IS NOT NULL)`` are the model's ``qty >= 0`` / ``qty IS NOT NULL``."""
    report = _sqlite_checks(
        backend_engine,
        'CREATE TABLE t (qty INTEGER, name TEXT, CONSTRAINT c0 CHECK ("QTY" >= 0), '
        "CONSTRAINT c1 CHECK ([Qty] IS NOT NULL), CONSTRAINT c2 CHECK (`NAME` <> 'X'))",
        "qty >= 0",
        "qty IS NOT NULL",
        "name <> 'X'",
    )
    assert report.differences == (), report.render()


@pytest.mark.backends("sqlite")
def test_sqlite_check_body_case_fold_keeps_literals_and_non_ascii(backend_engine: Engine) -> None:
    """The fold is of identifiers only: a string literal's case is a real difference."""
    report = _sqlite_checks(
        backend_engine,
        "CREATE TABLE t (qty INTEGER, name TEXT, CONSTRAINT c0 CHECK (\"NAME\" <> 'X'))",
        "name <> 'x'",
    )
    kinds = sorted(d.kind.value for d in report.differences)
    assert kinds == ["check_extra", "check_missing"], report.render()
