"""Running the ``information_schema`` queries in ``sql/``, narrowed to the tables read.

Each ``sql/<name>.sql`` file is one ``SELECT`` ending in its ``WHERE`` clause (no
``ORDER BY``), so that a condition on the table name can be appended.  The condition
matters on MariaDB, whose ``information_schema`` is built by opening tables:

* without one, every table of the schema is opened; a five-table guard on a database
  holding 5,000 other tables paid for all of them (``CHECK_CONSTRAINTS``: 170 ms for
  the whole schema against 8 ms for one table);
* ``TABLE_NAME IN (...)`` opens only the named tables but still lists the schema's
  directory (about 4.5 ms per statement at 5,000 tables);
* ``TABLE_NAME = ...`` looks the one table up directly, so a few names are read as a
  ``UNION ALL`` of one narrowed copy per name (about 1 ms for five), and many names
  (more than :data:`UNION_LIMIT`) with ``IN``.

A whole-schema read (no names asked) is left unfiltered.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

#: Up to this many names, one ``UNION ALL`` branch per name; beyond, one ``IN`` list.
UNION_LIMIT = 64


@cache
def load_sql(name: str) -> str:
    """The text of ``sql/<name>.sql`` shipped next to this module."""
    return (resources.files(__package__) / "sql" / f"{name}.sql").read_text("utf-8")


def select_rows(
    conn: Connection,
    name: str,
    database: str,
    tables: Collection[str] | None,
    table_column: str = "TABLE_NAME",
) -> list[tuple[Any, ...]]:
    """Rows of query ``name`` for ``database``, limited to ``tables`` unless ``None``.

    ``table_column`` is the (possibly qualified) column the names are matched against.
    Names are bound, never formatted into the text.  Rows come in no particular order.
    """
    sql = _strip_comments(load_sql(name))
    params: dict[str, Any] = {"schema": database}
    if tables is None:
        return [tuple(row) for row in conn.execute(text(sql), params)]
    names = sorted(set(tables))
    if not names:
        return []
    if len(names) > UNION_LIMIT:
        statement = text(f"{sql} AND {table_column} IN :names").bindparams(
            bindparam("names", expanding=True)
        )
        params["names"] = names
    else:
        branches = [f"{sql} AND {table_column} = :name_{i}" for i in range(len(names))]
        statement = text("\nUNION ALL\n".join(branches))
        params.update({f"name_{i}": value for i, value in enumerate(names)})
    return [tuple(row) for row in conn.execute(statement, params)]


def _strip_comments(sql: str) -> str:
    """The statement without its ``--`` comment lines (sent once per branch otherwise)."""
    lines = (line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return "\n".join(lines).strip().rstrip(";")
