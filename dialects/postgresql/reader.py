"""A bulk ``pg_catalog`` reader that fills a :class:`~parity.catalog.Catalog`.

SQLAlchemy's ``get_multi_*`` reflection already reads PostgreSQL one kind at a time,
but it runs 9+ statements, re-parses ``pg_get_constraintdef`` text and loses facts the
catalog has (array dimensions, the sequence a SERIAL column owns).  This reader runs a
constant number of statements whatever the number of tables:

1. ``tables.sql``       the tables of one schema or of many (:func:`read_catalogs`),
   filtered by name in SQL (bound ``text[]``);
2. ``columns.sql``      all columns, defaults, identity options and owned sequences;
3. ``constraints.sql``  primary keys, uniques, foreign keys, checks;
4. ``indexes.sql``      all indexes;
5. ``named_types.sql``  enum labels and domain base types — only if a column uses one;
6. ``dropped.sql``      the tables another connection dropped after the snapshot.

Version-specific catalog columns are spliced into the same statements (``{...}``
placeholders), so the count stays the same on every server version.  PostgreSQL 18:

* ``NOT ENFORCED`` foreign keys and CHECKs constrain nothing, so they are left out of
  the catalog (a model that declares one sees it missing) and named in ``unchecked``;
* temporal keys (``WITHOUT OVERLAPS`` primary keys and uniques, ``PERIOD`` foreign
  keys) are read by their columns and named in ``unchecked``: SQLAlchemy cannot declare
  the overlap rule, so a plain key on the same columns would otherwise look equal;
* NOT NULL lives in ``pg_constraint`` as well as ``pg_attribute.attnotnull``; the reader
  keeps reading ``attnotnull`` (never counting a NOT NULL twice) and reads only the
  ``NOT VALID`` ones from ``pg_constraint``, to name them in ``unchecked``.

Statements 2-6 are filtered by the table oids from statement 1.  The inspection runs
in one REPEATABLE READ snapshot, but some catalog functions read the server's current
catalog, so a table dropped during the read would give torn facts; statement 6 turns
that into a clear :class:`~parity.errors.InspectionError` instead (a table dropped
before the snapshot is simply missing; one dropped after statement 6 is read whole).
Everything is a plain ``SELECT``; nothing is written.  The result has the shapes of
``Inspector.get_multi_*`` (``tests/dialects/test_postgresql_live.py`` checks the two
against each other), with two deliberate differences that the snapshot then sees:

* a column's ``nextval()`` default is moved out of ``default`` when the column owns
  the sequence (a SERIAL), and recorded as ``dialect_options["postgresql_serial"]``;
* an array's declared dimensions come from ``pg_attribute.attndims``;
* partitions are read like tables but marked ``Catalog.owned_tables`` (their
  partitioned parent is the model's table), and the index behind an EXCLUDE
  constraint carries ``duplicates_constraint`` like a UNIQUE's.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, cast

from sqlalchemy import text
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.engine.interfaces import (
    ReflectedCheckConstraint,
    ReflectedColumn,
    ReflectedForeignKeyConstraint,
    ReflectedIndex,
    ReflectedPrimaryKeyConstraint,
    ReflectedUniqueConstraint,
)
from sqlalchemy.sql import sqltypes
from sqlalchemy.sql.type_api import TypeEngine

from dialects.postgresql.formats import type_from_format
from dialects.postgresql.generation import nextval_sequence
from parity.catalog import Catalog
from parity.errors import dropped_meanwhile

NULLS_NOT_DISTINCT_VERSION = 15
#: ``pg_constraint.conenforced`` (NOT ENFORCED) and ``conperiod`` (WITHOUT OVERLAPS /
#: PERIOD) exist from PostgreSQL 18; NOT NULL constraints are rows of pg_constraint too.
CONSTRAINT_FLAGS_VERSION = 18
#: ``pg_attribute.attgenerated`` (12) and ``pg_sequence`` (10) are read.
MIN_SERVER_VERSION = 12
_ACTIONS = {"r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
_MATCH = {"f": "FULL", "p": "PARTIAL"}


@cache
def load_sql(name: str) -> str:
    """The text of ``sql/<name>.sql`` shipped next to this module."""
    return (resources.files("dialects.postgresql") / "sql" / f"{name}.sql").read_text("utf-8")


class StatementCounter:
    """Counts the statements a block runs on a connection (used by tests and benchmarks)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.count += 1


