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

import re
from collections.abc import Collection, Mapping
from typing import Any, ClassVar

from sqlalchemy import Column, Index, Table
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.engine.interfaces import ReflectedColumn, ReflectedIndex
from sqlalchemy.exc import CompileError, UnsupportedCompilationError
from sqlalchemy.sql import sqltypes
from sqlalchemy.sql.type_api import TypeEngine

from parity.catalog import Catalog, read_with_inspector
from parity.snapshot import Options, TypeSpec, options_of
from parity.sqltext import normalise_sql

_BASE_NAME = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*(?:\((.*)\))?\s*([A-Za-z ]*)$")


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
    text_capacity: ClassVar[Mapping[str, int | None]] = {
        "varchar": None,
        "char": None,
        "text": None,
    }

    # ------------------------------------------------------------------ reading
    def server_version(self, conn: Connection) -> tuple[int, ...]:
        info = conn.dialect.server_version_info or ()
        return tuple(part for part in info if isinstance(part, int))

    def default_schema(self, conn: Connection) -> str | None:
        """The schema ``schema=None`` means on this connection (for messages only)."""
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

    def unchecked_facts(self, server_version: tuple[int, ...]) -> list[tuple[str, str]]:
        """Facts this database or adapter cannot reveal, as ``(what, why)`` pairs."""
        if self.is_generic:
            return [
                (
                    "dialect-specific type details",
                    "no parity adapter is installed for this dialect: types are compared "
                    "through SQLAlchemy's generic forms, defaults and expressions as text",
                )
            ]
        return []

    # ------------------------------------------------------------------ types
    def type_of(self, type_: TypeEngine[Any], dialect: Dialect) -> TypeSpec:
        """Reduce a SQLAlchemy type, from the model or from reflection, to a ``TypeSpec``."""
        type_ = resolve_type(type_, dialect)
        if isinstance(type_, sqltypes.ARRAY):
            return TypeSpec(
                name="array",
                item=self.type_of(type_.item_type, dialect),
                dimensions=type_.dimensions or 1,
            )
        if isinstance(type_, sqltypes.Enum) and self.native_enum(type_, dialect):
            return TypeSpec(name="enum", values=tuple(type_.enums))
        base, args, suffix = self._compiled_parts(type_, dialect)
        name = self.type_synonyms.get(base, base)
        return TypeSpec(
            name=name,
            length=getattr(type_, "length", None) if name not in self.integer_widths else None,
            precision=self._precision(type_),
            scale=getattr(type_, "scale", None) if isinstance(type_, sqltypes.Numeric) else None,
            timezone=bool(getattr(type_, "timezone", False)) or "time zone" in base
            and "without" not in base,
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
        """Split the type's DDL into (lower-case base name, argument text, suffix)."""
        try:
            compiled = dialect.type_compiler_instance.process(type_)
        except (CompileError, UnsupportedCompilationError, NotImplementedError):
            return type(type_).__name__.lower(), "", ""
        match = _BASE_NAME.match(compiled)
        if not match:
            return compiled.lower(), "", ""
        base, args, suffix = match.groups()
        return base.lower().strip(), (args or "").strip(), (suffix or "").lower().strip()

    def declared_type(self, column: Column[Any], dialect: Dialect) -> TypeSpec:
        """The type the model declares for ``column``, as ``create_all`` would create it."""
        return self.type_of(column.type, dialect)

    def reflected_type(self, column: ReflectedColumn, dialect: Dialect) -> TypeSpec:
        """The type the catalog reports for a column."""
        return self.type_of(column["type"], dialect)

    # ------------------------------------------------------------------ text
    def normalise_default(self, sql: str, type_: TypeSpec) -> str:
        """Bring server-default text from either side to one spelling."""
        return normalise_sql(sql)

    def normalise_expression(self, sql: str) -> str:
        """Bring CHECK bodies, computed and index expressions, partial WHEREs to one form."""
        return normalise_sql(sql)

    def normalise_collation(self, name: str) -> str:
        return name.strip('"').lower()

    # ------------------------------------------------------------------ generation
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
    def declared_index_options(self, index: Index, dialect: Dialect) -> Options:
        """Behaviour-changing options of a model index (partial WHERE, method, INCLUDE)."""
        return ()

    def reflected_index_options(self, index: ReflectedIndex) -> Options:
        return options_of(
            {"include": ", ".join(index["include_columns"])}
            if index.get("include_columns")
            else {}
        )

    def is_implicit_index(self, table: str, index: ReflectedIndex, catalog: Catalog) -> bool:
        """True for an index the database made by itself (e.g. for a foreign key)."""
        return bool(index.get("duplicates_constraint"))

    # ------------------------------------------------------------------ names
    def fold_table_name(self, name: str) -> str:
        """How the database compares table names (case-insensitive servers fold them)."""
        return name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"
