"""``sqlite+pysqlite3://``: SQLAlchemy's pysqlite dialect on ``pysqlite3`` (SQLite 3.51).

``pysqlite3-binary`` ships a newer SQLite than the interpreter's ``sqlite3`` module links;
SQLAlchemy's pysqlite dialect always imports ``sqlite3``, so this subclass only swaps the
DB-API module.  ``--db sqlite-pysqlite3`` registers it in the test process
(:func:`register`) and, through ``sitecustomize.py`` beside this module on
``PYTHONPATH``, in every subprocess; the dialect's ``name`` stays ``sqlite``, so parity
picks its SQLite adapter exactly as for the standard driver.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

DRIVER = "pysqlite3"


class SQLiteDialect_pysqlite3(SQLiteDialect_pysqlite):
    """The pysqlite dialect with ``pysqlite3.dbapi2`` as its DB-API module."""

    driver = DRIVER
    supports_statement_cache = True

    @classmethod
    def import_dbapi(cls) -> Any:
        import pysqlite3.dbapi2

        module: ModuleType = pysqlite3.dbapi2
        return module


def register() -> None:
    """Make ``sqlite+pysqlite3://`` URLs resolve; raises ImportError without pysqlite3."""
    import pysqlite3.dbapi2  # noqa: F401 - fail here, with the reason, not at connect

    registry.register(f"sqlite.{DRIVER}", "parity_pysqlite3", "SQLiteDialect_pysqlite3")
