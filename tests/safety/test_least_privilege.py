"""Safety promise 4: a least-privilege account works, and what it cannot see is never "ok".

PostgreSQL: a role with only CONNECT on the database and USAGE on the schema compares
exactly as the superuser does (``pg_catalog`` is readable by every role).  A table in
a schema the role lacks USAGE on is reported as *not visible*: an error-level
``table_missing`` whose ``actual`` says so (never a plain "missing"), listed in
``unchecked`` too, and a hard-failing guard refuses to pass.

MySQL/MariaDB: ``information_schema`` lists only tables the account holds a privilege
on; a model table the account holds none on is *not visible* (the server will not say
whether it exists), and the guard fails closed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine

import parity
from parity.report import DiffKind
from tests.backends import ThrowawayDatabase


def _table(metadata: sa.MetaData, name: str, schema: str | None = None) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("amount", sa.Integer, nullable=False),
        schema=schema,
    )


def _invisible(report: parity.ParityReport) -> list[str]:
    return [what for what, why in report.unchecked if why.startswith("not visible")]


def _unseen(report: parity.ParityReport) -> list[str]:
    """Tables reported as error-level ``table_missing`` *because they are not visible*."""
    return [
        d.table
        for d in report.differences
        if d.kind is DiffKind.TABLE_MISSING
        and d.severity is parity.Severity.ERROR
        and (d.actual or "").startswith("not visible to this account")
        and d.message.startswith(f"cannot see table {d.table}")
    ]


@pytest.mark.backends("postgresql")
def test_postgresql_connect_and_usage_are_enough(backend_engine: Engine, account: URL) -> None:
    metadata = sa.MetaData()
    _table(metadata, "ledger")
    metadata.create_all(backend_engine)
    with backend_engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE ledger ALTER COLUMN amount DROP NOT NULL")
    as_owner = parity.compare(backend_engine, metadata)
    as_role = parity.compare(account, metadata, timeout=5)
    assert as_role.differences == as_owner.differences and as_role.differences
    assert _invisible(as_role) == []


@pytest.mark.backends("postgresql")
def test_postgresql_named_schema_needs_no_usage(
    backend_engine: Engine, create_schema: Callable[[], str], account: URL
) -> None:
    """``pg_catalog`` shows a named schema's tables to any role: compared as usual."""
    metadata = sa.MetaData()
    _table(metadata, "vault", schema=create_schema())
    metadata.create_all(backend_engine)
    report = parity.compare(account, metadata, timeout=5)
    assert report.ok and _invisible(report) == [], report.render()


@pytest.mark.backends("postgresql")
def test_postgresql_default_schema_without_usage_is_not_visible(
    backend_engine: Engine, account: URL
) -> None:
    """Without USAGE on ``public`` the role has no current schema: "cannot see"."""
    metadata = sa.MetaData()
    _table(metadata, "vault")
    metadata.create_all(backend_engine)
    with backend_engine.begin() as conn:
        conn.exec_driver_sql("REVOKE USAGE ON SCHEMA public FROM PUBLIC")
    report = parity.compare(account, metadata, timeout=5)
    assert _unseen(report) == ["vault"] and not report.ok
    assert _invisible(report) == ["table vault"]
    assert "USAGE" in dict(report.unchecked)["table vault"]
    with pytest.raises(parity.SchemaParityError, match="cannot see table vault"):
        parity.check_schema_parity(account, list(metadata.tables.values()))
    ok, errors = parity.check_schema_parity(account, list(metadata.tables.values()), False)
    assert not ok and any("cannot see" in e for e in errors)


@pytest.mark.backends("mysql")
def test_mysql_table_without_privilege_is_not_visible(
    backend_engine: Engine, backend_db: ThrowawayDatabase, account: URL
) -> None:
    metadata = sa.MetaData()
    _table(metadata, "ledger")
    _table(metadata, "vault")
    metadata.create_all(backend_engine)
    _table(metadata, "never_created")
    user = account.username
    with backend_engine.begin() as conn:
        conn.exec_driver_sql(f"GRANT SELECT ON {backend_db.name}.ledger TO '{user}'@'%%'")
    report = parity.compare(account, metadata, timeout=5)
    assert sorted(_invisible(report)) == ["table never_created", "table vault"]
    assert "SELECT" in dict(report.unchecked)["table vault"]
    # Invisible, not missing: the server will not say whether they exist.
    assert _unseen(report) == ["never_created", "vault"] and not report.ok
    with pytest.raises(parity.SchemaParityError, match="cannot see table vault"):
        parity.check_schema_parity(account, list(metadata.tables.values()))
    with pytest.raises(parity.SchemaParityError, match="cannot see table cost_records"):
        parity.check_m26_cost_tables(account)

    # With SELECT on the database every table is visible, and a missing one is missing.
    with backend_engine.begin() as conn:
        conn.exec_driver_sql(f"GRANT SELECT ON {backend_db.name}.* TO '{user}'@'%%'")
    report = parity.compare(account, metadata, timeout=5)
    assert _invisible(report) == []
    assert [d.table for d in report.differences if d.kind is DiffKind.TABLE_MISSING] == [
        "never_created"
    ]
    assert _unseen(report) == []
