"""Property 5: every report round-trips through ``to_json`` and renders."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from parity import Difference, DiffKind, Severity
from parity.strategies import drift_sequences, expected_union, schemas
from tests.properties.support import record, scaled
from tests.properties.test_completeness import run_drifts


@scaled(0.3)
@given(data=st.data())
def test_reports_round_trip_and_render(
    backend_name: str, backend_engine: Engine, data: st.DataObject
) -> None:
    spec = data.draw(schemas(backend_name), label="spec")
    applied = data.draw(drift_sequences(spec), label="drifts")
    report = run_drifts(backend_engine, applied)
    record(backend_name, report, expected_union(applied), drifts=len(applied))

    as_dict = report.to_dict()
    assert json.loads(report.to_json()) == as_dict
    assert json.loads(report.to_json(indent=None)) == as_dict
    rebuilt = tuple(
        Difference(
            kind=DiffKind(d["kind"]),
            severity=Severity(d["severity"]),
            schema=d["schema"],
            table=d["table"],
            column=d["column"],
            name=d["name"],
            expected=d["expected"],
            actual=d["actual"],
            message=d["message"],
        )
        for d in as_dict["differences"]
    )
    assert rebuilt == report.differences
    assert as_dict["ok"] is report.ok
    assert sum(as_dict["summary"].values()) == len(report.differences)

    text = report.render()
    assert text.splitlines()[-1] == report.summary()
    for difference in report.differences:
        assert difference.message and difference.message in text
