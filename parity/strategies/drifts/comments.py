"""Drifts of table and column comments (not on SQLite, which stores none)."""

from __future__ import annotations

from dataclasses import replace

from parity.report import DiffKind
from parity.strategies import menus
from parity.strategies.drifts.record import Drift, DriftState, alter, make


def comment_mismatch(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    # Only a declared comment is compared, and an empty one declares nothing
    # (PostgreSQL's COMMENT IS '' removes the comment; MySQL stores none).
    for table in state.untouched():
        if table.comment:
            out.append(
                make(
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
                    alter(
                        state,
                        DiffKind.COMMENT_MISMATCH,
                        table,
                        column,
                        replace(column, comment=menus.DRIFTED_COMMENT),
                        "COMMENT changed",
                    )
                )
    return out
