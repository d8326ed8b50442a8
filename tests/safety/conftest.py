"""Fixtures of the safety tests: a restricted login on the throwaway database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL

from tests.backends import ThrowawayDatabase, unique_name


@pytest.fixture
def account(backend_db: ThrowawayDatabase) -> Iterator[URL]:
    """A login with no privileges yet on the throwaway database; dropped afterwards."""
    name = unique_name("parity_lp_")
    admin = sa.create_engine(backend_db.backend.server_url(), isolation_level="AUTOCOMMIT")
    kind = backend_db.backend.family
    with admin.connect() as conn:
        if kind == "postgresql":
            conn.exec_driver_sql(f"CREATE ROLE {name} LOGIN")
            conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {backend_db.name} TO {name}")
        else:
            conn.exec_driver_sql(f"CREATE USER '{name}'@'%%' IDENTIFIED BY 'lp-pw'")
    url = backend_db.url.set(username=name, password=None if kind == "postgresql" else "lp-pw")
    try:
        yield url
    finally:
        with admin.connect() as conn:
            if kind == "postgresql":
                with backend_db.engine.begin() as owner:
                    owner.exec_driver_sql(f"DROP OWNED BY {name}")
                conn.exec_driver_sql(f"REVOKE ALL ON DATABASE {backend_db.name} FROM {name}")
                conn.exec_driver_sql(f"DROP ROLE {name}")
            else:
                conn.exec_driver_sql(f"DROP USER '{name}'@'%%'")
        admin.dispose()
