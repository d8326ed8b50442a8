"""``compare``'s validated arguments and the report they shape.

Shared by the live comparison (:mod:`parity.api`) and the offline one against a
snapshot (:mod:`parity.offline`), so that both give the same report, severities and
ignore rules, and neither imports the other's internals.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from parity.adapter import DialectAdapter
from parity.connect import check_timeout
from parity.diff import Finding
from parity.errors import ParityUsageError
from parity.ignore import IgnorePattern, parse_ignore, split_ignored
from parity.policy import MODES, apply_policy
from parity.report import ParityReport
from parity.target import resolve_target

logger = logging.getLogger("parity")


@dataclass(frozen=True, slots=True)
class Request:
    """``compare``'s arguments, validated once (one check may serve many schemas)."""

    model_tables: list[Table]
    wanted: set[str] | None
    critical: tuple[str, ...]
    mode: str
    patterns: tuple[IgnorePattern, ...]


@dataclass(frozen=True, slots=True)
class Server:
    version: tuple[int, ...]
    default_schema: str | None


def build_request(
    target: Any,
    *,
    tables: Iterable[str] | None,
    critical: Iterable[str],
    mode: str,
    ignore: Iterable[str],
    timeout: float | None,
) -> Request:
    if mode not in MODES:
        raise ParityUsageError(f"mode {mode!r} is not one of {', '.join(MODES)}")
    check_timeout(timeout)
    if isinstance(critical, str) or isinstance(tables, str):
        raise ParityUsageError("critical= and tables= take a list of table names, not a string")
    patterns = parse_ignore(ignore)
    model_tables = resolve_target(target)
    wanted = set(tables) if tables is not None else None
    if wanted is not None:
        model_tables = [t for t in model_tables if t.name in wanted]
        if not model_tables:
            # Checking nothing is never a pass: a restriction that matches no model
            # table is a mistake (a typo, the wrong models), told here for every door.
            raise ParityUsageError(
                f"tables={sorted(wanted)!r} names no table of the model; "
                "name tables the models declare (a typo, or the wrong --models?)"
            )
    return Request(model_tables, wanted, tuple(critical), mode, patterns)


Inspected = tuple[list[Finding], set[str], list[tuple[str, str]]]


def build_report(
    dialect_name: str,
    adapter: DialectAdapter,
    request: Request,
    schema: str | None,
    server: Server,
    inspected: Inspected,
) -> ParityReport:
    findings, checked, unchecked = inspected
    differences = apply_policy(
        findings, mode=request.mode, critical=request.critical, fold_name=adapter.fold_table_name
    )
    kept, ignored = split_ignored(differences, request.patterns)
    report = ParityReport(
        differences=kept,
        dialect=dialect_name,
        server_version=server.version,
        tables_checked=tuple(sorted(checked)),
        ignored=ignored,
        unchecked=tuple(dict.fromkeys(unchecked)),
        schema=schema,
        mode=request.mode,
        adapter=type(adapter).__name__ if not adapter.is_generic else "generic",
    )
    logger.debug("parity: %s", report.summary())
    return report
