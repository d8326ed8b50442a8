"""The PostgreSQL adapter: the generic adapter's hooks, specialised for PostgreSQL.

Each hook delegates to the module that owns the concern:

=====================  ==========================================================
``types``              model and catalog types -> ``TypeSpec``
``expressions``        CHECK / index / WHERE text and server defaults
``generation``         SERIAL and IDENTITY -> comparable strings
``options``            index and foreign-key options
``evaluate``           optional: the server judges constant defaults text cannot
``reader``             bulk ``pg_catalog`` reader (``read_catalog``)
=====================  ==========================================================
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, ClassVar

from sqlalchemy import Column, ForeignKeyConstraint, Index, Table, text
from sqlalchemy.engine import URL, Connection, Dialect
from sqlalchemy.engine.interfaces import (
    ReflectedColumn,
    ReflectedForeignKeyConstraint,
    ReflectedIndex,
)
from sqlalchemy.sql.type_api import TypeEngine

from dialects.postgresql import evaluate, expressions, generation, options, reader, types
from parity.adapter import DialectAdapter
from parity.catalog import Catalog, read_with_inspector
from parity.declared import declared_default_text
from parity.snapshot import Options, TypeSpec
from parity.typecompare import TypeVerdict

#: Drivers and the ``connect()`` keyword that bounds connecting, in seconds.
_CONNECT_TIMEOUT_ARG = {
    "psycopg": "connect_timeout",
    "psycopg2": "connect_timeout",
    "pg8000": "timeout",
}

#: Model tables absent from the catalog read that exist in a schema this role may not
#: use: the schema given, or for ``schema=None`` a schema of the search path (which
#: ``current_schema()`` skips when the role lacks USAGE on it).
_INVISIBLE_TABLES = """
SELECT c.relname AS name, n.nspname AS schema
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND c.relname = ANY (CAST(:names AS text[]))
  AND NOT has_schema_privilege(n.oid, 'USAGE')
  AND n.nspname = ANY (CAST(:schemas AS text[]))
ORDER BY c.relname, n.nspname
"""


#: Where PostgreSQL resolves unqualified table names: the first schema of the effective
#: search path (``current_schemas(false)``: existing schemas this role may use, in
#: order) that holds a table of that name.
_SEARCH_PATH_TABLES = """
SELECT DISTINCT ON (c.relname) c.relname AS name, n.nspname AS schema
FROM unnest(current_schemas(false)) WITH ORDINALITY AS p(nspname, position)
JOIN pg_catalog.pg_namespace AS n ON n.nspname = p.nspname
JOIN pg_catalog.pg_class AS c ON c.relnamespace = n.oid
WHERE c.relkind IN ('r', 'p')
  AND c.relname = ANY (CAST(:names AS text[]))
