"""The known-answer drift catalogue: real changes, each with the differences it must cause.

A :class:`Drift` moves a :class:`DriftState` (the model's spec and the database's spec)
to a new state, either on the database side (an ``ALTER TABLE``, ``DROP INDEX``,
``ALTER TYPE``, ``CREATE TABLE``… run by :func:`apply_drift`) or on the model side (the
model is rendered from a changed spec).  It carries the exact set of ``(DiffKind, table,
column)`` facts a correct comparison reports afterwards.

The expected answer is derived from the contract (the README's DiffKind and severity
tables), never from the comparator: a unique index and a unique constraint on the same
columns are one fact, a default of ``NO ACTION`` is no action, a database-side change
that leaves the set of facts unchanged is not offered as a drift.  Candidates are pure
functions of the state, so drawing one (``draw.drifts``) shrinks like any
``sampled_from``.

Each drift touches one table that no earlier drift of a sequence touched, so the
expected set of a sequence is the union of its drifts' sets.

The planners live by object kind (``tables``, ``columns``, ``enums``, ``comments``,
``keys``, ``indexes``, ``checks``); :data:`PLANNERS` says which ones offer each kind.
"""

from __future__ import annotations

from collections.abc import Mapping

from parity.report import DiffKind
from parity.strategies.drifts import checks, columns, comments, enums, indexes, keys, tables
from parity.strategies.drifts.record import (
    Action,
    Drift,
    DriftState,
    Expected,
    Planner,
    Side,
    expected_union,
)
from parity.strategies.drifts.rules import unique_facts
from parity.strategies.spec import Dialect

#: The planners offering each kind, simplest first (``sampled_from`` shrinks that way).
PLANNERS: Mapping[DiffKind, tuple[Planner, ...]] = {
    DiffKind.TABLE_MISSING: (tables.table_missing,),
    DiffKind.TABLE_EXTRA: (tables.table_extra,),
    DiffKind.COLUMN_MISSING: (columns.column_missing,),
    DiffKind.COLUMN_EXTRA: (columns.column_extra,),
    DiffKind.TYPE_MISMATCH: (columns.type_mismatch, enums.enum_labels),
    DiffKind.NULLABLE_MISMATCH: (columns.nullable_mismatch,),
    DiffKind.DEFAULT_MISMATCH: (columns.default_mismatch,),
    DiffKind.AUTOINCREMENT_MISMATCH: (columns.autoincrement_mismatch,),
    DiffKind.COMPUTED_MISMATCH: (columns.computed_mismatch,),
    DiffKind.COLLATION_MISMATCH: (columns.collation_mismatch,),
    DiffKind.COMMENT_MISMATCH: (comments.comment_mismatch,),
    DiffKind.PRIMARY_KEY_MISMATCH: (keys.primary_key_mismatch,),
    DiffKind.FOREIGN_KEY_MISSING: (keys.foreign_key_missing,),
    DiffKind.FOREIGN_KEY_EXTRA: (keys.foreign_key_extra,),
    DiffKind.UNIQUE_MISSING: (indexes.unique_missing,),
    DiffKind.UNIQUE_EXTRA: (indexes.unique_extra,),
    DiffKind.INDEX_MISSING: (indexes.index_missing,),
    DiffKind.INDEX_EXTRA: (indexes.index_extra,),
    DiffKind.CHECK_MISSING: (checks.check_missing,),
    DiffKind.CHECK_EXTRA: (checks.check_extra,),
}

#: SQLite stores no comments, so no drift can make a comment differ there.
_INEXPRESSIBLE = frozenset({(DiffKind.COMMENT_MISMATCH, "sqlite")})


def kinds_for(dialect: Dialect) -> tuple[DiffKind, ...]:
    """Every DiffKind the dialect can express, in the contract's order."""
    return tuple(k for k in DiffKind if k in PLANNERS and (k, dialect) not in _INEXPRESSIBLE)


def candidates(kind: DiffKind, state: DriftState) -> list[Drift]:
    """Every drift of ``kind`` applicable to ``state`` (possibly none)."""
    if (kind, state.db.dialect) in _INEXPRESSIBLE:
        return []
    return [drift for planner in PLANNERS[kind] for drift in planner(state)]


__all__ = [
    "PLANNERS",
    "Action",
    "Drift",
    "DriftState",
    "Expected",
    "Planner",
    "Side",
    "candidates",
    "expected_union",
    "kinds_for",
    "unique_facts",
]
