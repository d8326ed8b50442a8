"""MariaDB: SQLAlchemy's per-table parse states, built from ``information_schema``.

SQLAlchemy's MySQL reflection reads every fact of a table out of one
``ReflectedState``, which ``_setup_parser`` fills by parsing ``SHOW CREATE TABLE``:
one round trip and one regex pass per table, most of a 1,000-table compare.  On
MariaDB 10.2.7 and later ``information_schema`` holds the same facts in the same
words (``COLUMN_TYPE`` is the type text ``SHOW CREATE TABLE`` prints, ``COLUMN_DEFAULT``
the default expression with literals quoted), so this module reads them for all the
tables at once -- three statements whatever the table count -- and builds the states:

* each column's line is written the way ``SHOW CREATE TABLE`` writes it and handed to
  SQLAlchemy's own column parser, so types, arguments, unsigned/zerofill, charset and
  collation, defaults (with ``ON UPDATE``), ``AUTO_INCREMENT`` and generated columns
  come out exactly as SQLAlchemy builds them;
* keys are the parser's ``(column, length, modifiers)`` specs, from ``STATISTICS``;
* table options from ``TABLES``; CHECK constraints are left to the bulk read of
  ``CHECK_CONSTRAINTS`` the reader does anyway (:func:`.reader.merge_checks`).

The states go into the inspector's cache under ``_setup_parser``'s key, so the
inspector's ``get_multi_*`` build SQLAlchemy's shapes from them without a statement.
MySQL's ``COLUMN_DEFAULT`` is unquoted (a string default and an expression read
alike), so MySQL keeps ``SHOW CREATE TABLE``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.dialects.mysql import reflection as mysql_reflection
from sqlalchemy.engine import Connection
from sqlalchemy.engine.reflection import Inspector

from .catalog_sql import select_rows

#: ``COLUMNS`` row positions (``sql/columns.sql``).
(
    TABLE,
    NAME,
    POSITION,
    COLUMN_TYPE,
    CHARSET,
    COLLATION,
    NULLABLE,
    DEFAULT,
    EXTRA,
    GENERATION,
    COMMENT,
    DATA_TYPE,
) = range(12)
#: The positions giving ``column_facts``'s row: table, column, collation, default,
#: data type, comment.
FACTS = (TABLE, NAME, COLLATION, DEFAULT, DATA_TYPE, COMMENT)


@dataclass(slots=True)
class BulkRead:
    """The tables found, their ``COLUMNS`` rows, and one parse state per table."""

    tables: list[str]
    columns: list[tuple[Any, ...]] = field(default_factory=list)
    states: dict[str, mysql_reflection.ReflectedState] = field(default_factory=dict)
    #: ``table.index`` of every IGNORED index (read, but invisible to the optimiser).
    ignored: list[str] = field(default_factory=list)


#: The generation "expressions" of a system-versioned table's period columns.
SYSTEM_TIME = ("ROW START", "ROW END")


def _quoted(name: str) -> str:
    """``name`` as ``SHOW CREATE TABLE`` quotes it (the parser keeps the escape)."""
    return "`" + name.replace("`", "``") + "`"


def read_states(conn: Connection, database: str, names: Collection[str] | None) -> BulkRead:
    """The base tables of ``database`` (those of ``names`` if given) and their states."""
    wanted = None if names is None else set(names)
    table_rows = [
        row
        for row in select_rows(conn, "table_facts", database, wanted)
        if wanted is None or row[0] in wanted
    ]
    read = BulkRead(tables=sorted(row[0] for row in table_rows))
    if not read.tables:
        return read
    narrow = None if names is None else read.tables
    found = set(read.tables)
    read.columns = sorted(
        (row for row in select_rows(conn, "columns", database, narrow) if row[TABLE] in found),
        key=lambda row: (row[TABLE], row[POSITION]),
    )
    key_rows = sorted(
        (row for row in select_rows(conn, "index_columns", database, narrow) if row[0] in found),
        key=lambda row: (row[0], row[1], row[3]),
    )
    parser: mysql_reflection.MySQLTableDefinitionParser = conn.dialect._tabledef_parser  # type: ignore[attr-defined]
    collations: dict[str, str | None] = {}
    for table, engine, collation, comment in table_rows:
        # MariaDB names every collation after its character set (``binary`` too).
        charset = str(collation).split("_", 1)[0] if collation else None
        state = mysql_reflection.ReflectedState()
        state.charset = None
        state.table_name = table
        options = [
            f"ENGINE={engine}" if engine else "",
            f"DEFAULT CHARSET={charset}" if charset else "",
            f"COLLATE={collation}" if collation else "",
        ]
        parser._parse_table_options(") " + " ".join(o for o in options if o), state)
        if comment:
            state.table_options[f"{conn.dialect.name}_comment"] = comment
        read.states[table] = state
        collations[table] = collation
    for row in read.columns:
        _add_column(parser, read.states[row[TABLE]], row, collations[row[TABLE]])
    read.ignored = _add_keys(read.states, key_rows)
    return read


def column_line(row: Sequence[Any], table_collation: str | None) -> str:
    """The column as ``SHOW CREATE TABLE`` prints it on MariaDB, without its comment.

    MariaDB prints ``CHARACTER SET ... COLLATE ...`` exactly when the column's
    collation is not the table's; ``ON UPDATE`` right after the default; a generated
    column's expression in parentheses, with no default and no nullability.
    """
    parts = [f"  {_quoted(row[NAME])} {row[COLUMN_TYPE]}"]
    if row[COLLATION] and row[COLLATION] != table_collation:
        parts.append(f"CHARACTER SET {row[CHARSET]} COLLATE {row[COLLATION]}")
    extra = str(row[EXTRA] or "")
    lowered = extra.lower()
    generated = "generated" in lowered and row[GENERATION] is not None
    if generated and row[GENERATION] in SYSTEM_TIME:
        # Printed bare (``GENERATED ALWAYS AS ROW START``), which SQLAlchemy's parser
        # does not take for a generated column: neither computed nor NOT NULL.
        parts.append(f"GENERATED ALWAYS AS {row[GENERATION]}")
    elif generated:
        persistence = "STORED" if lowered.startswith("stored") else "VIRTUAL"
        parts.append(f"GENERATED ALWAYS AS ({row[GENERATION]}) {persistence}")
        if row[NULLABLE] == "NO":
            parts.append("NOT NULL")
    else:
        if row[NULLABLE] == "NO":
            parts.append("NOT NULL")
        if row[DEFAULT] is not None:
            parts.append(f"DEFAULT {row[DEFAULT]}")
        at = lowered.find("on update ")
        if at >= 0:
            parts.append("ON UPDATE " + extra[at + len("on update ") :].split(" ", 1)[0])
    if "auto_increment" in lowered:
        parts.append("AUTO_INCREMENT")
    return " ".join(parts) + ","


def _add_column(
    parser: mysql_reflection.MySQLTableDefinitionParser,
    state: mysql_reflection.ReflectedState,
    row: Sequence[Any],
    table_collation: str | None,
) -> None:
    """Parse the column's line with SQLAlchemy's parser; the comment is the raw text."""
    before = len(state.columns)
    parser._parse_column(column_line(row, table_collation), state)
    if len(state.columns) > before:
        state.columns[-1]["comment"] = row[COMMENT] or None


def _add_keys(
    states: dict[str, mysql_reflection.ReflectedState], rows: Sequence[Sequence[Any]]
) -> list[str]:
    """One key spec per index, as SQLAlchemy's ``_parse_constraints`` makes them.

    An IGNORED index is kept: it exists, takes writes and (if unique) still refuses
    duplicates; only the optimiser passes over it.  SQLAlchemy's ``SHOW CREATE TABLE``
    parse drops it (its key pattern does not match the trailing ``IGNORED``), which
    read a healthy table as missing an index.  Returns the ignored ``table.index`` names.
    """
    specs: dict[tuple[str, str], dict[str, Any]] = {}
    ignored_indexes: list[str] = []
    for table, index, non_unique, _seq, column, sub_part, collation, index_type, ignored in rows:
        if ignored == "YES" and (table, index) not in specs:
            ignored_indexes.append(f"{table}.{index}")
        spec = specs.get((table, index))
        if spec is None:
            kind = str(index_type or "").upper()
            spec = {
                "type": "PRIMARY"
                if index == "PRIMARY"
                else "UNIQUE"
                if not int(non_unique)
                else kind
                if kind in ("FULLTEXT", "SPATIAL")
                else None,
                "name": None if index == "PRIMARY" else index.replace("`", "``"),
                "columns": [],
                "parser": None,
            }
            specs[(table, index)] = spec
            states[table].keys.append(spec)
        # SHOW CREATE TABLE prints no length on a SPATIAL member (STATISTICS says 32).
        length = None if sub_part is None or spec["type"] == "SPATIAL" else int(sub_part)
        modifiers = "DESC" if collation == "D" else ""
        spec["columns"].append((str(column).replace("`", "``"), length, modifiers))
    return ignored_indexes


def prime(inspector: Inspector, schema: str | None, read: BulkRead) -> None:
    """Put the states where SQLAlchemy's ``_setup_parser`` looks them up first.

    ``reflection.cache`` keys a call by the method name, its string positional
    arguments and its other keywords (``info_cache`` excluded).  The schema reaches
    ``_setup_parser`` as a keyword in SQLAlchemy 2.x and positionally in older
    releases, so both keys are set; a miss would only cost the ``SHOW CREATE TABLE``
    it saves (the statement-count tests catch that).
    """
    for table, state in read.states.items():
        positional = tuple(a for a in (table, schema) if isinstance(a, str))
        inspector.info_cache[("_setup_parser", (table,), (("schema", schema),))] = state
        inspector.info_cache[("_setup_parser", positional, ())] = state
