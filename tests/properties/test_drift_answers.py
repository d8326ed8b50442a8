"""Known answers of the key and enum-label drifts, checked against each database.

The properties draw these drifts among hundreds of others; here the cases whose answer
has more than one fact (a column entering the key turns NOT NULL, SQLite's rowid alias
follows the key, PostgreSQL folds a UNIQUE into the key, a renamed label reprints the
defaults and CHECKs holding it) are spelled out, so a wrong oracle or a comparator
that misses one of the facts fails here by name, on every run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from sqlalchemy.engine import Engine

from parity.report import DiffKind
from parity.strategies import (
    CheckSpec,
    ColumnSpec,
    Drift,
    DriftState,
    SchemaSpec,
    TableSpec,
    TypeChoice,
    UniqueSpec,
    candidates,
)
from tests.properties.support import explain
from tests.properties.test_completeness import run_drifts

INTEGER = TypeChoice(kind="integer")
K = DiffKind


def _keyed(dialect: str, key: tuple[str, ...]) -> SchemaSpec:
    """Table ``t``: ``a`` integer, ``b`` integer, ``c`` bigint NOT NULL; UNIQUE (a, b)."""
    table = TableSpec(
        name="t",
        columns=(
            ColumnSpec(name="a", type=INTEGER, nullable="a" not in key),
            ColumnSpec(name="b", type=INTEGER, nullable="b" not in key),
            ColumnSpec(name="c", type=TypeChoice(kind="bigint"), nullable=False),
        ),
        primary_key=key,
        pk_name="pk_t" if key else None,
        uniques=(UniqueSpec(name="uq_ab", columns=("a", "b")),),
    )
    return SchemaSpec(dialect=dialect, tables=(table,))  # type: ignore[arg-type]


def _enum_table(dialect: str) -> SchemaSpec:
    """Enum ``e`` (type ``mood``) defaults to its last label and has a CHECK listing its
    labels; enum ``f`` (type ``other``, same labels) defaults to its first label."""
    labels = TypeChoice(kind="enum", values=("a", "it's"), enum_name="mood")
    table = TableSpec(
        name="t",
        columns=(
            ColumnSpec(name="e", type=labels, default="'it''s'"),
            ColumnSpec(name="f", type=replace(labels, enum_name="other"), default="'a'"),
        ),
        checks=(CheckSpec(name="ck_e", column="e", op="in_values"),),
    )
    return SchemaSpec(dialect=dialect, tables=(table,))  # type: ignore[arg-type]


Answer = frozenset[tuple[DiffKind, str | None]]
PK, NULL, AUTO = K.PRIMARY_KEY_MISMATCH, K.NULLABLE_MISMATCH, K.AUTOINCREMENT_MISMATCH


def _answer(*facts: tuple[DiffKind, str | None]) -> Answer:
    return frozenset(facts)


@dataclass(frozen=True)
class Case:
    """A drift picked by the end of its description, and its answer on each database."""

    id: str
    spec: str  # "enum", or the key of ``_keyed``'s table as a string of column names
    description: str
    answers: dict[str, Answer]


CASES = [
    Case(
        "add-column-to-key",
        "a",
        "('a',) + 'b'",
        {
            "postgresql": _answer((PK, None), (NULL, "b")),
            "mysql": _answer((PK, None), (NULL, "b")),
            "sqlite": _answer((PK, None), (NULL, "b"), (AUTO, "a")),  # no rowid alias now
        },
    ),
    Case(
        "drop-column-from-key",
        "ab",
        "('a', 'b') - 'b'",
        {
            # CREATE TABLE folded UNIQUE (a, b) into the key: it goes with it.
            "postgresql": _answer((PK, None), (K.UNIQUE_MISSING, None)),
            "mysql": _answer((PK, None)),
            "sqlite": _answer((PK, None), (AUTO, "a")),  # a becomes the rowid alias
        },
    ),
    Case(
        "reorder-key",
        "ab",
        "('a', 'b') reordered",
        {db: _answer((PK, None)) for db in ("postgresql", "mysql", "sqlite")},
    ),
    Case(
        "add-key",
        "",
        "ADD PRIMARY KEY ('c')",
        {db: _answer((PK, None)) for db in ("postgresql", "mysql", "sqlite")},
    ),
    Case(
        "add-key-on-nullable-column",
        "",
        "ADD PRIMARY KEY ('a')",
        {
            "postgresql": _answer((PK, None), (NULL, "a")),
            "mysql": _answer((PK, None), (NULL, "a")),
            "sqlite": _answer((PK, None), (NULL, "a"), (AUTO, "a")),
        },
    ),
    Case(
        "enum-label-added",
        "enum",
        "'mood' ADD VALUE 'zz'",
        {"postgresql": _answer((K.TYPE_MISMATCH, "e"))},
    ),
    Case(
        "enum-label-added-in-front",
        "enum",
        "'mood' ADD VALUE 'zz' BEFORE 'a'",
        {"postgresql": _answer((K.TYPE_MISMATCH, "e"))},
    ),
    Case(
        "enum-label-renamed-in-default-and-check",
        "enum",
        "'mood' RENAME VALUE \"it's\" TO 'zz'",
        {
            "postgresql": _answer(
                (K.TYPE_MISMATCH, "e"),
                (K.DEFAULT_MISMATCH, "e"),
                (K.CHECK_MISSING, None),
                (K.CHECK_EXTRA, None),
            )
        },
    ),
    Case(
        "enum-label-renamed",
        "enum",
        "'other' RENAME VALUE \"it's\" TO 'zz'",
        {"postgresql": _answer((K.TYPE_MISMATCH, "f"))},
    ),
]


def _drift(case: Case, dialect: str) -> Drift:
    spec = _enum_table(dialect) if case.spec == "enum" else _keyed(dialect, tuple(case.spec))
    state = DriftState.start(spec)
    found = [
        d
        for kind in (K.PRIMARY_KEY_MISMATCH, K.TYPE_MISMATCH)
        for d in candidates(kind, state)
        if d.description.endswith(case.description)
    ]
    assert len(found) == 1, [d.description for d in found]
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_drift_answer(backend_name: str, backend_engine: Engine, case: Case) -> None:
    answer = case.answers.get(backend_name)
    if answer is None:
        pytest.skip(f"{backend_name} has no enum types of its own to ALTER")
    drift = _drift(case, backend_name)
    expected = frozenset((kind, "t", column) for kind, column in answer)
    assert drift.expected == expected, drift
    report = run_drifts(backend_engine, [drift])
    found = frozenset((d.kind, d.table, d.column) for d in report.differences)
    assert found == expected, explain(report, expected)