def read_catalog(conn: Connection, schema: str | None, names: Collection[str] | None) -> Catalog:
    """Read every fact about the requested tables of ``schema`` in a fixed few statements."""
    wanted = sorted(set(names)) if names is not None else None
    table_rows = (
        conn.execute(
            text(load_sql("tables")),
            {"schemas": None if schema is None else [schema], "names": wanted},
        )
        .mappings()
        .all()
    )
    return _read_tables(conn, {schema: table_rows})[schema]


def read_catalogs(
    conn: Connection, schemas: Sequence[str], names: Collection[str] | None
) -> dict[str, Catalog]:
    """:func:`read_catalog` for many schemas (tenants) in the same few statements.

    ``tables.sql`` lists the tables of every schema in ``schemas`` at once;
    statements 2-5 are filtered by table oid anyway, so they serve all schemas in one
    pass.  Each schema's :class:`Catalog` equals what :func:`read_catalog` returns for
    it alone (``tests/cli/test_tenants.py``).
    """
    wanted = sorted(set(names)) if names is not None else None
    rows = (
        conn.execute(text(load_sql("tables")), {"schemas": sorted(set(schemas)), "names": wanted})
        .mappings()
        .all()
    )
    grouped: dict[str | None, list[RowMapping]] = {schema: [] for schema in schemas}
    for row in rows:
        grouped[str(row["schema"])].append(row)
    return {str(schema): catalog for schema, catalog in _read_tables(conn, grouped).items()}


def _read_tables(
    conn: Connection, table_rows: Mapping[str | None, Sequence[RowMapping]]
) -> dict[str | None, Catalog]:
    """Statements 2-5 for the tables already listed, one :class:`Catalog` per schema."""
    catalogs: dict[str | None, Catalog] = {}
    tables: dict[int, tuple[Catalog, str]] = {}
    for schema, rows in table_rows.items():
        catalog = Catalog(schema=schema, tables=sorted(str(row["name"]) for row in rows))
        catalogs[schema] = catalog
        for row in rows:
            name = str(row["name"])
            tables[int(row["oid"])] = (catalog, name)
            # the inspector's shape for a table without a key
            catalog.primary_keys[name] = {"name": None, "constrained_columns": []}
            catalog.comments[name] = row["comment"]
            catalog.options[name] = {}
            if row["is_partition"]:
                catalog.owned_tables[name] = "partition"
        _note_partitions(catalog)
    if not tables:
        return catalogs
    version = conn.dialect.server_version_info or (0,)
    major = version[0] if isinstance(version[0], int) else 0
    nnd = major >= NULLS_NOT_DISTINCT_VERSION
    flags = major >= CONSTRAINT_FLAGS_VERSION
    params = {"oids": sorted(tables)}

    column_rows = conn.execute(text(load_sql("columns")), params).mappings().all()
    named_oids = sorted(
        {int(r["base_oid"]) for r in column_rows if r["base_typtype"] in {"e", "d"}}
    )
    named = _named_types(conn, named_oids)
    names_by_number: dict[tuple[int, int], str] = {}
    on_domains: set[int] = set()
    for row in column_rows:
        catalog, table = tables[row["relid"]]
        catalog.columns.setdefault(table, []).append(_column(row, named))
        names_by_number[int(row["relid"]), int(row["attnum"])] = str(row["name"])
        if row["base_typtype"] == "d":
            on_domains.add(id(catalog))
    for catalog in catalogs.values():
        if id(catalog) in on_domains:
            catalog.unchecked.append(
                (
                    "domain constraints",
                    "a column on a DOMAIN is compared by the domain's name and base type; "
                    "the domain's own NOT NULL, DEFAULT and CHECK are not compared",
                )
            )

    constraint_sql = (
        load_sql("constraints")
        .replace(
            "{nulls_not_distinct}", "coalesce(ix.indnullsnotdistinct, false)" if nnd else "false"
        )
        .replace("{enforced}", "con.conenforced" if flags else "true")
        .replace("{period}", "con.conperiod" if flags else "false")
    )
    notes: dict[int, _ConstraintNotes] = {}
    for row in conn.execute(text(constraint_sql), params).mappings():
        catalog, table = tables[row["relid"]]
        columns = [names_by_number[row["relid"], n] for n in row["attnums"] or ()]
        note = notes.setdefault(id(catalog), _ConstraintNotes(catalog))
        if note.set_aside(table, row):
            continue
        _constraint(catalog, table, row, columns, catalog.schema)
    for note in notes.values():
        note.report()

    index_sql = load_sql("indexes").replace(
        "{nulls_not_distinct}", "i.indnullsnotdistinct" if nnd else "false"
    )
    for row in conn.execute(text(index_sql), params).mappings():
        catalog, table = tables[row["relid"]]
        keys = [names_by_number.get((row["relid"], n)) for n in row["attnums"]]
        catalog.indexes.setdefault(table, []).append(_index(row, keys))
    _refuse_dropped(conn, tables, params)
    return catalogs


