"""Version-gated live tests: skip where the selected server predates the feature."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine


def require_server_version(engine: Engine, minimum: tuple[int, ...], why: str) -> None:
    """Skip (never fail, even under CI) a test whose feature the selected server lacks.

    The matrix runs it on the version that has the feature (``nox -s ci`` selects
    ``postgresql-18``); on older servers there is nothing to test.
    """
    with engine.connect() as conn:
        found = conn.dialect.server_version_info or ()
    if tuple(found[: len(minimum)]) < minimum:
        shown = ".".join(str(p) for p in found)
        needed = ".".join(str(p) for p in minimum)
        pytest.skip(f"needs server {needed}+ ({why}); this one is {shown}")
