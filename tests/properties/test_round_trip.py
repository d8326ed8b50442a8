"""Property 7, the reflection round trip: a database compared with its own reflection.

What a user with a legacy database does on day one: ``MetaData().reflect(engine)``
then ``compare(engine, reflected)``.  The answer must be "no difference", except for
what SQLAlchemy's reflection cannot carry into a ``Table``, listed once in
:data:`parity.strategies.reflection.LOSSES` (and pinned in
``test_reflection_losses.py``).  The database is written in any spelling, so the
reflected model meets the catalogs migrations and people leave behind.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from parity.strategies import schemas
from parity.strategies.handwritten import create_spelled
from parity.strategies.reflection import round_trip
from parity.strategies.spelling import spellings
from tests.properties.support import empty_database, explain, record, scaled


@scaled(0.5)
@given(data=st.data())
def test_reflected_model_compares_identical(
    backend_name: str, backend_engine: Engine, data: st.DataObject
) -> None:
    spec = data.draw(schemas(backend_name, extended=True), label="spec")
    spelling = data.draw(spellings(), label="spelling")
    empty_database(backend_engine)
    with backend_engine.begin() as conn:
        ddl = create_spelled(conn, spec, spelling)
    trip = round_trip(backend_engine)
    explained = {(d.kind, d.table, d.column) for d, _ in trip.explained}
    record(backend_name, trip.report, explained, line="round trip")
    assert trip.unexplained == (), explain(trip.report, explained) + "DDL:\n" + ";\n".join(ddl)
