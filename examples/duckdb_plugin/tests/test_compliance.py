"""schema-parity's compliance suite, run on DuckDB: the whole of a plugin's test setup."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from parity.testing.suite import *  # noqa: F403
from parity.testing.suite import DEFAULT_CAPABILITIES


@pytest.fixture
def parity_suite_engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty DuckDB database file, new for every test."""
    engine = sa.create_engine(f"duckdb:///{tmp_path / 'suite.duckdb'}")
    yield engine
    engine.dispose()


@pytest.fixture
def parity_suite_capabilities() -> frozenset[str]:
    # No ON DELETE actions, no SERIAL, no partial indexes; generated columns and ALTER
    # COLUMN exist but are not what this example covers.
    return (DEFAULT_CAPABILITIES - {"foreign_key_actions"}) | {"checks", "comments"}
