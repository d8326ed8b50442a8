"""schema-parity: prove that SQLAlchemy/SQLModel models and a live database agree.

The public API (README): :func:`compare` and its :class:`ParityReport` of typed
:class:`Difference` records; the startup guard (:func:`check_schema_parity`,
:func:`check_m26_cost_tables`, :func:`run_startup_parity_check`,
:class:`SchemaParityError`); and dialect plugins (:func:`dialect_for`,
:func:`register_dialect`); :func:`compare_many` checks many databases and tenant
schemas concurrently.  ``parity.cost_tables`` is imported on demand, so that
importing ``parity`` adds nothing to any metadata.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parity.adapter import DialectAdapter
    from parity.aio import (
        check_m26_cost_tables_async,
        check_schema_parity_async,
        compare_async,
        run_startup_parity_check_async,
        take_snapshot_async,
    )
    from parity.api import compare
    from parity.cost_names import COST_TABLE_NAMES
    from parity.databases import diff_databases, take_snapshot
    from parity.errors import (
        InspectionError,
        ParityError,
        ParityUsageError,
        PluginLoadError,
        SchemaParityError,
    )
    from parity.guard import (
        check_m26_cost_tables,
        check_schema_parity,
        run_startup_parity_check,
    )
    from parity.many import TargetResult, compare_many
    from parity.registry import dialect_for, register_dialect, unregister_dialect
    from parity.report import Difference, DiffKind, ParityReport, Severity
    from parity.snapshot import SchemaSnapshot, TypeSpec
    from parity.snapshot_file import load_snapshot

# Names are imported on first use: ``import parity`` (and so the pytest plugin that
# lives in this package) must not pay for SQLAlchemy until something is called.
_HOMES = {
    "DialectAdapter": "parity.adapter",
    "check_m26_cost_tables_async": "parity.aio",
    "check_schema_parity_async": "parity.aio",
    "compare_async": "parity.aio",
    "run_startup_parity_check_async": "parity.aio",
    "take_snapshot_async": "parity.aio",
    "compare": "parity.api",
    "diff_databases": "parity.databases",
    "take_snapshot": "parity.databases",
    "InspectionError": "parity.errors",
    "ParityError": "parity.errors",
    "ParityUsageError": "parity.errors",
    "PluginLoadError": "parity.errors",
    "SchemaParityError": "parity.errors",
    "COST_TABLE_NAMES": "parity.cost_names",
    "check_m26_cost_tables": "parity.guard",
    "check_schema_parity": "parity.guard",
    "run_startup_parity_check": "parity.guard",
    "TargetResult": "parity.many",
    "compare_many": "parity.many",
    "dialect_for": "parity.registry",
    "register_dialect": "parity.registry",
    "unregister_dialect": "parity.registry",
    "Difference": "parity.report",
    "DiffKind": "parity.report",
    "ParityReport": "parity.report",
    "Severity": "parity.report",
    "SchemaSnapshot": "parity.snapshot",
    "TypeSpec": "parity.snapshot",
    "load_snapshot": "parity.snapshot_file",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'parity' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
    "TargetResult",
    "TypeSpec",
    "check_m26_cost_tables",
    "check_m26_cost_tables_async",
    "check_schema_parity",
    "check_schema_parity_async",
    "compare",
    "compare_async",
    "compare_many",
    "dialect_for",
    "diff_databases",
    "load_snapshot",
    "register_dialect",
    "run_startup_parity_check",
    "run_startup_parity_check_async",
    "take_snapshot",
    "take_snapshot_async",
    "unregister_dialect",
]
