"""A schema-parity dialect plugin for DuckDB (entry point ``parity_duckdb:DuckDBAdapter``)."""

from __future__ import annotations

from parity_duckdb.adapter import DuckDBAdapter

__all__ = ["DuckDBAdapter"]
