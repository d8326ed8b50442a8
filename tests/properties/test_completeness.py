"""Property 2, completeness: each drift, alone or in sequence, gives exactly its answer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

import parity
from parity.strategies import (
    Drift,
    DriftState,
    apply_drift,
    create_schema,
    drift_sequences,
    drifts,
    expected_union,
    schemas,
    to_metadata,
)
from tests.properties.support import empty_database, explain, record, scaled


def run_drifts(engine: Engine, applied: list[Drift]) -> parity.ParityReport:
    """Create the first state's database, apply every drift, compare with the last model."""
    empty_database(engine)
    with engine.begin() as conn:
        create_schema(conn, applied[0].before.db)
    for drift in applied:
        with engine.begin() as conn:
            apply_drift(conn, drift)
    return parity.compare(engine, to_metadata(applied[-1].after.model))


@scaled(1.0)
@given(data=st.data())
def test_one_drift_gives_exactly_its_differences(
    backend_name: str, backend_engine: Engine, data: st.DataObject
) -> None:
    spec = data.draw(schemas(backend_name), label="spec")
    drift = data.draw(drifts(DriftState.start(spec)), label="drift")
    report = run_drifts(backend_engine, [drift])
    record(backend_name, report, drift.expected, drifts=1)
    assert frozenset((d.kind, d.table, d.column) for d in report.differences) == drift.expected, (
        explain(report, drift.expected)
    )


@scaled(0.5)
@given(data=st.data())
def test_drift_sequences_give_the_union_of_their_differences(
    backend_name: str, backend_engine: Engine, data: st.DataObject
) -> None:
    spec = data.draw(schemas(backend_name), label="spec")
    applied = data.draw(drift_sequences(spec), label="drifts")
    expected = expected_union(applied)
    report = run_drifts(backend_engine, applied)
    record(backend_name, report, expected, drifts=len(applied))
    assert frozenset((d.kind, d.table, d.column) for d in report.differences) == expected, explain(
        report, expected
    )
