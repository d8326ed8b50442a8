"""Property 6, spellings: the same schema written the ways migrations and people write it.

``create_all`` is one spelling of a schema; migrations, DBAs and dumps write others
(``INT4``, ``DECIMAL``, ``BOOL``, ``TINYINT(1)``, ``SERIAL`` as an identity column or
pg_dump's ``nextval()``, constraints inline or by ``ALTER TABLE … ADD``, defaults cast
or quoted, CHECK bodies spaced and parenthesised otherwise, names quoted or in another
case, ``public.t``).  Two properties, each with its own tally line:

* every spelling of one spec compares identical to the spec's model, drawn with what
  changes the DDL SQLAlchemy emits (``schemas(..., extended=True)``: sort orders and
  collations in indexes, ``ddl_if``, ``create_constraint``) and with the model naming
  the default schema or not;
* a drift's database state, written in any spelling, still gives exactly the drift's
  answer (a spelling must not hide a real difference).
"""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import assume, given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

import parity
from parity.strategies import DriftState, drifts, schemas, to_metadata
from parity.strategies.handwritten import create_spelled, default_schema_name
from parity.strategies.spelling import spellings
from tests.properties import exclusions
from tests.properties.support import empty_database, explain, facts, record, scaled


def _ddl(statements: list[str]) -> str:
    return "DDL:\n" + ";\n".join(statements)


@scaled(0.5)
@given(data=st.data())
def test_every_spelling_compares_identical(
    backend_name: str, backend_engine: Engine, data: st.DataObject
) -> None:
    spec = data.draw(schemas(backend_name, extended=True), label="spec")
    spelling = data.draw(spellings(), label="spelling")
    empty_database(backend_engine)
    with backend_engine.begin() as conn:
        ddl = create_spelled(conn, spec, spelling)
        default_schema = default_schema_name(conn)
    # The model may name the default schema (``MetaData(schema="public")``, the
    # database's own name on MySQL, ``main`` on SQLite): the same tables.
    named = exclusions.MODEL_NAMES_DEFAULT_SCHEMA is None and data.draw(
        st.booleans(), label="model names the default schema"
    )
    model = to_metadata(spec, sa.MetaData(schema=default_schema) if named else None)
    report = parity.compare(backend_engine, model)
    record(backend_name, report, (), line="spellings")
    assert report.differences == (), explain(report, ()) + _ddl(ddl)


@scaled(0.5)
@given(data=st.data())
def test_every_spelling_still_catches_a_drift(
    backend_name: str, backend_engine: Engine, data: st.DataObject
) -> None:
    spec = data.draw(schemas(backend_name), label="spec")
    drift = data.draw(drifts(DriftState.start(spec)), label="drift")
    assume(not exclusions.needs_history(drift))
    spelling = data.draw(spellings(), label="spelling")
    empty_database(backend_engine)
    with backend_engine.begin() as conn:
        ddl = create_spelled(conn, drift.after.db, spelling)
    report = parity.compare(backend_engine, to_metadata(drift.after.model))
    record(backend_name, report, drift.expected, drifts=1, line="spelled drifts")
    assert facts(report) == drift.expected, explain(report, drift.expected) + _ddl(ddl)
