"""Drifts of uniqueness guarantees and of indexes.

A UNIQUE constraint and a plain unique index on the same columns are one fact
(README "Severity rules"), so dropping one while the other remains is no drift.
"""

from __future__ import annotations

from dataclasses import replace

from parity.report import DiffKind
from parity.strategies import menus
from parity.strategies.drifts.record import Drift, DriftState, make
from parity.strategies.drifts.rules import fk_needs_index, unique_facts, without
from parity.strategies.spec import IndexSpec, UniqueSpec


def unique_missing(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        dropped: list[UniqueSpec | IndexSpec] = [*table.uniques]
        dropped.extend(i for i in table.indexes if i.is_plain_unique)
        for obj in dropped:
            changed = without(table, obj)
            if unique_facts(changed) == unique_facts(table):
                continue  # another constraint still guarantees the same columns
            if dialect == "mysql" and fk_needs_index(table, obj.columns):
                continue
            is_index = isinstance(obj, IndexSpec)
            out.append(
                make(
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


def unique_extra(state: DriftState) -> list[Drift]:
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
                make(
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
            forgotten = without(model_table, unique)
            if unique_facts(forgotten) == unique_facts(model_table):
                continue
            out.append(
                make(
                    state,
                    DiffKind.UNIQUE_EXTRA,
                    f"model forgets unique {unique.name!r}",
                    action="model",
                    table=table.name,
                    model=state.model.replace_table(forgotten),
                )
            )
    return out


def index_missing(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        for index in table.indexes:
            if index.is_plain_unique:
                continue  # that is a unique fact (see unique_missing)
            columns = tuple(c for _, c in index.elements)
            if dialect == "mysql" and fk_needs_index(table, columns):
                continue
            out.append(
                make(
                    state,
                    DiffKind.INDEX_MISSING,
                    f"DROP INDEX {index.name!r}",
                    action="drop_index",
                    table=table.name,
                    target=index.name,
                    db=state.db.replace_table(without(table, index)),
                )
            )
    return out


def index_extra(state: DriftState) -> list[Drift]:
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
                make(
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
                make(
                    state,
                    DiffKind.INDEX_EXTRA,
                    f"model forgets index {index.name!r}",
                    action="model",
                    table=table.name,
                    model=state.model.replace_table(without(model_table, index)),
                )
            )
    return out
