"""Reading a MySQL/MariaDB catalog into :class:`~parity.catalog.Catalog` shapes.

The base is SQLAlchemy's reflection (``read_with_inspector``), which parses one
``SHOW CREATE TABLE`` per table -- on MariaDB 10.6 and later, the same parse states are
built from ``information_schema`` for all tables at once instead (:mod:`.bulk`: the
same catalog in seven statements whatever the table count, tested equal on live
schemas by ``tests/dialects/test_mysql_bulk_reader.py``).  What it cannot give is read from
``information_schema`` with one statement per kind of fact for all the tables read
(narrowed to their names, see :mod:`.catalog_sql`):

* the ``b'101'`` default of a BIT column, which SQLAlchemy's parser drops;
* the effective collation of every character column (``SHOW CREATE TABLE`` omits a
  collation equal to the table default, so "not printed" would read as "none");
* foreign keys, replaced whole (:mod:`.foreign_keys`: the parser skips a key referring
  to a table whose name holds a backtick);
* MariaDB's column-level CHECK constraints, which its ``CONSTRAINT`` lines leave out.
  The ``json_valid(col)`` check MariaDB adds to a JSON column is not a check the user
  wrote: it marks the LONGTEXT column as JSON (its type becomes ``JSON`` in the
  catalog) and is dropped, so it can never become a ``check_extra``.  A LONGTEXT column
  without that check stays LONGTEXT, which a model's JSON reports as drift.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from contextvars import ContextVar
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.dialects import mysql
from sqlalchemy.dialects.mysql import reflection as mysql_reflection
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import ReflectedCheckConstraint, ReflectedColumn
from sqlalchemy.engine.reflection import Inspector, ObjectKind, ObjectScope
from sqlalchemy.sql import sqltypes

from parity.catalog import Catalog, read_with_inspector
from parity.errors import dropped_meanwhile
from parity.sqltext import tokens

from . import bulk
from .catalog_sql import select_rows
from .expressions import normalise_expression
from .flavour import Flavour
from .foreign_keys import read_foreign_keys
from .types import is_text

#: Key under a reflected column's ``dialect_options`` holding its effective collation.
EFFECTIVE_COLLATION = "mysql_effective_collation"
#: Key under a reflected column's ``dialect_options`` set when MariaDB's json_valid
#: check made a LONGTEXT column JSON.
JSON_BY_CHECK = "mysql_json_valid_check"

#: Key under a reflected column's ``dialect_options`` holding the catalog's type text of
#: a column SQLAlchemy could not read (NullType).
CATALOG_TYPE = "mysql_catalog_type"

BIT_LITERAL = re.compile(r"^b'[01]*'$", re.I)

#: ``lower_case_table_names`` of the server last read in this context (see
#: :meth:`MySQLAdapter.fold_table_name`).
TABLE_NAME_CASING: ContextVar[int] = ContextVar("parity_mysql_table_name_casing", default=0)


def schema_name(conn: Connection, schema: str | None) -> str:
    """The database a ``schema=None`` read means: the connection's current one."""
    if schema is not None:
        return schema
    name = conn.dialect.default_schema_name or conn.exec_driver_sql("SELECT DATABASE()").scalar()
    return str(name)


