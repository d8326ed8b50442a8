"""Property 4: ``compare`` never writes: the catalog and the data are unchanged.

Two checks: the inspector's view of every table (and its row count) is the same
before and after, and ``compare`` succeeds on a session the database itself makes
read-only, where any write would raise.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

import parity
from parity.strategies import drift_sequences, expected_union, schemas, to_metadata
from tests.properties.support import catalog_dump, read_only, record, scaled
from tests.properties.test_completeness import run_drifts


@scaled(0.3)
@given(data=st.data())
def test_compare_never_writes(
    backend_name: str, backend_engine: Engine, data: st.DataObject
) -> None:
    spec = data.draw(schemas(backend_name), label="spec")
    applied = data.draw(drift_sequences(spec, max_size=2), label="drifts")
    report = run_drifts(backend_engine, applied)
    record(backend_name, report, expected_union(applied), drifts=len(applied))
    model = to_metadata(applied[-1].after.model)

    with backend_engine.connect() as conn:
        before = catalog_dump(conn)
    with backend_engine.connect() as conn:
        read_only(conn)
        transaction = conn.begin()
        on_read_only = parity.compare(conn, model)
        assert conn.in_transaction() and conn.get_transaction() is transaction
        transaction.rollback()
    backend_engine.dispose()  # read-only sessions must not go back to other tests
    with backend_engine.connect() as conn:
        after = catalog_dump(conn)

    assert after == before
    assert on_read_only.differences == report.differences
