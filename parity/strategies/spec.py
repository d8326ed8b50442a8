"""Frozen, plain-data descriptions of a schema: what the strategies draw.

A spec is drawn first and rendered to SQLAlchemy objects by pure functions
(:mod:`parity.strategies.render`), so that hypothesis shrinks plain values (fewer
tables, fewer columns, earlier menu entries) instead of half-built ``Table`` objects,
and so that a failing example prints as something a person can read and retype.

Every record is hashable; tuples keep declaration order, which matters for column
lists of keys and indexes.  Nothing here knows SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields, replace
from typing import Any, Literal

#: The three dialects the strategies know.  The value is SQLAlchemy's ``dialect.name``.
Dialect = Literal["sqlite", "postgresql", "mysql"]
DIALECTS: tuple[Dialect, ...] = ("sqlite", "postgresql", "mysql")

#: How a column takes part in value generation.  ``"auto"`` is SQLAlchemy's default
#: (a lone integer primary key autoincrements), ``"off"`` is ``autoincrement=False``,
#: ``"identity"`` is ``Identity()`` (PostgreSQL).
Autoincrement = Literal["auto", "off", "identity"]


class _Compact:
    """A ``repr`` that omits fields left at their default, so examples read (and retype) short.

    Hypothesis prints failing examples through ``_repr_pretty_``; without it a
    dataclass is printed field by field, defaults included, burying the example.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        parts = []
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if not f.repr or (f.default is not MISSING and value == f.default):
                continue
            parts.append(f"{f.name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class TypeChoice(_Compact):
    """One column type from a dialect's menu, with its parameters.

    ``kind`` names the menu entry (``"varchar"``, ``"numeric"``, ``"enum"``…), not a
    SQL spelling: :func:`parity.strategies.render.sa_type` decides how it becomes a
    SQLAlchemy type on each dialect.  ``enum_name`` is the name of a PostgreSQL
    ``CREATE TYPE``; ``item`` is an array's element type.
    """

    kind: str
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    timezone: bool = False
    unsigned: bool = False
    values: tuple[str, ...] | None = None
    enum_name: str | None = None
    item: TypeChoice | None = None
    #: ``create_constraint=True`` on a Boolean or Enum: SQLAlchemy adds a CHECK where
    #: the type is not native on the dialect (and nothing where it is).
    constraint: bool = False

    def describe(self) -> str:
        """Short text for messages and tallies, e.g. ``varchar(20)``."""
        if self.item is not None:
            return f"{self.item.describe()}[]"
        text = self.kind
        args = [a for a in (self.length, self.precision, self.scale) if a is not None]
        if self.values is not None:
            text += "(" + ", ".join(repr(v) for v in self.values) + ")"
        elif args:
            text += "(" + ", ".join(str(a) for a in args) + ")"
        if self.unsigned:
            text += " unsigned"
        if self.timezone:
            text += " tz"
        return text


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class ComputedChoice(_Compact):
    """A generated column ``base * factor`` (``persisted=None``: the dialect's default)."""

    base: str
    factor: int = 2
    persisted: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class ColumnSpec(_Compact):
    """One column.  ``default`` is raw SQL for ``server_default=text(...)``."""

    name: str
    type: TypeChoice
    nullable: bool = True
    default: str | None = None
    autoincrement: Autoincrement = "auto"
    computed: ComputedChoice | None = None
    collation: str | None = None
    comment: str | None = None
    #: ``Sequence(name)`` on the column (PostgreSQL): ``create_all`` creates the
    #: sequence and a plain integer column; inserts take ``nextval`` client-side.
    sequence: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class ForeignKeySpec(_Compact):
    """A foreign key from ``columns`` to ``referred_columns`` of an earlier table."""

    name: str
    columns: tuple[str, ...]
    referred_table: str
    referred_columns: tuple[str, ...]
    ondelete: str | None = None
    onupdate: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class UniqueSpec(_Compact):
    name: str
    columns: tuple[str, ...]


#: An index element: a plain column, ``lower(column)`` / ``column + 1``, or (drawn by
#: ``schemas(..., extended=True)``) the column with a sort order (``column.desc()``,
#: ``.asc()``, ``.nulls_first()``, ``text("column DESC")``) or a collation.
IndexElement = tuple[
    Literal["column", "lower", "plus_one", "desc", "asc", "nulls_first", "text_desc", "collate"],
    str,
]


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class WhereChoice(_Compact):
    """A partial-index predicate on one column: ``IS NOT NULL`` or ``> 0``."""

    column: str
    op: Literal["not_null", "positive"] = "not_null"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class IndexSpec(_Compact):
    name: str
    elements: tuple[IndexElement, ...]
    unique: bool = False
    where: WhereChoice | None = None
    #: Declared with ``.ddl_if(dialect=<this dialect>)``: created all the same.
    ddl_if: bool = False

    @property
    def is_plain_unique(self) -> bool:
        """Whether the contract counts this index as a unique constraint (same fact)."""
        return self.unique and self.where is None and all(k == "column" for k, _ in self.elements)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the index reads (elements and predicate)."""
        names = [c for _, c in self.elements]
        if self.where is not None:
            names.append(self.where.column)
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class CheckSpec(_Compact):
    """A table CHECK on one column; ``op`` picks the predicate (see ``render``)."""

    name: str
    column: str
    op: Literal["not_null", "non_negative", "non_empty", "in_values"] = "not_null"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class TableSpec(_Compact):
    """One table.  ``primary_key`` is ordered; empty means no primary key.

    ``pk_name`` names the primary-key constraint (ignored by MySQL, which always calls
    it ``PRIMARY``); ``sqlite_autoincrement`` is SQLite's table-level AUTOINCREMENT.
    """

    name: str
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...] = ()
    pk_name: str | None = None
    foreign_keys: tuple[ForeignKeySpec, ...] = ()
    uniques: tuple[UniqueSpec, ...] = ()
    indexes: tuple[IndexSpec, ...] = ()
    checks: tuple[CheckSpec, ...] = ()
    comment: str | None = None
    sqlite_autoincrement: bool = False
    #: Indexes declared with ``.ddl_if(dialect=<another dialect>)``: in the model, never
    #: created by ``create_all`` on this dialect, so never expected in the database.
    foreign_indexes: tuple[IndexSpec, ...] = ()

    def column(self, name: str) -> ColumnSpec:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def replace_column(self, column: ColumnSpec) -> TableSpec:
        return replace(
            self, columns=tuple(column if c.name == column.name else c for c in self.columns)
        )

    def constrained_columns(self) -> frozenset[str]:
        """Columns some key, index, check or generated column depends on."""
        names: set[str] = set(self.primary_key)
        for fk in self.foreign_keys:
            names.update(fk.columns)
        for unique in self.uniques:
            names.update(unique.columns)
        for index in self.indexes:
            names.update(index.columns)
        names.update(check.column for check in self.checks)
        for column in self.columns:
            if column.computed is not None:
                names.add(column.computed.base)
                names.add(column.name)
        return frozenset(names)


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class SchemaSpec(_Compact):
    """A whole schema for one dialect; foreign keys only point at earlier tables."""

    dialect: Dialect
    tables: tuple[TableSpec, ...] = ()
    #: Draw-time notes that do not change the schema (kept out of equality).
    notes: tuple[str, ...] = field(default=(), compare=False)

    def table(self, name: str) -> TableSpec:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    def replace_table(self, table: TableSpec) -> SchemaSpec:
        return replace(
            self, tables=tuple(table if t.name == table.name else t for t in self.tables)
        )

    def without_table(self, name: str) -> SchemaSpec:
        return replace(self, tables=tuple(t for t in self.tables if t.name != name))

    def with_table(self, table: TableSpec) -> SchemaSpec:
        return replace(self, tables=(*self.tables, table))

    def referenced_tables(self) -> frozenset[str]:
        """Tables some other table's foreign key points at."""
        return frozenset(
            fk.referred_table
            for table in self.tables
            for fk in table.foreign_keys
            if fk.referred_table != table.name
        )

    def reversed(self) -> SchemaSpec:
        """The same schema with tables and each table's columns in reverse order.

        Order is not a fact the contract compares, so a comparison must not change.
        """
        return replace(
            self,
            tables=tuple(
                replace(t, columns=tuple(reversed(t.columns))) for t in reversed(self.tables)
            ),
        )
