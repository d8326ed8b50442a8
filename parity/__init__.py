"""schema-parity: prove that SQLAlchemy/SQLModel models and a live database agree.

The public API (CONTRACT.md): :func:`compare` and its :class:`ParityReport` of typed
:class:`Difference` records; the startup guard (:func:`check_schema_parity`,
:func:`check_m26_cost_tables`, :func:`run_startup_parity_check`,
:class:`SchemaParityError`); and dialect plugins (:func:`dialect_for`,
:func:`register_dialect`).  ``parity.cost_tables`` is imported on demand, so that
importing ``parity`` adds nothing to any metadata.
"""

from __future__ import annotations

from parity.adapter import DialectAdapter
from parity.api import compare
from parity.errors import (
    InspectionError,
    ParityError,
    ParityUsageError,
    PluginLoadError,
    SchemaParityError,
)
from parity.guard import (
    COST_TABLE_NAMES,
    check_m26_cost_tables,
    check_schema_parity,
    run_startup_parity_check,
)
from parity.registry import dialect_for, register_dialect, unregister_dialect
from parity.report import Difference, DiffKind, ParityReport, Severity
from parity.snapshot import SchemaSnapshot, TypeSpec

__version__ = "0.1.0"

__all__ = [
    "COST_TABLE_NAMES",
    "DialectAdapter",
    "DiffKind",
    "Difference",
    "InspectionError",
    "ParityError",
    "ParityReport",
    "ParityUsageError",
    "PluginLoadError",
    "SchemaParityError",
    "SchemaSnapshot",
    "Severity",
    "TypeSpec",
    "check_m26_cost_tables",
    "check_schema_parity",
    "compare",
    "dialect_for",
    "register_dialect",
    "run_startup_parity_check",
    "unregister_dialect",
]
