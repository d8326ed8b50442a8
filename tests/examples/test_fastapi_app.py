"""examples/fastapi_app: the app starts on a matching database and refuses on drift."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

pytest.importorskip("fastapi")
pytest.importorskip("httpx")  # fastapi.testclient needs it

from fastapi.testclient import TestClient

from examples.fastapi_app.app import create_app, init_database
from parity import SchemaParityError


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'app.db'}")
    init_database(engine)
    return engine


def test_starts_and_serves_on_a_matching_database(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO items (name) VALUES ('pencil')"))
    with TestClient(create_app(engine)) as client:
        response = client.get("/items")
    assert response.status_code == 200
    assert response.json() == [{"id": 1, "name": "pencil", "price_cents": 0}]


def test_refuses_to_start_when_an_app_table_drifted(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE items DROP COLUMN price_cents"))
    with pytest.raises(SchemaParityError) as caught, TestClient(create_app(engine)):
        pytest.fail("the app must not start")  # pragma: no cover
    assert caught.value.report is not None
    assert "items.price_cents" in str(caught.value)


def test_refuses_to_start_when_a_cost_table_drifted(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE cost_daily_aggregates"))
    with (
        pytest.raises(SchemaParityError, match="cost_daily_aggregates"),
        TestClient(create_app(engine)),
    ):
        pytest.fail("the app must not start")  # pragma: no cover
