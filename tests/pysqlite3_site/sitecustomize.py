"""Registers the ``sqlite+pysqlite3://`` driver in subprocesses of a ``--db sqlite-pysqlite3`` run.

The run puts this directory on ``PYTHONPATH`` (``tests/backends.py``), so the CLI, the
pytest plugin and the ``alembic upgrade`` that ``parity migrations`` runs in their own
processes resolve the URLs the tests hand them.  Registration is lazy: nothing is
imported until such a URL is used.
"""

from __future__ import annotations

try:
    from sqlalchemy.dialects import registry
except ImportError:  # an interpreter without SQLAlchemy: nothing to register
    pass
else:
    registry.register("sqlite.pysqlite3", "parity_pysqlite3", "SQLiteDialect_pysqlite3")
