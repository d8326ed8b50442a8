"""The built-in PostgreSQL adapter (registered under the ``parity.dialects`` entry point)."""

from dialects.postgresql.adapter import PostgreSQLAdapter

__all__ = ["PostgreSQLAdapter"]
