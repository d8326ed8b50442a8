"""The pytest plugin: schema checks as tests (entry point ``pytest11``: ``parity``).

Two ways to use it:

* **Generated tests.** ``pytest --parity-url URL --parity-models app.models`` adds one
  test per model table, ``parity::<table>``, failing with that table's differences,
  and ``parity::extra-tables`` for tables the database has and the models do not
  declare.  ``--parity-mode`` and ``--parity-critical`` apply as on the command line.
* **In your own tests.** ``assert_schema_parity(bind, target, **options)`` (or the
  ``parity_assert`` fixture) raises ``AssertionError`` with the rendered report.  The
  fixtures ``parity_engine`` (from ``--parity-url`` / ``$PARITY_DATABASE_URL``) and
  ``parity_target`` (from ``--parity-models``) are defaults meant to be overridden in a
  ``conftest.py``, in the style of pytest-alembic's ``alembic_engine``.

Without the options the plugin adds no test.  It imports nothing of ``parity`` (nor
SQLAlchemy) itself: every hook and fixture imports what it needs when it runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from parity.report import Difference, ParityReport

URL_ENV = "PARITY_DATABASE_URL"
EXTRA_TABLES = "extra-tables"
_UNSET: Any = object()
#: Seconds the plugin waits to connect and for each catalog statement, unless
#: ``--parity-timeout`` says otherwise: a test run must never hang on a silent server.
DEFAULT_TIMEOUT = 30.0


def assert_schema_parity(bind: Any, target: Any = None, **options: Any) -> ParityReport:
    """Compare like :func:`parity.compare`; raise ``AssertionError`` with the report on drift.

    Returns the report when it is ok (warnings may remain in it).
    """
    __tracebackhide__ = True
    from parity.api import compare
    from parity.errors import ParityError

    options.setdefault("timeout", DEFAULT_TIMEOUT)
    failure: ParityError | None = None
    try:
        report = compare(bind, target, **options)
    except ParityError as exc:
        failure = exc
    if failure is not None:
        # Raised again from this frame, outside the except block and unchained: pytest
        # prints the arguments of every frame of a traceback and its chain, and the
        # driver's connect() frame holds the password.  The message is already masked.
        raise _without_traceback(failure)
    if not report.ok:
        raise AssertionError("schema drift:\n" + report.render())
    return report


def _without_traceback(exc: BaseException) -> BaseException:
    """A copy of ``exc`` (same class, args and attributes) with no traceback or chain."""
    clean = type(exc).__new__(type(exc))
    clean.args = exc.args
    clean.__dict__.update(vars(exc))
    return clean


# -- options -----------------------------------------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("schema-parity", "schema-parity: models vs a live database")
    group.addoption(
        "--parity-url",
        default=None,
        metavar="URL",
        help=f"database for parity_engine and the generated tests (default: ${URL_ENV})",
    )
    group.addoption(
        "--parity-snapshot",
        default=None,
        metavar="FILE",
        help="check the models against this snapshot file (parity inspect --format json) "
        "instead of a database: offline",
    )
    group.addoption(
        "--parity-models",
        default=None,
        metavar="MODULE[:ATTR]",
        help="models to check; with a URL, adds one test per model table (parity::<table>)",
    )
    group.addoption(
        "--parity-mode",
        default=None,
        choices=("compatible", "exact"),
        help="severity policy of the checks (default: compatible)",
    )
    group.addoption(
        "--parity-critical",
        default=None,
        metavar="T,...",
        help="tables that must match exactly, comma-separated",
    )
    group.addoption(
        "--parity-timeout",
        default=None,
        metavar="SECONDS",
        help="bound connecting and each catalog statement of the checks "
        f"(default: {DEFAULT_TIMEOUT:g})",
    )
    group.addoption(
        "--parity-schema",
        default=None,
        metavar="S",
        help="schema (PostgreSQL) or database (MySQL) of the generated tests",
    )


def _url(config: pytest.Config) -> str | None:
    url: str | None = config.getoption("parity_url", None) or os.environ.get(URL_ENV) or None
    return url


def _source(config: pytest.Config) -> Any:
    """What the generated tests compare with: ``--parity-snapshot`` (a file), else the URL."""
    snapshot = config.getoption("parity_snapshot", None)
    return Path(snapshot) if snapshot else _url(config)


def _options(config: pytest.Config) -> dict[str, Any]:
    """The compare() options given on the command line."""
    options: dict[str, Any] = {"timeout": _timeout(config)}
    mode = config.getoption("parity_mode", None)
    if mode:
        options["mode"] = mode
    critical = config.getoption("parity_critical", None)
    if critical:
        options["critical"] = [name.strip() for name in critical.split(",") if name.strip()]
    return options


def _timeout(config: pytest.Config) -> float:
    text = config.getoption("parity_timeout", None)
    if text is None:
        return DEFAULT_TIMEOUT
    from parity.connect import parse_timeout
    from parity.errors import ParityUsageError

    try:
        return parse_timeout(str(text), name="--parity-timeout")
    except ParityUsageError as exc:
        raise pytest.UsageError(f"schema-parity: {exc}") from None


# -- generated tests ---------------------------------------------------------------------
class ParityDrift(Exception):
    """A generated table test found differences of severity error."""


class ParityCollector(pytest.Collector):
    """The ``parity`` node: one :class:`ParityItem` per model table, plus extra tables."""

    def __init__(
        self, *, url: Any, spec: str, target: Any, table_names: list[str], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.url = url
        self.spec = spec
        self.target = target
        self.table_names = table_names
        self._outcome: ParityReport | BaseException | None = None

    def collect(self) -> list[pytest.Item]:
        items: list[pytest.Item] = [
            ParityItem.from_parent(self, name=name, table=name) for name in self.table_names
        ]
        items.append(ParityItem.from_parent(self, name=EXTRA_TABLES, table=None))
        return items

    def outcome(self) -> ParityReport | BaseException:
        """The report of the one comparison all items share (run by the first item)."""
        if self._outcome is None:
            from parity.api import compare
            from parity.errors import ParityError

            unexpected: str | None = None
            try:
                self._outcome = compare(
                    self.url,
                    self.target,
                    schema=self.config.getoption("parity_schema", None),
                    **_options(self.config),
                )
            except ParityError as exc:
                self._outcome = _without_traceback(exc)
            except Exception as exc:  # a driver's own error: the check did not happen
                unexpected = f"{type(exc).__name__}: {exc}"
            if unexpected is not None:
                from parity.connect import mask_urls

                self._outcome = RuntimeError(mask_urls(unexpected, [self.url]))
        assert self._outcome is not None
        return self._outcome


class ParityItem(pytest.Item):
    """``parity::<table>``: fails with the errors the comparison found on that table."""

    def __init__(self, *, table: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.table = table

    def _collector(self) -> ParityCollector:
        parent = self.parent
        assert isinstance(parent, ParityCollector)
        return parent

    def _mine(self, report: ParityReport) -> list[Difference]:
        model = set(self._collector().table_names)
        if self.table is not None:
            return [d for d in report.differences if d.table == self.table]
        return [d for d in report.differences if d.table not in model]

    def runtest(self) -> None:
        outcome = self._collector().outcome()
        if isinstance(outcome, BaseException):
            raise ParityDrift(f"cannot inspect the database: {outcome}")
        mine = self._mine(outcome)
        if any(d.severity.value == "error" for d in mine):
            lines = [f"  [{d.severity.value}] {d.message}" for d in mine]
            where = f"table {self.table}" if self.table else "tables no model declares"
            raise ParityDrift(f"schema drift on {where}:\n" + "\n".join(lines))
        if mine:
            text = "\n".join(f"[{d.severity.value}] {d.message}" for d in mine)
            self.add_report_section("call", "schema-parity", text)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ParityDrift):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.config.rootpath, None, f"parity::{self.name}"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Add the generated table tests, before ``-k``/``-m`` deselection sees the items."""
    spec = config.getoption("parity_models", None)
    if not spec:
        return
    _timeout(config)  # a bad --parity-timeout is a usage error before anything runs
    url = _source(config)
    if not url:
        raise pytest.UsageError(
            "--parity-models needs a database: pass --parity-url URL, --parity-snapshot "
            f"FILE or set ${URL_ENV}"
        )
    from parity.errors import ParityUsageError
    from parity.loading import load_models
    from parity.target import resolve_target

    try:
        target = load_models(spec)
        names = sorted({table.name for table in resolve_target(target)})
    except ParityUsageError as exc:
        raise pytest.UsageError(f"schema-parity: {exc}") from None
    collector = ParityCollector.from_parent(
        session,
        name="parity",
        nodeid="parity",
        url=url,
        spec=spec,
        target=target,
        table_names=names,
    )
    # Through the collect-report hooks, so the terminal counts the items and a broken
    # collector is reported like any collection error.
    report = collector.ihook.pytest_make_collect_report(collector=collector)
    collector.ihook.pytest_collectreport(report=report)
    items.extend(node for node in report.result if isinstance(node, pytest.Item))