def _note_partitions(catalog: Catalog) -> None:
    """Partitions hold rows of their partitioned parent, the table a model declares:
    they are storage the database (or a job) manages, never extra tables."""
    partitions = sorted(catalog.owned_tables)
    if partitions:
        shown = ", ".join(partitions[:20]) + (", ..." if len(partitions) > 20 else "")
        catalog.unchecked.append(
            (
                f"{len(partitions)} partitions of partitioned tables",
                "never reported as extra tables (compared only where a model declares "
                f"them; the parent is the model's table): {shown}",
            )
        )


def _refuse_dropped(
    conn: Connection, tables: Mapping[int, tuple[Catalog, str]], params: Mapping[str, Any]
) -> None:
    """Raise when a table read here was dropped meanwhile: its facts may be torn."""
    gone = conn.execute(text(load_sql("dropped")), params).scalars().all()
    if gone:
        raise dropped_meanwhile(tables[int(oid)][1] for oid in gone)


# ---------------------------------------------------------------- types
def _named_types(conn: Connection, oids: Sequence[int]) -> dict[int, TypeEngine[Any]]:
    """ENUM and DOMAIN types by oid (domains over enums resolved too)."""
    if not oids:
        return {}
    rows = conn.execute(text(load_sql("named_types")), {"oids": list(oids)}).mappings().all()
    by_oid = {int(r["oid"]): r for r in rows}
    result: dict[int, TypeEngine[Any]] = {}

    def build(oid: int) -> TypeEngine[Any]:
        if oid in result:
            return result[oid]
        row = by_oid[oid]
        schema = None if row["visible"] else row["schema"]
        built: TypeEngine[Any]
        if row["typtype"] == "e":
            built = pg.ENUM(*row["labels"], name=row["name"], schema=schema, create_type=False)
        else:
            base_oid = int(row["base_oid"])
            base = (
                build(base_oid)
                if base_oid in by_oid and row["base_typtype"] in {"e", "d"}
                else type_from_format(row["base_format_type"])
            )
            built = pg.DOMAIN(
                row["name"],
                base,
                schema=schema,
                not_null=bool(row["not_null"]),
                default=row["default"],
                create_type=False,
            )
        result[oid] = built
        return built

    for oid, row in by_oid.items():
        if row["typtype"] in {"e", "d"}:
            build(oid)
    return result


