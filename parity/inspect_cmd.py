"""``parity inspect``: the normalised snapshot of a live database, as the comparator sees it.

The catalog is read through the dialect's adapter exactly as :func:`parity.compare`
reads it (one bulk read, in the same read-only, time-limited inspection
transaction), and reduced by the same code to a
:class:`~parity.snapshot.SchemaSnapshot`.  When a difference puzzles you, this shows
what the database side of the comparison was.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from parity.connect import (
    check_timeout,
    first_line,
    inspection_connection,
    inspection_transaction,
    require_schema,
)
from parity.errors import InspectionError
from parity.escape import printable
from parity.placement import translate_map
from parity.reflected import snapshot_from_catalog
from parity.registry import dialect_for
from parity.snapshot import ColumnSnapshot, SchemaSnapshot, TableSnapshot
from parity.snapshot_file import snapshot_to_json


def inspect_database(
    bind: Any,
    *,
    schema: str | None = None,
    tables: Iterable[str] | None = None,
    timeout: float | None = None,
) -> SchemaSnapshot:
    """Read the catalog of ``schema`` (``tables`` only, if given) into a snapshot.

    Under the same guarantees as :func:`parity.compare` (README "Safety"): the adapter's
    read-only, statement-timed inspection transaction, rolled back afterwards, and
    ``timeout`` seconds bounding connecting and each catalog statement.
    """
    names = sorted(set(tables)) if tables is not None else None
    check_timeout(timeout)
    with inspection_connection(bind, timeout=timeout) as conn:
        adapter = dialect_for(conn)
        with inspection_transaction(conn, adapter, timeout=timeout):
            if schema is None:
                # The engine's schema_translate_map sends unqualified tables elsewhere:
                # that is the schema the application uses (parity.placement).
                schema = translate_map(conn).get(None)
            require_schema(conn, schema)
            try:
                version = adapter.server_version(conn)
                default_schema = adapter.default_schema(conn)
                catalog = adapter.read_catalog(conn, schema, names)
            except SQLAlchemyError as exc:
                where = f"schema {schema!r}" if schema else "the default schema"
                raise InspectionError(
                    f"cannot read the catalog of {where}: {first_line(exc, conn.engine.url)}"
                ) from exc
        return snapshot_from_catalog(
            adapter, catalog, conn.dialect, server_version=version, default_schema=default_schema
        )


def render_snapshot_json(snapshot: SchemaSnapshot) -> str:
    """The snapshot file's text (ends with a newline; write it as it is)."""
    return snapshot_to_json(snapshot)


def _column_line(column: ColumnSnapshot) -> str:
    parts = [column.name, column.type.render(), "NULL" if column.nullable else "NOT NULL"]
    if column.default is not None:
        parts.append(f"default {column.default}")
    if column.autoincrement:
        parts.append(f"autoincrement {column.autoincrement}")
    if column.computed is not None:
        parts.append(column.computed.render())
    if column.collation:
        parts.append(f"collate {column.collation}")
    if column.comment:
        parts.append(f"comment {column.comment!r}")
    return "  " + "  ".join(parts)


def _table_block(table: TableSnapshot) -> list[str]:
    title = f"{table.schema}.{table.name}" if table.schema else table.name
    lines = [f"{title}:"]
    if table.comment:
        lines.append(f"  comment {table.comment!r}")
    lines.extend(_column_line(column) for column in table.columns)
    if table.primary_key is not None:
        lines.append(f"  primary key ({', '.join(table.primary_key.columns)})")
    lines.extend(f"  foreign key {fk.render()}" for fk in table.foreign_keys)
    lines.extend(f"  {unique.render()}" for unique in table.uniques)
    lines.extend(f"  {index.render()}" for index in table.indexes)
    lines.extend(f"  {check.render()}" for check in table.checks)
    return lines


def render_snapshot_text(snapshot: SchemaSnapshot) -> str:
    """One block per table, then what could not be read, then a summary line."""
    lines: list[str] = []
    for table in snapshot.tables:
        lines.extend(_table_block(table))
    if snapshot.unchecked:
        lines.append("not readable:")
        lines.extend(f"  {what}: {why}" for what, why in snapshot.unchecked)
    version = ".".join(str(part) for part in snapshot.server_version)
    where = f"schema {snapshot.schema}" if snapshot.schema else "the default schema"
    lines.append(
        f"{len(snapshot.tables)} tables in {where} on {snapshot.dialect} {version}".rstrip()
    )
    return "\n".join(printable(line) for line in lines)
