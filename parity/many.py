"""Checking many databases and tenant schemas at once: :func:`compare_many`.

A *target* is one database (a URL, an Engine) and optionally one schema in it.  Schema
globs (``"tenant_*"``) are expanded per database by listing its schemas
(``Inspector.get_schema_names()``: schemas on PostgreSQL, databases on MySQL).  Targets
are checked concurrently on a bounded thread pool; one failing target never stops the
others, and its error (password masked) is kept in its :class:`TargetResult`.

Connections: the targets of one database URL share one engine whose pool holds at most
``jobs`` connections, so checking 500 tenant schemas opens a handful of connections,
not 500.  The schemas of one database are checked in at most ``jobs`` batches: each
batch is one connection, one read-only transaction and one
``DialectAdapter.read_catalogs`` call (on PostgreSQL the same five statements whatever
the number of schemas), after which each schema is diffed and reported on its own
(:func:`parity.api.compare_schemas`).  With ``jobs=1`` a database is read once per
:data:`SCHEMAS_PER_READ` schemas, which bounds the memory one read holds.
"""

from __future__ import annotations

import fnmatch
import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from parity.api import compare, compare_schemas
from parity.connect import engine_from_url, first_line, inspection_connection, safe_url, secrets_of
from parity.errors import InspectionError, ParityUsageError, PluginLoadError
from parity.policy import MODES
from parity.report import ParityReport

EXIT_OK, EXIT_DRIFT, EXIT_UNREACHABLE = 0, 1, 3

#: At most this many schemas are read by one ``read_catalogs`` call.  A read holds the
#: catalog of all its schemas in memory at once (about 23 KiB per table), so 10,000
#: tenants of 10 tables read at once would hold 2.3 GB; batches of 250 hold ~60 MiB
#: and cost a handful of extra statements (five per batch on PostgreSQL).
SCHEMAS_PER_READ = 250

#: Schemas a glob never matches: the databases' own catalogs.
SYSTEM_SCHEMAS = frozenset(
    {"information_schema", "performance_schema", "mysql", "sys", "pg_catalog", "pg_toast"}
)
_GLOB_CHARS = frozenset("*?[")


def is_glob(pattern: str) -> bool:
    """Whether a ``--schema`` value is a pattern rather than a schema name."""
    return any(char in _GLOB_CHARS for char in pattern)


@dataclass(frozen=True, slots=True)
class Target:
    """One database (``bind``: URL string, ``URL`` or Engine) and one schema in it."""

    bind: str | URL | Engine
    schema: str | None = None

    @property
    def url_label(self) -> str:
        url = self.bind.url if isinstance(self.bind, Engine) else self.bind
        return safe_url(url)

    @property
    def label(self) -> str:
        """The URL with its password hidden, and the schema when one is named."""
        return self.url_label if self.schema is None else f"{self.url_label} schema={self.schema}"

    @property
    def short(self) -> str:
        """A short name for progress lines: the schema, else the label."""
        return self.schema if self.schema is not None else self.label


@dataclass(frozen=True, slots=True)
class TargetResult:
    """The outcome of one target: its report, or the error that stopped it."""

    target: Target
    report: ParityReport | None = None
    error: str | None = None

    @property
    def label(self) -> str:
        return self.target.label

    @property
    def ok(self) -> bool:
        return self.report is not None and self.report.ok

    @property
    def exit_code(self) -> int:
        """0 ok, 1 drift, 3 could not be inspected (README "Command line")."""
        if self.report is None:
            return EXIT_UNREACHABLE
        return EXIT_OK if self.report.ok else EXIT_DRIFT

    @property
    def status(self) -> str:
        return {EXIT_OK: "OK", EXIT_DRIFT: "DRIFT"}.get(self.exit_code, "FAILED")

    def summary(self) -> str:
        """One line: label and verdict."""
        if self.report is not None:
            return f"{self.label}: {self.report.summary()}"
        return f"{self.label}: FAILED: cannot inspect: {self.error}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.label,
            "url": self.target.url_label,
            "schema": self.target.schema,
            "exit_code": self.exit_code,
            "ok": self.ok,
            "error": self.error,
            "report": self.report.to_dict() if self.report is not None else None,
        }


def overall_exit_code(results: Iterable[TargetResult]) -> int:
    """3 if any target could not be inspected, else 1 if any drifted, else 0."""
    codes = {result.exit_code for result in results}
    if EXIT_UNREACHABLE in codes:
        return EXIT_UNREACHABLE
    return EXIT_DRIFT if EXIT_DRIFT in codes else EXIT_OK


