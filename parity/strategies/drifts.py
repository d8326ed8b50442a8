"""The known-answer drift catalogue: real changes, each with the differences it must cause.

A :class:`Drift` moves a :class:`DriftState` (the model's spec and the database's spec)
to a new state, either on the database side (an ``ALTER TABLE``, ``DROP INDEX``,
``CREATE TABLE``… run by :func:`apply_drift`) or on the model side (the model is
rendered from a changed spec).  It carries the exact set of ``(DiffKind, table,
column)`` facts a correct comparison reports afterwards.

The expected answer is derived from the contract (CONTRACT.md §1), never from the
comparator: a unique index and a unique constraint on the same columns are one fact, a
default of ``NO ACTION`` is no action, a database-side change that leaves the set of
facts unchanged is not offered as a drift.  Candidates are pure functions of the state,
so drawing one (``draw.drifts``) shrinks like any ``sampled_from``.

Each drift touches one table that no earlier drift of a sequence touched, so the
expected set of a sequence is the union of its drifts' sets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from parity.report import DiffKind
from parity.strategies import menus
from parity.strategies.spec import (
    CheckSpec,
    ColumnSpec,
    Dialect,
    IndexSpec,
    SchemaSpec,
    TableSpec,
    TypeChoice,
    UniqueSpec,
)

#: One expected difference: its kind, table and column (``None`` for table-level facts).
Expected = tuple[DiffKind, str, str | None]
Side = Literal["database", "model"]

#: What a drift does, for :func:`apply_drift`; ``target`` names the object acted on.
Action = Literal[
    "drop_table",
    "create_table",
    "drop_column",
    "add_column",
    "alter_column",
    "table_comment",
    "drop_primary_key",
    "drop_constraint",
    "add_constraint",
    "drop_index",
    "add_index",
    "model",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class DriftState:
    """The model's and the database's specs, and the tables drifts have touched."""

    model: SchemaSpec
    db: SchemaSpec
    touched: frozenset[str] = frozenset()

    @classmethod
    def start(cls, schema: SchemaSpec) -> DriftState:
        return cls(model=schema, db=schema)

    def untouched(self) -> list[TableSpec]:
        """Tables present on both sides that no drift has touched, in spec order."""
        model_names = {t.name for t in self.model.tables}
        return [t for t in self.db.tables if t.name not in self.touched and t.name in model_names]

    def used_names(self) -> set[str]:
        names: set[str] = {menus.fold("primary")}
        for spec in (self.model, self.db):
            for table in spec.tables:
                names.add(menus.fold(table.name))
                names.update(menus.fold(fk.name) for fk in table.foreign_keys)
                names.update(menus.fold(u.name) for u in table.uniques)
                names.update(menus.fold(i.name) for i in table.indexes)
                names.update(menus.fold(c.name) for c in table.checks)
                if table.pk_name:
                    names.add(menus.fold(table.pk_name))
                for column in table.columns:
                    if column.type.enum_name:
                        names.add(menus.fold(column.type.enum_name))
        return names


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Drift:
    """One change and its known answer."""

    kind: DiffKind
    description: str
    side: Side
    action: Action
    table: str
    before: DriftState = field(repr=False)
    after: DriftState = field(repr=False)
    expected: frozenset[Expected]
    column: str | None = None
    target: str | None = None

    def __repr__(self) -> str:
        expected = ", ".join(f"({k.name}, {t!r}, {c!r})" for k, t, c in sorted(self.expected))
        return f"<Drift {self.side}: {self.description} -> {{{expected}}}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


# -- the catalogue ---------------------------------------------------------------------------
Planner = Callable[[DriftState], list[Drift]]


def kinds_for(dialect: Dialect) -> tuple[DiffKind, ...]:
    """Every DiffKind the dialect can express, in the contract's order."""
    return tuple(k for k in DiffKind if k in _PLANNERS and (k, dialect) not in _INEXPRESSIBLE)


#: SQLite stores no comments, so no drift can make a comment differ there.
_INEXPRESSIBLE = frozenset({(DiffKind.COMMENT_MISMATCH, "sqlite")})