def read_catalog(
    conn: Connection,
    schema: str | None,
    names: Collection[str] | None,
    *,
    in_bulk: bool | None = None,
) -> Catalog:
    """SQLAlchemy's reflection plus the facts it misses on MySQL and MariaDB.

    ``in_bulk`` chooses how SQLAlchemy's parse states are made: from
    ``information_schema`` for all tables at once (:mod:`.bulk`), or from one ``SHOW
    CREATE TABLE`` per table; by default in bulk where the server allows it
    (:attr:`Flavour.has_bulk_columns`).  Both give the same catalog (tested).
    """
    flavour = Flavour.of(conn.dialect)
    TABLE_NAME_CASING.set(int(getattr(conn.dialect, "_casing", 0) or 0))
    database = schema_name(conn, schema)
    if in_bulk is None:
        in_bulk = flavour.has_bulk_columns
    column_rows: list[tuple[Any, ...]] | None = None
    if in_bulk:
        catalog, column_rows = read_in_bulk(conn, schema, database, names)
    else:
        catalog = read_named_tables(conn, schema, database, names)
    forget_vanished_tables(catalog)
    if not catalog.tables:
        return catalog
    unescape_backticks(catalog)
    wanted = set(catalog.tables)
    narrow = None if names is None else catalog.tables
    foreign_keys = read_foreign_keys(conn, schema, database, narrow)
    catalog.foreign_keys = {table: foreign_keys.get(table, []) for table in catalog.tables}
    if column_rows is None:
        facts = [
            row for row in select_rows(conn, "column_facts", database, narrow) if row[0] in wanted
        ]
    else:
        facts = [tuple(r[i] for i in bulk.FACTS) for r in column_rows if r[bulk.TABLE] in wanted]
    add_collations(catalog, ((r[0], r[1], r[2]) for r in facts if r[2]))
    add_bit_defaults(catalog, ((r[0], r[1], r[3]) for r in facts if r[4] == "bit"))
    if flavour.is_mariadb:
        add_lost_defaults(catalog, ((r[0], r[1], r[3]) for r in facts if r[3] is not None))
    add_lost_comments(catalog, ((r[0], r[1], r[5]) for r in facts if r[5]))
    known_types = (
        None
        if column_rows is None
        else [(r[bulk.TABLE], r[bulk.NAME], r[bulk.COLUMN_TYPE]) for r in column_rows]
    )
    add_catalog_types(conn, catalog, database, known_types)
    if flavour.has_checks:
        query, column = check_query(flavour)
        if column_rows is not None:
            query = "checks_mariadb_levels"
        rows = [r for r in select_rows(conn, query, database, narrow, column) if r[0] in wanted]
        if column_rows is not None:
            add_table_checks(catalog, ((r[0], r[1], r[2]) for r in rows if r[3] == "Table"))
        merge_checks(catalog, ((r[0], r[1], r[2]) for r in rows), flavour)
    else:
        catalog.checks = {}
        catalog.unchecked.append(unchecked_checks(flavour))
    refuse_dropped(conn, database, catalog.tables)
    return catalog


def refuse_dropped(conn: Connection, database: str, tables: Collection[str]) -> None:
    """Raise when a table read here was dropped meanwhile: its facts may be torn.

    MySQL's and MariaDB's catalog is not transactional: a table dropped after it was
    listed is read as a table without columns (SQLAlchemy passes over the failing
    ``SHOW CREATE TABLE``) or without the ``information_schema`` facts read later.  A
    table dropped after this last look is read whole; one dropped before the listing is
    simply missing.
    """
    still = {row[0] for row in select_rows(conn, "tables", database, tables)}
    gone = [name for name in tables if name not in still]
    if gone:
        raise dropped_meanwhile(gone)


def read_in_bulk(
    conn: Connection, schema: str | None, database: str, names: Collection[str] | None
) -> tuple[Catalog, list[tuple[Any, ...]]]:
    """SQLAlchemy's reflection fed with parse states read in bulk (:mod:`.bulk`).

    Returns the catalog and the ``COLUMNS`` rows, which also give the facts the
    ``SHOW CREATE TABLE`` path reads with ``column_facts`` and ``column_types``.
    """
    read = bulk.read_states(conn, database, names)
    catalog = Catalog(schema=schema, tables=read.tables)
    if read.ignored:
        catalog.unchecked.append(
            (
                f"IGNORED indexes: {', '.join(read.ignored)}",
                "they exist and are compared as indexes, but the optimiser does not use "
                "them; a SQLAlchemy model cannot declare IGNORED, so it is not compared",
            )
        )
    if not read.tables:
        return catalog, read.columns
    inspector: Inspector = inspect(conn)
    bulk.prime(inspector, schema, read)
    read_through_inspector(catalog, inspector, schema)
    return catalog, read.columns


def read_named_tables(
    conn: Connection, schema: str | None, database: str, names: Collection[str] | None
) -> Catalog:
    """``read_with_inspector``, without listing the whole schema when names are given.

    SQLAlchemy's ``get_multi_*`` first lists every table of the schema (``SHOW FULL
    TABLES``: 27 ms of a five-table guard's 90 ms on MariaDB at 5,000 other tables).
    With names, which of them are base tables is asked of ``information_schema`` by
    name, and ``kind=ObjectKind.ANY`` makes SQLAlchemy reflect exactly those, unlisted.
    """
    inspector: Inspector = inspect(conn)
    if names is None:
        catalog = read_with_inspector(conn, schema, None, inspector)
        add_index_sorting(catalog, inspector)
        return catalog
    wanted = set(names)
    existing = sorted(
        {row[0] for row in select_rows(conn, "tables", database, wanted) if row[0] in wanted}
    )
    catalog = Catalog(schema=schema, tables=existing)
    if not existing:
        return catalog
    read_through_inspector(catalog, inspector, schema)
    return catalog


