"""The bulk SQLite catalog reader: four catalog statements, whatever the number of tables.

SQLAlchemy's SQLite reflection runs about a dozen statements per table and looks every
table up in ``sqlite_master`` again and again, so it grows faster than linearly.  Here
one read of ``sqlite_master`` gives every stored CREATE statement and the exact table
names, and one statement per kind joins those names (a JSON array, ``json_each``) with
a table-valued pragma (``pragma_table_xinfo``, ``pragma_index_list``/``pragma_index_xinfo``,
``pragma_foreign_key_list``) to get the same facts for all tables at once.  What the
pragmas do not say is parsed from the stored text (:mod:`dialects.sqlite.ddl_parse`).

The result has exactly the shapes of ``Inspector.get_multi_*`` (see
:mod:`parity.catalog`), with these deliberate differences, each a fact SQLAlchemy
gets wrong or leaves out:

* a rowid-alias ``INTEGER PRIMARY KEY`` column is ``nullable=False`` (it can never
  hold NULL) and carries ``autoincrement=True``;
* columns carry ``dialect_options["sqlite_declared_type"]`` (the declared type
  verbatim) and, when declared, ``dialect_options["sqlite_collation"]``; there is no
  ``primary_key`` position key (the primary key is in ``primary_keys``);
* computed-column expressions are the real expression (SQLAlchemy's regex over-reads);
* ON DELETE / ON UPDATE come from the pragma, also for column-level REFERENCES
  (SQLAlchemy only finds them on table-level FOREIGN KEY clauses);
* expression indexes are reported (``column_names`` holds ``None`` at an expression's
  position, ``expressions`` lists every member) instead of skipped, and
  ``column_sorting`` is given for DESC members, and ``column_collations`` (a parity
  extension, see :mod:`parity.indexmembers`) for members whose collation matters;
* table options include ``sqlite_autoincrement`` when the AUTOINCREMENT keyword is used.

Only ``SELECT`` statements run: the reader never writes to the database.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import (
    ReflectedCheckConstraint,
    ReflectedColumn,
    ReflectedForeignKeyConstraint,
    ReflectedIndex,
    ReflectedUniqueConstraint,
)
from sqlalchemy.sql.type_api import TypeEngine

from dialects.sqlite.ddl_parse import (
    ParsedTable,
    fold_ascii,
    parse_create_index,
    parse_create_table,
    tokenize,
)
from dialects.sqlite.types import resolve_type, strip_generated
from parity.catalog import Catalog
from parity.errors import changed_meanwhile

#: Words whose absence from a CREATE TABLE means parsing it would find nothing the
#: pragmas did not already give, so the (comparatively slow) parse is skipped.
_PARSE_MARKERS = (
    "CHECK",
    "CONSTRAINT",
    "REFERENCES",
    "AUTOINCREMENT",
    "COLLATE",
    "ROWID",
    "STRICT",
    "UNIQUE",
)


#: master.sql's narrowing to the tables named by ``:names``.
_NAMED = "m.tbl_name COLLATE NOCASE IN (SELECT value FROM json_each(:names))\n  AND "


@cache
def _statement(name: str) -> str:
    """A catalog query from the ``.sql`` file next to this module."""
    return resources.files("dialects.sqlite").joinpath(f"{name}.sql").read_text("utf-8")


def read_catalog(conn: Connection, schema: str | None, names: Collection[str] | None) -> Catalog:
    """Read every table of ``schema`` (or just ``names``) in four statements.

    ``schema`` is an attached database name (``None`` = ``main``).  ``names`` match
    ASCII case-insensitively, the way SQLite resolves table names.

    The four statements are not one snapshot (the inspection holds no read transaction,
    so it never keeps another connection's DDL waiting), so ``PRAGMA schema_version``,
    which every schema change increments, is read before and after them: a change in
    between (a table dropped, altered or added by another connection) could have torn
    the facts, and the read is refused with a clear error instead.
    """
    quoted = conn.dialect.identifier_preparer.quote_identifier(schema or "main")
    params: dict[str, str | None] = {
        "schema": schema or "main",
        "names": None if names is None else json.dumps(list(names)),
    }

    named = "" if names is None else _NAMED

    def run(name: str) -> Sequence[tuple[Any, ...]]:
        sql = _statement(name).format(master=f"{quoted}.sqlite_master", named=named)
        # The DBAPI cursor's own tuples: 25,000 rows at 1,000 tables, and wrapping
        # each in a Row, then reading it by attribute, cost more than using them.
        result = conn.exec_driver_sql(sql, params)
        try:
            rows: Sequence[tuple[Any, ...]] = result.cursor.fetchall()
        finally:
            result.close()
        return rows

    version = f"PRAGMA {quoted}.schema_version"
    before = conn.exec_driver_sql(version).scalar()
    table_sql: dict[str, str | None] = {}
    index_sql: dict[str, str | None] = {}
    for kind, name, _tbl_name, sql in run("master"):
        (table_sql if kind == "table" else index_sql)[name] = sql
    catalog = Catalog(schema=schema, tables=sorted(table_sql))
    shadows = shadow_tables(table_sql)
    catalog.owned_tables.update(dict.fromkeys(shadows, "shadow table"))
    if shadows:
        shown = ", ".join(shadows[:20]) + (", ..." if len(shadows) > 20 else "")
        catalog.unchecked.append(
            (
                f"{len(shadows)} shadow tables of virtual tables",
                "owned by the virtual table's module: never reported as extra tables "
                f"(compared only where a model declares them): {shown}",
            )
        )
    # sqlite_master has no index: the master query is the one full scan.  The pragma
    # queries iterate the exact names it found, so a five-table read of a 10,000-table
    # file does not scan the 40,000 schema rows three more times.
    params["tables"] = json.dumps(catalog.tables)
    parsed = {name: _parse(sql) for name, sql in table_sql.items()}
    primary_keys, columns, checks = catalog.primary_keys, catalog.columns, catalog.checks
    foreign_keys, indexes, uniques = catalog.foreign_keys, catalog.indexes, catalog.uniques
    options = catalog.options
    for name in catalog.tables:
        table = parsed[name]
        primary_keys[name] = {"name": None, "constrained_columns": []}
        columns[name] = []
        foreign_keys[name] = []
        indexes[name] = []
        uniques[name] = []
        checks[name] = _checks(table) if table.checks else []
        options[name] = _table_options(table)

    pk_indexed = _read_indexes(run("indexes"), catalog, parsed, index_sql)
    _read_columns(run("columns"), catalog, parsed, pk_indexed, conn)
    _read_foreign_keys(run("foreign_keys"), catalog, parsed, schema)
    if conn.exec_driver_sql(version).scalar() != before:
        raise changed_meanwhile(f"schema {schema or 'main'}")
    return catalog


#: The shadow tables each virtual-table module creates, by name suffix: what the
#: module's ``xShadowName`` accepts (SQLite's own test for a shadow table).
SHADOW_SUFFIXES = {
    "fts5": ("data", "idx", "content", "docsize", "config"),
    "fts4": ("content", "segments", "segdir", "docsize", "stat"),
    "fts3": ("content", "segments", "segdir", "docsize", "stat"),
    "rtree": ("node", "rowid", "parent"),
    "rtree_i32": ("node", "rowid", "parent"),
    "geopoly": ("node", "rowid", "parent"),
}


def shadow_tables(table_sql: dict[str, str | None]) -> list[str]:
    """The tables that are shadow tables of a virtual table in ``table_sql``, sorted.

    ``CREATE VIRTUAL TABLE notes_fts USING fts5(...)`` makes ``notes_fts_data``,
    ``notes_fts_idx``… ordinary-looking tables that the module owns.  The virtual table
    itself stays: an application may map it to query it.
    """
    found: list[str] = []
    folded = {fold_ascii(name): name for name in table_sql}
    for name, sql in table_sql.items():
        if not sql or not sql.lstrip()[:14].upper().startswith("CREATE VIRTUAL"):
            continue
        toks = tokenize(sql)
        using = next((i for i, tok in enumerate(toks) if tok.upper == "USING"), None)
        if using is None or using + 1 >= len(toks):
            continue
        for suffix in SHADOW_SUFFIXES.get(toks[using + 1].value.lower(), ()):
            shadow = folded.get(fold_ascii(f"{name}_{suffix}"))
            if shadow is not None:
                found.append(shadow)
    return sorted(found)


def _parse(sql: str | None) -> ParsedTable:
    if sql is None:
        return ParsedTable()
    upper = sql.upper()
    if any(marker in upper for marker in _PARSE_MARKERS) or " AS" in upper or "\tAS" in upper:
        return parse_create_table(sql)
    return ParsedTable()


def _table_options(parsed: ParsedTable) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if parsed.without_rowid:
        options["sqlite_with_rowid"] = False
    if parsed.strict:
        options["sqlite_strict"] = True
    if any(c.autoincrement for c in parsed.columns.values()):
        options["sqlite_autoincrement"] = True
    return options


def _checks(parsed: ParsedTable) -> list[ReflectedCheckConstraint]:
    checks: list[ReflectedCheckConstraint] = [
        {"name": name, "sqltext": body} for name, body in parsed.checks
    ]
    checks.sort(key=lambda c: c["name"] or "~")  # SQLAlchemy's order: named first
    return checks


def _read_columns(
    rows: Iterable[Sequence[Any]],
    catalog: Catalog,
    parsed: dict[str, ParsedTable],
    pk_indexed: set[str],
    conn: Connection,
) -> None:
    types: dict[str, TypeEngine[Any]] = {}
    pk_members: dict[str, list[tuple[int, str]]] = {}
    dialect = conn.dialect
    # Only a declared collation or a generated column needs the parsed column: the
    # tables with a collation are found once, not by a look-up per column.
    collated = {
        table
        for table, facts in parsed.items()
        if facts.columns and any(c.collation is not None for c in facts.columns.values())
    }
    all_columns = catalog.columns
    current_table: str | None = None
    table_columns: list[ReflectedColumn] = []
    # Unpacked as tuples (columns.sql's column order): 200,000 rows at 10,000 tables,
    # and per-row look-ups cost more than building the column itself.
    for table_name, _cid, name, type_, notnull, dflt_value, pk, hidden in rows:
        if hidden == 1:  # a virtual table's hidden column: not part of the schema
            continue
        declared = strip_generated(type_) if hidden else type_
        type_engine = types.get(declared)
        if type_engine is None:
            type_engine = resolve_type(declared, dialect, types)
        column: ReflectedColumn = {
            "name": name,
            "type": type_engine,
            "nullable": not notnull,
            "default": None if dflt_value is None else str(dflt_value),
            "dialect_options": {"sqlite_declared_type": declared},
        }
        if hidden or table_name in collated:
            info = parsed[table_name].column(name)
            if info is not None and info.collation is not None:
                column["dialect_options"]["sqlite_collation"] = info.collation
            if hidden in (2, 3):
                expression = info.computed if info is not None and info.computed else ""
                column["computed"] = {"sqltext": expression, "persisted": hidden == 3}
        if pk:
            pk_members.setdefault(table_name, []).append((pk, name))
        if table_name != current_table:
            current_table = table_name
            table_columns = all_columns[table_name]
        table_columns.append(column)
    for name, members in pk_members.items():
        columns = [column for _position, column in sorted(members)]
        catalog.primary_keys[name] = {
            "name": parsed[name].primary_key_name,
            "constrained_columns": columns,
        }
        # A one-column primary key is the rowid exactly when SQLite built no index for
        # it.  That covers every rule at once: the declared type must be exactly
        # INTEGER, the table must have a rowid, and INTEGER PRIMARY KEY DESC is no alias.
        if len(columns) == 1 and name not in pk_indexed:
            for column in catalog.columns[name]:
                if column["name"] == columns[0]:
                    column["nullable"] = False
                    column["autoincrement"] = True


#: indexes.sql's columns, by position: its rows are the DBAPI's plain tuples.
_TABLE, _INDEX_NAME, _UNIQUE, _ORIGIN, _PARTIAL = 0, 2, 3, 4, 5
_SEQNO, _CID, _NAME, _DESC, _COLL = 6, 7, 8, 9, 10


def _read_indexes(
    rows: Iterable[Sequence[Any]],
    catalog: Catalog,
    parsed: dict[str, ParsedTable],
    index_sql: dict[str, str | None],
) -> set[str]:
    """Fill indexes and unique constraints; return the tables with a primary-key index."""
    pk_indexed: set[str] = set()
    members: dict[tuple[str, str], list[Sequence[Any]]] = {}
    for row in rows:
        key = (row[_TABLE], row[_INDEX_NAME])
        found = members.get(key)
        if found is None:
            members[key] = [row]
        else:
            found.append(row)
    for (table, index_name), index_rows in members.items():
        origin = index_rows[0][_ORIGIN]
        if origin == "pk":
            pk_indexed.add(table)
        elif origin == "u":
            columns = [r[_NAME] for r in index_rows]
            unique: ReflectedUniqueConstraint = {
                "name": _unique_name(parsed[table], columns),
                "column_names": columns,
            }
            catalog.uniques[table].append(unique)
        else:
            collated = any(c.collation is not None for c in parsed[table].columns.values())
            catalog.indexes[table].append(_index(index_rows, index_sql.get(index_name), collated))
    for table_indexes in catalog.indexes.values():
        if len(table_indexes) > 1:
            table_indexes.sort(key=_index_order)
    return pk_indexed


def _index_order(index: ReflectedIndex) -> str:
    return index["name"] or "~"


def _unique_name(parsed: ParsedTable, columns: list[str]) -> str | None:
    wanted = [fold_ascii(c) for c in columns]
    for name, declared in parsed.uniques:
        if [fold_ascii(c) for c in declared] == wanted:
            return name
    return None


def _index(rows: list[Sequence[Any]], sql: str | None, collated: bool) -> ReflectedIndex:
    """One index from its pragma rows; ``collated``: its table declares a collation.

    Member collations (``column_collations``, a parity extension) are given when one
    is not ``BINARY`` or a column of the table has its own (the member's default).
    """
    head = rows[0]
    partial = head[_PARTIAL]
    # Only expression members and a partial WHERE need the CREATE INDEX text.
    needs_text = partial or any(row[_CID] < 0 for row in rows)
    parsed = parse_create_index(sql) if sql and needs_text else None
    column_names: list[str | None] = []
    expressions: list[str] = []
    sorting: dict[str, tuple[str]] = {}
    collations: dict[str, str] = {}
    for row in rows:
        if row[_CID] >= 0:
            member: str = row[_NAME]
            column_names.append(member)
        else:
            seqno = row[_SEQNO]
            expression = parsed.items[seqno] if parsed and seqno < len(parsed.items) else ""
            member = expression or "rowid"
            column_names.append(None)
        expressions.append(member)
        if row[_DESC]:
            sorting[member] = ("desc",)
        if row[_COLL] and (collated or row[_COLL].upper() != "BINARY"):
            collations[member] = row[_COLL]
    index: ReflectedIndex = {
        "name": head[_INDEX_NAME],
        "column_names": column_names,
        "unique": bool(head[_UNIQUE]),
        "dialect_options": {},
    }
    if None in column_names:
        index["expressions"] = expressions
    if sorting:
        index["column_sorting"] = sorting
    if collations:
        index["column_collations"] = collations  # type: ignore[typeddict-unknown-key]
    if partial and parsed is not None and parsed.where:
        index["dialect_options"]["sqlite_where"] = text(parsed.where)
    return index


def _read_foreign_keys(
    rows: Iterable[Sequence[Any]],
    catalog: Catalog,
    parsed: dict[str, ParsedTable],
    schema: str | None,
) -> None:
    keys: dict[tuple[str, int], ReflectedForeignKeyConstraint] = {}
    # Unpacked in foreign_keys.sql's column order.
    for table_name, key_id, _seq, referred, from_, to, on_update, on_delete, match in rows:
        key = keys.get((table_name, key_id))
        if key is None:
            options: dict[str, Any] = {}
            if on_delete and on_delete != "NO ACTION":
                options["ondelete"] = on_delete
            if on_update and on_update != "NO ACTION":
                options["onupdate"] = on_update
            if match and match != "NONE":
                options["match"] = match
            key = keys[(table_name, key_id)] = {
                "name": None,
                "constrained_columns": [],
                "referred_schema": schema,
                "referred_table": referred,
                "referred_columns": [],
                "options": options,
            }
            catalog.foreign_keys[table_name].append(key)
        key["constrained_columns"].append(from_)
        if to is not None:
            key["referred_columns"].append(to)
    for table, fks in catalog.foreign_keys.items():
        if fks:
            _attach_declared_fk_details(fks, parsed[table])


def _attach_declared_fk_details(
    fks: list[ReflectedForeignKeyConstraint], parsed: ParsedTable
) -> None:
    """Give each pragma key the name and DEFERRABLE/INITIALLY written in the DDL.

    Keys are matched by (constrained columns, referred table), in declaration order;
    the pragma numbers keys in reverse declaration order, so its order is not used.
    """
    unmatched = list(parsed.foreign_keys)
    for fk in fks:
        signature = (
            [fold_ascii(c) for c in fk["constrained_columns"]],
            fold_ascii(fk["referred_table"]),
        )
        for declared in unmatched:
            if (
                [fold_ascii(c) for c in declared.columns],
                fold_ascii(declared.referred_table),
            ) == signature:
                unmatched.remove(declared)
                fk["name"] = declared.name
                if declared.deferrable is not None:
                    fk["options"]["deferrable"] = declared.deferrable
                if declared.initially is not None:
                    fk["options"]["initially"] = declared.initially
                break
