"""Hypothesis strategies that draw :mod:`~parity.strategies.spec` records.

Shrinking drives the design (STYLE.md, "Strategies that shrink well"):

* every choice is ``sampled_from`` a menu ordered simplest first, or a small list;
* names are drawn as lists ``unique_by`` their clash key, and object names that must be
  unique across a whole schema are made unique by a deterministic suffix instead of a
  filter, so no example is ever rejected;
* foreign keys only point at earlier tables, so the schema is acyclic and needs no
  deferred constraints, and removing a later table never breaks an earlier one;
* drifts (:func:`drifts`) draw the *kind* of difference first, so every example carries
  its expected answer and shrinks towards one table and one column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from hypothesis import strategies as st

from parity.report import DiffKind
from parity.strategies import menus
from parity.strategies.drifts import Drift, DriftState, candidates, kinds_for
from parity.strategies.spec import (
    CheckSpec,
    ColumnSpec,
    ComputedChoice,
    Dialect,
    ForeignKeySpec,
    IndexElement,
    IndexSpec,
    SchemaSpec,
    TableSpec,
    TypeChoice,
    UniqueSpec,
    WhereChoice,
)

T = TypeVar("T")
Draw = Callable[[st.SearchStrategy[T]], T]

_SIMPLE_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def identifiers(dialect: Dialect) -> st.SearchStrategy[str]:
    """Plain lower-case names most of the time, quoting stressors one time in four."""
    simple = st.text(alphabet=_SIMPLE_ALPHABET, min_size=1, max_size=6)
    stress = st.sampled_from(menus.stress_names(dialect))
    return st.one_of(simple, simple, simple, stress)


@st.composite
def type_choices(
    draw: Any, dialect: Dialect, kinds: Sequence[str] | None = None, *, extended: bool = False
) -> TypeChoice:
    """A type from the dialect's menu, with parameters drawn from small menus.

    ``extended``: Booleans and Enums may declare ``create_constraint=True``.
    """
    kind: str = draw(st.sampled_from(tuple(kinds or menus.TYPE_KINDS[dialect])))
    constraint = extended and kind in {"boolean", "enum"} and draw(st.booleans())
    unsigned = False
    if dialect == "mysql" and kind in menus.INTEGER_KINDS | {"numeric"}:
        unsigned = draw(st.booleans())
    if kind == "varchar":
        return TypeChoice(kind=kind, length=draw(st.sampled_from(menus.VARCHAR_LENGTHS[dialect])))
    if kind == "char":
        return TypeChoice(kind=kind, length=draw(st.sampled_from(menus.CHAR_LENGTHS)))
    if kind == "numeric":
        precision, scale = draw(st.sampled_from(menus.NUMERIC_ARGS))
        return TypeChoice(kind=kind, precision=precision, scale=scale, unsigned=unsigned)
    if kind == "float":
        return TypeChoice(kind=kind, precision=draw(st.sampled_from(menus.FLOAT_PRECISIONS)))
    if kind in {"timestamp", "time"}:
        timezone = dialect == "postgresql" and draw(st.booleans())
        precision = draw(st.sampled_from(menus.SECONDS_PRECISIONS[dialect]))
        return TypeChoice(kind=kind, timezone=timezone, precision=precision)
    if kind in {"enum", "set"}:
        values = draw(
            st.lists(st.sampled_from(menus.ENUM_LABELS), min_size=1, max_size=3, unique=True)
        )
        return TypeChoice(kind=kind, values=tuple(values), constraint=constraint and kind == "enum")
    if kind == "array":
        return TypeChoice(kind=kind, item=draw(st.sampled_from(menus.ARRAY_ITEMS)))
    return TypeChoice(kind=kind, unsigned=unsigned, constraint=constraint)


def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """``None`` first (the simplest), then the strategy."""
    return st.one_of(st.none(), strategy)


@st.composite
def schemas(
    draw: Any, dialect: Dialect, *, max_tables: int = 3, extended: bool = False
) -> SchemaSpec:
    """A whole schema: 1..``max_tables`` tables, later ones may refer to earlier ones.

    ``extended`` also draws what changes the DDL SQLAlchemy emits (issue 12): index
    sort orders (``desc()``, ``asc()``, ``nulls_first()``, ``text("x DESC")``) and
    collations, ``ddl_if`` indexes for this dialect and for another one, and
    ``create_constraint`` Booleans and Enums.  The drift planners do not know these
    (a dropped Boolean would also drop its CHECK), so the drift properties draw
    without them; the spelling and round-trip properties draw with them.
    """
    used: set[str] = {menus.fold("primary")}
    names: list[str] = draw(
        st.lists(identifiers(dialect), min_size=1, max_size=max_tables, unique_by=menus.fold)
    )
    tables: list[TableSpec] = []
    for position, raw in enumerate(names):
        name = menus.fresh(raw, used, dialect)
        tables.append(draw(_tables(dialect, name, position, tuple(tables), used, extended)))
    return SchemaSpec(dialect=dialect, tables=tuple(tables))


@st.composite
def _tables(
    draw: Any,
    dialect: Dialect,
    name: str,
    position: int,
    earlier: tuple[TableSpec, ...],
    used: set[str],
    extended: bool = False,
) -> TableSpec:
    column_names: list[str] = draw(
        st.lists(identifiers(dialect), min_size=1, max_size=4, unique_by=menus.fold)
    )
    taken = {menus.fold(c) for c in column_names}
    columns = [draw(_columns(dialect, c, extended)) for c in column_names]
    columns = _enum_names(columns, position, used, dialect)

    key_columns = [c.name for c in columns if c.type.kind in menus.KEY_KINDS]
    primary_key: tuple[str, ...] = ()
    if key_columns:
        primary_key = tuple(draw(st.lists(st.sampled_from(key_columns), max_size=2, unique=True)))
    columns = [replace(c, nullable=False) if c.name in primary_key else c for c in columns]
    sqlite_autoincrement = False
    if len(primary_key) == 1:
        columns, sqlite_autoincrement = draw(_autoincrement(dialect, columns, primary_key[0]))
        if extended and dialect == "postgresql":
            columns = draw(_sequence(columns, primary_key[0], used))

    columns = draw(_computed(dialect, columns, primary_key))

    foreign_keys: list[ForeignKeySpec] = []
    for target in draw(_referred_tables(earlier)):
        fk_columns: list[ColumnSpec] = []
        for referred in target.primary_key:
            fk_name = menus.fresh(draw(identifiers(dialect)), taken, dialect)
            nullable = draw(st.booleans())
            # Same type and collation: MariaDB refuses a key between differently
            # collated strings ("foreign key constraint is incorrectly formed").
            source = target.column(referred)
            fk_columns.append(
                ColumnSpec(
                    name=fk_name, type=source.type, collation=source.collation, nullable=nullable
                )
            )
        columns.extend(fk_columns)
        actions = list(menus.REFERENTIAL_ACTIONS[dialect])
        if dialect == "mysql" and not all(c.nullable for c in fk_columns):
            actions.remove("SET NULL")
        foreign_keys.append(
            ForeignKeySpec(
                name=menus.fresh(draw(identifiers(dialect)), used, dialect),
                columns=tuple(c.name for c in fk_columns),
                referred_table=target.name,
                referred_columns=target.primary_key,
                ondelete=draw(st.sampled_from(actions)),
                onupdate=draw(st.sampled_from(actions)),
            )
        )

    plain = [c for c in columns if c.computed is None]
    indexable = [c.name for c in plain if menus.indexable(c.type, dialect)]
    uniques: list[UniqueSpec] = []
    indexes: list[IndexSpec] = []
    if indexable:
        for cols in draw(st.lists(_column_lists(indexable), max_size=2)):
            uniques.append(
                UniqueSpec(
                    name=menus.fresh(draw(identifiers(dialect)), used, dialect), columns=cols
                )
            )
        for _ in range(draw(st.integers(0, 2))):
            indexes.append(draw(_indexes(dialect, columns, indexable, used, extended)))
    foreign_indexes: list[IndexSpec] = []
    if extended and indexable and draw(st.booleans()):
        # An index the model declares for another dialect only (``ddl_if``).
        foreign_indexes.append(
            IndexSpec(
                name=menus.fresh(draw(identifiers(dialect)), used, dialect),
                elements=tuple(("column", c) for c in draw(_column_lists(indexable))),
            )
        )
    barred = _uncheckable(dialect, columns, primary_key, foreign_keys)
    checkable = [c for c in plain if c.name not in barred]
    checks = [
        draw(_checks(dialect, columns, used, barred))
        for _ in range(draw(st.integers(0, 2 if checkable else 0)))
    ]

    comment = None
    if menus.HAS_COMMENTS[dialect]:
        comment = draw(_optional(st.sampled_from(menus.COMMENTS)))
    pk_name = menus.fresh(draw(identifiers(dialect)), used, dialect) if primary_key else None
    return TableSpec(
        name=name,
        columns=tuple(columns),
        primary_key=primary_key,
        pk_name=pk_name,
        foreign_keys=tuple(foreign_keys),
        uniques=tuple(uniques),
        indexes=tuple(indexes),
        checks=tuple(checks),
        comment=comment,
        sqlite_autoincrement=sqlite_autoincrement,
        foreign_indexes=tuple(foreign_indexes),
    )


@st.composite
def _columns(draw: Any, dialect: Dialect, name: str, extended: bool = False) -> ColumnSpec:
    choice: TypeChoice = draw(type_choices(dialect, extended=extended))
    nullable: bool = draw(st.booleans())
    default = draw(_optional(st.sampled_from(menus.default_menu(choice, dialect) or ("",))))
    collation = None
    if choice.kind in menus.STRING_KINDS:
        collation = draw(_optional(st.sampled_from(menus.COLLATIONS[dialect])))
    comment = None
    if menus.HAS_COMMENTS[dialect]:
        comment = draw(_optional(st.sampled_from(menus.COMMENTS)))
    castable = (
        extended
        and default
        and dialect == "postgresql"
        and choice.kind in _PG_CASTS
        and (
            default.startswith("'")
            or default.lstrip("-")[:1].isdigit()
            or (default == "CURRENT_DATE" and choice.kind == "date")
        )
    )
    if castable and draw(st.booleans()):
        # As a migration autogenerated from the database writes it: '…'::type; and
        # CURRENT_DATE::date, a cast PostgreSQL drops as redundant when it stores it.
        default = f"{default}::{_PG_CASTS[choice.kind]}"
    return ColumnSpec(
        name=name,
        type=choice,
        nullable=not nullable,
        default=default or None,
        collation=collation,
        comment=comment,
    )


def _enum_names(
    columns: list[ColumnSpec], position: int, used: set[str], dialect: Dialect
) -> list[ColumnSpec]:
    """Give each PostgreSQL enum its own ``CREATE TYPE`` name (types share the namespace)."""
    out: list[ColumnSpec] = []
    for number, column in enumerate(columns):
        choice = column.type
        if choice.kind == "enum" and dialect == "postgresql":
            name = menus.fresh(f"enum_{position}_{number}", used, dialect)
            choice = replace(choice, enum_name=name)
        out.append(replace(column, type=choice))
    return out


@st.composite
def _autoincrement(
    draw: Any, dialect: Dialect, columns: list[ColumnSpec], pk: str
) -> tuple[list[ColumnSpec], bool]:
    """How a lone primary key generates values; a generated key has no server default."""
    column = next(c for c in columns if c.name == pk)
    if column.type.kind not in menus.INTEGER_KINDS:
        return columns, False
    options: tuple[str, ...] = (
        ("auto", "off", "identity")
        if dialect == "postgresql"
        else (
            "auto",
            "off",
        )
    )
    mode = draw(st.sampled_from(options))
    changed = replace(column, autoincrement=mode)
    if mode != "off":
        changed = replace(changed, default=None)
    sqlite_autoincrement = False
    if dialect == "sqlite" and mode == "auto" and column.type.kind == "integer":
        sqlite_autoincrement = draw(st.booleans())
    return [changed if c.name == pk else c for c in columns], sqlite_autoincrement


@st.composite
def _sequence(draw: Any, columns: list[ColumnSpec], pk: str, used: set[str]) -> list[ColumnSpec]:
    """Maybe give a generated integer key a ``Sequence`` (PostgreSQL, ``extended``)."""
    column = next(c for c in columns if c.name == pk)
    if column.type.kind not in menus.INTEGER_KINDS or column.autoincrement != "auto":
        return columns
    if not draw(st.booleans()):
        return columns
    name = menus.fresh(f"seq_{len(used)}", used, "postgresql")
    changed = replace(column, sequence=name)
    return [changed if c.name == pk else c for c in columns]


#: PostgreSQL type names a model's ``server_default=text("'…'::type")`` casts to.
_PG_CASTS = {
    "varchar": "character varying", "char": "bpchar", "text": "text", "date": "date",
    "time": "time", "json": "json", "jsonb": "jsonb", "interval": "interval",
    "integer": "integer", "smallint": "smallint", "bigint": "bigint", "numeric": "numeric",
}  # fmt: skip


@st.composite
def _computed(
    draw: Any, dialect: Dialect, columns: list[ColumnSpec], primary_key: tuple[str, ...]
) -> list[ColumnSpec]:
    """Maybe turn integer columns into ``base * 2`` generated columns (never key columns)."""
    out: list[ColumnSpec] = []
    bases: list[str] = []
    for column in columns:
        free = column.name not in primary_key and column.type.kind in menus.INTEGER_KINDS
        if free and bases and draw(st.integers(0, 3)) == 0:
            computed = ComputedChoice(
                base=draw(st.sampled_from(bases)),
                persisted=draw(st.sampled_from(menus.PERSISTED[dialect])),
            )
            out.append(
                replace(column, computed=computed, nullable=True, default=None, collation=None)
            )
            continue
        if free:
            bases.append(column.name)
        out.append(column)
    return out


def _referred_tables(earlier: tuple[TableSpec, ...]) -> st.SearchStrategy[list[TableSpec]]:
    keyed = [t for t in earlier if t.primary_key]
    if not keyed:
        return st.just([])
    return st.lists(st.sampled_from(keyed), max_size=2, unique_by=lambda t: t.name)


def _column_lists(names: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True).map(tuple)


@st.composite
def _indexes(
    draw: Any,
    dialect: Dialect,
    columns: list[ColumnSpec],
    indexable: list[str],
    used: set[str],
    extended: bool = False,
) -> IndexSpec:
    by_name = {c.name: c for c in columns}
    elements: list[IndexElement] = []
    for column in draw(st.lists(st.sampled_from(indexable), min_size=1, max_size=2, unique=True)):
        kinds: list[str] = ["column"]
        kind = by_name[column].type.kind
        if menus.PARTIAL_INDEXES[dialect]:
            if kind in menus.STRING_KINDS:
                kinds.append("lower")
            elif kind in menus.INTEGER_KINDS:
                kinds.append("plus_one")
        if extended:
            kinds += menus.INDEX_ORDERS[dialect]
            if elements and "%" not in column:
                # Not first: an Index of text() alone has no table to attach to; no "%":
                # text() and the preparer would both double it.
                kinds.append("text_desc")
            if kind in menus.STRING_KINDS and dialect != "mysql":
                kinds.append("collate")
        elements.append((draw(st.sampled_from(kinds)), column))
    where = None
    if menus.PARTIAL_INDEXES[dialect]:
        plain = [c.name for c in columns if c.computed is None]
        where = draw(_optional(_where_choices(plain, by_name)))
    return IndexSpec(
        name=menus.fresh(draw(identifiers(dialect)), used, dialect),
        elements=tuple(elements),
        unique=draw(st.booleans()),
        where=where,
        ddl_if=extended and draw(st.booleans()),
    )


@st.composite
def _where_choices(draw: Any, names: list[str], by_name: dict[str, ColumnSpec]) -> WhereChoice:
    column = draw(st.sampled_from(names))
    ops = ["not_null"]
    if by_name[column].type.kind in menus.NUMBER_KINDS:
        ops.append("positive")
    return WhereChoice(column=column, op=draw(st.sampled_from(ops)))


@st.composite
def _checks(
    draw: Any, dialect: Dialect, columns: list[ColumnSpec], used: set[str], barred: frozenset[str]
) -> CheckSpec:
    names = [c.name for c in columns if c.computed is None and c.name not in barred]
    column = draw(st.sampled_from(names))
    kind = next(c for c in columns if c.name == column).type.kind
    ops = ["not_null"]
    if kind in menus.NUMBER_KINDS:
        ops.append("non_negative")
    elif kind in menus.STRING_KINDS:
        ops.append("non_empty")
    elif kind == "enum":
        ops.append("in_values")
    taken = set(used)
    if dialect == "mysql":
        # MariaDB names a JSON column's own json_valid() CHECK after the column.
        taken |= {menus.fold(c.name) for c in columns if c.type.kind == "json"}
    name = menus.fresh(draw(identifiers(dialect)), taken, dialect)
    used.add(menus.fold(name))
    return CheckSpec(name=name, column=column, op=draw(st.sampled_from(ops)))


def _uncheckable(
    dialect: Dialect,
    columns: list[ColumnSpec],
    primary_key: tuple[str, ...],
    foreign_keys: list[ForeignKeySpec],
) -> frozenset[str]:
    """Columns MySQL/MariaDB refuse in a CHECK: AUTO_INCREMENT ones, and the columns of
    a foreign key with a referential action (error 1901 on MariaDB)."""
    if dialect != "mysql":
        return frozenset()
    barred = {c.name for c in columns if _generated_key(c, primary_key)}
    for fk in foreign_keys:
        if {_action(fk.ondelete), _action(fk.onupdate)} - {None, "RESTRICT"}:
            barred.update(fk.columns)
    return frozenset(barred)


def _action(action: str | None) -> str | None:
    return None if action == "NO ACTION" else action


def _generated_key(column: ColumnSpec, primary_key: tuple[str, ...]) -> bool:
    """MySQL refuses a CHECK on an AUTO_INCREMENT column."""
    return (
        primary_key == (column.name,)
        and column.type.kind in menus.INTEGER_KINDS
        and column.autoincrement != "off"
    )


# -- drifts --------------------------------------------------------------------------------
@st.composite
def drifts(draw: Any, state: DriftState, *, kinds: Sequence[DiffKind] | None = None) -> Drift:
    """One drift applicable to ``state``: its kind first, then its target.

    Every kind in :func:`~parity.strategies.drifts.kinds_for` has at least one candidate
    on any schema (a table can always be added), so no example is rejected.
    """
    available = [k for k in (kinds or kinds_for(state.db.dialect)) if candidates(k, state)] or [
        DiffKind.TABLE_EXTRA
    ]
    kind = draw(st.sampled_from(available))
    drift: Drift = draw(st.sampled_from(candidates(kind, state)))
    return drift


@st.composite
def drift_sequences(draw: Any, schema: SchemaSpec, *, max_size: int = 3) -> list[Drift]:
    """1..``max_size`` drifts applied one after another, each on a table not yet touched."""
    state = DriftState.start(schema)
    applied: list[Drift] = []
    for _ in range(draw(st.integers(1, max_size))):
        drift = draw(drifts(state))
        applied.append(drift)
        state = drift.after
    return applied


__all__ = [
    "drift_sequences",
    "drifts",
    "identifiers",
    "schemas",
    "type_choices",
]
