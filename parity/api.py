"""``parity.compare``: resolve the target, reflect, normalise, diff, apply policy, report."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from parity.adapter import DialectAdapter
from parity.connect import (
    check_timeout,
    first_line,
    inspection_connection,
    inspection_transaction,
)
from parity.declared import ANY_DEFAULT, snapshot_from_tables
from parity.diff import Finding, diff_snapshots
from parity.errors import InspectionError, ParityUsageError
from parity.ignore import parse_ignore, split_ignored
from parity.policy import MODES, apply_policy
from parity.reflected import snapshot_from_catalog
from parity.registry import dialect_for
from parity.report import DiffKind, ParityReport
from parity.snapshot import SchemaSnapshot, TypeSpec
from parity.target import resolve_target

logger = logging.getLogger("parity")

#: How an ``unchecked`` entry for a table this account cannot see begins its ``why``;
#: a hard-failing guard fails closed on such an entry (README "Safety").
NOT_VISIBLE = "not visible to this account"


def compare(
    bind: Any,
    target: Any = None,
    *,
    tables: Iterable[str] | None = None,
    schema: str | None = None,
    critical: Iterable[str] = (),
    mode: str = "compatible",
    ignore: Iterable[str] = (),
    timeout: float | None = None,
) -> ParityReport:
    """Compare the model ``target`` with the live database behind ``bind``.

    Only reads: never writes, commits or runs DDL, and leaves a given connection as it
    found it.  See CONTRACT.md §1 and the README for every argument.  ``timeout``
    (seconds) bounds connecting and each catalog statement; ``None`` keeps the
    driver's and server's defaults.  The inspection runs in a read-only transaction
    where the database has one.
    """
    if mode not in MODES:
        raise ParityUsageError(f"mode {mode!r} is not one of {', '.join(MODES)}")
    check_timeout(timeout)
    if isinstance(critical, str) or isinstance(tables, str):
        raise ParityUsageError("critical= and tables= take a list of table names, not a string")
    patterns = parse_ignore(ignore)
    critical = tuple(critical)
    model_tables = resolve_target(target)
    wanted = set(tables) if tables is not None else None
    if wanted is not None:
        model_tables = [t for t in model_tables if t.name in wanted]

    with inspection_connection(bind, timeout=timeout) as conn:
        adapter = dialect_for(conn)
        with inspection_transaction(conn, adapter, timeout=timeout):
            findings, checked, version, unchecked = _inspect(
                conn, adapter, model_tables, schema, wanted
            )

    differences = apply_policy(
        findings, mode=mode, critical=critical, fold_name=adapter.fold_table_name
    )
    kept, ignored = split_ignored(differences, patterns)
    report = ParityReport(
        differences=kept,
        dialect=conn.dialect.name,
        server_version=version,
        tables_checked=tuple(sorted(checked)),
        ignored=ignored,
        unchecked=tuple(dict.fromkeys(unchecked)),
        schema=schema,
        mode=mode,
        adapter=type(adapter).__name__ if not adapter.is_generic else "generic",
    )
    logger.debug("parity: %s", report.summary())
    return report


def _settle_defaults(
    conn: Connection,
    adapter: DialectAdapter,
    findings: list[Finding],
    expected: SchemaSnapshot,
) -> list[Finding]:
    """Drop default differences the server itself says are the same value.

    Text cannot decide some constants (a zoned time literal is stored with the session's
    offset); the adapter may let the server compare both in one read-only statement.
    """
    tables = expected.table_map()
    asked: list[tuple[int, tuple[str, str, TypeSpec]]] = []
    for position, finding in enumerate(findings):
        if finding.kind is not DiffKind.DEFAULT_MISMATCH:
            continue
        if finding.expected in {None, ANY_DEFAULT} or finding.actual is None:
            continue
        table = tables.get(finding.table)
        column = table.column(finding.column) if table and finding.column else None
        if column is not None and finding.expected is not None:
            asked.append((position, (finding.expected, finding.actual, column.type)))
    if not asked:
        return findings
    answers = adapter.server_equal_defaults(conn, [pair for _, pair in asked])
    equal = {
        position for (position, _), answer in zip(asked, answers, strict=True) if answer is True
    }
    return [f for position, f in enumerate(findings) if position not in equal]


def _inspect(
    conn: Connection,
    adapter: DialectAdapter,
    model_tables: list[Table],
    schema: str | None,
    wanted: set[str] | None,
) -> tuple[list[Finding], set[str], tuple[int, ...], list[tuple[str, str]]]:
    """Read each schema the model uses once, in bulk, and diff it."""
    dialect = conn.dialect
    try:
        version = adapter.server_version(conn)
        default_schema = adapter.default_schema(conn)
    except SQLAlchemyError as exc:
        raise InspectionError(
            f"cannot read the server version: {first_line(exc, conn.engine.url)}"
        ) from exc
    groups: dict[str | None, list[Table]] = defaultdict(list)
    for table in model_tables:
        groups[table.schema if table.schema is not None else schema].append(table)
    groups.setdefault(schema, [])
    findings: list[Finding] = []
    checked: set[str] = set()
    unchecked = list(adapter.unchecked_facts(version))
    blind_to = adapter.uncomparable_kinds(version)
    for group_schema, group_tables in groups.items():
        # The main schema is read whole (to find extra tables) unless tables= narrows it;
        # other schemas the model names are read only for the tables it declares there.
        main = group_schema == schema
        names: list[str] | None = [t.name for t in group_tables]
        if main:
            names = sorted(wanted) if wanted is not None else None
        try:
            catalog = adapter.read_catalog(conn, group_schema, names)
        except SQLAlchemyError as exc:
            where = f"schema {group_schema!r}" if group_schema else "the default schema"
            raise InspectionError(
                f"cannot read the catalog of {where}: {first_line(exc, conn.engine.url)}"
            ) from exc
        invisible = _invisible(conn, adapter, group_schema, group_tables, catalog.tables)
        actual = snapshot_from_catalog(
            adapter, catalog, dialect, server_version=version, default_schema=default_schema
        )
        expected = snapshot_from_tables(adapter, group_tables, dialect, schema=group_schema)
        group_findings = [
            finding
            for finding in diff_snapshots(
                expected,
                actual,
                type_verdict=adapter.type_verdict,
                fold_name=adapter.fold_table_name,
                report_extra_tables=main,
            )
            if finding.kind not in blind_to
            and not (finding.kind is DiffKind.TABLE_MISSING and finding.table in invisible)
        ]
        findings.extend(_settle_defaults(conn, adapter, group_findings, expected))
        unchecked.extend(
            (f"table {name}", f"{NOT_VISIBLE}: {why}") for name, why in sorted(invisible.items())
        )
        checked.update(t.name for t in expected.tables if t.name not in invisible)
        if main:
            checked.update(t.name for t in actual.tables)
        unchecked.extend(actual.unchecked)
    return findings, checked, version, unchecked


def _invisible(
    conn: Connection,
    adapter: DialectAdapter,
    schema: str | None,
    model_tables: list[Table],
    found: list[str],
) -> dict[str, str]:
    """The model tables the catalog did not show because this account may not see them."""
    seen = {adapter.fold_table_name(name) for name in found}
    absent = [t.name for t in model_tables if adapter.fold_table_name(t.name) not in seen]
    if not absent:
        return {}
    try:
        return adapter.invisible_tables(conn, schema, absent)
    except SQLAlchemyError as exc:
        raise InspectionError(
            f"cannot tell whether this account may see {', '.join(absent)}: "
            f"{first_line(exc, conn.engine.url)}"
        ) from exc
