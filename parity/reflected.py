"""The database side: a :class:`~parity.catalog.Catalog` reduced to a :class:`SchemaSnapshot`.

Pure conversion, no SQL: the catalog was read in bulk beforehand by the adapter, and
each fact goes through the same adapter hooks (types, defaults, expressions) that the
model side uses, so the two snapshots are comparable field by field.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.engine import Dialect
from sqlalchemy.engine.interfaces import ReflectedColumn, ReflectedIndex

from parity.adapter import DialectAdapter
from parity.catalog import Catalog
from parity.gcpause import paused_gc
from parity.snapshot import (
    UNKNOWN_TYPE,
    CheckSnapshot,
    ColumnSnapshot,
    ComputedSpec,
    ForeignKeySnapshot,
    IndexSnapshot,
    PrimaryKeySnapshot,
    SchemaSnapshot,
    TableSnapshot,
    UniqueSnapshot,
)


def snapshot_from_catalog(
    adapter: DialectAdapter,
    catalog: Catalog,
    dialect: Dialect,
    *,
    server_version: tuple[int, ...] = (),
    default_schema: str | None = None,
) -> SchemaSnapshot:
    """Reduce a bulk-read catalog to the neutral snapshot."""
    own_schemas = {catalog.schema, default_schema} - {None}
    with paused_gc():
        tables = [_table(adapter, catalog, name, dialect, own_schemas) for name in catalog.tables]
    return SchemaSnapshot(
        dialect=dialect.name,
        tables=tuple(sorted(tables, key=lambda t: t.name)),
        schema=catalog.schema,
        server_version=server_version,
        unchecked=(*catalog.unchecked, *unknown_types(tables, "database")),
        owned_tables=tuple(sorted(catalog.owned_tables)),
    )


def unknown_types(tables: Iterable[TableSnapshot], side: str) -> list[tuple[str, str]]:
    """``unchecked`` entries for the columns whose type ``side`` cannot read."""
    return [
        (
            f"type of column {table.name}.{column.name}",
            f"the {side} side's type is one SQLAlchemy and this adapter cannot read "
            "(NullType): not compared",
        )
        for table in tables
        for column in table.columns
        if column.type.name == UNKNOWN_TYPE
    ]


def _table(
    adapter: DialectAdapter,
    catalog: Catalog,
    name: str,
    dialect: Dialect,
    own_schemas: set[str | None],
) -> TableSnapshot:
    columns = tuple(
        _column(adapter, catalog, name, column, dialect) for column in catalog.columns.get(name, [])
    )
    pk = catalog.primary_keys.get(name)
    primary_key = None
    if pk and pk.get("constrained_columns"):
        primary_key = PrimaryKeySnapshot(
            name=pk.get("name") or None, columns=tuple(pk["constrained_columns"])
        )
    foreign_keys = []
    for fk in catalog.foreign_keys.get(name, []):
        options = fk.get("options") or {}
        referred_schema = fk.get("referred_schema")
        foreign_keys.append(
            ForeignKeySnapshot(
                name=fk.get("name") or None,
                columns=tuple(fk["constrained_columns"]),
                referred_schema=None if referred_schema in own_schemas else referred_schema,
                referred_table=fk["referred_table"],
                referred_columns=tuple(fk["referred_columns"]),
                ondelete=adapter.referential_action(options.get("ondelete")),
                onupdate=adapter.referential_action(options.get("onupdate")),
                options=adapter.reflected_foreign_key_options(fk),
            )
        )
    indexes = [_index(adapter, catalog, name, index) for index in catalog.indexes.get(name, [])]
    return TableSnapshot(
        name=name,
        schema=catalog.schema,
        columns=columns,
        primary_key=primary_key,
        foreign_keys=tuple(
            sorted(foreign_keys, key=lambda fk: (repr(fk.signature()), fk.name or ""))
        ),
        uniques=tuple(
            sorted(
                (
                    UniqueSnapshot(name=u.get("name") or None, columns=tuple(u["column_names"]))
                    for u in catalog.uniques.get(name, [])
                ),
                key=lambda u: (u.columns, u.name or ""),
            )
        ),
        indexes=tuple(sorted(indexes, key=lambda i: (repr(i.signature()), i.name or ""))),
        checks=tuple(
            sorted(
                (
                    CheckSnapshot(
                        name=c.get("name") or None,
                        sqltext=adapter.normalise_expression(c["sqltext"]),
                    )
                    for c in catalog.checks.get(name, [])
                    if not adapter.is_implicit_check(name, c, catalog)
                ),
                key=lambda c: (c.sqltext, c.name or ""),
            )
        ),
        comment=catalog.comments.get(name) or None,
    )


def _column(
    adapter: DialectAdapter,
    catalog: Catalog,
    table: str,
    column: ReflectedColumn,
    dialect: Dialect,
) -> ColumnSnapshot:
    type_spec = adapter.reflected_type(column, dialect)
    computed = None
    if column.get("computed"):
        info = column["computed"]
        computed = ComputedSpec(
            expression=adapter.normalise_expression(str(info["sqltext"])),
            persisted=info.get("persisted"),
        )
    return ColumnSnapshot(
        name=column["name"],
        type=type_spec,
        nullable=bool(column["nullable"]),
        default=None if computed else adapter.reflected_default(table, column, catalog, type_spec),
        autoincrement=adapter.reflected_autoincrement(table, column, catalog),
        computed=computed,
        collation=adapter.reflected_collation(column),
        comment=column.get("comment") or None,
    )


def _index(
    adapter: DialectAdapter, catalog: Catalog, table: str, index: ReflectedIndex
) -> IndexSnapshot:
    names = list(index.get("column_names") or [])
    expressions = list(index.get("expressions") or [])
    if not names:
        names = [None] * len(expressions)
    sorting = index.get("column_sorting") or {}
    # A parity extension beside SQLAlchemy's column_sorting: {member: collation}.
    collations: dict[str, str] = index.get("column_collations") or {}  # type: ignore[assignment]
    column_collations: dict[str, str | None] = {}
    if collations:
        column_collations = {
            column["name"]: adapter.reflected_collation(column)
            for column in catalog.columns.get(table, [])
        }
    rendered: list[str] = []
    modifiers: list[str] = []
    for position, column_name in enumerate(names):
        if column_name is not None:
            key = column_name
            rendered.append(column_name)
        elif position < len(expressions):
            key = expressions[position]
            rendered.append(adapter.normalise_expression(key))
        else:
            continue
        if not sorting and not collations:
            continue  # a plain index, the common case: no modifiers to reduce
        flags = sorting.get(key, ())
        modifiers.append(
            adapter.index_member_modifiers(
                collation=collations.get(key),
                default_collation=column_collations.get(key) if column_name else None,
                descending="desc" in flags,
                nulls="first"
                if "nulls_first" in flags
                else "last"
                if "nulls_last" in flags
                else None,
            )
        )
    return IndexSnapshot(
        name=index.get("name") or None,
        expressions=tuple(rendered),
        unique=bool(index.get("unique")),
        options=adapter.reflected_index_options(index),
        modifiers=tuple(modifiers) if any(modifiers) else (),
        implicit=adapter.is_implicit_index(table, index, catalog),
    )
