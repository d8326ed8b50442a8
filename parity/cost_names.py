"""The names of the five cost tables, on their own so that both the guard and the models
can import them: ``parity.guard`` must not import the SQLModel classes (and with them
SQLModel, pydantic and ``sqlalchemy.orm``) just to know the names, and
``parity.cost_tables`` must not import the guard."""

from __future__ import annotations

#: The five tables that must match exactly (docs/cost_tables.md).
COST_TABLE_NAMES: tuple[str, ...] = (
    "feature_tags",
    "cost_records",
    "cost_anomalies",
    "cost_budgets",
    "cost_daily_aggregates",
)
