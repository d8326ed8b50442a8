"""Reducing the model beside the catalog read changes nothing in the report.

Forced on for every database (it is on only for PostgreSQL by default), on a model
large enough to run on the second thread, with drift of several kinds and a model
error, so that the threaded path is compared with the inline one fact for fact.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, String, Table, text
from sqlalchemy.engine import Engine

import parity
from parity import overlap
from parity.adapter import DialectAdapter
from parity.registry import dialect_for

TABLES = overlap.MIN_TABLES_BESIDE + 6


def _model() -> MetaData:
    metadata = MetaData()
    for i in range(TABLES):
        columns: list[object] = [
            Column("id", Integer, primary_key=True),
            Column("name", String(40), nullable=False, server_default=text("'x'")),
            Column("score", Integer),
        ]
        if i:
            columns.append(Column("parent_id", ForeignKey(f"t{i - 1:03d}.id")))
        Table(f"t{i:03d}", metadata, *columns, Index(f"ix_t{i:03d}_score", "score"))
    return metadata


@pytest.fixture
def adapter_type(backend_engine: Engine) -> Iterator[type[DialectAdapter]]:
    with backend_engine.connect() as conn:
        kind = type(dialect_for(conn))
    yield kind


@pytest.mark.parametrize("threaded", [False, True])
def test_threaded_and_inline_reports_are_equal(
    backend_engine: Engine,
    adapter_type: type[DialectAdapter],
    monkeypatch: pytest.MonkeyPatch,
    threaded: bool,
) -> None:
    created = _model()
    created.create_all(backend_engine)
    model = _model()
    model.tables["t003"].c.score.type = String(10)  # type drift
    model.tables["t007"].c.score.nullable = False  # nullability drift
    model.remove(model.tables[f"t{TABLES - 1:03d}"])  # an extra table in the database

    monkeypatch.setattr(adapter_type, "overlap_model_with_read", False)
    inline = parity.compare(backend_engine, model, mode="exact")
    monkeypatch.setattr(adapter_type, "overlap_model_with_read", threaded)
    report = parity.compare(backend_engine, model, mode="exact")

    assert report.differences == inline.differences
    assert report.tables_checked == inline.tables_checked
    assert report.unchecked == inline.unchecked
    assert {d.kind.value for d in report.differences} >= {
        "type_mismatch",
        "nullable_mismatch",
        "table_extra",
    }
    alive = {thread.name for thread in threading.enumerate()}
    assert "parity-model" not in alive  # no reduction outlives its comparison


def test_a_model_error_on_the_thread_reaches_the_caller(
    backend_engine: Engine,
    adapter_type: type[DialectAdapter],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _model().create_all(backend_engine)
    monkeypatch.setattr(adapter_type, "overlap_model_with_read", True)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the model side failed")

    monkeypatch.setattr("parity.api.snapshot_from_tables", broken)
    with pytest.raises(RuntimeError, match="the model side failed"):
        parity.compare(backend_engine, _model())