def _column(row: RowMapping, named: Mapping[int, TypeEngine[Any]]) -> ReflectedColumn:
    base_oid = int(row["base_oid"])
    type_: TypeEngine[Any]
    if base_oid in named:
        type_ = named[base_oid]
        if row["is_array"]:
            type_ = pg.ARRAY(type_, dimensions=max(int(row["dims"]), 1))
    else:
        type_ = type_from_format(row["format_type"], row["collation"])
        if isinstance(type_, sqltypes.ARRAY) and row["dims"]:
            type_ = pg.ARRAY(type_.item_type, dimensions=int(row["dims"]))
    generated = row["generated"] or ""
    expr = row["expr"]
    column: dict[str, Any] = {
        "name": row["name"],
        "type": type_,
        "nullable": bool(row["nullable"]),
        "default": None if generated else expr,
        "autoincrement": False,
        "comment": row["comment"],
    }
    if generated:
        column["computed"] = {"sqltext": expr, "persisted": generated == "s"}
    if row["identity"]:
        column["autoincrement"] = True
        column["identity"] = {
            "always": row["identity"] == "a",
            "start": row["seqstart"],
            "increment": row["seqincrement"],
            "minvalue": row["seqmin"],
            "maxvalue": row["seqmax"],
            "cache": row["seqcache"],
            "cycle": bool(row["seqcycle"]),
        }
    elif (sequence := nextval_sequence(expr)) is not None:
        column["autoincrement"] = True
        if row["sequence"] is not None and _same_sequence(sequence, row["sequence"]):
            column["default"] = None
            column["dialect_options"] = {"postgresql_serial": row["sequence"]}
    return cast("ReflectedColumn", column)


def _same_sequence(in_default: str, owned: str) -> bool:
    """Both are ``regclass`` output, qualified only when not on the search path."""
    return (
        in_default == owned
        or in_default.rsplit(".", maxsplit=1)[-1] == owned.rsplit(".", maxsplit=1)[-1]
    )


