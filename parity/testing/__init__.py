"""Testing helpers for applications and dialect-plugin authors.

* :func:`assert_migrations_match`: a pytest-friendly assertion that the Alembic
  migrations build what the models declare (see :mod:`parity.migrations`).
* :mod:`parity.testing.suite`: the compliance suite a dialect plugin star-imports into
  its own tests (``from parity.testing.suite import *``); it needs pytest.

Importing this package does not import pytest.
"""

from __future__ import annotations

from parity.migrations import assert_migrations_match

__all__ = ["assert_migrations_match"]