def candidates(kind: DiffKind, state: DriftState) -> list[Drift]:
    """Every drift of ``kind`` applicable to ``state`` (possibly none)."""
    if (kind, state.db.dialect) in _INEXPRESSIBLE:
        return []
    return _PLANNERS[kind](state)


def expected_union(drifts: Iterable[Drift]) -> frozenset[Expected]:
    out: set[Expected] = set()
    for drift in drifts:
        out |= drift.expected
    return frozenset(out)


def _make(
    state: DriftState,
    kind: DiffKind,
    description: str,
    *,
    action: Action,
    table: str,
    model: SchemaSpec | None = None,
    db: SchemaSpec | None = None,
    expected: Iterable[Expected] | None = None,
    column: str | None = None,
    target: str | None = None,
) -> Drift:
    side: Side = "model" if model is not None else "database"
    after = DriftState(
        model=model if model is not None else state.model,
        db=db if db is not None else state.db,
        touched=state.touched | {table},
    )
    return Drift(
        kind=kind,
        description=description,
        side=side,
        action=action,
        table=table,
        before=state,
        after=after,
        expected=frozenset(expected if expected is not None else {(kind, table, column)}),
        column=column,
        target=target,
    )


# -- tables ----------------------------------------------------------------------------------
def _table_missing(state: DriftState) -> list[Drift]:
    referenced = state.db.referenced_tables() | state.model.referenced_tables()
    return [
        _make(
            state,
            DiffKind.TABLE_MISSING,
            f"DROP TABLE {t.name!r}",
            action="drop_table",
            table=t.name,
            db=state.db.without_table(t.name),
        )
        for t in state.untouched()
        if t.name not in referenced
    ]


def _table_extra(state: DriftState) -> list[Drift]:
    dialect = state.db.dialect
    name = menus.fresh("extra", state.used_names(), dialect)
    extra = TableSpec(name=name, columns=(ColumnSpec(name="id", type=TypeChoice(kind="integer")),))
    out = [
        _make(
            state,
            DiffKind.TABLE_EXTRA,
            f"CREATE TABLE {name!r}",
            action="create_table",
            table=name,
            db=state.db.with_table(extra),
        )
    ]
    referenced = state.model.referenced_tables()
    out.extend(
        _make(
            state,
            DiffKind.TABLE_EXTRA,
            f"model forgets table {t.name!r}",
            action="model",
            table=t.name,
            model=state.model.without_table(t.name),
        )
        for t in state.untouched()
        # The model must keep a table: an empty target is a usage error, not a drift.
        if t.name not in referenced and len(state.model.tables) > 1
    )
    return out


# -- columns ---------------------------------------------------------------------------------
def _free_columns(table: TableSpec) -> list[ColumnSpec]:
    """Columns no key, index, check or generated column depends on."""
    bound = table.constrained_columns()
    return [c for c in table.columns if c.name not in bound]


def _generated_key(table: TableSpec, column: ColumnSpec, dialect: Dialect) -> bool:
    """Whether the database generates this column's values (serial, identity, rowid…)."""
    return (
        table.primary_key == (column.name,)
        and column.type.kind in menus.INTEGER_KINDS
        and (column.autoincrement != "off" or dialect == "sqlite")
    )