def compare_many(
    targets: Iterable[str | URL | Engine | Target | tuple[Any, str | None]],
    target_models: Any = None,
    *,
    schemas: Iterable[str] | None = None,
    jobs: int = 4,
    on_result: Callable[[TargetResult, int, int], None] | None = None,
    **compare_options: Any,
) -> list[TargetResult]:
    """Compare ``target_models`` with every target, ``jobs`` at a time.

    ``targets`` are URLs, Engines, :class:`Target` objects or ``(bind, schema)`` pairs.
    ``schemas`` (names or shell globs such as ``"tenant_*"``) applies to every database
    that does not name its own schema: a name is checked as is, a glob is expanded by
    listing the database's schemas (a glob matching nothing is a failed target, never
    a silent pass).  ``compare_options`` are :func:`parity.compare`'s keyword arguments
    except ``schema``.  ``on_result(result, done, total)`` is called as each target
    finishes (from the calling thread).  Results come back in target order.

    Raises :class:`~parity.ParityUsageError` for bad arguments before anything is
    checked; errors of one database (unreachable, unreadable) end up in its result.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ParityUsageError(f"jobs={jobs!r}: expected a whole number >= 1")
    if "schema" in compare_options:
        raise ParityUsageError("compare_many() takes schemas=[...] (names or globs), not schema=")
    mode = compare_options.get("mode", "compatible")
    if mode not in MODES:
        raise ParityUsageError(f"mode {mode!r} is not one of {', '.join(MODES)}")
    if isinstance(schemas, str):
        schemas = [schemas]
    wanted_schemas = list(schemas) if schemas is not None else None
    databases = [_as_target(item) for item in targets]
    if not databases:
        raise ParityUsageError("no targets: pass at least one database URL or Engine")

    pools = _SharedEngines(jobs)
    try:
        planned: list[Target | TargetResult] = []
        for database in databases:
            planned.extend(_expand(database, wanted_schemas, pools, compare_options.get("timeout")))
        return _run(planned, target_models, jobs, on_result, compare_options)
    finally:
        pools.dispose()


def _as_target(item: Any) -> Target:
    if isinstance(item, Target):
        return item
    if isinstance(item, tuple) and len(item) == 2:
        return Target(_as_target(item[0]).bind, item[1])
    if isinstance(item, (str, URL, Engine)):
        return Target(item)
    raise ParityUsageError(
        f"a target must be a URL, an Engine, a Target or a (bind, schema) pair, "
        f"not {type(item).__name__}"
    )


class _SharedEngines:
    """One pooled engine per database URL, so the targets of a database share connections."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._engines: dict[str, Engine] = {}
        self._lock = threading.Lock()

    def engine_for(self, bind: str | URL | Engine) -> str | URL | Engine:
        if isinstance(bind, Engine):
            return bind  # the caller's engine and pool
        try:
            url = make_url(bind)
        except (ArgumentError, ValueError) as exc:
            raise ParityUsageError(
                "database URL is malformed; expected "
                "dialect+driver://user:password@host:port/database"
            ) from exc
        if url.get_backend_name() == "sqlite":
            return bind  # opened read-only per check by parity.connect
        key = url.render_as_string(hide_password=False)
        with self._lock:
            if key not in self._engines:
                engine_from_url(url).dispose()  # validates: a usage error for a bad URL/driver
                self._engines[key] = create_engine(url, pool_size=self._size, max_overflow=0)
            return self._engines[key]

    def dispose(self) -> None:
        for engine in self._engines.values():
            engine.dispose()


def _expand(
    database: Target, schemas: list[str] | None, pools: _SharedEngines, timeout: float | None
) -> list[Target | TargetResult]:
    """The targets of one database: its own schema, the names given, or glob matches."""
    bind = pools.engine_for(database.bind)
    if database.schema is not None or not schemas:
        return [Target(bind, database.schema)]
    globs = [s for s in schemas if is_glob(s)]
    if not globs:
        return [Target(bind, name) for name in schemas]
    try:
        existing = list_schemas(bind, timeout=timeout)
    except (InspectionError, PluginLoadError) as exc:
        return [_failure(Target(bind, ", ".join(schemas)), exc)]
    names: list[str] = []
    for pattern in schemas:
        if not is_glob(pattern):
            names.append(pattern)
            continue
        matched = [
            s for s in existing if s not in SYSTEM_SCHEMAS and fnmatch.fnmatchcase(s, pattern)
        ]
        if not matched:
            return [
                TargetResult(
                    Target(bind, pattern),
                    error=f"no schema matches {pattern!r} on this database",
                )
            ]
        names.extend(matched)
    return [Target(bind, name) for name in dict.fromkeys(names)]


def list_schemas(
    bind: str | URL | Engine | Connection, *, timeout: float | None = None
) -> list[str]:
    """The schema names of a database (databases on MySQL), sorted.

    ``timeout`` bounds connecting, as for :func:`parity.compare`.
    """
    with inspection_connection(bind, timeout=timeout) as conn:
        try:
            return sorted(inspect(conn).get_schema_names())
        except SQLAlchemyError as exc:
            raise InspectionError(
                f"cannot list the schemas of {safe_url(conn.engine.url)}: "
                f"{first_line(exc, conn.engine.url)}"
            ) from exc