def read_through_inspector(catalog: Catalog, inspector: Inspector, schema: str | None) -> None:
    """Fill ``catalog`` for its tables with the inspector's ``get_multi_*``, unlisted.

    ``kind=ObjectKind.ANY`` makes SQLAlchemy reflect exactly the tables named, without
    listing the schema first.
    """
    kw: dict[str, Any] = {
        "schema": schema,
        "filter_names": catalog.tables,
        "kind": ObjectKind.ANY,
        "scope": ObjectScope.ANY,
    }

    def by_table(multi: Mapping[tuple[str | None, str], Any]) -> dict[str, Any]:
        return {name: value for (_schema, name), value in multi.items()}

    catalog.columns = by_table(inspector.get_multi_columns(**kw))
    catalog.primary_keys = by_table(inspector.get_multi_pk_constraint(**kw))
    catalog.indexes = by_table(inspector.get_multi_indexes(**kw))
    catalog.uniques = by_table(inspector.get_multi_unique_constraints(**kw))
    catalog.checks = by_table(inspector.get_multi_check_constraints(**kw))
    comments = by_table(inspector.get_multi_table_comment(**kw))
    catalog.comments = {name: value.get("text") for name, value in comments.items()}
    catalog.options = by_table(inspector.get_multi_table_options(**kw))
    add_index_sorting(catalog, inspector)


def add_index_sorting(catalog: Catalog, inspector: Inspector) -> None:
    """Give each index its members' ``DESC`` (``column_sorting``), which SQLAlchemy drops.

    SQLAlchemy's ``SHOW CREATE TABLE`` parser reads ``KEY ix (`a`,`b` DESC)`` into
    ``(column, length, modifiers)`` triples but reports only the columns.  The parsed
    states are still in the inspector's cache, so no statement is run again.
    (MariaDB before 10.8 and MySQL before 8.0 accept DESC and ignore it: it is then
    never printed, and the model's DESC is reported as the drift it is.)
    """
    for state in list(inspector.info_cache.values()):
        if not isinstance(state, mysql_reflection.ReflectedState) or not state.table_name:
            continue
        indexes = catalog.indexes.get(state.table_name)  # the parser unescaped it
        if not indexes:
            continue
        by_name = {index["name"]: index for index in indexes}
        for key in state.keys:
            # Both names are the parser's, still escaped (unescape_backticks runs later).
            index = by_name.get(key["name"]) if key.get("name") else None
            if index is None:
                continue
            # (column, length, modifiers) triples in every SQLAlchemy since 1.x.
            sorting = {
                _plain(str(member[0])): ("desc",)
                for member in key.get("columns") or ()
                if len(member) >= 3 and str(member[2]).upper() == "DESC"
            }
            if sorting:
                index["column_sorting"] = sorting


def forget_vanished_tables(catalog: Catalog) -> None:
    """Drop the tables listed but gone by the time their columns were read.

    ``information_schema`` and ``SHOW CREATE TABLE`` read no MVCC snapshot: a table
    dropped between the listing and its column read (its ``SHOW CREATE TABLE``, or the
    bulk read's ``COLUMNS`` statement) comes back without columns (SQLAlchemy skips
    the missing table; ``COLUMNS`` has no row), which would report every column of it
    missing.  A MySQL table always has a column, so such a table is taken as what it
    is by then, absent: the report is the consistent state after the drop.
    """
    vanished = [name for name in catalog.tables if not catalog.columns.get(name)]
    if not vanished:
        return
    gone = set(vanished)
    catalog.tables = [name for name in catalog.tables if name not in gone]
    for per_table in (
        catalog.columns,
        catalog.primary_keys,
        catalog.indexes,
        catalog.uniques,
        catalog.checks,
        catalog.comments,
        catalog.options,
        catalog.foreign_keys,
    ):
        for name in vanished:
            per_table.pop(name, None)


