"""The built-in SQLite adapter (entry point ``dialects.sqlite:SQLiteAdapter``)."""

from dialects.sqlite.adapter import SQLiteAdapter

__all__ = ["SQLiteAdapter"]
