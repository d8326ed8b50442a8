"""Drifts of CHECK constraints."""

from __future__ import annotations

from dataclasses import replace

from parity.report import DiffKind
from parity.strategies import menus
from parity.strategies.drifts.record import Drift, DriftState, make
from parity.strategies.drifts.rules import acting_columns, generated_key, without
from parity.strategies.spec import CheckSpec


def check_missing(state: DriftState) -> list[Drift]:
    return [
        make(
            state,
            DiffKind.CHECK_MISSING,
            f"ALTER TABLE {table.name!r} DROP CONSTRAINT {check.name!r}",
            action="drop_constraint",
            table=table.name,
            target=check.name,
            db=state.db.replace_table(without(table, check)),
        )
        for table in state.untouched()
        for check in table.checks
    ]


def check_extra(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    used = state.used_names()
    for table in state.untouched():
        for column in table.columns:
            if column.computed is not None:
                continue
            if dialect == "mysql" and (
                generated_key(table, column, dialect) or column.name in acting_columns(table)
            ):
                continue  # MariaDB error 1901: no CHECK on these columns
            check = CheckSpec(name=menus.fresh("ck_extra", set(used), dialect), column=column.name)
            out.append(
                make(
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
                make(
                    state,
                    DiffKind.CHECK_EXTRA,
                    f"model forgets check {check.name!r}",
                    action="model",
                    table=table.name,
                    model=state.model.replace_table(without(model_table, check)),
                )
            )
    return out