def _plain(name: str) -> str:
    return name.replace("``", "`")


def unescape_backticks(catalog: Catalog) -> None:
    """Undo the backtick doubling SQLAlchemy's SHOW CREATE TABLE parser leaves in names.

    `SHOW CREATE TABLE` quotes ``back`tick`` as ```back``tick```; SQLAlchemy strips the
    outer quotes but keeps the escape, so the column would read as another name, and
    the index InnoDB names after a foreign key ``back`tick`` would not be recognised as
    that key's (:meth:`MySQLAdapter.is_implicit_index`).  Foreign keys are left alone:
    they are read from ``information_schema`` instead.
    """
    for columns in catalog.columns.values():
        for column in columns:
            column["name"] = _plain(column["name"])
    for pk in catalog.primary_keys.values():
        if pk.get("constrained_columns"):
            pk["constrained_columns"] = [_plain(c) for c in pk["constrained_columns"]]
    for indexes in catalog.indexes.values():
        for index in indexes:
            if index.get("name"):
                index["name"] = _plain(str(index["name"]))
            index["column_names"] = [
                None if c is None else _plain(c) for c in index["column_names"]
            ]
            options = index.get("dialect_options") or {}
            for key in ("mysql_length", "mariadb_length"):  # as the URL names the dialect
                lengths = options.get(key)
                if isinstance(lengths, dict):
                    options[key] = {_plain(str(k)): v for k, v in lengths.items()}
    for uniques in catalog.uniques.values():
        for unique in uniques:
            if unique.get("name"):
                unique["name"] = _plain(str(unique["name"]))
            unique["column_names"] = [_plain(c) for c in unique["column_names"]]
    for checks in catalog.checks.values():
        for check in checks:
            if check.get("name"):
                check["name"] = _plain(str(check["name"]))


def check_query(flavour: Flavour) -> tuple[str, str]:
    """The CHECK query for this server and the column holding its table name."""
    return (
        ("checks_mariadb", "TABLE_NAME")
        if flavour.is_mariadb
        else ("checks_mysql", "tc.TABLE_NAME")
    )


def unchecked_checks(flavour: Flavour) -> tuple[str, str]:
    need = "10.2" if flavour.is_mariadb else "8.0.16"
    return (
        "check constraints",
        f"{flavour.label} neither enforces nor reports CHECK constraints (needs {need} or later)",
    )


def add_collations(catalog: Catalog, rows: Iterable[tuple[str, str, str]]) -> None:
    """Record each column's effective collation in its ``dialect_options``."""
    by_column = {(table, column): collation for table, column, collation in rows}
    for table, columns in catalog.columns.items():
        for column in columns:
            collation = by_column.get((table, column["name"]))
            if collation:
                options: dict[str, Any] = dict(column.get("dialect_options") or {})
                options[EFFECTIVE_COLLATION] = collation
                column["dialect_options"] = options


def add_bit_defaults(catalog: Catalog, rows: Iterable[tuple[str, str, str | None]]) -> None:
    """Restore ``b'101'`` defaults, which SQLAlchemy's column parser loses."""
    by_column = {(table, column): default for table, column, default in rows}
    for table, columns in catalog.columns.items():
        for column in columns:
            default = by_column.get((table, column["name"]))
            if column.get("default") is None and default and BIT_LITERAL.match(default):
                column["default"] = default


def add_lost_defaults(catalog: Catalog, rows: Iterable[tuple[str, str, str]]) -> None:
    """MariaDB: restore defaults SQLAlchemy's SHOW CREATE TABLE parser dropped or cut.

    The parser stops at a ``\\'`` escape (``DEFAULT 'it\\'s'`` reads as no default) and
    at the first ``)`` after a nested call (``DEFAULT (cast('a' as char(5) charset
    utf8mb4))`` reads as ``(cast('a' as char(5)``); MariaDB's
    ``information_schema.COLUMNS.COLUMN_DEFAULT`` has the whole text, with literals
    quoted, and the string ``NULL`` for ``DEFAULT NULL``, which is no default.
    """
    by_column = {(table, column): default for table, column, default in rows}
    for table, columns in catalog.columns.items():
        for column in columns:
            default = by_column.get((table, column["name"]))
            parsed = column.get("default")
            if (parsed is None or _cut_short(str(parsed))) and default and default != "NULL":
                column["default"] = default