def _failure(target: Target, exc: BaseException) -> TargetResult:
    text = str(exc) or type(exc).__name__
    bind = target.bind
    url = bind.url if isinstance(bind, Engine) else make_url(bind)
    for secret in secrets_of(url):
        text = text.replace(secret, "***")
    return TargetResult(target, error=text)


def _check_one(target: Target, target_models: Any, options: dict[str, Any]) -> TargetResult:
    try:
        report = compare(target.bind, target_models, schema=target.schema, **options)
    except (InspectionError, PluginLoadError) as exc:
        return _failure(target, exc)
    return TargetResult(target, report=report)


_Batch = list[tuple[int, Target]]
_Emit = Callable[[tuple[int, TargetResult]], None]


def _batches(pending: dict[int, Target], jobs: int) -> list[_Batch]:
    """Group the schemas of one database into batches, in order.

    A batch of several schemas is read by one ``read_catalogs`` call; splitting a
    database's schemas into ``jobs`` batches keeps ``jobs`` reads running at once, and
    no batch holds more than :data:`SCHEMAS_PER_READ` schemas, which bounds memory.
    """
    by_database: dict[object, _Batch] = {}
    alone: list[_Batch] = []
    for index, target in pending.items():
        if target.schema is None:
            alone.append([(index, target)])
            continue
        key = target.bind if isinstance(target.bind, Engine) else str(target.bind)
        by_database.setdefault(key, []).append((index, target))
    batches = list(alone)
    for group in by_database.values():
        parts = max(min(jobs, len(group)), -(-len(group) // SCHEMAS_PER_READ))
        size, extra = divmod(len(group), parts)
        start = 0
        for part in range(parts):
            end = start + size + (1 if part < extra else 0)
            batches.append(group[start:end])
            start = end
    return sorted(batches, key=lambda batch: batch[0][0])


def _check_batch(batch: _Batch, target_models: Any, options: dict[str, Any], emit: _Emit) -> None:
    """Check a batch: one target alone, or several schemas of a database read at once.

    A failure before any schema was reported (connecting, the shared read) is every
    target's result; a failure while diffing one schema is that schema's, and the rest
    of the batch is then checked one by one.
    """
    if len(batch) == 1:
        index, target = batch[0]
        emit((index, _check_one(target, target_models, options)))
        return
    by_schema: dict[str, _Batch] = {}
    for index, target in batch:  # a schema listed twice is checked once, reported twice
        by_schema.setdefault(str(target.schema), []).append((index, target))
    reported: set[str] = set()

    def on_report(schema: str, report: ParityReport) -> None:
        reported.add(schema)
        for index, target in by_schema[schema]:
            emit((index, TargetResult(target, report=report)))

    try:
        compare_schemas(batch[0][1].bind, target_models, list(by_schema), on_report, **options)
    except (InspectionError, PluginLoadError) as exc:
        rest = [(index, target) for index, target in batch if target.schema not in reported]
        if not reported:
            for index, target in rest:
                emit((index, _failure(target, exc)))
            return
        (index, target), later = rest[0], rest[1:]
        emit((index, _failure(target, exc)))
        for index, target in later:
            emit((index, _check_one(target, target_models, options)))


def _run(
    planned: Sequence[Target | TargetResult],
    target_models: Any,
    jobs: int,
    on_result: Callable[[TargetResult, int, int], None] | None,
    options: dict[str, Any],
) -> list[TargetResult]:
    total = len(planned)
    results: list[TargetResult | None] = [None] * total
    done = 0

    def finish(index: int, result: TargetResult) -> None:
        nonlocal done
        results[index] = result
        done += 1
        if on_result is not None:
            on_result(result, done, total)

    pending = {i: item for i, item in enumerate(planned) if isinstance(item, Target)}
    for index, item in enumerate(planned):
        if isinstance(item, TargetResult):
            finish(index, item)
    batches = _batches(pending, jobs)
    # Workers hand each result to this thread, which calls on_result as it arrives.
    outbox: queue.SimpleQueue[tuple[int, TargetResult] | BaseException] = queue.SimpleQueue()

    def work(batch: _Batch) -> None:
        try:
            _check_batch(batch, target_models, options, outbox.put)
        except BaseException as exc:  # handed to the calling thread, raised there
            outbox.put(exc)

    workers = max(1, min(jobs, len(batches)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="parity") as executor:
        futures = [executor.submit(work, batch) for batch in batches]
        try:
            for _ in range(len(pending)):
                arrived = outbox.get()
                if isinstance(arrived, BaseException):
                    raise arrived
                finish(*arrived)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return [result for result in results if result is not None]