def _column_missing(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    for table in state.untouched():
        if len(table.columns) < 2:
            continue
        for column in _free_columns(table):
            changed = replace(table, columns=tuple(c for c in table.columns if c is not column))
            out.append(
                _make(
                    state,
                    DiffKind.COLUMN_MISSING,
                    f"ALTER TABLE {table.name!r} DROP COLUMN {column.name!r}",
                    action="drop_column",
                    table=table.name,
                    column=column.name,
                    db=state.db.replace_table(changed),
                )
            )
    return out


def _column_extra(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        taken = {menus.fold(c.name) for c in table.columns}
        name = menus.fresh("extra", taken, dialect)
        added = ColumnSpec(name=name, type=TypeChoice(kind="integer"))
        out.append(
            _make(
                state,
                DiffKind.COLUMN_EXTRA,
                f"ALTER TABLE {table.name!r} ADD COLUMN {name!r}",
                action="add_column",
                table=table.name,
                column=name,
                db=state.db.replace_table(replace(table, columns=(*table.columns, added))),
            )
        )
        if len(table.columns) >= 2:
            for column in _free_columns(table):
                model_table = state.model.table(table.name)
                forgotten = replace(
                    model_table,
                    columns=tuple(c for c in model_table.columns if c.name != column.name),
                )
                out.append(
                    _make(
                        state,
                        DiffKind.COLUMN_EXTRA,
                        f"model forgets column {table.name!r}.{column.name!r}",
                        action="model",
                        table=table.name,
                        column=column.name,
                        model=state.model.replace_table(forgotten),
                    )
                )
    return out


def _alter(
    state: DriftState,
    kind: DiffKind,
    table: TableSpec,
    column: ColumnSpec,
    changed: ColumnSpec,
    what: str,
    expected: Iterable[Expected] | None = None,
) -> Drift:
    return _make(
        state,
        kind,
        f"ALTER TABLE {table.name!r} ALTER COLUMN {column.name!r}: {what}",
        action="alter_column",
        table=table.name,
        column=column.name,
        db=state.db.replace_table(table.replace_column(changed)),
        expected=expected,
    )


def _other_types(choice: TypeChoice, dialect: Dialect) -> list[tuple[TypeChoice, str]]:
    """Types certainly different from ``choice`` under the contract, with a label."""
    out: list[tuple[TypeChoice, str]] = []
    if choice.kind in menus.NUMBER_KINDS:
        out.append((TypeChoice(kind="varchar", length=20), "to varchar(20)"))
    else:
        out.append((TypeChoice(kind="integer"), "to integer"))
    if choice.kind in {"varchar", "char"} and choice.length is not None:
        out.append((replace(choice, length=choice.length + 1), "length + 1"))
    if choice.kind == "numeric" and choice.precision is not None:
        out.append((replace(choice, precision=choice.precision + 1), "precision + 1"))
    if dialect == "postgresql" and choice.kind in {"timestamp", "time"}:
        out.append((replace(choice, timezone=not choice.timezone), "time zone toggled"))
    if dialect == "mysql" and choice.kind in menus.INTEGER_KINDS:
        out.append((replace(choice, unsigned=not choice.unsigned), "signedness toggled"))
    if dialect == "mysql" and choice.kind in {"enum", "set"} and choice.values is not None:
        out.append((replace(choice, values=(*choice.values, "zz")), "label added"))
    return out


def _type_mismatch(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        for column in _free_columns(table):
            if column.default is not None or column.collation is not None:
                continue
            for choice, label in _other_types(column.type, dialect):
                out.append(
                    _alter(
                        state,
                        DiffKind.TYPE_MISMATCH,
                        table,
                        column,
                        replace(column, type=choice),
                        f"type {column.type.describe()} -> {choice.describe()} ({label})",
                    )
                )
    return out


def _set_null_columns(table: TableSpec) -> set[str]:
    return {
        c
        for fk in table.foreign_keys
        if "SET NULL" in (fk.ondelete, fk.onupdate)
        for c in fk.columns
    }


def _nullable_mismatch(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        for column in table.columns:
            if column.name in table.primary_key or column.computed is not None:
                continue
            if dialect == "mysql" and column.nullable and column.name in _set_null_columns(table):
                continue  # InnoDB: a SET NULL key's column cannot become NOT NULL
            out.append(
                _alter(
                    state,
                    DiffKind.NULLABLE_MISMATCH,
                    table,
                    column,
                    replace(column, nullable=not column.nullable),
                    "SET NOT NULL" if column.nullable else "DROP NOT NULL",
                )
            )
    return out


def _default_mismatch(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        for column in table.columns:
            if column.computed is not None or _generated_key(table, column, dialect):
                continue
            menu = menus.default_menu(column.type, dialect)
            if column.default is not None:
                changed, what = replace(column, default=None), "DROP DEFAULT"
            elif menu:
                changed, what = replace(column, default=menu[0]), f"SET DEFAULT {menu[0]}"
            else:
                continue
            out.append(_alter(state, DiffKind.DEFAULT_MISMATCH, table, column, changed, what))
    return out


def _autoincrement_mismatch(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        if len(table.primary_key) != 1:
            continue
        column = table.column(table.primary_key[0])
        if column.type.kind not in menus.INTEGER_KINDS:
            continue
        expected = {(DiffKind.AUTOINCREMENT_MISMATCH, table.name, column.name)}
        if dialect == "sqlite":
            if column.type.kind == "integer" and column.autoincrement == "auto":
                toggled = replace(table, sqlite_autoincrement=not table.sqlite_autoincrement)
                out.append(
                    _make(
                        state,
                        DiffKind.AUTOINCREMENT_MISMATCH,
                        f"recreate {table.name!r} with AUTOINCREMENT "
                        + ("removed" if table.sqlite_autoincrement else "added"),
                        action="alter_column",
                        table=table.name,
                        column=column.name,
                        db=state.db.replace_table(toggled),
                        expected=expected,
                    )
                )
            continue
        if column.autoincrement == "off":
            mode = "identity" if dialect == "postgresql" else "auto"
            if column.default is not None:
                continue
            if dialect == "mysql" and any(c.column == column.name for c in table.checks):
                continue  # MySQL refuses a CHECK on an AUTO_INCREMENT column
        else:
            mode = "off"
        out.append(
            _alter(
                state,
                DiffKind.AUTOINCREMENT_MISMATCH,
                table,
                column,
                replace(column, autoincrement=mode),  # type: ignore[arg-type]
                f"autoincrement {column.autoincrement} -> {mode}",
            )
        )
    return out


def _computed_mismatch(state: DriftState) -> list[Drift]:
    return [
        _alter(
            state,
            DiffKind.COMPUTED_MISMATCH,
            table,
            column,
            replace(column, computed=None),
            "DROP EXPRESSION",
        )
        for table in state.untouched()
        for column in table.columns
        if column.computed is not None
    ]


def _collation_mismatch(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    choices = menus.COLLATIONS[dialect]
    for table in state.untouched():
        for column in table.columns:
            if column.type.kind not in menus.STRING_KINDS:
                continue
            if column.collation is not None:
                other = next(c for c in choices if c != column.collation)
                out.append(
                    _alter(
                        state,
                        DiffKind.COLLATION_MISMATCH,
                        table,
                        column,
                        replace(column, collation=other),
                        f"COLLATE {column.collation} -> {other}",
                    )
                )
            else:
                declared = menus.NON_DEFAULT_COLLATION[dialect]
                model_table = state.model.table(table.name)
                model_column = replace(model_table.column(column.name), collation=declared)
                out.append(
                    _make(
                        state,
                        DiffKind.COLLATION_MISMATCH,
                        f"model declares COLLATE {declared} on {table.name!r}.{column.name!r}",
                        action="model",
                        table=table.name,
                        column=column.name,
                        model=state.model.replace_table(model_table.replace_column(model_column)),
                    )
                )
    return out


def _comment_mismatch(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    # Only a declared comment is compared, and an empty one declares nothing
    # (PostgreSQL's COMMENT IS '' removes the comment; MySQL stores none).
    for table in state.untouched():
        if table.comment:
            out.append(
                _make(
                    state,
                    DiffKind.COMMENT_MISMATCH,
                    f"COMMENT ON TABLE {table.name!r}",
                    action="table_comment",
                    table=table.name,
                    db=state.db.replace_table(replace(table, comment=menus.DRIFTED_COMMENT)),
                )
            )
        for column in table.columns:
            if column.comment:
                out.append(
                    _alter(
                        state,
                        DiffKind.COMMENT_MISMATCH,
                        table,
                        column,
                        replace(column, comment=menus.DRIFTED_COMMENT),
                        "COMMENT changed",
                    )
                )
    return out


# -- keys ------------------------------------------------------------------------------------
def _primary_key_mismatch(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    referenced = state.db.referenced_tables()
    for table in state.untouched():
        if not table.primary_key or table.name in referenced:
            continue
        expected: set[Expected] = {(DiffKind.PRIMARY_KEY_MISMATCH, table.name, None)}
        lone = table.column(table.primary_key[0]) if len(table.primary_key) == 1 else None
        if lone is not None and _generated_key(table, lone, dialect):
            if dialect == "mysql":
                continue  # an AUTO_INCREMENT column must stay a key
            if dialect == "sqlite" and lone.type.kind == "integer":
                # Without the key the column is no longer an alias of the rowid.
                expected.add((DiffKind.AUTOINCREMENT_MISMATCH, table.name, lone.name))
        key_set = set(table.primary_key)
        same_set = [u for u in table.uniques if set(u.columns) == key_set]
        # A plain unique index on the key's columns survives the key and keeps the guarantee.
        kept_by_index = any(i.is_plain_unique and set(i.columns) == key_set for i in table.indexes)
        if (
            dialect == "postgresql"
            and same_set
            and not kept_by_index
            and all(u.columns == table.primary_key for u in same_set)
        ):
            # CREATE TABLE folded the UNIQUEs listing the key's columns in the key's order
            # into the key: dropping the key loses the guarantee.  A UNIQUE over the same
            # columns in another order is kept, and still gives it (compared by set).
            expected.add((DiffKind.UNIQUE_MISSING, table.name, None))
        changed = replace(table, primary_key=(), pk_name=None, sqlite_autoincrement=False)
        out.append(
            _make(
                state,
                DiffKind.PRIMARY_KEY_MISMATCH,
                f"ALTER TABLE {table.name!r} DROP PRIMARY KEY",
                action="drop_primary_key",
                table=table.name,
                db=state.db.replace_table(changed),
                expected=expected,
            )
        )
    return out


def _fk_needs_index(table: TableSpec, columns: tuple[str, ...]) -> bool:
    """InnoDB refuses to drop an index a foreign key relies on (leading columns)."""
    return any(columns[: len(fk.columns)] == fk.columns for fk in table.foreign_keys)


def _acting_columns(table: TableSpec) -> set[str]:
    """Columns of foreign keys with a referential action other than refusing."""
    return {
        c
        for fk in table.foreign_keys
        if {_action(fk.ondelete), _action(fk.onupdate)} - {None, "RESTRICT"}
        for c in fk.columns
    }


def _foreign_key_missing(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        for fk in table.foreign_keys:
            changed = replace(
                table, foreign_keys=tuple(f for f in table.foreign_keys if f is not fk)
            )
            out.append(
                _make(
                    state,
                    DiffKind.FOREIGN_KEY_MISSING,
                    f"ALTER TABLE {table.name!r} DROP CONSTRAINT {fk.name!r}",
                    action="drop_constraint",
                    table=table.name,
                    target=fk.name,
                    db=state.db.replace_table(changed),
                )
            )
            # CASCADE differs from every "refuse" action; RESTRICT and NO ACTION are
            # not told apart here because InnoDB treats them as one.
            other = "CASCADE" if _action(fk.ondelete) in (None, "RESTRICT") else None
            checked = {c.column for c in table.checks}
            if dialect == "mysql" and other is not None and checked & set(fk.columns):
                continue  # MariaDB error 1901: no referential action on CHECKed columns
            rebuilt = replace(
                table,
                foreign_keys=tuple(
                    replace(f, ondelete=other) if f is fk else f for f in table.foreign_keys
                ),
            )
            out.append(
                _make(
                    state,
                    DiffKind.FOREIGN_KEY_MISSING,
                    f"foreign key {fk.name!r} recreated with ON DELETE {other}",
                    action="add_constraint",
                    table=table.name,
                    target=fk.name,
                    db=state.db.replace_table(rebuilt),
                    expected={
                        (DiffKind.FOREIGN_KEY_MISSING, table.name, None),
                        (DiffKind.FOREIGN_KEY_EXTRA, table.name, None),
                    },
                )
            )
    return out


def _action(action: str | None) -> str | None:
    """``NO ACTION`` is what no clause means (CONTRACT: compared after normalisation)."""
    return None if action in (None, "NO ACTION") else action


def _foreign_key_extra(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    for table in state.untouched():
        model_table = state.model.table(table.name)
        for fk in model_table.foreign_keys:
            forgotten = replace(
                model_table, foreign_keys=tuple(f for f in model_table.foreign_keys if f is not fk)
            )
            out.append(
                _make(
                    state,
                    DiffKind.FOREIGN_KEY_EXTRA,
                    f"model forgets foreign key {fk.name!r}",
                    action="model",
                    table=table.name,
                    model=state.model.replace_table(forgotten),
                )
            )
    return out


def unique_facts(table: TableSpec) -> set[frozenset[str]]:
    """Column sets the table guarantees unique: uniques, plain unique indexes, the key.

    The primary key counts because PostgreSQL and SQLite silently drop a UNIQUE that
    repeats it at CREATE TABLE; no drift here relies on that UNIQUE existing apart.
    """
    facts = {frozenset(u.columns) for u in table.uniques}
    if table.primary_key:
        facts.add(frozenset(table.primary_key))
    facts |= {frozenset(i.columns) for i in table.indexes if i.is_plain_unique}
    return facts


def _without(table: TableSpec, obj: UniqueSpec | IndexSpec | CheckSpec) -> TableSpec:
    return replace(
        table,
        uniques=tuple(u for u in table.uniques if u is not obj),
        indexes=tuple(i for i in table.indexes if i is not obj),
        checks=tuple(c for c in table.checks if c is not obj),
    )


def _unique_missing(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        dropped: list[UniqueSpec | IndexSpec] = [*table.uniques]
        dropped.extend(i for i in table.indexes if i.is_plain_unique)
        for obj in dropped:
            changed = _without(table, obj)
            if unique_facts(changed) == unique_facts(table):
                continue  # another constraint still guarantees the same columns
            if dialect == "mysql" and _fk_needs_index(table, obj.columns):
                continue
            is_index = isinstance(obj, IndexSpec)
            out.append(
                _make(
                    state,
                    DiffKind.UNIQUE_MISSING,
                    f"{'DROP INDEX' if is_index else 'DROP CONSTRAINT'} {obj.name!r}",
                    action="drop_index" if is_index else "drop_constraint",
                    table=table.name,
                    target=obj.name,
                    db=state.db.replace_table(changed),
                )
            )
    return out


def _unique_extra(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    used = state.used_names()
    for table in state.untouched():
        facts = unique_facts(table)
        for column in table.columns:
            if column.computed is not None or not menus.indexable(column.type, dialect):
                continue
            if frozenset({column.name}) in facts:
                continue
            unique = UniqueSpec(
                name=menus.fresh("uq_extra", set(used), dialect), columns=(column.name,)
            )
            out.append(
                _make(
                    state,
                    DiffKind.UNIQUE_EXTRA,
                    f"ALTER TABLE {table.name!r} ADD UNIQUE ({column.name!r})",
                    action="add_constraint",
                    table=table.name,
                    target=unique.name,
                    db=state.db.replace_table(replace(table, uniques=(*table.uniques, unique))),
                )
            )
        model_table = state.model.table(table.name)
        for unique in model_table.uniques:
            forgotten = _without(model_table, unique)
            if unique_facts(forgotten) == unique_facts(model_table):
                continue
            out.append(
                _make(
                    state,
                    DiffKind.UNIQUE_EXTRA,
                    f"model forgets unique {unique.name!r}",
                    action="model",
                    table=table.name,
                    model=state.model.replace_table(forgotten),
                )
            )
    return out


def _index_missing(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        for index in table.indexes:
            if index.is_plain_unique:
                continue  # that is a unique fact (see _unique_missing)
            columns = tuple(c for _, c in index.elements)
            if dialect == "mysql" and _fk_needs_index(table, columns):
                continue
            out.append(
                _make(
                    state,
                    DiffKind.INDEX_MISSING,
                    f"DROP INDEX {index.name!r}",
                    action="drop_index",
                    table=table.name,
                    target=index.name,
                    db=state.db.replace_table(_without(table, index)),
                )
            )
    return out


def _index_extra(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    used = state.used_names()
    for table in state.untouched():
        for column in table.columns:
            if column.computed is not None or not menus.indexable(column.type, dialect):
                continue
            index = IndexSpec(
                name=menus.fresh("ix_extra", set(used), dialect),
                elements=(("column", column.name),),
            )
            out.append(
                _make(
                    state,
                    DiffKind.INDEX_EXTRA,
                    f"CREATE INDEX ON {table.name!r} ({column.name!r})",
                    action="add_index",
                    table=table.name,
                    target=index.name,
                    db=state.db.replace_table(replace(table, indexes=(*table.indexes, index))),
                )
            )
        model_table = state.model.table(table.name)
        for index in model_table.indexes:
            if index.is_plain_unique:
                continue
            out.append(
                _make(
                    state,
                    DiffKind.INDEX_EXTRA,
                    f"model forgets index {index.name!r}",
                    action="model",
                    table=table.name,
                    model=state.model.replace_table(_without(model_table, index)),
                )
            )
    return out


def _check_missing(state: DriftState) -> list[Drift]:
    return [
        _make(
            state,
            DiffKind.CHECK_MISSING,
            f"ALTER TABLE {table.name!r} DROP CONSTRAINT {check.name!r}",
            action="drop_constraint",
            table=table.name,
            target=check.name,
            db=state.db.replace_table(_without(table, check)),
        )
        for table in state.untouched()
        for check in table.checks
    ]


def _check_extra(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    used = state.used_names()
    for table in state.untouched():
        for column in table.columns:
            if column.computed is not None:
                continue
            if dialect == "mysql" and (
                _generated_key(table, column, dialect) or column.name in _acting_columns(table)
            ):
                continue  # MariaDB error 1901: no CHECK on these columns
            check = CheckSpec(name=menus.fresh("ck_extra", set(used), dialect), column=column.name)
            out.append(
                _make(
                    state,
                    DiffKind.CHECK_EXTRA,
                    f"ALTER TABLE {table.name!r} ADD CHECK ({column.name!r} IS NOT NULL)",
                    action="add_constraint",
                    table=table.name,
                    target=check.name,
                    db=state.db.replace_table(replace(table, checks=(*table.checks, check))),
                )
            )
        model_table = state.model.table(table.name)
        for check in model_table.checks:
            out.append(
                _make(
                    state,
                    DiffKind.CHECK_EXTRA,
                    f"model forgets check {check.name!r}",
                    action="model",
                    table=table.name,
                    model=state.model.replace_table(_without(model_table, check)),
                )
            )
    return out


_PLANNERS: Mapping[DiffKind, Planner] = {
    DiffKind.TABLE_MISSING: _table_missing,
    DiffKind.TABLE_EXTRA: _table_extra,
    DiffKind.COLUMN_MISSING: _column_missing,
    DiffKind.COLUMN_EXTRA: _column_extra,
    DiffKind.TYPE_MISMATCH: _type_mismatch,
    DiffKind.NULLABLE_MISMATCH: _nullable_mismatch,
    DiffKind.DEFAULT_MISMATCH: _default_mismatch,
    DiffKind.AUTOINCREMENT_MISMATCH: _autoincrement_mismatch,
    DiffKind.COMPUTED_MISMATCH: _computed_mismatch,
    DiffKind.COLLATION_MISMATCH: _collation_mismatch,
    DiffKind.COMMENT_MISMATCH: _comment_mismatch,
    DiffKind.PRIMARY_KEY_MISMATCH: _primary_key_mismatch,
    DiffKind.FOREIGN_KEY_MISSING: _foreign_key_missing,
    DiffKind.FOREIGN_KEY_EXTRA: _foreign_key_extra,
    DiffKind.UNIQUE_MISSING: _unique_missing,
    DiffKind.UNIQUE_EXTRA: _unique_extra,
    DiffKind.INDEX_MISSING: _index_missing,
    DiffKind.INDEX_EXTRA: _index_extra,
    DiffKind.CHECK_MISSING: _check_missing,
    DiffKind.CHECK_EXTRA: _check_extra,
}
