"""What a drift is: the two specs it moves between, what it does, and its known answer.

:func:`make` is the one constructor the planners use: it records which side changed,
marks the table touched (a sequence never touches a table twice, so its answer is the
union of its drifts' answers) and defaults the answer to the drift's own kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from parity.report import DiffKind
from parity.strategies import menus
from parity.strategies.spec import ColumnSpec, SchemaSpec, TableSpec

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
    "alter_primary_key",
    "alter_enum",
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


Planner = Callable[[DriftState], list[Drift]]


def expected_union(drifts: Iterable[Drift]) -> frozenset[Expected]:
    out: set[Expected] = set()
    for drift in drifts:
        out |= drift.expected
    return frozenset(out)


def make(
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


def alter(
    state: DriftState,
    kind: DiffKind,
    table: TableSpec,
    column: ColumnSpec,
    changed: ColumnSpec,
    what: str,
    expected: Iterable[Expected] | None = None,
) -> Drift:
    return make(
        state,
        kind,
        f"ALTER TABLE {table.name!r} ALTER COLUMN {column.name!r}: {what}",
        action="alter_column",
        table=table.name,
        column=column.name,
        db=state.db.replace_table(table.replace_column(changed)),
        expected=expected,
    )
