"""Hypothesis strategies for schema-parity: random schemas and drifts with known answers.

Public API (the ``hypothesis`` extra: ``pip install 'schema-parity[hypothesis]'``)::

    from parity.strategies import schemas, drift_sequences, to_metadata, apply_drift

    @given(data=st.data())
    def test_my_adapter(engine, data):
        spec = data.draw(schemas("postgresql"))
        ...

* :func:`schemas` draws a frozen :class:`SchemaSpec` for one dialect;
  :func:`to_metadata` / :func:`to_sqlmodel` render it (pure functions);
* :func:`drifts` / :func:`drift_sequences` draw :class:`Drift` records: a real change to
  the database (applied by :func:`apply_drift`) or to the model, each carrying the
  exact set of ``(DiffKind, table, column)`` differences a correct comparison reports.

A third-party adapter can run the same properties this project runs on its own
dialects (``tests/properties``) by drawing from these strategies.
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised without the extra installed
    raise ImportError(
        "parity.strategies needs hypothesis: pip install 'schema-parity[hypothesis]'"
    ) from exc

from parity.strategies.apply import apply_drift, create_schema
from parity.strategies.draw import drift_sequences, drifts, identifiers, schemas, type_choices
from parity.strategies.drifts import (
    Drift,
    DriftState,
    Expected,
    candidates,
    expected_union,
    kinds_for,
)
from parity.strategies.render import sa_type, to_metadata, to_sqlmodel
from parity.strategies.spec import (
    CheckSpec,
    ColumnSpec,
    ComputedChoice,
    Dialect,
    ForeignKeySpec,
    IndexSpec,
    SchemaSpec,
    TableSpec,
    TypeChoice,
    UniqueSpec,
    WhereChoice,
)

__all__ = [
    "CheckSpec",
    "ColumnSpec",
    "ComputedChoice",
    "Dialect",
    "Drift",
    "DriftState",
    "Expected",
    "ForeignKeySpec",
    "IndexSpec",
    "SchemaSpec",
    "TableSpec",
    "TypeChoice",
    "UniqueSpec",
    "WhereChoice",
    "apply_drift",
    "candidates",
    "create_schema",
    "drift_sequences",
    "drifts",
    "expected_union",
    "identifiers",
    "kinds_for",
    "sa_type",
    "schemas",
    "to_metadata",
    "to_sqlmodel",
    "type_choices",
]
