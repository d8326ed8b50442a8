"""Drifts of whole tables: dropped from the database, or present only there."""

from __future__ import annotations

from parity.report import DiffKind
from parity.strategies import menus
from parity.strategies.drifts.record import Drift, DriftState, make
from parity.strategies.spec import ColumnSpec, TableSpec, TypeChoice


def table_missing(state: DriftState) -> list[Drift]:
    referenced = state.db.referenced_tables() | state.model.referenced_tables()
    return [
        make(
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


def table_extra(state: DriftState) -> list[Drift]:
    dialect = state.db.dialect
    name = menus.fresh("extra", state.used_names(), dialect)
    extra = TableSpec(name=name, columns=(ColumnSpec(name="id", type=TypeChoice(kind="integer")),))
    out = [
        make(
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
        make(
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
