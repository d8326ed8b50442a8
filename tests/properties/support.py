"""Shared machinery of the property tests: an empty database per example, the tally.

Isolation: ``backend_engine`` gives one throwaway database per *test*; hypothesis runs
many examples inside it, so each example first empties it again (SQLite: dispose the
engine and delete the file; PostgreSQL: ``DROP SCHEMA public CASCADE``, which takes
enum types and sequences with it; MariaDB: drop every table with key checks off).
Measured here (median of 10, while another suite ran): emptying costs 1 ms on SQLite,
22 ms on PostgreSQL and 22 ms on MariaDB, against 5 / 67 / 95 ms for ``create_all`` of
a drawn schema, so isolation is a small share of an example.  A fresh database per
example would cost about the same on the server but a new engine and connection each
time, and would leave thousands of databases to drop if a run is killed.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from sqlalchemy.engine import Connection, Engine

import parity
from parity.strategies import Expected

#: tally line ("sqlite", or "sqlite/spellings" for a property with its own line) ->
#: counts: pairs, drifts, false_positives, false_negatives.
TALLY: dict[str, Counter[str]] = {}
#: backend name -> how often each DiffKind was a false positive ("+kind") or negative ("-kind"),
#: shrinking steps included: the kinds hypothesis passed through on its way to a minimum.
MISSES: dict[str, Counter[str]] = {}


def scaled(fraction: float, *, floor: int = 5) -> settings:
    """Settings with ``max_examples`` a fraction of the active profile's.

    Every example builds and drops real tables, so the heavier properties take fewer
    examples than the profile's budget; ``deep`` still scales them up proportionally.
    """
    budget = settings.default.max_examples
    return settings(
        max_examples=max(floor, int(budget * fraction)),
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


def empty_database(engine: Engine) -> None:
    """Drop everything a previous example left in the throwaway database."""
    name = engine.dialect.name
    if name == "sqlite":
        engine.dispose()
        database = engine.url.database
        if database:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        return
    with engine.begin() as conn:
        if name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
            return
        tables = (
            conn.execute(
                sa.text(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = DATABASE()"
                )
            )
            .scalars()
            .all()
        )
        if tables:
            preparer = conn.dialect.identifier_preparer
            conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS = 0")
            names = ", ".join(preparer.quote_identifier(t) for t in tables)
            conn.exec_driver_sql(f"DROP TABLE {names}")
            conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS = 1")


def facts(report: parity.ParityReport) -> frozenset[Expected]:
    """The report reduced to what a drift predicts: (kind, table, column)."""
    return frozenset((d.kind, d.table, d.column) for d in report.differences)


def record(
    backend: str,
    report: parity.ParityReport,
    expected: Iterable[Expected],
    *,
    drifts: int = 0,
    line: str | None = None,
) -> tuple[frozenset[Expected], frozenset[Expected]]:
    """Count one (model, database) pair; return (false positives, false negatives).

    ``line`` gives the property its own tally line (``sqlite 3.40/spellings``), so the
    properties that meet other spellings than ``create_all`` are counted apart.
    """
    wanted = frozenset(expected)
    found = facts(report)
    false_positives = found - wanted
    false_negatives = wanted - found
    # Labelled by server version too: one dialect runs on several (postgresql 15/16/18).
    version = ".".join(str(part) for part in (report.server_version or ())[:2])
    backend = f"{backend} {version}" if version else backend
    backend = backend if line is None else f"{backend}/{line}"
    tally = TALLY.setdefault(backend, Counter())
    tally["pairs"] += 1
    tally["drifts"] += drifts
    tally["false_positives"] += len(false_positives)
    tally["false_negatives"] += len(false_negatives)
    misses = MISSES.setdefault(backend, Counter())
    misses.update(f"+{kind.value}" for kind, _, _ in false_positives)
    misses.update(f"-{kind.value}" for kind, _, _ in false_negatives)
    return false_positives, false_negatives


def explain(report: parity.ParityReport, expected: Iterable[Expected]) -> str:
    fp, fn = facts(report) - frozenset(expected), frozenset(expected) - facts(report)
    return (
        f"false positives: {sorted(fp, key=str)}\n"
        f"false negatives: {sorted(fn, key=str)}\n"
        f"report:\n{report.render()}"
    )


def catalog_dump(conn: Connection) -> dict[str, Any]:
    """Everything SQLAlchemy's inspector sees, plus row counts: compare must not change it."""
    inspector = sa.inspect(conn)
    dump: dict[str, Any] = {}
    preparer = conn.dialect.identifier_preparer
    for table in sorted(inspector.get_table_names()):
        rows = conn.exec_driver_sql(
            f"SELECT count(*) FROM {preparer.quote_identifier(table)}"
        ).scalar()
        dump[table] = {
            "columns": inspector.get_columns(table),
            "pk": inspector.get_pk_constraint(table),
            "fks": inspector.get_foreign_keys(table),
            "indexes": inspector.get_indexes(table),
            "uniques": inspector.get_unique_constraints(table),
            "checks": inspector.get_check_constraints(table),
            "rows": rows,
        }
    return _plain(dump)


def _plain(value: Any) -> Any:
    """Types and SQL expressions as their text, so two dumps compare by content."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def read_only(conn: Connection) -> None:
    """Make the session refuse every write, so a writing compare fails loudly."""
    name = conn.dialect.name
    if name == "sqlite":
        conn.exec_driver_sql("PRAGMA query_only = ON")
    elif name == "postgresql":
        conn.exec_driver_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    else:
        conn.exec_driver_sql("SET SESSION TRANSACTION READ ONLY")
    conn.commit()


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}