ORDER BY c.relname, p.position
"""


class PostgreSQLAdapter(DialectAdapter):
    """PostgreSQL 10+ (identity columns), tested on 15."""

    name: ClassVar[str] = "postgresql"
    is_generic: ClassVar[bool] = False
    #: The catalog is five long statements: the model is reduced while they run.
    overlap_model_with_read: ClassVar[bool] = True

    type_synonyms: ClassVar[Mapping[str, str]] = {
        **DialectAdapter.type_synonyms,
        "serial": "integer",
        "serial4": "integer",
        "bigserial": "bigint",
        "serial8": "bigint",
        "smallserial": "smallint",
        "serial2": "smallint",
        "float": "double precision",
        "bpchar": "char",
        "timetz": "time",
        "bit varying": "varbit",
    }
    text_capacity: ClassVar[Mapping[str, int | None]] = {
        **DialectAdapter.text_capacity,
        "citext": None,
    }

    # ------------------------------------------------------------------ reading
    def read_catalog(
        self, conn: Connection, schema: str | None, names: Collection[str] | None
    ) -> Catalog:
        """One bulk ``pg_catalog`` statement per kind of object (see ``reader``).

        The bulk queries use catalog columns of PostgreSQL 12 (``attgenerated``); an
        older server is read through SQLAlchemy's inspector instead, and the report
        says so.
        """
        if self.server_version(conn)[:1] < (reader.MIN_SERVER_VERSION,):
            catalog = read_with_inspector(conn, schema, names)
            catalog.unchecked.append(
                (
                    "array dimensions, serial sequence ownership",
                    f"PostgreSQL older than {reader.MIN_SERVER_VERSION}: read through "
                    "SQLAlchemy's inspector, which does not report them",
                )
            )
            return catalog
        return reader.read_catalog(conn, schema, names)

    def read_catalogs(
        self, conn: Connection, schemas: Sequence[str], names: Collection[str] | None
    ) -> dict[str, Catalog]:
        """All tenant schemas in the same few statements as one (``reader.read_catalogs``)."""
        if self.server_version(conn)[:1] < (reader.MIN_SERVER_VERSION,):
            return super().read_catalogs(conn, schemas, names)
        return reader.read_catalogs(conn, schemas, names)

    def search_path_tables(self, conn: Connection, names: Collection[str]) -> dict[str, str]:
        """Unqualified tables found in a later schema of the search path, in one statement.

        ``SET search_path = app, public``: a model's unqualified ``plans`` that only
        ``public`` holds is the table the application reads and writes.
        """
        rows = conn.execute(text(_SEARCH_PATH_TABLES), {"names": sorted(names)}).all()
        return {str(name): str(schema) for name, schema in rows}

    # ------------------------------------------------------------------ scratch databases
    def drop_database_sql(self, name: str) -> tuple[str, ...]:
        """``WITH (FORCE)`` (PostgreSQL 13+) ends sessions a migration left behind."""
        return (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"DROP DATABASE IF EXISTS {name}")

    # ------------------------------------------------------------------ safety
    def connect_args_for_timeout(self, url: URL, seconds: float) -> dict[str, Any]:
        """libpq's ``connect_timeout`` (whole seconds) for psycopg and psycopg2."""
        key = _CONNECT_TIMEOUT_ARG.get(url.get_driver_name())
        if key is None or key in url.query:
            return {}
        return {key: max(1, math.ceil(seconds))}

    @contextlib.contextmanager
    def begin_inspection(
        self, conn: Connection, *, statement_timeout: float | None, own_transaction: bool
    ) -> Iterator[None]:
        """A READ ONLY, REPEATABLE READ transaction with ``SET LOCAL`` timeouts.

        Repeatable read gives every catalog statement one snapshot, so a table dropped
        or altered meanwhile is seen consistently before or after.  Inside the caller's
        transaction the settings live in a savepoint that is rolled back, which also
        undoes a failed statement, so the caller's transaction stays usable.
        """
        savepoint = None
        began = False
        if own_transaction and getattr(conn.connection.dbapi_connection, "autocommit", False):
            conn.exec_driver_sql("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            began = True
        elif own_transaction:
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        else:
            savepoint = conn.begin_nested()
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        try:
            if statement_timeout is not None:
                milliseconds = str(max(1, math.ceil(statement_timeout * 1000)))
                conn.execute(
                    text(
                        "SELECT set_config('statement_timeout', :ms, true), "
                        "set_config('lock_timeout', :ms, true)"
                    ),
                    {"ms": milliseconds},
                )
            yield
        finally:
            if savepoint is not None and savepoint.is_active:
                savepoint.rollback()
            if began:
                conn.exec_driver_sql("ROLLBACK")

    def invisible_tables(
        self, conn: Connection, schema: str | None, names: Collection[str]
    ) -> dict[str, str]:
        """Tables in a schema this role lacks USAGE on (``pg_catalog`` shows them all)."""
        if schema is not None:
            schemas = [schema]
        else:
            user = str(conn.exec_driver_sql("SELECT current_user").scalar())
            path = str(conn.exec_driver_sql("SHOW search_path").scalar())
            schemas = [
                user if item.strip() == '"$user"' or item.strip() == "$user" else item.strip()
                for item in path.split(",")
            ]
            schemas = [s[1:-1].replace('""', '"') if s.startswith('"') else s for s in schemas]
        rows = conn.execute(
            text(_INVISIBLE_TABLES), {"names": sorted(names), "schemas": schemas}
        ).all()
        found: dict[str, str] = {}
        for name, where in rows:
            found.setdefault(
                str(name), f"missing USAGE on schema {where!r} (GRANT USAGE ON SCHEMA ...)"
            )
        return found

    # ------------------------------------------------------------------ types
    def type_of(self, type_: TypeEngine[Any], dialect: Dialect) -> TypeSpec:
        return types.type_spec(type_, dialect, self.type_synonyms)

    def type_verdict(self, expected: TypeSpec, actual: TypeSpec) -> TypeVerdict:
        """As the generic judge, but a different catalog type is never "equal".

        ``text`` and an unbounded ``varchar`` (also as array items) hold the same
        values, so the generic capacity ranking calls them equal; PostgreSQL still
        reports a different type (and ``exact`` mode must say so), so that case
        becomes ``WIDER``: harmless for reads and writes, a warning in ``compatible``.
        """
        verdict = super().type_verdict(expected, actual)
        if verdict is TypeVerdict.EQUAL and expected != actual:
            return TypeVerdict.WIDER
        return verdict

    # ------------------------------------------------------------------ text
    def normalise_default(self, sql: str, type_: TypeSpec) -> str:
        """Server-default text as both sides agree on it (see ``expressions``).

        The family of an array's items decides how a literal is read, so ``'{}'`` on
        an ``integer[]`` is compared as a literal, not as a number.
        """
        return expressions.normalise_default(sql, type_.name)

    def normalise_expression(self, sql: str) -> str:
        return expressions.normalise_expression(sql)

    def normalise_collation(self, name: str) -> str:
        """PostgreSQL collation names are case-sensitive identifiers; only unquote."""
        return name.strip('"')

    def server_equal_defaults(
        self, conn: Connection, pairs: Sequence[tuple[str, str, TypeSpec]]
    ) -> list[bool | None]:
        """Let the server compare constant defaults that text cannot decide."""
        return evaluate.server_equal(conn, pairs)

    def declared_default(
        self, table: Table, column: Column[Any], dialect: Dialect, type_: TypeSpec
    ) -> str | None:
        """The model's server default, without a ``nextval()``: that is a serial.

        ``create_all`` drops it anyway for an autoincrement key (it writes ``SERIAL``),
        and elsewhere it is key generation, compared as such (see ``generation``).
        """
        if column.server_default is None:
            return None
        if generation.nextval_sequence(declared_default_text(column, dialect)) is not None:
            return None
        return super().declared_default(table, column, dialect, type_)

    def reflected_default(
        self, table: str, column: ReflectedColumn, catalog: Catalog, type_: TypeSpec
    ) -> str | None:
        """The server default, without the ``nextval()`` that *is* a serial.

        This adapter's reader already moves an owned sequence's ``nextval()`` out of
        ``default``; this covers any other ``nextval()`` default and a catalog read by
        SQLAlchemy's inspector (see ``generation``).
        """
        if generation.reflected(table, column) == generation.SERIAL:
            return None
        return super().reflected_default(table, column, catalog, type_)

    # ------------------------------------------------------------------ generation
    def declared_computed_persisted(self, column: Column[Any], dialect: Dialect) -> bool | None:
        return generation.declared_persisted(column, dialect)

    def declared_autoincrement(
        self, table: Table, column: Column[Any], dialect: Dialect
    ) -> str | None:
        return generation.declared(table, column, dialect)

    def reflected_autoincrement(
        self, table: str, column: ReflectedColumn, catalog: Catalog
    ) -> str | None:
        return generation.reflected(table, column)

    # ------------------------------------------------------------------ indexes, keys
    def declared_index_options(self, index: Index, dialect: Dialect) -> Options:
        return options.declared_index_options(index, dialect)

    def reflected_index_options(self, index: ReflectedIndex) -> Options:
        return options.reflected_index_options(index)

    def declared_foreign_key_options(self, fk: ForeignKeyConstraint) -> Options:
        """Optional hook: ``deferrable`` / ``initially`` / ``match`` of a model key."""
        return options.declared_foreign_key_options(fk)

    def reflected_foreign_key_options(self, fk: ReflectedForeignKeyConstraint) -> Options:
        """Optional hook: the same options from the catalog, defaults dropped."""
        return options.reflected_foreign_key_options(fk)

    def is_implicit_index(self, table: str, index: ReflectedIndex, catalog: Catalog) -> bool:
        """The index behind a UNIQUE or EXCLUDE constraint is the constraint, not a second fact.

        PostgreSQL creates no other index by itself (not for foreign keys), and the
        primary key's index is never listed among indexes.  A model index identical to
        it (``MetaData.reflect()`` lists an EXCLUDE constraint's index) still matches.
        """
        return bool(index.get("duplicates_constraint"))

    def unchecked_facts(self, server_version: tuple[int, ...]) -> list[tuple[str, str]]:
        return [
            (
                "index member collations (COLLATE on an index column or expression)",
                "not read from pg_index; not compared on either side",
            ),
            (
                "EXCLUDE constraints, triggers, policies, table storage options",
                "not part of a SQLAlchemy model's comparable facts; not read",
            ),
        ]
