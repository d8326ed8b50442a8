"""Snapshots of live databases, and one database (or snapshot) against another.

"Is staging the same as production?": :func:`diff_databases` reduces each side to a
:class:`~parity.snapshot.SchemaSnapshot` (read live under :func:`parity.compare`'s
read-only, time-limited guarantees, or loaded from a snapshot file) and runs the same
pure diff and severity policy as ``compare``, with ``left`` in the model's role
(``expected``) and ``right`` in the database's (``actual``).

One rule differs from models against a database, on purpose.  A model that declares no
collation, no comment and no generated-column persistence leaves them to the database,
so ``compare`` checks only what the model declares.  A database *has* a collation and
either has a comment or has none: here ``None`` is a fact like any other, and a comment
added, removed or changed on either side, or a column collation that differs, is a
difference.  Everything else (types and their narrowing, nullability, defaults,
autoincrement, generated columns, keys, uniques, indexes, checks; severities; ``mode``;
``ignore``, with Alembic's ``alembic_version`` ignored by default) is what ``compare``
does with ``left`` as the model.

Both sides must be of one dialect: a type, a default or an index reads differently on
PostgreSQL and on MySQL, so a cross-dialect diff would be mostly noise.  That is a
usage error saying so, never a report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from parity.connect import check_timeout, safe_url
from parity.diff import diff_snapshots
from parity.errors import ParityUsageError
from parity.ignore import parse_ignore, split_ignored
from parity.inspect_cmd import inspect_database
from parity.offline import narrowed, offline_dialect
from parity.policy import DATABASE_SIDES, MODES, apply_policy
from parity.report import ParityReport
from parity.snapshot import SchemaSnapshot
from parity.snapshot_file import is_snapshot_source, load_snapshot


def take_snapshot(
    bind: Any,
    *,
    schema: str | None = None,
    tables: Iterable[str] | None = None,
    timeout: float | None = None,
) -> SchemaSnapshot:
    """The normalised snapshot of a live database, as ``compare`` sees it.

    ``bind`` is an Engine, a Connection or a URL string.  Read under the same guarantees
    as :func:`parity.compare` (README "Safety"): the adapter's read-only inspection
    transaction, rolled back afterwards, ``timeout`` seconds bounding connecting and
    each catalog statement.  ``snapshot.to_json()`` is its file (``parity inspect
    --format json``); ``parity.load_snapshot`` reads it back.
    """
    if isinstance(tables, str):
        raise ParityUsageError("tables= takes a list of table names, not a string")
    return inspect_database(bind, schema=schema, tables=tables, timeout=timeout)


def _side(
    value: Any,
    *,
    schema: str | None,
    tables: list[str] | None,
    timeout: float | None,
) -> SchemaSnapshot:
    """A side of a diff: loaded when it is a snapshot, else read from the database."""
    if is_snapshot_source(value):
        return load_snapshot(value)
    return inspect_database(value, schema=schema, tables=tables, timeout=timeout)


def _label(value: Any) -> str:
    if isinstance(value, SchemaSnapshot):
        return "a snapshot"
    if is_snapshot_source(value):
        text = str(value)
        return "snapshot text" if text.lstrip().startswith("{") else f"snapshot file {text!r}"
    url = getattr(value, "url", value)
    return safe_url(url) if isinstance(url, str) or hasattr(url, "drivername") else repr(value)


def diff_databases(
    left: Any,
    right: Any,
    *,
    schema: str | None = None,
    tables: Iterable[str] | None = None,
    mode: str = "compatible",
    ignore: Iterable[str] = (),
    timeout: float | None = None,
) -> ParityReport:
    """Every difference between two databases or snapshots, as a :class:`ParityReport`.

    Each side is a bind (URL string, Engine, Connection), a :class:`SchemaSnapshot`, or
    a snapshot file's path or JSON text.  ``left`` plays the model's role (``expected``
    in every difference), ``right`` the database's (``actual``): ``diff_databases(prod,
    staging)`` reports what staging lacks as ``*_missing``.  ``schema`` is the schema
    read on each live side; ``tables`` restricts both sides; ``timeout`` bounds
    connecting and each catalog statement of each live side.  Only reads.  The report's
    ``dialect`` / ``server_version`` / ``schema`` are the right side's.
    """
    if mode not in MODES:
        raise ParityUsageError(f"mode {mode!r} is not one of {', '.join(MODES)}")
    check_timeout(timeout)
    if isinstance(tables, str):
        raise ParityUsageError("tables= takes a list of table names, not a string")
    patterns = parse_ignore(ignore)
    wanted = sorted(set(tables)) if tables is not None else None
    expected = _side(left, schema=schema, tables=wanted, timeout=timeout)
    actual = _side(right, schema=schema, tables=wanted, timeout=timeout)
    if expected.dialect != actual.dialect:
        raise ParityUsageError(
            f"left ({_label(left)}) is a {expected.dialect} schema and right "
            f"({_label(right)}) a {actual.dialect} one: types, defaults and indexes read "
            "differently on each dialect, so compare two databases of the same dialect"
        )
    _, adapter = offline_dialect(actual)
    wanted_set = set(wanted) if wanted is not None else None
    expected = _narrow(expected, adapter, wanted_set)
    actual = _narrow(actual, adapter, wanted_set)
    blind_to = adapter.uncomparable_kinds(tuple(expected.server_version)) | (
        adapter.uncomparable_kinds(tuple(actual.server_version))
    )
    findings = [
        finding
        for finding in diff_snapshots(
            expected,
            actual,
            type_verdict=adapter.type_verdict,
            fold_name=adapter.fold_table_name,
            report_extra_tables=True,
            declared_only=False,
        )
        if finding.kind not in blind_to
    ]
    unchecked = [
        *adapter.unchecked_facts(tuple(expected.server_version)),
        *adapter.unchecked_facts(tuple(actual.server_version)),
        *expected.unchecked,
        *actual.unchecked,
    ]
    checked = {t.name for t in expected.tables} | {t.name for t in actual.tables}
    differences = apply_policy(
        findings, mode=mode, critical=(), fold_name=adapter.fold_table_name, sides=DATABASE_SIDES
    )
    kept, ignored = split_ignored(differences, patterns)
    return ParityReport(
        differences=kept,
        dialect=actual.dialect,
        server_version=tuple(actual.server_version),
        tables_checked=tuple(sorted(checked)),
        ignored=ignored,
        unchecked=tuple(dict.fromkeys(unchecked)),
        schema=schema if schema is not None else actual.schema,
        mode=mode,
        adapter=type(adapter).__name__ if not adapter.is_generic else "generic",
    )


def _narrow(snapshot: SchemaSnapshot, adapter: Any, wanted: set[str] | None) -> SchemaSnapshot:
    if wanted is None:
        return snapshot
    return SchemaSnapshot(
        dialect=snapshot.dialect,
        tables=narrowed(snapshot, adapter, wanted),
        schema=snapshot.schema,
        server_version=snapshot.server_version,
        unchecked=snapshot.unchecked,
        owned_tables=snapshot.owned_tables,
    )
