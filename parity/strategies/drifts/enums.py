"""Drifts of PostgreSQL enum types, changed by ``ALTER TYPE`` while the table stays."""

from __future__ import annotations

from dataclasses import replace

from parity.report import DiffKind
from parity.strategies.drifts.record import Drift, DriftState, Expected, make
from parity.strategies.spec import ColumnSpec, TableSpec

#: The label enum drifts add or rename to (not in ``menus.ENUM_LABELS``).
DRIFTED_LABEL = "zz"


def enum_labels(state: DriftState) -> list[Drift]:
    """PostgreSQL enum types changed in place by ``ALTER TYPE``; no ``ALTER TABLE`` runs.

    A label added at the end or in front (``ADD VALUE … BEFORE``, the only reordering
    PostgreSQL has) changes the type alone.  A renamed label also changes every stored
    expression holding it, since those store the label's oid and print its new name: a
    default of that label, and a CHECK listing the labels (its text now differs).
    """
    if state.db.dialect != "postgresql":
        return []
    out: list[Drift] = []
    for table in state.untouched():
        for column in table.columns:
            labels = column.type.values
            if column.type.kind != "enum" or column.type.enum_name is None or labels is None:
                continue
            mismatch: Expected = (DiffKind.TYPE_MISMATCH, table.name, column.name)
            for changed, what in (
                ((*labels, DRIFTED_LABEL), f"ADD VALUE {DRIFTED_LABEL!r}"),
                ((DRIFTED_LABEL, *labels), f"ADD VALUE {DRIFTED_LABEL!r} BEFORE {labels[0]!r}"),
            ):
                out.append(_retyped(state, table, column, changed, what, {mismatch}))
            renamed = labels[-1]
            expected = {mismatch}
            if column.default == _sql_literal(renamed):
                expected.add((DiffKind.DEFAULT_MISMATCH, table.name, column.name))
            if any(c.column == column.name and c.op == "in_values" for c in table.checks):
                expected.add((DiffKind.CHECK_MISSING, table.name, None))
                expected.add((DiffKind.CHECK_EXTRA, table.name, None))
            changed = (*labels[:-1], DRIFTED_LABEL)
            what = f"RENAME VALUE {renamed!r} TO {DRIFTED_LABEL!r}"
            out.append(_retyped(state, table, column, changed, what, expected))
    return out


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _retyped(
    state: DriftState,
    table: TableSpec,
    column: ColumnSpec,
    labels: tuple[str, ...],
    what: str,
    expected: set[Expected],
) -> Drift:
    changed = replace(column, type=replace(column.type, values=labels))
    return make(
        state,
        DiffKind.TYPE_MISMATCH,
        f"ALTER TYPE {column.type.enum_name!r} {what}",
        action="alter_enum",
        table=table.name,
        column=column.name,
        target=column.type.enum_name,
        db=state.db.replace_table(table.replace_column(changed)),
        expected=expected,
    )
