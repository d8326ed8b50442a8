"""``ignore=`` patterns: ``TABLE[.COLUMN][:KIND]`` with shell-style globs.

Examples: ``"audit_*"`` (every difference on audit tables), ``"users.legacy_*"``
(differences on those columns), ``"*:comment_mismatch"`` (every comment difference).
Ignored differences are not dropped: they move to ``ParityReport.ignored``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from parity.errors import ParityUsageError
from parity.report import Difference, DiffKind

#: Alembic's bookkeeping table is never part of a model.
DEFAULT_IGNORES = ("alembic_version",)

_KIND_VALUES = tuple(kind.value for kind in DiffKind)


@dataclass(frozen=True, slots=True)
class IgnorePattern:
    text: str
    table: str
    column: str | None
    kind: str | None

    def matches(self, difference: Difference) -> bool:
        if not fnmatchcase(difference.table, self.table):
            return False
        if self.column is not None and (
            difference.column is None or not fnmatchcase(difference.column, self.column)
        ):
            return False
        return self.kind is None or fnmatchcase(difference.kind.value, self.kind)


def parse_ignore(patterns: Iterable[str] | str) -> tuple[IgnorePattern, ...]:
    """Parse and validate patterns; a pattern naming no existing kind is a usage error."""
    if isinstance(patterns, str):
        patterns = [patterns]
    parsed = []
    for text in (*DEFAULT_IGNORES, *patterns):
        if not isinstance(text, str) or not text.strip():
            raise ParityUsageError(
                f"ignore pattern {text!r} is not a non-empty string; "
                "write TABLE[.COLUMN][:KIND], e.g. 'audit_*' or '*:comment_mismatch'"
            )
        body, colon, kind = text.strip().partition(":")
        table, dot, column = body.partition(".")
        if not table.strip() or (dot and not column.strip()) or (colon and not kind.strip()):
            # ":" alone would silently ignore everything; every part written must be filled.
            raise ParityUsageError(
                f"ignore pattern {text!r} has an empty part; "
                "write TABLE[.COLUMN][:KIND], e.g. 'audit_*', 'users.legacy_*' or "
                "'*:comment_mismatch'"
            )
        if kind and not any(fnmatchcase(value, kind) for value in _KIND_VALUES):
            raise ParityUsageError(
                f"ignore pattern {text!r} names no difference kind; "
                f"use one of: {', '.join(_KIND_VALUES)}"
            )
        parsed.append(IgnorePattern(text, table, column or None, kind or None))
    return tuple(parsed)


def split_ignored(
    differences: Sequence[Difference], patterns: Sequence[IgnorePattern]
) -> tuple[tuple[Difference, ...], tuple[Difference, ...]]:
    """``(kept, ignored)``: the differences no pattern matches, and the rest."""
    kept: list[Difference] = []
    ignored: list[Difference] = []
    for difference in differences:
        (ignored if any(p.matches(difference) for p in patterns) else kept).append(difference)
    return tuple(kept), tuple(ignored)
