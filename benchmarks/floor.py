"""The physical floor: the fewest, bulkiest catalog queries that read the facts compare needs.

``parity.compare`` cannot be faster than the database can hand over the catalog, so
the benchmarks measure that lower bound directly: hand-written queries that fetch, for
every table of the connection's default schema at once, the same facts a comparison
reads (columns with type, nullability, default, identity/generation, collation and
comment; primary keys; foreign keys with their actions; indexes; unique constraints;
check constraints; table comments).  They return raw rows: no normalisation, no
parsing, no Python objects per fact, so whatever ``compare`` spends beyond this is the
price of its own work.

MariaDB has two candidate floors and neither dominates: six ``information_schema``
statements (slow: MariaDB materialises those views by opening every table) or one
``SHOW CREATE TABLE`` per table (more statements, less server work).  Both are
measured; the harness uses the faster as the floor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Connection

Rows = list[tuple[Any, ...]]
FloorReader = Callable[[Connection], dict[str, Rows]]


def _rows(conn: Connection, sql: str) -> Rows:
    return [tuple(row) for row in conn.exec_driver_sql(sql).fetchall()]


# -- PostgreSQL: 4 statements ------------------------------------------------------------
_PG_TABLES = """
SELECT c.oid, c.relname, c.relkind, d.description
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
"""
_PG_COLUMNS = """
SELECT c.relname, a.attnum, a.attname,
       pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated,
       co.collname, d.description
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co
  ON co.oid = a.attcollation AND a.attcollation <> 100
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::regclass
  AND d.objsubid = a.attnum
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
  AND a.attnum > 0 AND NOT a.attisdropped
"""
_PG_CONSTRAINTS = """
SELECT c.relname, con.conname, con.contype, con.conkey,
       pg_catalog.pg_get_constraintdef(con.oid, true)
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND con.contype IN ('p', 'f', 'u', 'c')
"""
_PG_INDEXES = """
SELECT c.relname, i.relname, ix.indisunique, ix.indisprimary, ix.indkey::int2[],
       pg_catalog.pg_get_indexdef(ix.indexrelid),
       pg_catalog.pg_get_expr(ix.indpred, ix.indrelid)
FROM pg_catalog.pg_index ix
JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid
JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
"""


POSTGRESQL_STATEMENTS = {
    "tables": _PG_TABLES,
    "columns": _PG_COLUMNS,
    "constraints": _PG_CONSTRAINTS,
    "indexes": _PG_INDEXES,
}


def read_all(conn: Connection, statements: dict[str, str]) -> dict[str, Rows]:
    """Every statement's raw rows, under its name."""
    return {name: _rows(conn, sql) for name, sql in statements.items()}


def postgresql_floor(conn: Connection) -> dict[str, Rows]:
    """Tables, columns, constraints (PK/FK/unique/check), indexes: four statements."""
    return read_all(conn, POSTGRESQL_STATEMENTS)


# -- SQLite: 4 statements (sqlite_master + table-valued pragmas) -----------------------
_LITE_MASTER = "SELECT type, name, tbl_name, sql FROM sqlite_master"
_LITE_COLUMNS = """
SELECT m.name, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden
FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
"""
_LITE_FKS = """
SELECT m.name, p.id, p.seq, p."table", p."from", p."to", p.on_update, p.on_delete
FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
"""
_LITE_INDEXES = """
SELECT m.name, il.name, il."unique", il.origin, il.partial, ii.seqno, ii.name
FROM sqlite_master m
JOIN pragma_index_list(m.name) il
JOIN pragma_index_info(il.name) ii
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
"""


SQLITE_STATEMENTS = {
    "master": _LITE_MASTER,
    "columns": _LITE_COLUMNS,
    "foreign_keys": _LITE_FKS,
    "indexes": _LITE_INDEXES,
}


def sqlite_floor(conn: Connection) -> dict[str, Rows]:
    """sqlite_master (table SQL holds the checks), columns, foreign keys, index columns."""
    return read_all(conn, SQLITE_STATEMENTS)


# -- MariaDB / MySQL ---------------------------------------------------------------------
_MY_TABLES = """
SELECT table_name, engine, table_collation, table_comment
FROM information_schema.tables
WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'
"""
_MY_COLUMNS = """
SELECT table_name, ordinal_position, column_name, column_type, is_nullable,
       column_default, extra, collation_name, column_comment, generation_expression
FROM information_schema.columns WHERE table_schema = DATABASE()
"""
_MY_STATISTICS = """
SELECT table_name, index_name, non_unique, seq_in_index, column_name, sub_part, index_type
FROM information_schema.statistics WHERE table_schema = DATABASE()
"""
_MY_KEY_COLUMNS = """
SELECT table_name, constraint_name, ordinal_position, column_name,
       referenced_table_schema, referenced_table_name, referenced_column_name
FROM information_schema.key_column_usage WHERE table_schema = DATABASE()
"""
_MY_REFERENTIAL = """
SELECT table_name, constraint_name, update_rule, delete_rule, referenced_table_name
FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE()
"""
_MY_CHECKS = """
SELECT table_name, constraint_name, check_clause
FROM information_schema.check_constraints WHERE constraint_schema = DATABASE()
"""


MYSQL_STATEMENTS = {
    "tables": _MY_TABLES,
    "columns": _MY_COLUMNS,
    "statistics": _MY_STATISTICS,
    "key_columns": _MY_KEY_COLUMNS,
    "referential": _MY_REFERENTIAL,
    "checks": _MY_CHECKS,
}


def mysql_floor_information_schema(conn: Connection) -> dict[str, Rows]:
    """Six ``information_schema`` statements for every table of the current database."""
    return read_all(conn, MYSQL_STATEMENTS)


def mysql_floor_show_create(conn: Connection) -> dict[str, Rows]:
    """``SHOW FULL TABLES`` then one ``SHOW CREATE TABLE`` per table (unparsed text)."""
    names = [str(row[0]) for row in _rows(conn, "SHOW FULL TABLES") if row[1] == "BASE TABLE"]
    created: Rows = []
    for name in names:
        quoted = "`" + name.replace("`", "``") + "`"
        created.extend(_rows(conn, f"SHOW CREATE TABLE {quoted}"))
    return {"tables": [(n,) for n in names], "create": created}


#: Floor variants per database kind; the harness reports each and uses the fastest.
FLOORS: dict[str, dict[str, FloorReader]] = {
    "postgresql": {"floor": postgresql_floor},
    "sqlite": {"floor": sqlite_floor},
    "mysql": {
        "floor_is": mysql_floor_information_schema,
        "floor_show": mysql_floor_show_create,
    },
}


#: The bulk statements of each database, for callers that must inline them (the cold-start
#: benchmark runs them in a child process that imports nothing of ``benchmarks``).
BULK_STATEMENTS: dict[str, dict[str, str]] = {
    "postgresql": POSTGRESQL_STATEMENTS,
    "sqlite": SQLITE_STATEMENTS,
    "mysql": MYSQL_STATEMENTS,
}


def row_count(result: dict[str, Rows]) -> int:
    """Total rows a floor read returned (a sanity check that it read everything)."""
    return sum(len(rows) for rows in result.values())
