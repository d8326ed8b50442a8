"""A FastAPI app that refuses to start when its database has drifted from its models.

Run it with ``DATABASE_URL=sqlite:///app.db uvicorn examples.fastapi_app.app:app``.
``python -m examples.fastapi_app.app init`` creates a matching SQLite database first.

The lifespan runs :func:`parity.run_startup_parity_check` before the app accepts a
single request: drift on the five cost tables always raises ``SchemaParityError``; drift
that breaks the app's own tables raises too here (``hard_fail_all=True``).  The server
then exits instead of serving requests against a schema it does not understand.
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from sqlalchemy import create_engine, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from examples.fastapi_app.models import Base, Item
from parity import run_startup_parity_check


def create_app(engine: Engine) -> FastAPI:
    """The application, bound to ``engine``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Raises SchemaParityError on drift: the app never starts serving.
        run_startup_parity_check(engine, models=[Item], hard_fail_all=True)
        app.state.engine = engine
        yield
        engine.dispose()

    app = FastAPI(lifespan=lifespan)

    @app.get("/items")
    def list_items(request: Request) -> list[dict[str, object]]:
        with Session(request.app.state.engine) as session:
            items = session.scalars(select(Item).order_by(Item.id))
            return [{"id": i.id, "name": i.name, "price_cents": i.price_cents} for i in items]

    return app


def init_database(engine: Engine) -> None:
    """Create the app's tables and the five cost tables (what migrations would do)."""
    from parity import cost_tables

    Base.metadata.create_all(engine)
    cost_tables.metadata.create_all(engine)


DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///app.db")

if __name__ == "__main__" and sys.argv[1:] == ["init"]:
    init_database(create_engine(DATABASE_URL))
    print(f"created the tables in {DATABASE_URL}")
else:
    # For `uvicorn examples.fastapi_app.app:app`.
    app = create_app(create_engine(DATABASE_URL))
