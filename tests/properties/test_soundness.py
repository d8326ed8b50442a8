"""Property 1, soundness: ``create_all(model)`` then ``compare`` finds no difference."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

import parity
from parity.strategies import create_schema, schemas, to_sqlmodel
from tests.properties.support import empty_database, explain, record, scaled


@scaled(1.0)
@given(data=st.data())
def test_create_all_then_compare_is_clean(
    backend_name: str, backend_engine: Engine, data: st.DataObject
) -> None:
    spec = data.draw(schemas(backend_name), label="spec")
    # SQLModel needs a primary key on every table=True model.
    sqlmodel = all(t.primary_key for t in spec.tables) and data.draw(
        st.booleans(), label="as SQLModel classes"
    )
    empty_database(backend_engine)
    with backend_engine.begin() as conn:
        metadata = create_schema(conn, spec)
    target = to_sqlmodel(spec) if sqlmodel else metadata
    report = parity.compare(backend_engine, target)
    record(backend_name, report, ())
    assert report.differences == (), explain(report, ())
