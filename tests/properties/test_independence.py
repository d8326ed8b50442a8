"""Property 3: the answer does not depend on order, connection reuse or repetition."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

import parity
from parity.strategies import drift_sequences, expected_union, schemas, to_metadata
from tests.properties.support import record, scaled
from tests.properties.test_completeness import run_drifts


@scaled(0.3)
@given(data=st.data())
def test_order_connection_and_repetition_do_not_matter(
    backend_name: str, backend_engine: Engine, data: st.DataObject
) -> None:
    spec = data.draw(schemas(backend_name), label="spec")
    applied = data.draw(drift_sequences(spec, max_size=2), label="drifts")
    first = run_drifts(backend_engine, applied)
    record(backend_name, first, expected_union(applied), drifts=len(applied))
    model = applied[-1].after.model

    again = parity.compare(backend_engine, to_metadata(model))
    reversed_model = parity.compare(backend_engine, to_metadata(model.reversed()))
    with backend_engine.connect() as conn:
        on_connection = parity.compare(conn, to_metadata(model))
        reused = parity.compare(conn, to_metadata(model))

    for label, other in (
        ("second run", again),
        ("tables and columns reversed", reversed_model),
        ("given a Connection", on_connection),
        ("same Connection again", reused),
    ):
        assert other.differences == first.differences, label
        assert other.tables_checked == first.tables_checked, label
