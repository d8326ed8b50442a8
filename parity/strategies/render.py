"""Pure functions from specs to SQLAlchemy objects, SQLModel classes and DDL text.

Rendering is deterministic and touches no database: the same spec always gives the
same ``MetaData``, so a failing example is reproduced by its spec alone.  Expressions
(checks, index elements, partial-index predicates) are built from the tables' own
``Column`` objects (generated columns from ``sqlalchemy.column()``), never from SQL
strings, so that the dialect's own
identifier preparer quotes reserved words, mixed case, spaces and non-ASCII names
exactly as ``create_all`` does in an application.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql
from sqlalchemy.engine import Dialect as SADialect
from sqlalchemy.orm import registry as orm_registry
from sqlalchemy.schema import CreateColumn
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.type_api import TypeEngine

from parity.strategies.spec import (
    CheckSpec,
    ColumnSpec,
    IndexElement,
    SchemaSpec,
    TableSpec,
    TypeChoice,
    WhereChoice,
)

_STRING_KINDS = frozenset({"varchar", "char", "text"})


def sa_type(choice: TypeChoice, dialect: str, collation: str | None = None) -> TypeEngine[Any]:
    """The SQLAlchemy type a model would declare for ``choice`` on ``dialect``."""
    kind = choice.kind
    if kind in _STRING_KINDS:
        return _string_type(choice, collation)
    if kind in {"integer", "smallint", "bigint", "tinyint", "mediumint"}:
        return _integer_type(choice, dialect)
    if kind == "boolean" and choice.constraint:
        return sa.Boolean(create_constraint=True)
    simple: dict[str, TypeEngine[Any]] = {
        "boolean": sa.Boolean(),
        "double": sa.Double(),
        "real": sa.REAL(),
        "date": sa.Date(),
        "uuid": sa.Uuid(),
        "json": sa.JSON(),
        "jsonb": postgresql.JSONB(),
        "binary": sa.LargeBinary(),
        "interval": sa.Interval(),
        "year": mysql.YEAR(),
    }
    if kind in simple:
        return simple[kind]
    if kind == "numeric":
        if dialect == "mysql" and choice.unsigned:
            return mysql.DECIMAL(choice.precision, choice.scale, unsigned=True)
        return sa.Numeric(choice.precision, choice.scale)
    if kind == "float":
        return sa.Float(choice.precision)
    if kind in {"timestamp", "time"}:
        return _temporal_type(choice, dialect)
    if kind == "enum":
        assert choice.values is not None
        return sa.Enum(*choice.values, name=choice.enum_name, create_constraint=choice.constraint)
    if kind == "set":
        assert choice.values is not None
        return mysql.SET(*choice.values)
    if kind == "array":
        assert choice.item is not None
        return postgresql.ARRAY(sa_type(choice.item, dialect))
    raise ValueError(f"unknown type kind {kind!r}")


def _string_type(choice: TypeChoice, collation: str | None) -> TypeEngine[Any]:
    if choice.kind == "text":
        return sa.Text(collation=collation)
    if choice.kind == "char":
        return sa.CHAR(choice.length, collation=collation)
    return sa.String(choice.length, collation=collation)


def _integer_type(choice: TypeChoice, dialect: str) -> TypeEngine[Any]:
    if dialect == "mysql":
        mysql_types: dict[str, type[Any]] = {
            "integer": mysql.INTEGER,
            "smallint": mysql.SMALLINT,
            "bigint": mysql.BIGINT,
            "tinyint": mysql.TINYINT,
            "mediumint": mysql.MEDIUMINT,
        }
        made: TypeEngine[Any] = mysql_types[choice.kind](unsigned=choice.unsigned)
        return made
    generic: dict[str, TypeEngine[Any]] = {
        "integer": sa.Integer(),
        "smallint": sa.SmallInteger(),
        "bigint": sa.BigInteger(),
    }
    return generic[choice.kind]


def _temporal_type(choice: TypeChoice, dialect: str) -> TypeEngine[Any]:
    precision = choice.precision
    if choice.kind == "timestamp":
        if dialect == "postgresql" and precision is not None:
            return postgresql.TIMESTAMP(timezone=choice.timezone, precision=precision)
        if dialect == "mysql" and precision is not None:
            return mysql.DATETIME(fsp=precision)
        return sa.DateTime(timezone=choice.timezone)
    if dialect == "postgresql" and precision is not None:
        return postgresql.TIME(timezone=choice.timezone, precision=precision)
    if dialect == "mysql" and precision is not None:
        return mysql.TIME(fsp=precision)
    return sa.Time(timezone=choice.timezone)


# -- expressions ---------------------------------------------------------------------------
def index_element(element: IndexElement, table: sa.Table, dialect: str = "sqlite") -> Any:
    """A table column (plain element) or an expression over one, for ``sa.Index``."""
    kind, name = element
    column = table.c[name]
    if kind == "lower":
        return sa.func.lower(column)
    if kind == "plus_one":
        return column + 1
    if kind == "desc":
        return column.desc()
    if kind == "asc":
        return column.asc()
    if kind == "nulls_first":
        return column.nulls_first()
    if kind == "collate":
        return column.collate(_INDEX_COLLATION[dialect])
    if kind == "text_desc":
        # As people write it: the column's name, quoted by hand where it must be.
        return sa.text(f"{_preparer(dialect).quote(name)} DESC")
    return column


#: The collation an index element declares (``column.collate(...)``).
_INDEX_COLLATION = {"sqlite": "NOCASE", "postgresql": "C", "mysql": "utf8mb4_bin"}


def _preparer(dialect: str) -> Any:
    from sqlalchemy.dialects import registry

    return registry.load(dialect)().identifier_preparer


def where_clause(where: WhereChoice, table: sa.Table) -> ColumnElement[bool]:
    column = table.c[where.column]
    if where.op == "positive":
        return column > 0
    return column.is_not(None)


def check_clause(check: CheckSpec, spec: TableSpec, table: sa.Table) -> ColumnElement[bool]:
    """The CHECK predicate; ``in_values`` keeps a column within its enum labels."""
    column = table.c[check.column]
    if check.op == "non_negative":
        return column >= 0
    if check.op == "non_empty":
        return column != ""
    if check.op == "in_values":
        values = spec.column(check.column).type.values or ("a",)
        return column.in_(list(values))
    return column.is_not(None)


# -- tables --------------------------------------------------------------------------------
def sa_column(column: ColumnSpec, dialect: str) -> sa.Column[Any]:
    """One ``Column`` as an application would declare it."""
    kwargs: dict[str, Any] = {"nullable": column.nullable, "comment": column.comment}
    if column.default is not None:
        kwargs["server_default"] = sa.text(column.default)
    if column.autoincrement == "off":
        kwargs["autoincrement"] = False
    args: list[Any] = [column.name, sa_type(column.type, dialect, column.collation)]
    if column.autoincrement == "identity":
        args.append(sa.Identity())
    if column.sequence is not None:
        args.append(sa.Sequence(column.sequence))
    if column.computed is not None:
        computed = column.computed
        expression: ColumnElement[Any] = sa.column(computed.base) * computed.factor
        args.append(sa.Computed(expression, persisted=computed.persisted))
    return sa.Column(*args, **kwargs)


def table_kwargs(table: TableSpec, dialect: str) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"comment": table.comment}
    if dialect == "sqlite" and table.sqlite_autoincrement:
        kwargs["sqlite_autoincrement"] = True
    return kwargs


def _bare_table(table: TableSpec, dialect: str, metadata: sa.MetaData) -> sa.Table:
    items: list[Any] = [sa_column(c, dialect) for c in table.columns]
    if table.primary_key:
        items.append(sa.PrimaryKeyConstraint(*table.primary_key, name=table.pk_name))
    return sa.Table(table.name, metadata, *items, **table_kwargs(table, dialect))


def _attach(table: TableSpec, dialect: str, metadata: sa.MetaData) -> None:
    """Keys, uniques, checks and indexes, built from the tables' own ``Column`` objects.

    Column objects (not ``"table.column"`` strings) keep names with dots, spaces or
    quotes intact, and let a foreign key point at a table rendered later.
    """
    target = table_of(metadata, table.name)
    for fk in table.foreign_keys:
        referred = table_of(metadata, fk.referred_table)
        target.append_constraint(
            sa.ForeignKeyConstraint(
                [target.c[c] for c in fk.columns],
                [referred.c[c] for c in fk.referred_columns],
                name=fk.name,
                ondelete=fk.ondelete,
                onupdate=fk.onupdate,
            )
        )
    for unique in table.uniques:
        target.append_constraint(
            sa.UniqueConstraint(*(target.c[c] for c in unique.columns), name=unique.name)
        )
    for check in table.checks:
        target.append_constraint(
            sa.CheckConstraint(check_clause(check, table, target), name=check.name)
        )
    for index in table.indexes:
        kwargs: dict[str, Any] = {"unique": index.unique}
        if index.where is not None:
            kwargs[f"{dialect}_where"] = where_clause(index.where, target)
        # An Index over a table's columns attaches itself to that table.
        made = sa.Index(
            index.name, *(index_element(e, target, dialect) for e in index.elements), **kwargs
        )
        if index.ddl_if:
            made.ddl_if(dialect=dialect)
    for index in table.foreign_indexes:
        elements = (index_element(e, target, dialect) for e in index.elements)
        other = next(d for d in ("postgresql", "sqlite", "mysql") if d != dialect)
        sa.Index(index.name, *elements, unique=index.unique).ddl_if(dialect=other)


def table_of(metadata: sa.MetaData, name: str) -> sa.Table:
    """The table ``name`` of ``metadata``, also of a ``MetaData(schema=...)``."""
    return metadata.tables[f"{metadata.schema}.{name}" if metadata.schema else name]


def to_metadata(schema: SchemaSpec, metadata: sa.MetaData | None = None) -> sa.MetaData:
    """Render the whole spec as one ``MetaData``, tables in spec order."""
    metadata = metadata if metadata is not None else sa.MetaData()
    for table in schema.tables:
        _bare_table(table, schema.dialect, metadata)
    for table in schema.tables:
        _attach(table, schema.dialect, metadata)
    return metadata


def to_sqlmodel(schema: SchemaSpec) -> list[type[Any]]:
    """Render the spec as SQLModel ``table=True`` classes on a private registry.

    Each call makes its own registry, so classes never collide with the application's
    ``SQLModel.metadata`` nor with each other across hypothesis examples.  Columns go
    through ``sa_column=`` (their names need not be Python identifiers); keys, checks and
    indexes are attached to the mapped tables exactly as for :func:`to_metadata`.
    """
    from sqlmodel import Field, SQLModel

    registry = orm_registry()
    base = type("SpecBase", (SQLModel,), {}, registry=registry)
    classes: list[type[Any]] = []
    for position, table in enumerate(schema.tables):
        namespace: dict[str, Any] = {"__tablename__": table.name, "__annotations__": {}}
        for number, column in enumerate(table.columns):
            attribute = f"c{number}"
            namespace["__annotations__"][attribute] = Any
            namespace[attribute] = Field(sa_column=sa_column(column, schema.dialect))
        args: list[Any] = []
        if table.primary_key:
            args.append(sa.PrimaryKeyConstraint(*table.primary_key, name=table.pk_name))
        namespace["__table_args__"] = (*args, table_kwargs(table, schema.dialect))
        classes.append(type(f"Spec{position}", (base,), namespace, table=True))
    metadata: sa.MetaData = registry.metadata
    for table in schema.tables:
        _attach(table, schema.dialect, metadata)
    return classes


# -- DDL text ------------------------------------------------------------------------------
def quote(dialect: SADialect, name: str) -> str:
    """``name`` as the dialect quotes it in DDL (always quoted: the safe spelling)."""
    return dialect.identifier_preparer.quote_identifier(name)


def column_ddl(column: ColumnSpec, table: TableSpec, dialect: SADialect) -> str:
    """The column definition ``create_all`` writes, for ``ALTER TABLE … MODIFY``.

    Rendered through a throwaway ``Table`` so that SQLAlchemy decides ``AUTO_INCREMENT``,
    defaults, comments and generated-column clauses exactly as at creation time.
    """
    metadata = sa.MetaData()
    spec = SchemaSpec(dialect=_dialect_name(dialect), tables=(table.replace_column(column),))
    _bare_table(spec.tables[0], spec.dialect, metadata)
    rendered = metadata.tables[table.name].c[column.name]
    return str(CreateColumn(rendered).compile(dialect=dialect)).strip()


def _dialect_name(dialect: SADialect) -> Any:
    return "mysql" if dialect.name in {"mysql", "mariadb"} else dialect.name
