"""The bulk catalog reader: four queries on DuckDB's catalog functions, any number of tables.

The result is a :class:`parity.catalog.Catalog` in SQLAlchemy's reflection shapes, so
the core converts it like any other.  Types are kept as DuckDB spells them (under the
column's ``dialect_options["duckdb_data_type"]``) for :meth:`DuckDBAdapter.reflected_type`.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from importlib.resources import files
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.types import NullType

from parity.catalog import Catalog

DATA_TYPE = "duckdb_data_type"


@cache
def _sql(name: str) -> str:
    return (files("parity_duckdb") / "sql" / f"{name}.sql").read_text(encoding="utf-8")


def _rows(conn: Connection, name: str, schema: str | None) -> list[Any]:
    return list(conn.execute(text(_sql(name)), {"schema": schema}).mappings())


def read_catalog(conn: Connection, schema: str | None, names: Collection[str] | None) -> Catalog:
    """Read every table of ``schema`` (or those in ``names``) with four statements."""
    wanted = set(names) if names is not None else None

    def keep(table: str) -> bool:
        return wanted is None or table in wanted

    tables = [row for row in _rows(conn, "tables", schema) if keep(row["table_name"])]
    catalog = Catalog(schema=schema, tables=sorted(row["table_name"] for row in tables))
    catalog.comments = {row["table_name"]: row["comment"] or None for row in tables}
    present = set(catalog.tables)
    if not present:
        return catalog

    for row in _rows(conn, "columns", schema):
        if row["table_name"] in present:
            catalog.columns.setdefault(row["table_name"], []).append(
                {
                    "name": row["column_name"],
                    "type": NullType(),
                    "nullable": bool(row["is_nullable"]),
                    "default": row["column_default"],
                    "autoincrement": False,
                    "comment": row["comment"] or None,
                    "dialect_options": {DATA_TYPE: row["data_type"]},
                }
            )

    for row in _rows(conn, "constraints", schema):
        table = row["table_name"]
        if table not in present:
            continue
        kind, name, columns = (
            row["constraint_type"],
            row["constraint_name"],
            row["constraint_column_names"],
        )
        if kind == "PRIMARY KEY":
            catalog.primary_keys[table] = {"name": name, "constrained_columns": list(columns)}
        elif kind == "UNIQUE":
            catalog.uniques.setdefault(table, []).append(
                {"name": name, "column_names": list(columns)}
            )
        elif kind == "CHECK":
            catalog.checks.setdefault(table, []).append(
                {"name": name, "sqltext": row["expression"]}
            )
        elif kind == "FOREIGN KEY":
            catalog.foreign_keys.setdefault(table, []).append(
                {
                    "name": name,
                    "constrained_columns": list(columns),
                    "referred_schema": None,
                    "referred_table": row["referenced_table"],
                    "referred_columns": list(row["referenced_column_names"]),
                    "options": {},  # DuckDB has no ON DELETE / ON UPDATE actions
                }
            )

    for row in _rows(conn, "indexes", schema):
        table = row["table_name"]
        if table not in present:
            continue
        column_names: list[str | None] = []
        expressions: list[str] = []
        for expression in _expressions(row["expressions"]):
            column = _identifier(expression)
            column_names.append(column)
            expressions.append(expression)
        catalog.indexes.setdefault(table, []).append(
            {
                "name": row["index_name"],
                "column_names": column_names,
                "expressions": expressions,
                "unique": bool(row["is_unique"]),
                "dialect_options": {},
            }
        )
    return catalog


def _expressions(value: Any) -> list[str]:
    """An index's expressions from DuckDB's text of a list.

    DuckDB (2.x) casts the list to text as ``[a, b]``: an item is quoted, with ``'``
    and backslash-escapes, only when it holds a character that needs it
    (``['(lower(a))', b]``, ``['"we ird"', a]``); a plain column is bare.  Anything
    else is refused loudly rather than guessed.
    """
    if isinstance(value, list):
        return [str(item) for item in value]
    text = str(value).strip()
    if not (text.startswith("[") and text.endswith("]")):
        raise ValueError(f"unexpected index expression list from DuckDB: {text!r}")
    body, items, position = text[1:-1], [], 0
    while position < len(body):
        if body[position] == "'":
            item, position = _quoted(body, position + 1)
        else:
            end = body.find(", ", position)
            end = len(body) if end < 0 else end
            item, position = body[position:end], end
        items.append(item)
        if position < len(body):
            if not body.startswith(", ", position):
                raise ValueError(f"unexpected index expression list from DuckDB: {text!r}")
            position += 2
    return items


def _quoted(body: str, position: int) -> tuple[str, int]:
    """The item quoted from ``position`` (after its opening ``'``), and where it ends."""
    chars: list[str] = []
    while position < len(body):
        char = body[position]
        if char == "\\" and position + 1 < len(body):
            chars.append(body[position + 1])
            position += 2
            continue
        if char == "'":
            return "".join(chars), position + 1
        chars.append(char)
        position += 1
    raise ValueError(f"unterminated quoted index expression from DuckDB: {body!r}")


def _identifier(expression: str) -> str | None:
    """The column name when an index expression is a plain (maybe quoted) column."""
    stripped = expression.strip()
    if len(stripped) > 1 and stripped[0] == stripped[-1] == '"':
        return stripped[1:-1].replace('""', '"')
    return stripped if stripped.isidentifier() else None
