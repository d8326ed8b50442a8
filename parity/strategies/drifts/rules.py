"""What the databases refuse or imply, shared by the planners of several kinds.

Each rule keeps a planner from offering a change the database would reject (InnoDB's
error 1901, an index a foreign key needs) or states a fact the answer depends on (a
generated key, the column sets a table guarantees unique).
"""

from __future__ import annotations

from dataclasses import replace

from parity.strategies import menus
from parity.strategies.spec import CheckSpec, ColumnSpec, Dialect, IndexSpec, TableSpec, UniqueSpec


def free_columns(table: TableSpec) -> list[ColumnSpec]:
    """Columns no key, index, check or generated column depends on."""
    bound = table.constrained_columns()
    return [c for c in table.columns if c.name not in bound]


def generated_key(table: TableSpec, column: ColumnSpec, dialect: Dialect) -> bool:
    """Whether the database generates this column's values (serial, identity, rowid…)."""
    return (
        table.primary_key == (column.name,)
        and column.type.kind in menus.INTEGER_KINDS
        and (column.autoincrement != "off" or dialect == "sqlite")
    )


def set_null_columns(table: TableSpec) -> set[str]:
    """Columns of a SET NULL foreign key: InnoDB refuses NOT NULL on them."""
    return {
        c
        for fk in table.foreign_keys
        if "SET NULL" in (fk.ondelete, fk.onupdate)
        for c in fk.columns
    }


def acting_columns(table: TableSpec) -> set[str]:
    """Columns of foreign keys with a referential action other than refusing."""
    return {
        c
        for fk in table.foreign_keys
        if {referential_action(fk.ondelete), referential_action(fk.onupdate)} - {None, "RESTRICT"}
        for c in fk.columns
    }


def referential_action(action: str | None) -> str | None:
    """``NO ACTION`` is what no clause means (compared after normalisation)."""
    return None if action in (None, "NO ACTION") else action


def fk_needs_index(table: TableSpec, columns: tuple[str, ...]) -> bool:
    """InnoDB refuses to drop an index a foreign key relies on (leading columns)."""
    return any(columns[: len(fk.columns)] == fk.columns for fk in table.foreign_keys)


def without(table: TableSpec, obj: UniqueSpec | IndexSpec | CheckSpec) -> TableSpec:
    """The table less one UNIQUE, index or CHECK (matched by identity, names may repeat)."""
    return replace(
        table,
        uniques=tuple(u for u in table.uniques if u is not obj),
        indexes=tuple(i for i in table.indexes if i is not obj),
        checks=tuple(c for c in table.checks if c is not obj),
    )


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
