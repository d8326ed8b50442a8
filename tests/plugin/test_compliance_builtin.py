"""The plugin compliance suite (``parity.testing.suite``) run on the built-in adapters.

This is what a plugin author does for their own dialect: star-import the suite, supply
``parity_suite_engine`` (an empty database) and declare ``parity_suite_capabilities``.
Here the engine comes from ``backend_engine``, so the suite runs once per ``--db``.
"""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from parity.testing.suite import *  # noqa: F403
from parity.testing.suite import DEFAULT_CAPABILITIES

CAPABILITIES: dict[str, frozenset[str]] = {
    # SQLite: no comments; ALTER COLUMN needs Alembic's batch mode (a table copy), DROP
    # COLUMN does not (3.35+); the INTEGER PRIMARY KEY is the rowid whether or not
    # autoincrement is asked for.
    "sqlite": DEFAULT_CAPABILITIES
    | {"checks", "computed", "partial_indexes", "collations", "drop_column"},
    "postgresql": DEFAULT_CAPABILITIES
    | {
        "checks",
        "comments",
        "computed",
        "partial_indexes",
        "autoincrement",
        "collations",
        "alter_column",
    },
    # MariaDB: no partial indexes.
    "mysql": DEFAULT_CAPABILITIES
    | {"checks", "comments", "computed", "autoincrement", "collations", "alter_column"},
}
COLLATIONS = {"sqlite": "NOCASE", "postgresql": "C", "mysql": "utf8mb4_bin"}


@pytest.fixture
def parity_suite_engine(backend_engine: Engine) -> Engine:
    return backend_engine


@pytest.fixture
def parity_suite_capabilities(backend_name: str) -> frozenset[str]:
    return CAPABILITIES[backend_name]


@pytest.fixture
def parity_suite_collation(backend_name: str) -> str:
    return COLLATIONS[backend_name]


def test_the_drift_catalogue_covers_every_kind() -> None:
    from parity import DiffKind
    from parity.testing.suite import DRIFTS

    covered = {kind for drift in DRIFTS for kind, _table, _column in drift.expected}
    assert covered == set(DiffKind)
