"""Foreign keys of MySQL/MariaDB tables, read in bulk from ``information_schema``.

SQLAlchemy reads foreign keys by parsing each table's ``SHOW CREATE TABLE``; its
``REFERENCES`` pattern does not accept a doubled backtick, so a key referring to a
table named ``back`tick`` was silently skipped (the key read as missing and its index
as extra).  ``information_schema`` holds the names unquoted, and two narrowed
statements answer for all tables at once.

The records keep SQLAlchemy's shapes so that its reflection stays the reference:
``referred_schema`` is the schema that was asked for (``None`` for the connection's
database) when the referred table lives in the inspected database, else the other
database's name; ``options`` holds ``onupdate``/``ondelete`` only for an action other
than the default (``RESTRICT``, which ``information_schema`` reports for a key declared
without one, and ``NO ACTION``, its synonym in InnoDB).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import ReflectedForeignKeyConstraint

from .catalog_sql import select_rows

#: Rules ``information_schema`` reports for a key behaving as the default.
DEFAULT_RULES = frozenset({"RESTRICT", "NO ACTION"})


def read_foreign_keys(
    conn: Connection,
    schema: str | None,
    database: str,
    tables: Collection[str] | None,
) -> dict[str, list[ReflectedForeignKeyConstraint]]:
    """Every foreign key of ``tables`` (all tables when ``None``), by table, sorted by name.

    ``schema`` is the caller's schema argument and ``database`` what it resolves to.
    """
    rules = {
        (str(table), str(name)): {"onupdate": on_update, "ondelete": on_delete}
        for table, name, on_update, on_delete in select_rows(
            conn, "foreign_key_rules", database, tables
        )
    }
    columns: dict[tuple[str, str], list[tuple[int, str, str, str, str]]] = defaultdict(list)
    for table, name, position, column, ref_schema, ref_table, ref_column in select_rows(
        conn, "foreign_key_columns", database, tables
    ):
        columns[str(table), str(name)].append(
            (int(position), str(column), str(ref_schema), str(ref_table), str(ref_column))
        )
    found: dict[str, list[ReflectedForeignKeyConstraint]] = defaultdict(list)
    for (table, name), pairs in sorted(columns.items()):
        pairs.sort()
        ref_schema, ref_table = pairs[0][2], pairs[0][3]
        options = {
            option: str(rule)
            for option, rule in rules.get((table, name), {}).items()
            if rule and rule not in DEFAULT_RULES
        }
        found[table].append(
            ReflectedForeignKeyConstraint(
                name=name,
                constrained_columns=[pair[1] for pair in pairs],
                referred_schema=schema if ref_schema == database else ref_schema,
                referred_table=ref_table,
                referred_columns=[pair[4] for pair in pairs],
                options=options,
            )
        )
    return dict(found)
