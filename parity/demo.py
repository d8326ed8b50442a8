"""``parity demo``: a real check on a throwaway SQLite database with realistic drift.

The five cost tables are created from a drifted copy of the models, as a hand-applied
hotfix or a forgotten migration would leave them, then checked against the real models
exactly as the startup guard does.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import Column, Float, Index, Integer, MetaData, String, Table, create_engine
from sqlalchemy.pool import NullPool

from parity.api import compare
from parity.cost_names import COST_TABLE_NAMES
from parity.report import ParityReport


def drifted_cost_metadata() -> MetaData:
    """The cost tables as a drifted production database might hold them."""
    from parity import cost_tables

    drifted = MetaData()
    for table in cost_tables.metadata.sorted_tables:
        table.to_metadata(drifted)
    records = drifted.tables["cost_records"]
    # Money stored as an integer after a "quick fix": fractional cents are cut.
    records.c.cost_cents.type = Integer()
    # An index dropped by hand during an incident and never restored.
    records.indexes.discard(next(i for i in records.indexes if i.name == "ix_cost_records_user_id"))
    budgets = drifted.tables["cost_budgets"]
    budgets.c.warn_threshold_pct.nullable = True
    # A column added by another service: NOT NULL with no default breaks our inserts.
    budgets.append_column(Column("currency", String(3), nullable=False))
    Table(
        "legacy_invoices", drifted, Column("id", Integer, primary_key=True), Column("total", Float)
    )
    Index("ix_legacy_invoices_total", drifted.tables["legacy_invoices"].c.total)
    return drifted


def run_demo(directory: Path | None = None) -> tuple[str, ParityReport]:
    """Create the drifted database, check it, return ``(url, report)``.

    Without ``directory`` the database lives in a temporary folder that is deleted
    before this returns: a demo leaves nothing behind.
    """
    if directory is not None:
        return _run_in(Path(directory))
    with tempfile.TemporaryDirectory(prefix="parity-demo-") as folder:
        return _run_in(Path(folder))


def _run_in(folder: Path) -> tuple[str, ParityReport]:
    from parity import cost_tables

    path = folder / "demo.sqlite3"
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    engine = create_engine(url, poolclass=NullPool)
    drifted_cost_metadata().create_all(engine)
    engine.dispose()
    report = compare(url, cost_tables.metadata, critical=COST_TABLE_NAMES)
    return url, report
