"""The same app on an ``AsyncEngine``: it refuses to start when its database has drifted.

Run it with an async driver, e.g.
``DATABASE_URL=postgresql+asyncpg://app@db/app uvicorn examples.fastapi_app.async_app:app``
(or ``sqlite+aiosqlite:///app.db``, ``mysql+aiomysql://app@db/app``).

The lifespan awaits :func:`parity.run_startup_parity_check_async` before the app accepts
a single request.  The check reads the catalog through the async driver without
blocking the event loop, in the same read-only transaction as the sync guard; drift on
the five cost tables, or on the app's own tables here (``hard_fail_all=True``), raises
``SchemaParityError``, and so does a database it cannot reach (fail closed): the server
exits instead of serving.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from examples.fastapi_app.models import Base, Item
from parity import run_startup_parity_check_async


def create_app(engine: AsyncEngine) -> FastAPI:
    """The application, bound to the async ``engine``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            # Raises SchemaParityError on drift: the app never starts serving.
            await run_startup_parity_check_async(engine, models=[Item], hard_fail_all=True)
        except BaseException:
            await engine.dispose()  # close pooled connections while their loop still runs
            raise
        app.state.engine = engine
        yield
        await engine.dispose()

    app = FastAPI(lifespan=lifespan)

    @app.get("/items")
    async def list_items(request: Request) -> list[dict[str, object]]:
        async with AsyncSession(request.app.state.engine) as session:
            items = await session.scalars(select(Item).order_by(Item.id))
            return [{"id": i.id, "name": i.name, "price_cents": i.price_cents} for i in items]

    return app


async def init_database(engine: AsyncEngine) -> None:
    """Create the app's tables and the five cost tables (what migrations would do)."""
    from parity import cost_tables

    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
        await conn.run_sync(cost_tables.metadata.create_all)


def __getattr__(name: str) -> FastAPI:
    """``app`` for ``uvicorn examples.fastapi_app.async_app:app``, built on first access.

    Built lazily so that importing this module (its tests do) creates no engine.
    """
    if name != "app":
        raise AttributeError(name)
    return create_app(
        create_async_engine(os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///app.db"))
    )
