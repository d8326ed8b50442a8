"""The dialect adapter: everything the core needs to know about one database.

An adapter is a plain class.  The core calls only the hooks below; dialect knowledge
lives in subclasses (``dialects/``, or a third-party package registered under the
``parity.dialects`` entry-point group), which override hooks and class-level tables as
a *difference from this generic adapter*.  :class:`DialectAdapter` itself is the generic
adapter: it serves any SQLAlchemy dialect through SQLAlchemy's own reflection and a
conservative type comparison, and says so in every report.

Data flow::

    Table objects ──declared_*──┐
                                ├─► SchemaSnapshot ─► diff ─► policy ─► report
    read_catalog ─► Catalog ─reflected_*─┘

Hooks return frozen records (:mod:`parity.snapshot`), never strings to be parsed again
or ``TypeEngine`` objects.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, ClassVar

from sqlalchemy import Column, ForeignKeyConstraint, Index, Table
from sqlalchemy.engine import URL, Connection, Dialect
from sqlalchemy.engine.interfaces import (
    ReflectedCheckConstraint,
    ReflectedColumn,
    ReflectedForeignKeyConstraint,
    ReflectedIndex,
)
from sqlalchemy.exc import CompileError, UnsupportedCompilationError
from sqlalchemy.sql import sqltypes
from sqlalchemy.sql.type_api import TypeEngine

from parity.catalog import Catalog, read_with_inspector
from parity.declared import (
    ANY_DEFAULT,
    declared_default_text,
    foreign_key_options,
    referential_action,
)
from parity.indexmembers import modifier_text
from parity.report import DiffKind
from parity.snapshot import UNKNOWN_TYPE, Options, TypeSpec, default_or_none, options_of
from parity.sqltext import normalise_sql
from parity.typecompare import TypeVerdict, generic_type_verdict

#: Words after a type name that modify it rather than name it.
_MODIFIERS = frozenset({"unsigned", "zerofill", "signed", "binary"})


def resolve_type(type_: TypeEngine[Any], dialect: Dialect) -> TypeEngine[Any]:
    """The type a dialect really uses for ``type_``: variants chosen, decorators unwrapped."""
    resolved = type_.dialect_impl(dialect)
    seen = 0
    while isinstance(resolved, sqltypes.TypeDecorator) and seen < 10:
        resolved = resolved.impl_instance.dialect_impl(dialect)
        seen += 1
    return resolved


class DialectAdapter:
    """The generic adapter, and the base class of every dialect adapter.

    Class-level tables (override them as a diff from the parent, e.g.
    ``type_synonyms = {**DialectAdapter.type_synonyms, "int4": "integer"}``):

    * ``type_synonyms`` maps a compiled base type name (lower case) to the canonical
      family name used in :class:`~parity.snapshot.TypeSpec`.
    * ``integer_widths`` / ``float_widths`` rank numeric families by storage size, so a
      type change can be judged narrower or wider.
    * ``text_capacity`` gives the capacity in characters of unbounded text families
      (``None`` = unbounded), so ``varchar(n)`` and ``text`` can be ranked.
    """

    name: ClassVar[str] = "generic"
    #: True only for the fallback adapter; a report on such a dialect says so.
    is_generic: ClassVar[bool] = True
    #: Whether :func:`parity.compare` reduces the model on a second thread while
    #: :meth:`read_catalog` runs (:mod:`parity.overlap`).  Worth it when the read is a
    #: few long server-side statements (PostgreSQL: -17% at 1,000 tables); not when it
    #: is many short round trips or Python parsing, where the two threads only trade
    #: the GIL (MySQL's per-table ``SHOW CREATE TABLE``, SQLite's in-process reads).
    overlap_model_with_read: ClassVar[bool] = False

    type_synonyms: ClassVar[Mapping[str, str]] = {
        "int": "integer",
        "int4": "integer",
        "int2": "smallint",
        "int8": "bigint",
        "character varying": "varchar",
        "character": "char",
        "bool": "boolean",
        "float4": "real",
        "float8": "double precision",
        "double": "double precision",
        "decimal": "numeric",
        "timestamp with time zone": "timestamp",
        "timestamp without time zone": "timestamp",
        "time with time zone": "time",
        "time without time zone": "time",
        "timestamptz": "timestamp",
    }
    integer_widths: ClassVar[Mapping[str, int]] = {
        "tinyint": 1,
        "smallint": 2,
        "mediumint": 3,
        "integer": 4,
        "bigint": 8,
    }
    float_widths: ClassVar[Mapping[str, int]] = {
        "real": 4,
        "float": 8,
        "double precision": 8,
    }
    #: Compiled base names that are time-zone aware by themselves (``timestamptz``).
    zoned_types: ClassVar[frozenset[str]] = frozenset({"timestamptz", "timetz"})
    text_capacity: ClassVar[Mapping[str, int | None]] = {
        "varchar": None,
        "char": None,
        "text": None,
    }

    def __init__(self) -> None:
        #: The SQLAlchemy dialect name this instance serves (the generic adapter serves any).
        self.served_dialect: str = self.name

    # ------------------------------------------------------------------ reading
    def server_version(self, conn: Connection) -> tuple[int, ...]:
        info = conn.dialect.server_version_info or ()
        return tuple(part for part in info if isinstance(part, int))

    def prepare_offline_dialect(self, dialect: Dialect, server_version: tuple[int, ...]) -> None:
        """Make a never-connected ``dialect`` behave as if connected to ``server_version``.

        Models are compared with a snapshot file offline (``parity.compare(snapshot,
        models)``), so the model side must be compiled as ``create_all`` would on the
        server the snapshot was read from.  SQLAlchemy learns the server in
        ``Dialect.initialize`` from a live connection; an adapter whose model side
        depends on more than ``server_version_info`` (MySQL vs MariaDB) sets it here.
        """
        dialect.server_version_info = server_version or None

    def default_schema(self, conn: Connection) -> str | None:
        """The schema ``schema=None`` means on this connection.

        A model naming it explicitly (``schema="public"``, MySQL's database name,
        SQLite's ``main``) is compared as if unqualified (:mod:`parity.placement`), and a
        foreign key's referred schema equal to it is written as ``None`` on both sides.
        """
        name = conn.dialect.default_schema_name
        return str(name) if name else None

    def read_catalog(
        self, conn: Connection, schema: str | None, names: Collection[str] | None
    ) -> Catalog:
        """Read every fact about ``names`` (or all tables) of ``schema`` in bulk.

        Must not issue a statement per table where the database can answer for all
        tables at once.  The default is SQLAlchemy's ``get_multi_*`` reflection.
        """
        return read_with_inspector(conn, schema, names)

    def read_catalogs(
        self, conn: Connection, schemas: Sequence[str], names: Collection[str] | None
    ) -> dict[str, Catalog]:
        """:meth:`read_catalog` for many schemas (tenants) of one database at once.

        ``parity.compare_many`` calls this once per database for a schema glob, so an
        adapter whose catalog can answer for many schemas in one statement per kind
        (PostgreSQL's ``nspname = ANY(...)``) reads 1,000 tenants as fast as one.  Each
        value must equal ``read_catalog(conn, schema, names)``.  The default simply
        loops over :meth:`read_catalog`, on the one connection and transaction given.
        """
        return {schema: self.read_catalog(conn, schema, names) for schema in schemas}

    def search_path_tables(self, conn: Connection, names: Collection[str]) -> dict[str, str]:
        """Where the server finds the unqualified tables ``names`` outside the default schema.

        Called only when unqualified model tables are absent from the default schema's
        catalog (so a healthy comparison costs no statement), with their names; returns
        ``{name: schema}`` for those an unqualified reference resolves to in another
        schema (PostgreSQL: the first schema of ``current_schemas(false)`` holding the
        name).  Those tables are then read and compared in that schema.  The default:
        an unqualified name means the default schema only (nothing found elsewhere).
        """
        return {}

    def unchecked_facts(self, server_version: tuple[int, ...]) -> list[tuple[str, str]]:
        """Facts this database or adapter cannot reveal, as ``(what, why)`` pairs."""
        if self.is_generic:
            return [
                (
                    "dialect-specific type details",
                    "no parity adapter is installed for this dialect: types are compared "
                    "through SQLAlchemy's generic forms, defaults and expressions as text",
                ),
                (
                    "value generation (autoincrement / identity)",
                    "SQLAlchemy's generic reflection does not report it reliably",
                ),
            ]
        return []

    def uncomparable_kinds(self, server_version: tuple[int, ...]) -> frozenset[DiffKind]:
        """Kinds of difference this database cannot reveal, so never reported.

        Each must also appear in :meth:`unchecked_facts`, so the report says what "ok"
        did not cover instead of reporting a false difference.
        """
        if self.is_generic:
            return frozenset({DiffKind.AUTOINCREMENT_MISMATCH})
        return frozenset()

    # ------------------------------------------------------------------ safety
    def connect_args_for_timeout(self, url: URL, seconds: float) -> dict[str, Any]:
        """DBAPI ``connect()`` arguments that bound connecting to ``seconds``.

        Only keys the driver of ``url`` understands; a key the URL's query already sets
        is the user's choice and is left out.  The generic adapter knows no driver and
        returns nothing (the driver's own default applies).
        """
        return {}

    def open_read_only(self, cargs: list[Any], cparams: dict[str, Any]) -> bool:
        """Change a new DBAPI connection's ``connect()`` arguments so it opens read-only.

        Called for each connection the inspection opens (URL or Engine alike); returns
        whether it changed anything (such a connection is closed afterwards, never
        handed to the application's pool).  Where a database is a file the driver could
        create or write (SQLite), the adapter refuses a missing file here by raising
        :class:`~parity.errors.InspectionError`.  Servers need nothing: the inspection
        runs in their read-only transaction.
        """
        return False

    @contextlib.contextmanager
    def begin_inspection(
        self, conn: Connection, *, statement_timeout: float | None, own_transaction: bool
    ) -> Iterator[None]:
        """Make the inspection read-only and bounded, and undo that afterwards.

        Entered after the core has begun a transaction it owns (``own_transaction``)
        or inside the caller's open transaction, which must stay usable and unchanged.
        A dialect makes the transaction read-only where the database can, limits each
        statement to ``statement_timeout`` seconds (``None``: no limit) and restores
        every session-level setting on exit.  The core rolls back its own transaction
        after this context exits.  The generic adapter does nothing.
        """
        yield

    def invisible_tables(
        self, conn: Connection, schema: str | None, names: Collection[str]
    ) -> dict[str, str]:
        """Of the model tables ``names`` the catalog read did not find, those this
        account may simply not be allowed to see, each with the privilege it lacks.

        The core reports them as unchecked ("not visible to this account: ...")
        instead of ``table_missing``, and a hard-failing guard fails closed on them.
        The default assumes the catalog shows every table (nothing invisible).
        """
        return {}

    # ------------------------------------------------------------------ scratch databases
    def create_database_sql(self, name: str) -> str | None:
        """The statement that creates an empty database ``name`` on this server.

        Only ``parity migrations`` (:func:`parity.migrations.check_migrations`) uses it,
        for its throwaway ``parity_migrations_<hex>`` database, over an AUTOCOMMIT
        connection; nothing else in parity writes.  ``None`` means a database is a file
        (SQLite): a temporary file is used instead.
        """
        return f"CREATE DATABASE {name}"

    def drop_database_sql(self, name: str) -> Sequence[str]:
        """Statements that drop the database ``name``, tried in order until one works.

        Offer a forceful form first where the server has one (a migration may leave
        sessions behind) and a plain form for older servers.
        """
        return (f"DROP DATABASE IF EXISTS {name}", f"DROP DATABASE {name}")

    # ------------------------------------------------------------------ types
    def type_of(self, type_: TypeEngine[Any], dialect: Dialect) -> TypeSpec:
        """Reduce a SQLAlchemy type, from the model or from reflection, to a ``TypeSpec``."""
        type_ = resolve_type(type_, dialect)
        if isinstance(type_, sqltypes.NullType):
            return TypeSpec(name=UNKNOWN_TYPE)  # no type to compare (see parity.snapshot)
        if isinstance(type_, sqltypes.ARRAY):
            return TypeSpec(
                name="array",
                item=self.type_of(type_.item_type, dialect),
                dimensions=type_.dimensions or 1,
            )
        if isinstance(type_, sqltypes.Enum) and self.native_enum(type_, dialect):
            return TypeSpec(name="enum", values=tuple(type_.enums))
        base, _args, suffix = self._compiled_parts(type_, dialect)
        name = self.type_synonyms.get(base, base)
        return TypeSpec(
            name=name,
            length=getattr(type_, "length", None) if name not in self.integer_widths else None,
            precision=self._precision(type_),
            scale=getattr(type_, "scale", None) if isinstance(type_, sqltypes.Numeric) else None,
            # What create_all writes decides: DateTime(timezone=True) on a database without
            # zoned types compiles to a plain type, and that is what the table will hold.
            timezone="with time zone" in base or base in self.zoned_types,
            unsigned=bool(getattr(type_, "unsigned", False)) or "unsigned" in suffix,
        )

    def native_enum(self, type_: sqltypes.Enum, dialect: Dialect) -> bool:
        """Whether this Enum is stored as a native enum type (else as VARCHAR)."""
        return bool(type_.native_enum and dialect.supports_native_enum)

    def _precision(self, type_: TypeEngine[Any]) -> int | None:
        if isinstance(type_, (sqltypes.Numeric, sqltypes.DateTime, sqltypes.Time)):
            value = getattr(type_, "precision", None)
            if value is None:
                value = getattr(type_, "fsp", None)
            return int(value) if isinstance(value, int) else None
        return None

    def _compiled_parts(self, type_: TypeEngine[Any], dialect: Dialect) -> tuple[str, str, str]:
        """Split the type's DDL into (lower-case base name, argument text, suffix).

        ``VARCHAR(255) COLLATE "x"`` -> ("varchar", "255", "collate "x""); the words of
        a multi-word name (``DOUBLE PRECISION``, ``TIMESTAMP WITH TIME ZONE``) stay in
        the base name, modifiers after the arguments go to the suffix.
        """
        try:
            compiled = str(dialect.type_compiler_instance.process(type_))
        except (CompileError, UnsupportedCompilationError, NotImplementedError):
            return type(type_).__name__.lower(), "", ""
        head, paren, rest = compiled.partition("(")
        if not paren:
            words = head.lower().split()
            base = " ".join(w for w in words if w not in _MODIFIERS)
            suffix = " ".join(w for w in words if w in _MODIFIERS)
            return base, "", suffix
        depth, end = 1, len(rest)
        for index, char in enumerate(rest):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0:
                end = index
                break
        tail = rest[end + 1 :].lower().strip()
        base = " ".join(head.lower().split())
        # "TIMESTAMP(6) WITH TIME ZONE": the zone words belong to the name.
        if tail.startswith(("with time zone", "without time zone")):
            zone = "with time zone" if tail.startswith("with ") else "without time zone"
            base, tail = f"{base} {zone}", tail[len(zone) :].strip()
        return base, rest[:end].strip(), tail

    def declared_type(self, column: Column[Any], dialect: Dialect) -> TypeSpec:
        """The type the model declares for ``column``, as ``create_all`` would create it."""
        return self.type_of(column.type, dialect)

    def reflected_type(self, column: ReflectedColumn, dialect: Dialect) -> TypeSpec:
        """The type the catalog reports for a column."""
        return self.type_of(column["type"], dialect)

    def type_verdict(self, expected: TypeSpec, actual: TypeSpec) -> TypeVerdict:
        """Whether the database's type is the model's, wider, narrower or different."""
        return generic_type_verdict(self, expected, actual)

    # ------------------------------------------------------------------ defaults
    def declared_default(
        self, table: Table, column: Column[Any], dialect: Dialect, type_: TypeSpec
    ) -> str | None:
        """The model's server default as ``create_all`` writes it, normalised."""
        if column.server_default is None:
            return None  # most columns: nothing to render (declared_default_text's answer)
        text = declared_default_text(column, dialect)
        if text is None or text == ANY_DEFAULT:
            return text
        return default_or_none(self.normalise_default(text, type_))

    def reflected_default(
        self, table: str, column: ReflectedColumn, catalog: Catalog, type_: TypeSpec
    ) -> str | None:
        """The database's server default, normalised; ``None`` for none.

        Adapters return ``None`` here for defaults that are really value generation
        (a serial's ``nextval``), which :meth:`reflected_autoincrement` reports instead.
        """
        text = column.get("default")
        if text is None or column.get("identity"):
            return None
        return default_or_none(self.normalise_default(str(text), type_))

    def server_equal_defaults(
        self, conn: Connection, pairs: Sequence[tuple[str, str, TypeSpec]]
    ) -> list[bool | None]:
        """For ``(model, database, type)`` default pairs whose texts differ: are they equal?

        ``True`` / ``False`` where the server could decide in a read-only statement,
        ``None`` where it was not asked (volatile expressions are never evaluated).
        The generic adapter asks nothing.
        """
        return [None] * len(pairs)

    # ------------------------------------------------------------------ text
    def normalise_default(self, sql: str, type_: TypeSpec) -> str:
        """Bring server-default text from either side to one spelling."""
        return normalise_sql(sql)

    def normalise_expression(self, sql: str) -> str:
        """Bring CHECK bodies, computed and index expressions, partial WHEREs to one form."""
        return normalise_sql(sql)

    def normalise_collation(self, name: str) -> str:
        return name.strip('"').lower()

    def declared_collation(self, column: Column[Any], dialect: Dialect) -> str | None:
        """The collation the model declares explicitly, or ``None`` (then not compared)."""
        collation = getattr(resolve_type(column.type, dialect), "collation", None)
        return self.normalise_collation(collation) if collation else None

    def reflected_collation(self, column: ReflectedColumn) -> str | None:
        options = column.get("dialect_options") or {}
        collation = getattr(column["type"], "collation", None) or options.get("collation")
        return self.normalise_collation(str(collation)) if collation else None

    # ------------------------------------------------------------------ nullability
    def declared_nullable(
        self, table: Table, column: Column[Any], dialect: Dialect, autoincrement: str | None
    ) -> bool:
        """Whether the column ``create_all`` makes accepts NULL.

        A primary-key column never does (SQL standard; PostgreSQL and MySQL add the NOT
        NULL themselves), even when the model says ``nullable=True``, as a model
        generated by reflection of such a column may.  ``autoincrement`` is this
        adapter's :meth:`declared_autoincrement` for the column.
        """
        return bool(column.nullable) and not column.primary_key

    # ------------------------------------------------------------------ generation
    def declared_computed_persisted(self, column: Column[Any], dialect: Dialect) -> bool | None:
        """Whether ``create_all`` makes this generated column STORED (``True``), VIRTUAL
        (``False``), or leaves it to the database (``None``: then not compared).

        The default is what the model says; an adapter that knows what its dialect
        emits for ``persisted=None`` resolves it.
        """
        assert column.computed is not None
        return column.computed.persisted

    def declared_autoincrement(
        self, table: Table, column: Column[Any], dialect: Dialect
    ) -> str | None:
        """How the database will generate values for this model column, or ``None``."""
        if column.identity is not None:
            return "identity"
        if column is table._autoincrement_column:
            return "auto"
        return None

    def reflected_autoincrement(
        self, table: str, column: ReflectedColumn, catalog: Catalog
    ) -> str | None:
        """How the database generates values for this reflected column, or ``None``."""
        if column.get("identity"):
            return "identity"
        return "auto" if column.get("autoincrement") is True else None

    # ------------------------------------------------------------------ indexes
    #: Whether NULLs sort above every value (PostgreSQL, Oracle): then ``ASC`` puts them
    #: last and ``DESC`` first by default.  SQLite and MySQL sort them below.
    nulls_sort_high: ClassVar[bool] = True
    #: Whether :meth:`read_catalog` reports index member collations
    #: (``column_collations``).  When not, a collation on a model index member is not
    #: compared either (and :meth:`unchecked_facts` should say so).
    reads_index_collations: ClassVar[bool] = False
    #: The collation a member without one (an expression, a column without its own)
    #: uses, normalised; ``None`` when unknown.
    default_collation: ClassVar[str | None] = None

    def index_member_modifiers(
        self,
        *,
        collation: str | None,
        default_collation: str | None,
        descending: bool,
        nulls: str | None,
    ) -> str:
        """One index member's collation, direction and NULLS placement, normalised.

        Called the same way for model and catalog members (see
        :mod:`parity.indexmembers`): ``collation`` as written or read, and
        ``default_collation`` the member's column's own collation (normalised), if any.
        Everything equal to the database's default is dropped, so ``""`` means plain.
        """
        written = None
        if self.reads_index_collations and collation is not None:
            normalised = self.normalise_collation(collation)
            if normalised != (default_collation or self.default_collation):
                written = normalised
        return modifier_text(
            collation=written,
            descending=descending,
            nulls=nulls,
            nulls_sort_high=self.nulls_sort_high,
        )

    def declared_index_options(self, index: Index, dialect: Dialect) -> Options:
        """Behaviour-changing options of a model index (partial WHERE, method, INCLUDE)."""
        return ()

    def reflected_index_options(self, index: ReflectedIndex) -> Options:
        return options_of(
            {"include": ", ".join(index["include_columns"])} if index.get("include_columns") else {}
        )

    def is_implicit_index(self, table: str, index: ReflectedIndex, catalog: Catalog) -> bool:
        """True for an index the database made by itself (e.g. for a foreign key)."""
        return bool(index.get("duplicates_constraint"))

    def is_implicit_check(
        self, table: str, check: ReflectedCheckConstraint, catalog: Catalog
    ) -> bool:
        """True for a CHECK the database made by itself (e.g. MariaDB's ``json_valid``)."""
        return False

    # ------------------------------------------------------------------ foreign keys
    #: Referential actions that behave like the default (NO ACTION) on this database.
    default_like_actions: ClassVar[frozenset[str]] = frozenset({"NO ACTION"})

    def referential_action(self, action: str | None) -> str | None:
        """ON DELETE/UPDATE in upper case; ``None`` for the default behaviour."""
        text = referential_action(action)
        return None if text in self.default_like_actions else text

    def declared_foreign_key_options(self, fk: ForeignKeyConstraint) -> Options:
        """Behaviour-changing options of a model key: deferrable, initially, match."""
        return foreign_key_options(deferrable=fk.deferrable, initially=fk.initially, match=fk.match)

    def reflected_foreign_key_options(self, fk: ReflectedForeignKeyConstraint) -> Options:
        options = fk.get("options") or {}
        return foreign_key_options(
            deferrable=options.get("deferrable"),
            initially=options.get("initially"),
            match=options.get("match"),
        )

    # ------------------------------------------------------------------ names
    def fold_table_name(self, name: str) -> str:
        """How the database compares table names (case-insensitive servers fold them)."""
        return name

    #: Whether the database compares column names case-insensitively; then
    #: :meth:`fold_column_name` (and :meth:`fold_table_name`) respell the database's
    #: names as the model's before comparing (:mod:`parity.names`).
    folds_column_names: ClassVar[bool] = False

    def fold_column_name(self, name: str) -> str:
        """How the database compares column names (used when ``folds_column_names``)."""
        return name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"