def _cut_short(text: str) -> bool:
    """Whether a default's parentheses do not balance (outside literals): it was cut."""
    depth = 0
    for kind, token in tokens(text):
        if kind == "op" and token in "()":
            depth += 1 if token == "(" else -1
    return depth != 0


def add_catalog_types(
    conn: Connection,
    catalog: Catalog,
    database: str,
    known: Iterable[tuple[str, str, str]] | None = None,
) -> None:
    """Name the types SQLAlchemy reflected as NullType by the catalog's own text.

    SQLAlchemy's MySQL dialect has no spatial types: ``POINT`` and ``GEOMETRY`` both
    reflect as NullType, which would make any spatial type equal any other.  One
    statement, run only when such a column exists, reads ``COLUMN_TYPE`` for them into
    ``dialect_options["mysql_catalog_type"]`` (see :meth:`MySQLAdapter.reflected_type`).
    ``known`` are ``(table, column, COLUMN_TYPE)`` rows already read, which spare it.
    """
    unknown = {
        (table, column["name"]): column
        for table, columns in catalog.columns.items()
        for column in columns
        if isinstance(column["type"], sqltypes.NullType)
    }
    if not unknown:
        return
    tables = sorted({table for table, _column in unknown})
    if known is None:
        known = select_rows(conn, "column_types", database, tables)
    for table, name, column_type in known or ():
        column = unknown.get((table, name))
        if column is not None and column_type:
            options: dict[str, Any] = dict(column.get("dialect_options") or {})
            options[CATALOG_TYPE] = str(column_type)
            column["dialect_options"] = options


def add_lost_comments(catalog: Catalog, rows: Iterable[tuple[str, str, str]]) -> None:
    """Restore column comments SQLAlchemy's parser lost after a ``\\'`` in the default.

    ``information_schema.COLUMNS.COLUMN_COMMENT`` is the raw text on MySQL and MariaDB.
    """
    by_column = {(table, column): comment for table, column, comment in rows}
    for table, columns in catalog.columns.items():
        for column in columns:
            comment = by_column.get((table, column["name"]))
            if not column.get("comment") and comment:
                column["comment"] = comment


def add_table_checks(catalog: Catalog, rows: Iterable[tuple[str, str, str]]) -> None:
    """The bulk read's table-level checks, where SHOW CREATE TABLE's parse puts them.

    SQLAlchemy lists a table's ``CONSTRAINT ... CHECK`` lines (table-level checks
    only) sorted by name; :func:`merge_checks` then adds the column-level ones.  Names
    are plain here: :func:`unescape_backticks` has run on the parsed ones by then.
    """
    by_table: dict[str, list[ReflectedCheckConstraint]] = {}
    for table, name, sqltext in rows:
        by_table.setdefault(table, []).append(ReflectedCheckConstraint(name=name, sqltext=sqltext))
    for table, checks in by_table.items():
        catalog.checks[table] = sorted(checks, key=lambda c: c["name"] or "~")


def is_json_valid_check(column_name: str, sqltext: str) -> bool:
    """Whether ``sqltext`` is exactly ``json_valid(`column`)``."""
    quoted = "`" + column_name.replace("`", "``") + "`"
    return normalise_expression(sqltext) == normalise_expression(f"json_valid({quoted})")


def merge_checks(catalog: Catalog, rows: Iterable[tuple[str, str, str]], flavour: Flavour) -> None:
    """Add the checks ``SHOW CREATE TABLE`` missed; turn json_valid columns into JSON."""
    for table, name, sqltext in rows:
        columns: Mapping[str, ReflectedColumn] = {
            c["name"]: c for c in catalog.columns.get(table, [])
        }
        column = columns.get(name)
        if (
            flavour.json_is_longtext
            and column is not None
            and is_text(column["type"])
            and is_json_valid_check(name, sqltext)
        ):
            column["type"] = mysql.JSON()
            options: dict[str, Any] = dict(column.get("dialect_options") or {})
            options[JSON_BY_CHECK] = name
            column["dialect_options"] = options
            continue
        existing = catalog.checks.setdefault(table, [])
        if not any(check.get("name") == name for check in existing):
            existing.append(ReflectedCheckConstraint(name=name, sqltext=sqltext))