def pytest_report_header(config: pytest.Config) -> str | None:
    spec = config.getoption("parity_models", None)
    url = _source(config)
    if not spec or not url:
        return None
    from parity.connect import safe_url

    where = f"snapshot {url}" if isinstance(url, Path) else safe_url(url)
    return f"schema-parity: {spec} against {where}"


# -- fixtures ----------------------------------------------------------------------------
@pytest.fixture
def parity_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """The engine to check; override it in ``conftest.py`` to supply your own.

    Default: an engine on ``--parity-url`` or ``$PARITY_DATABASE_URL``.
    """
    url = _url(request.config)
    if not url:
        pytest.fail(
            "schema-parity has no database: pass --parity-url URL, set "
            f"${URL_ENV}, or override the parity_engine fixture in conftest.py",
            pytrace=False,
        )
    from parity.connect import engine_from_url

    engine = engine_from_url(url)
    yield engine
    engine.dispose()


@pytest.fixture
def parity_target(request: pytest.FixtureRequest) -> Any:
    """The models to check; override it in ``conftest.py``.

    Default: what ``--parity-models`` names, else ``None`` (every SQLModel table model).
    """
    spec = request.config.getoption("parity_models", None)
    if not spec:
        return None
    from parity.loading import load_models

    return load_models(spec)


@pytest.fixture
def parity_assert(request: pytest.FixtureRequest) -> Callable[..., ParityReport]:
    """``parity_assert(bind=None, target=<parity_target>, **options)``.

    Like :func:`assert_schema_parity`, with ``parity_engine``, ``parity_target`` and the
    ``--parity-mode`` / ``--parity-critical`` options as defaults.
    """

    def check(bind: Any = None, target: Any = _UNSET, **options: Any) -> ParityReport:
        __tracebackhide__ = True
        if bind is None:
            snapshot = request.config.getoption("parity_snapshot", None)
            bind = Path(snapshot) if snapshot else request.getfixturevalue("parity_engine")
        if target is _UNSET:
            target = request.getfixturevalue("parity_target")
        for key, value in _options(request.config).items():
            options.setdefault(key, value)
        return assert_schema_parity(bind, target, **options)

    return check
