"""The startup guard: refuse to start when the cost tables drift (README "The startup guard").

Fail closed: a hard-failing check that cannot reach or read the database, or whose
dialect plugin is broken, raises :class:`SchemaParityError` with the cause chained.  It
never passes because it could not look.  A wrong invoice costs more than downtime.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from parity.api import compare
from parity.connect import secrets_of
from parity.cost_names import COST_TABLE_NAMES
from parity.errors import ParityError, ParityUsageError, SchemaParityError
from parity.report import ParityReport
from parity.target import resolve_target

logger = logging.getLogger("parity")

#: Seconds a guard waits to connect and for each catalog statement (README "Safety").
DEFAULT_TIMEOUT = 10.0


def _run(engine: Any, what: str, **options: Any) -> ParityReport:
    """``compare`` with every failure to inspect turned into a chained SchemaParityError."""
    try:
        return compare(engine, **options)
    except (ParityError, SQLAlchemyError, OSError) as exc:
        message = f"{what} could not run, refusing to pass: {_masked(exc, engine)}"
        logger.error("parity: %s", message)
        raise SchemaParityError(message) from exc
    except Exception as exc:
        # Anything else (a driver's ValueError, a bug): still a failure of the guard, and
        # a SchemaParityError -- but unchained, as its args may hold what the caller gave.
        unexpected = f"{type(exc).__name__}: {_masked(exc, engine)}"
    message = f"{what} could not run, refusing to pass: {unexpected}"
    logger.error("parity: %s", message)
    raise SchemaParityError(message)


def _masked(exc: BaseException, bind: Any) -> str:
    """The error's text on one line, with the bind's passwords removed."""
    url = getattr(bind, "url", None)
    if url is None and isinstance(bind, str):
        with contextlib.suppress(ArgumentError, ValueError):
            url = make_url(bind)
    text = " ".join(str(exc).split()) or type(exc).__name__
    for secret in secrets_of(url if isinstance(url, URL) else None):
        text = text.replace(secret, "***")
    return text


def _ok(report: ParityReport) -> bool:
    # A model table this account cannot see is an error-level difference of the report
    # itself (parity.api._unseen), so report.ok already refuses it.
    return report.ok


def _raise_on_drift(report: ParityReport, what: str) -> None:
    errors = [d.message for d in report.differences if d.severity.value == "error"]
    message = f"{what} failed: {len(errors)} error(s)\n" + "\n".join(f"  - {e}" for e in errors)
    raise SchemaParityError(message, report=report)


def _log(report: ParityReport, what: str) -> None:
    for difference in report.differences:
        level = logging.ERROR if difference.severity.value == "error" else logging.WARNING
        logger.log(level, "parity: %s: %s", what, difference.message)
    for what_unchecked, why in report.unchecked:
        logger.info("parity: %s: not checked: %s (%s)", what, what_unchecked, why)
    logger.info("parity: %s: %s", what, report.summary())


def check_schema_parity(
    engine: Any,
    models: Sequence[Any] | None = None,
    hard_fail: bool = True,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> tuple[bool, list[str]]:
    """Check ``models`` (None: every SQLModel table model) in ``compatible`` mode.

    Returns ``(ok, errors)``; with ``hard_fail`` raises :class:`SchemaParityError` when
    not ok or when the check cannot run.  ``timeout`` bounds connecting and each
    catalog statement (seconds; ``None``: the driver's defaults).  A model table this
    account cannot see makes a hard-failing check fail.
    """
    what = "schema parity check"
    try:
        report = _run(engine, what, target=models, timeout=timeout)
    except SchemaParityError as exc:
        if hard_fail:
            raise
        return False, [str(exc)]
    _log(report, what)
    if hard_fail and not _ok(report):
        _raise_on_drift(report, what)
    # A table it could not see is not "ok" even for a soft check: it does not know.
    return _ok(report), report.errors


def check_m26_cost_tables(
    engine: Any,
    models: Sequence[Any] | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> tuple[bool, list[str]]:
    """Check the five cost tables in ``exact`` mode; any difference raises.

    ``models`` may supply the application's own classes for the five tables; by default
    the models shipped in :mod:`parity.cost_tables` are used.  ``timeout`` as for
    :func:`check_schema_parity`; a cost table this account cannot see raises.
    """
    what = "cost table check"
    if models is None:
        from parity import cost_tables

        target: Any = cost_tables.metadata
    else:
        target = list(models)
        names = {t.name for t in resolve_target(target)}
        if names != set(COST_TABLE_NAMES):
            raise SchemaParityError(
                f"{what}: models must map exactly the tables {', '.join(COST_TABLE_NAMES)}; "
                f"got {', '.join(sorted(names)) or 'none'}"
            )
    report = _run(
        engine,
        what,
        target=target,
        tables=COST_TABLE_NAMES,
        mode="exact",
        critical=COST_TABLE_NAMES,
        timeout=timeout,
    )
    _log(report, what)
    if report.differences:
        _raise_on_drift(report, what)
    return True, []


def run_startup_parity_check(
    engine: Any,
    *,
    hard_fail_all: bool = False,
    models: Any = None,
    cost_models: Sequence[Any] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> None:
    """Call before accepting requests.

    The cost tables first: any drift raises and the process must not start.  Then every
    other model table (``models``: whatever :func:`parity.compare` takes as a target --
    a declarative base, MetaData, or list of classes; default every SQLModel table
    model) in ``compatible`` mode: errors are logged, and raise only with
    ``hard_fail_all=True``.  Models that resolve to no table besides the cost tables
    (a wrong argument, models not imported yet) are such an error: nothing checked is
    never a pass.  ``timeout`` bounds connecting and each catalog statement (seconds)
    in both checks.
    """
    check_m26_cost_tables(engine, models=cost_models, timeout=timeout)
    what = "startup schema check"
    try:
        others = [t for t in resolve_target(models) if t.name not in COST_TABLE_NAMES]
        if not others:
            raise ParityUsageError(
                "the models declare no table besides the five cost tables; pass "
                "models=<your declarative base, MetaData or model classes>, imported "
                "before the check"
            )
    except ParityUsageError as exc:
        message = f"{what} has nothing to check, refusing to pass: {exc}"
        if hard_fail_all:
            raise SchemaParityError(message) from exc
        logger.error("parity: %s", message)
        return
    try:
        report = _run(engine, what, target=others, tables=[t.name for t in others], timeout=timeout)
    except SchemaParityError:
        if hard_fail_all:
            raise
        logger.exception("parity: %s could not run", what)
        return
    _log(report, what)
    if hard_fail_all and not _ok(report):
        _raise_on_drift(report, what)
