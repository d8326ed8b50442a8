"""examples/fastapi_app/async_app.py on asyncpg, aiosqlite and aiomysql (live servers).

The app starts and serves on a matching database, and refuses to start when an app
table or a cost table drifted, or when the database cannot be reached.
"""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

pytest.importorskip("fastapi")
pytest.importorskip("httpx")  # fastapi.testclient needs it

from fastapi.testclient import TestClient

from examples.fastapi_app.async_app import create_app, init_database
from parity import SchemaParityError
from tests.backend.test_async import async_url

DROP_COLUMN = {
    "sqlite": "ALTER TABLE items DROP COLUMN price_cents",
    "postgresql": "ALTER TABLE items DROP COLUMN price_cents",
    "mysql": "ALTER TABLE items DROP COLUMN price_cents",
}


@pytest.fixture
def app_engine(backend_name: str, backend_engine: Engine, backend_url: str) -> AsyncEngine:
    """An AsyncEngine on the throwaway database, with the app's tables created."""
    url = async_url(backend_name, backend_url)

    async def init() -> None:
        engine = create_async_engine(url)
        await init_database(engine)
        await engine.dispose()

    asyncio.run(init())
    return create_async_engine(url)


def test_starts_and_serves_on_a_matching_database(
    app_engine: AsyncEngine, backend_engine: Engine
) -> None:
    with backend_engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO items (name) VALUES ('pencil')"))
    with TestClient(create_app(app_engine)) as client:
        response = client.get("/items")
    assert response.status_code == 200
    assert response.json() == [{"id": 1, "name": "pencil", "price_cents": 0}]


def test_refuses_to_start_when_an_app_table_drifted(
    backend_name: str, app_engine: AsyncEngine, backend_engine: Engine
) -> None:
    with backend_engine.begin() as conn:
        conn.exec_driver_sql(DROP_COLUMN[backend_name])
    with pytest.raises(SchemaParityError) as caught, TestClient(create_app(app_engine)):
        pytest.fail("the app must not start")  # pragma: no cover
    assert caught.value.report is not None
    assert "items.price_cents" in str(caught.value)


def test_refuses_to_start_when_a_cost_table_drifted(
    app_engine: AsyncEngine, backend_engine: Engine
) -> None:
    with backend_engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE cost_daily_aggregates")
    with (
        pytest.raises(SchemaParityError, match="cost_daily_aggregates"),
        TestClient(create_app(app_engine)),
    ):
        pytest.fail("the app must not start")  # pragma: no cover


def test_refuses_to_start_when_the_database_cannot_be_reached() -> None:
    engine = create_async_engine("postgresql+asyncpg://app:pw@127.0.0.1:1/app")
    with (
        pytest.raises(SchemaParityError, match="could not run, refusing to pass"),
        TestClient(create_app(engine)),
    ):
        pytest.fail("the app must not start")  # pragma: no cover
