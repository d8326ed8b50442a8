"""The exceptions schema-parity raises.

::

    Exception
    ├── SchemaParityError          drift on a hard-failing check, or a check that could not run
    └── ParityError                base of the usage/environment errors below
        ├── ParityUsageError (ValueError)      bad arguments: a target, pattern or mode
        ├── PluginLoadError (ImportError)      a dialect plugin is broken
        └── InspectionError (RuntimeError)     the database could not be reached or read

``SchemaParityError`` stands apart because it is the guard's verdict: an application
catches it to refuse to start.  Every error message is one line saying what is wrong and
what to do; passwords never appear in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parity.report import ParityReport


class ParityError(Exception):
    """Base class of schema-parity's usage and environment errors."""


class ParityUsageError(ParityError, ValueError):
    """An argument is wrong: the message names it and says what is expected."""


class PluginLoadError(ParityError, ImportError):
    """A dialect plugin registered under ``parity.dialects`` failed to load."""

    def __init__(self, message: str, *, plugin: str, distribution: str | None) -> None:
        super().__init__(message)
        self.plugin = plugin
        self.distribution = distribution


class InspectionError(ParityError, RuntimeError):
    """The database could not be reached or its catalog could not be read."""


def dropped_meanwhile(tables: Iterable[str]) -> InspectionError:
    """The error an adapter raises for tables dropped while their catalog was read.

    Their facts may be half read (a database's catalog functions see the drop before
    the read ends), so the read is refused rather than reported torn.
    """
    names = ", ".join(sorted(tables))
    return InspectionError(
        f"table {names} was dropped by another connection while it was being inspected; "
        "nothing was compared: run the check again"
    )


def changed_meanwhile(where: str) -> InspectionError:
    """The error an adapter raises when the schema changed while its catalog was read."""
    return InspectionError(
        f"the {where} was changed by another connection while it was being inspected; "
        "nothing was compared: run the check again"
    )


class SchemaParityError(Exception):
    """The schema check failed: drift on a hard-failing check, or the check could not run.

    ``report`` is the :class:`~parity.ParityReport` when the database was inspected, or
    ``None`` when it could not be (the cause is then chained as ``__cause__``).
    """

    def __init__(self, message: str, *, report: ParityReport | None = None) -> None:
        super().__init__(message)
        self.report = report
