"""A SQLAlchemy dialect named ``fakedb`` that is SQLite underneath.

It gives the plugin tests a real Engine whose ``dialect.name`` no built-in parity adapter
claims, so that discovery, the generic fallback and ``compare`` can run end to end
without a database server.  Registered with SQLAlchemy on import.
"""

from __future__ import annotations

from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

NAME = "fakedb"


class FakeDBDialect(SQLiteDialect_pysqlite):
    name = NAME
    supports_statement_cache = True


registry.register(NAME, __name__, "FakeDBDialect")