# ---------------------------------------------------------------- constraints
class _ConstraintNotes:
    """What one catalog's constraints hold that the comparison cannot see (PostgreSQL 18)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.not_enforced: list[str] = []
        self.not_valid_not_null: list[str] = []
        self.temporal: list[str] = []

    def set_aside(self, table: str, row: RowMapping) -> bool:
        """Note the row; ``True`` when it must not be read as a constraint."""
        label = f"{table}.{row['name']}"
        if row["kind"] == "n":  # only NOT VALID ones are selected
            self.not_valid_not_null.append(label)
            return True
        if not row["enforced"]:
            self.not_enforced.append(label)
            return True
        if row["period"]:
            self.temporal.append(label)
        return False

    def report(self) -> None:
        add = self.catalog.unchecked.append
        if self.not_enforced:
            add(
                (
                    f"NOT ENFORCED constraints: {', '.join(sorted(self.not_enforced))}",
                    "they constrain nothing, so they do not count as present: a model that "
                    "declares one sees it missing (foreign_key_missing / check_missing)",
                )
            )
        if self.temporal:
            add(
                (
                    "temporal keys (WITHOUT OVERLAPS / PERIOD): "
                    + ", ".join(sorted(self.temporal)),
                    "compared by their columns only; SQLAlchemy cannot declare the overlap "
                    "rule, so a plain key on the same columns is not told apart",
                )
            )
        if self.not_valid_not_null:
            add(
                (
                    "NOT VALID NOT NULL constraints: " + ", ".join(sorted(self.not_valid_not_null)),
                    "new writes of NULL are refused, so the column is compared as NOT NULL; "
                    "rows written before the constraint may still hold NULL",
                )
            )


def _constraint(
    catalog: Catalog, table: str, row: RowMapping, columns: list[str], schema: str | None
) -> None:
    kind, name = row["kind"], row["name"]
    if kind == "p":
        pk: ReflectedPrimaryKeyConstraint = {
            "name": name,
            "constrained_columns": columns,
            "comment": row["comment"],
            "dialect_options": {"postgresql_include": []},
        }
        catalog.primary_keys[table] = pk
    elif kind == "u":
        unique: ReflectedUniqueConstraint = {
            "name": name,
            "column_names": columns,
            "comment": row["comment"],
            "dialect_options": {
                "postgresql_include": [],
                "postgresql_nulls_not_distinct": bool(row["nulls_not_distinct"]),
            },
        }
        catalog.uniques.setdefault(table, []).append(unique)
    elif kind == "f":
        catalog.foreign_keys.setdefault(table, []).append(_foreign_key(row, columns, schema))
    else:
        check: ReflectedCheckConstraint = {
            "name": name,
            "sqltext": str(row["definition"]),
            "comment": row["comment"],
        }
        if not row["validated"]:
            check["dialect_options"] = {"not_valid": True}
        catalog.checks.setdefault(table, []).append(check)


def _foreign_key(
    row: RowMapping, columns: list[str], schema: str | None
) -> ReflectedForeignKeyConstraint:
    options: dict[str, Any] = {}
    if row["onupdate"] in _ACTIONS:
        options["onupdate"] = _ACTIONS[row["onupdate"]]
    if row["ondelete"] in _ACTIONS:
        options["ondelete"] = _ACTIONS[row["ondelete"]]
    if row["match"] in _MATCH:
        options["match"] = _MATCH[row["match"]]
    if row["deferrable"]:
        options["deferrable"] = True
    if row["deferred"]:
        options["initially"] = "DEFERRED"
    referred_schema = None
    if not row["referred_visible"]:
        referred_schema = row["referred_schema"]
    elif schema is not None and row["referred_schema"] == schema:
        referred_schema = schema
    return {
        "name": row["name"],
        "constrained_columns": columns,
        "referred_schema": referred_schema,
        "referred_table": row["referred_table"],
        "referred_columns": list(row["referred_columns"]),
        "options": options,
        "comment": row["comment"],
    }


def _index(row: RowMapping, attnames: list[str | None]) -> ReflectedIndex:
    """One index; ``attnames`` has ``None`` where a key is an expression (attnum 0)."""
    keys = int(row["key_count"])
    definitions: list[str] = list(row["definitions"] or ())
    key_names = attnames[:keys]
    key_defs = [name if name is not None else definitions[i] for i, name in enumerate(key_names)]
    index: dict[str, Any] = {
        "name": row["name"],
        "column_names": key_names,
        "unique": bool(row["is_unique"]),
    }
    if any(name is None for name in key_names):
        index["expressions"] = key_defs
    if row["constraint_name"]:
        index["duplicates_constraint"] = row["constraint_name"]
    sorting: dict[str, tuple[str, ...]] = {}
    for position, option in enumerate(list(row["sort_options"])[:keys]):
        desc, nulls_first = bool(option & 1), bool(option & 2)
        flags = (
            (("desc",) if desc else ())
            + (("nulls_last",) if desc and not nulls_first else ())
            + (("nulls_first",) if nulls_first and not desc else ())
        )
        if flags:
            sorting[key_defs[position]] = flags
    if sorting:
        index["column_sorting"] = sorting
    dialect_options: dict[str, Any] = {
        "postgresql_include": [name for name in attnames[keys:] if name is not None]
    }
    if row["predicate"]:
        dialect_options["postgresql_where"] = row["predicate"]
    if row["method"] != "btree":
        dialect_options["postgresql_using"] = row["method"]
    ops = {key_defs[i]: op for i, op in enumerate(list(row["opclasses"] or ())[:keys]) if op}
    if ops:
        dialect_options["postgresql_ops"] = ops
    if row["nulls_not_distinct"]:
        dialect_options["postgresql_nulls_not_distinct"] = True
    index["dialect_options"] = dialect_options
    return cast("ReflectedIndex", index)
