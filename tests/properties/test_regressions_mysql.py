"""Minimal failing examples the MariaDB/MySQL contract runs found, pinned.

Each pin is the shrunk example (or the smallest schema showing the same defect),
retyped from hypothesis' output, with the reason in its docstring.  Pins of defects
common to several databases live in ``test_regressions.py``.
"""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

import parity
from parity.strategies import (
    CheckSpec,
    ColumnSpec,
    ForeignKeySpec,
    IndexSpec,
    SchemaSpec,
    TableSpec,
    TypeChoice,
    create_schema,
)
from tests.properties.support import empty_database, explain

pytestmark = pytest.mark.backends("mysql")


def _clean(engine: Engine, spec: SchemaSpec) -> parity.ParityReport:
    """Create ``spec`` in an emptied database and compare it with its own model."""
    empty_database(engine)
    with engine.begin() as conn:
        metadata = create_schema(conn, spec)
    return parity.compare(engine, metadata, mode="exact")


def _one_column(column: ColumnSpec) -> SchemaSpec:
    return SchemaSpec(dialect="mysql", tables=(TableSpec(name="a", columns=(column,)),))


@pytest.mark.parametrize(
    ("type_", "default"),
    [
        (TypeChoice(kind="numeric"), "1.5"),  # DECIMAL(10, 0): stored as 2
        (TypeChoice(kind="integer"), "1.5"),  # stored as 2
        (TypeChoice(kind="integer"), "-1.5"),  # stored as -2: ties away from zero
        (TypeChoice(kind="numeric", precision=5, scale=1), "1.25"),  # stored as 1.3
        (TypeChoice(kind="bigint", unsigned=True), "'0.5'"),  # a quoted number too
    ],
    ids=["numeric", "integer", "negative", "scale", "quoted"],
)
def test_a_rounded_default_is_no_drift(
    backend_name: str, backend_engine: Engine, type_: TypeChoice, default: str
) -> None:
    """Found by the deep profile: ``DEFAULT 1.5`` on a ``Numeric()`` column.

    The server rounds a numeric default to the column's scale; the declared side must
    predict the stored value, else an unchanged schema reports ``default_mismatch``.
    """
    report = _clean(backend_engine, _one_column(ColumnSpec(name="a", type=type_, default=default)))
    assert report.differences == (), explain(report, ())


def test_a_default_rounding_to_another_value_is_drift(
    backend_name: str, backend_engine: Engine
) -> None:
    """The rounding must not hide a real change: 1.5 (stored 2) against a stored 1."""
    spec = _one_column(ColumnSpec(name="a", type=TypeChoice(kind="integer"), default="1.5"))
    empty_database(backend_engine)
    with backend_engine.begin() as conn:
        metadata = create_schema(conn, spec)
        conn.exec_driver_sql("ALTER TABLE a ALTER COLUMN a SET DEFAULT 1")
    report = parity.compare(backend_engine, metadata, mode="exact")
    assert [d.kind for d in report.differences] == [parity.DiffKind.DEFAULT_MISMATCH]


def test_a_check_with_a_quote_in_a_literal_is_no_drift(
    backend_name: str, backend_engine: Engine
) -> None:
    """Found by the deep profile (soundness and completeness): ``a IN ('a', 'it''s')``.

    MariaDB stores the body as ``a in ('a','it\\'s')``; read with doubled quotes only,
    the literal ended at the backslash and the check read as changed (missing + extra).
    """
    table = TableSpec(
        name="b",
        columns=(ColumnSpec(name="a", type=TypeChoice(kind="enum", values=("a", "it's"))),),
        checks=(CheckSpec(name="a_6", column="a", op="in_values"),),
    )
    report = _clean(backend_engine, SchemaSpec(dialect="mysql", tables=(table,)))
    assert report.differences == (), explain(report, ())


def test_the_index_of_a_foreign_key_named_with_a_backtick_is_implicit(
    backend_name: str, backend_engine: Engine
) -> None:
    """Found by the deep profile: a key ``back`tick`` reported its own index as extra.

    InnoDB names the index it creates for a key after the key; the keys now come from
    ``information_schema`` (plain names) while the parser left the index name escaped
    (``back``tick``), so the two no longer matched.
    """
    parent = TableSpec(
        name="a",
        columns=(ColumnSpec(name="a", type=TypeChoice(kind="integer"), nullable=False),),
        primary_key=("a",),
    )
    child = TableSpec(
        name="pkcdt",
        columns=(ColumnSpec(name="group", type=TypeChoice(kind="integer")),),
        foreign_keys=(
            ForeignKeySpec(
                name="back`tick", columns=("group",), referred_table="a", referred_columns=("a",)
            ),
        ),
    )
    report = _clean(backend_engine, SchemaSpec(dialect="mysql", tables=(parent, child)))
    assert report.differences == (), explain(report, ())


def test_a_models_index_serving_a_named_foreign_key_is_not_implicit(
    backend_name: str, backend_engine: Engine
) -> None:
    """Found by the deep profile: index ``a_8`` on ``(a, a_2)`` read as InnoDB's own.

    The key ``a_5`` is served by the model's index, so InnoDB creates none; the name
    ``a_8`` looked like a first-column name with a clash suffix, and the index was
    dropped from the database side and reported missing.
    """
    integer = TypeChoice(kind="integer")
    parent = TableSpec(
        name="a",
        columns=(
            ColumnSpec(name="a", type=integer, nullable=False),
            ColumnSpec(name="aa", type=integer, nullable=False),
        ),
        primary_key=("a", "aa"),
    )
    child = TableSpec(
        name="a_3",
        columns=(ColumnSpec(name="a", type=integer), ColumnSpec(name="a_2", type=integer)),
        foreign_keys=(
            ForeignKeySpec(
                name="a_5", columns=("a", "a_2"), referred_table="a", referred_columns=("a", "aa")
            ),
        ),
        indexes=(IndexSpec(name="a_8", elements=(("column", "a"), ("column", "a_2"))),),
    )
    report = _clean(backend_engine, SchemaSpec(dialect="mysql", tables=(parent, child)))
    assert report.differences == (), explain(report, ())
