"""The five cost tables the startup guard was written for (docs/cost_tables.md).

They live on their own SQLAlchemy registry, not on ``SQLModel.metadata``: importing
``parity.cost_tables`` must not add five tables to an application's own metadata (its
``create_all`` or Alembic autogenerate would otherwise see them).  ``metadata`` here
holds exactly these five tables; ``MODELS`` lists the classes.

Python-side defaults (``default=``, ``default_factory=``) are not server defaults and are
never compared.  SQL types come from the installed SQLModel (``str`` is its AutoString:
VARCHAR, 255 on MySQL; ``datetime`` is time-zone aware on SQLModel >= 0.0.50).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Column, MetaData
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from parity.cost_names import COST_TABLE_NAMES

__all__ = [
    "COST_TABLE_NAMES",
    "MODELS",
    "CostAnomaly",
    "CostBudget",
    "CostDailyAggregate",
    "CostRecord",
    "FeatureTag",
    "metadata",
]

_registry = registry()
metadata: MetaData = _registry.metadata


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _prefixed_id(prefix: str) -> Any:
    return lambda: f"{prefix}_{secrets.token_hex(8)}"


class _CostBase(SQLModel, registry=_registry):
    """Base of the cost models, bound to this module's own registry and metadata."""


class FeatureTag(_CostBase, table=True):
    __tablename__ = "feature_tags"

    id: str = Field(default_factory=_prefixed_id("ft"), primary_key=True)
    tenant_id: str = Field(index=True)
    tag: str = Field(index=True)
    display_name: str
    description: str | None = None
    budget_cents: int | None = None
    is_active: bool = True
    created_at: datetime = Field(default_factory=_utcnow)
    updated_at: datetime = Field(default_factory=_utcnow)


class CostRecord(_CostBase, table=True):
    """Append-only, high volume: one row per model call."""

    __tablename__ = "cost_records"

    id: str = Field(default_factory=_prefixed_id("cr"), primary_key=True)
    tenant_id: str = Field(index=True)
    user_id: str | None = Field(default=None, index=True)
    feature_tag: str | None = Field(default=None, index=True)
    request_id: str | None = None
    workflow_id: str | None = None
    skill_id: str | None = None
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    cost_cents: float
    created_at: datetime = Field(default_factory=_utcnow)


class CostAnomaly(_CostBase, table=True):
    __tablename__ = "cost_anomalies"

    id: str = Field(default_factory=_prefixed_id("ca"), primary_key=True)
    tenant_id: str = Field(index=True)
    anomaly_type: str  # USER_SPIKE, FEATURE_SPIKE, BUDGET_WARNING, BUDGET_EXCEEDED
    severity: str  # LOW, MEDIUM, HIGH, CRITICAL
    entity_type: str
    entity_id: str | None = None
    current_value_cents: float
    expected_value_cents: float
    deviation_pct: float
    threshold_pct: float = 200.0
    message: str
    incident_id: str | None = None
    action_taken: str | None = None
    resolved: bool = False
    resolved_at: datetime | None = None
    # The attribute is metadata_json; the column is named "metadata" (a name SQLModel
    # reserves on the class).  A checker comparing field names would see false drift here.
    metadata_json: dict[str, Any] | None = Field(
        default=None, sa_column=Column("metadata", JSON, nullable=True)
    )
    detected_at: datetime = Field(default_factory=_utcnow)
    derived_cause: str | None = None
    breach_count: int = 1


class CostBudget(_CostBase, table=True):
    __tablename__ = "cost_budgets"

    id: str = Field(default_factory=_prefixed_id("cb"), primary_key=True)
    tenant_id: str = Field(index=True)
    budget_type: str  # tenant, feature, user
    entity_id: str | None = None
    daily_limit_cents: int | None = None
    monthly_limit_cents: int | None = None
    warn_threshold_pct: int = 80
    hard_limit_enabled: bool = False
    is_active: bool = True
    created_at: datetime = Field(default_factory=_utcnow)
    updated_at: datetime = Field(default_factory=_utcnow)


class CostDailyAggregate(_CostBase, table=True):
    __tablename__ = "cost_daily_aggregates"

    id: str = Field(default_factory=_prefixed_id("cda"), primary_key=True)
    tenant_id: str = Field(index=True)
    date: datetime  # a type name on most databases: the dialect quotes it
    feature_tag: str | None = None
    user_id: str | None = None
    model: str | None = None
    total_cost_cents: float = 0.0
    total_input_tokens: int = 0
    total_output_tokens: int = 0
    request_count: int = 0
    created_at: datetime = Field(default_factory=_utcnow)
    updated_at: datetime = Field(default_factory=_utcnow)


MODELS: tuple[type[SQLModel], ...] = (
    FeatureTag,
    CostRecord,
    CostAnomaly,
    CostBudget,
    CostDailyAggregate,
)
