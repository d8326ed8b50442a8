"""The public result types: Difference, DiffKind, Severity and ParityReport.

These are the shapes users, CI integrations and plugins program against (README
"Comparing" and "JSON report"), so they are frozen and their machine-readable form
(:meth:`ParityReport.to_dict`) has stable keys, documented in the README.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from parity.escape import printable

#: Version of the ``to_dict()`` / ``to_json()`` layout; bumped on any incompatible change.
REPORT_FORMAT_VERSION = 1


class DiffKind(str, enum.Enum):
    """What kind of fact differs. One difference per fact."""

    TABLE_MISSING = "table_missing"
    TABLE_EXTRA = "table_extra"
    COLUMN_MISSING = "column_missing"
    COLUMN_EXTRA = "column_extra"
    TYPE_MISMATCH = "type_mismatch"
    NULLABLE_MISMATCH = "nullable_mismatch"
    DEFAULT_MISMATCH = "default_mismatch"
    AUTOINCREMENT_MISMATCH = "autoincrement_mismatch"
    COMPUTED_MISMATCH = "computed_mismatch"
    COLLATION_MISMATCH = "collation_mismatch"
    COMMENT_MISMATCH = "comment_mismatch"
    PRIMARY_KEY_MISMATCH = "primary_key_mismatch"
    FOREIGN_KEY_MISSING = "foreign_key_missing"
    FOREIGN_KEY_EXTRA = "foreign_key_extra"
    UNIQUE_MISSING = "unique_missing"
    UNIQUE_EXTRA = "unique_extra"
    INDEX_MISSING = "index_missing"
    INDEX_EXTRA = "index_extra"
    CHECK_MISSING = "check_missing"
    CHECK_EXTRA = "check_extra"

    def __str__(self) -> str:
        return self.value


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


# Order of kinds inside one table: structure first, then keys, then the rest.
_KIND_ORDER = {kind: index for index, kind in enumerate(DiffKind)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Difference:
    """One fact that differs between the model and the database."""

    kind: DiffKind
    table: str
    column: str | None = None
    name: str | None = None
    schema: str | None = None
    expected: str | None = None
    actual: str | None = None
    severity: Severity = Severity.ERROR
    message: str = ""

    def sort_key(self) -> tuple[str, str, int, str, str]:
        return (
            self.schema or "",
            self.table,
            _KIND_ORDER[self.kind],
            self.column or "",
            self.name or "",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "severity": self.severity.value,
            "schema": self.schema,
            "table": self.table,
            "column": self.column,
            "name": self.name,
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ParityReport:
    """The result of :func:`parity.compare`.

    ``ok`` is true when no difference has severity ``error``.  ``ignored`` holds the
    differences an ``ignore`` pattern suppressed and ``unchecked`` the facts that could
    not be compared, so that nothing disappears silently.
    """

    differences: tuple[Difference, ...]
    dialect: str
    server_version: tuple[int, ...] = ()
    tables_checked: tuple[str, ...] = ()
    ignored: tuple[Difference, ...] = ()
    unchecked: tuple[tuple[str, str], ...] = ()
    schema: str | None = None
    mode: str = "compatible"
    adapter: str = ""

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.differences)

    @property
    def errors(self) -> list[str]:
        return [d.message for d in self.differences if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[str]:
        return [d.message for d in self.differences if d.severity is Severity.WARNING]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with stable keys (see the README, "JSON report")."""
        counts = {s.value: 0 for s in Severity}
        for difference in self.differences:
            counts[difference.severity.value] += 1
        return {
            "format_version": REPORT_FORMAT_VERSION,
            "ok": self.ok,
            "dialect": self.dialect,
            "server_version": list(self.server_version),
            "adapter": self.adapter,
            "schema": self.schema,
            "mode": self.mode,
            "tables_checked": list(self.tables_checked),
            "summary": counts,
            "differences": [d.to_dict() for d in self.differences],
            "ignored": [d.to_dict() for d in self.ignored],
            "unchecked": [{"what": what, "why": why} for what, why in self.unchecked],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def summary(self) -> str:
        """One line: verdict and counts."""
        errors = sum(1 for d in self.differences if d.severity is Severity.ERROR)
        warnings = sum(1 for d in self.differences if d.severity is Severity.WARNING)
        verdict = "OK" if self.ok else "DRIFT"
        version = ".".join(str(part) for part in self.server_version)
        where = f"{self.dialect} {version}".strip()
        return (
            f"{verdict}: {len(self.tables_checked)} tables checked on {where}, "
            f"{errors} errors, {warnings} warnings, {len(self.ignored)} ignored, "
            f"{len(self.unchecked)} unchecked"
        )

    def render(self) -> str:
        """Human-readable text, grouped by table, ending with the summary line."""
        lines: list[str] = []
        # Sorted here too, so a report built by hand still shows each table once.
        ordered = sorted(self.differences, key=Difference.sort_key)
        for (schema, table), group in groupby(ordered, key=lambda d: (d.schema, d.table)):
            title = f"{schema}.{table}" if schema else table
            lines.append(f"{title}:")
            for difference in group:
                lines.append(f"  [{difference.severity.value}] {difference.message}")
        if self.ignored:
            lines.append(f"ignored ({len(self.ignored)}):")
            lines.extend(f"  {d.message}" for d in self.ignored)
        if self.unchecked:
            lines.append("not checked:")
            lines.extend(f"  {what}: {why}" for what, why in self.unchecked)
        lines.append(self.summary())
        # Names come from the database: each line is escaped, so one stays one line.
        return "\n".join(printable(line) for line in lines)

    def __repr__(self) -> str:
        return (
            f"<ParityReport ok={self.ok} dialect={self.dialect!r} "
            f"tables={len(self.tables_checked)} differences={len(self.differences)}>"
        )

    def __str__(self) -> str:
        return self.render()
