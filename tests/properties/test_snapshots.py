"""Property 6, snapshots as contracts and database against database (issue 13).

For every drawn schema and every known-answer drift (``parity.strategies``):

* models against the database's snapshot, offline, give exactly the live report
  (``to_dict()`` equal: severities, messages, unchecked, everything), except where the
  live server itself settled two spellings of one constant default (PostgreSQL): those
  stay a ``default_mismatch`` offline, and are then the only difference;
* ``diff_databases`` finds the drift with exactly its known answer, the drifted database
  against the original's snapshot.  Which side plays the model follows the drift: a
  database-side drift is ``diff_databases(original snapshot, drifted database)``; a
  model-side drift (the model changed, the database did not) is ``diff_databases(a
  database built from the changed model, original snapshot)``, i.e. the changed schema
  in the model's role, as in the answer;
* a snapshot survives its file: ``load_snapshot(s.to_json()) == s``, byte-identical on
  rewrite.
"""

from __future__ import annotations

from unittest import mock

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

import parity
from parity.strategies import (
    DriftState,
    apply_drift,
    create_schema,
    drifts,
    schemas,
    to_metadata,
)
from tests.properties.support import empty_database, explain, facts, record, scaled


def _snapshot_of(engine: Engine) -> parity.SchemaSnapshot:
    snapshot = parity.take_snapshot(engine)
    text = snapshot.to_json()
    loaded = parity.load_snapshot(text)
    assert loaded == snapshot
    assert loaded.to_json() == text
    return loaded


@scaled(1.0)
@given(data=st.data())
def test_models_against_a_snapshot_give_the_live_report(
    backend_name: str, backend_engine: Engine, data: st.DataObject
) -> None:
    spec = data.draw(schemas(backend_name), label="spec")
    drift = data.draw(drifts(DriftState.start(spec)), label="drift")
    empty_database(backend_engine)
    with backend_engine.begin() as conn:
        create_schema(conn, drift.before.db)
    with backend_engine.begin() as conn:
        apply_drift(conn, drift)
    model = to_metadata(drift.after.model)
    live = parity.compare(backend_engine, model)
    offline = parity.compare(_snapshot_of(backend_engine), model)
    # The one thing only a live server answers: whether two spellings of a constant
    # default are the same value (README "Snapshots"); offline they stay a difference.
    adapter = type(parity.dialect_for(backend_engine))
    with mock.patch.object(adapter, "server_equal_defaults", _not_asked):
        unsettled = parity.compare(backend_engine, model)
    assert offline.to_dict() == unsettled.to_dict(), (
        f"live:\n{unsettled.render()}\noffline:\n{offline.render()}"
    )
    settled = set(offline.differences) - set(live.differences)
    assert {d.kind for d in settled} <= {parity.DiffKind.DEFAULT_MISMATCH}, settled
    if not settled:
        assert offline.to_dict() == live.to_dict()


def _not_asked(self: object, conn: object, pairs: list[object]) -> list[bool | None]:
    return [None] * len(pairs)


@scaled(1.0)
@given(data=st.data())
def test_diff_databases_finds_every_drift_against_the_original_snapshot(
    backend_name: str, backend_engine: Engine, data: st.DataObject
) -> None:
    spec = data.draw(schemas(backend_name), label="spec")
    drift = data.draw(drifts(DriftState.start(spec)), label="drift")
    empty_database(backend_engine)
    with backend_engine.begin() as conn:
        create_schema(conn, drift.before.db)
    original = _snapshot_of(backend_engine)
    assert parity.diff_databases(backend_engine, original).differences == ()
    assert parity.diff_databases(original, backend_engine).differences == ()
    if drift.side == "model":
        empty_database(backend_engine)
        with backend_engine.begin() as conn:
            create_schema(conn, drift.after.model)
        report = parity.diff_databases(backend_engine, original)
    else:
        with backend_engine.begin() as conn:
            apply_drift(conn, drift)
        report = parity.diff_databases(original, backend_engine)
    record(backend_name, report, drift.expected, drifts=1)
    assert facts(report) == drift.expected, explain(report, drift.expected)
