"""Test-suite configuration: database selection, throwaway databases, hypothesis profiles.

* ``--db NAME`` (repeatable, or comma-separated; env ``PARITY_TEST_DB``) selects the
  databases: ``sqlite``, ``sqlite-pysqlite3``, ``postgresql``, ``postgresql-16``,
  ``postgresql-18``, ``mysql`` (see ``tests/backends.py``); default: sqlite, postgresql
  and mysql.
* ``db_name`` is parametrised over the selected databases (the ``--db`` value, also the
  test id); ``backend_name`` is its SQLAlchemy dialect (``postgresql`` for
  ``postgresql-18``), what tests branch on.  A test limited to some databases says so
  with ``@pytest.mark.backends("postgresql", "mysql")``: a dialect name selects every
  version of it, a ``--db`` value only that one.  A test needing a newer server than the
  one selected skips through ``tests.server_version.require_server_version``.
* ``backend_engine`` / ``backend_url`` give an empty throwaway database per test (see
  ``tests/backends.py``); ``create_schema()`` adds an extra schema dropped at teardown.
  Tests using them get the ``backend`` marker, so ``-m "not backend"`` runs without servers.
  Every test parametrised by ``db_name`` gets ``per_backend``: ``-m per_backend``
  runs just what differs between databases (nox's ``ci`` uses it to run the
  database-independent tests once, not once per database).
* An unreachable server (or a throwaway server that cannot start) skips its tests
  locally and fails them when ``CI=true``, so a green CI run means every selected
  database really ran.  Throwaway servers are stopped and removed at session finish.
* Hypothesis profiles ``dev`` (default), ``ci`` (chosen when ``CI=true``) and ``deep``;
  ``--hypothesis-profile NAME`` or ``HYPOTHESIS_PROFILE`` picks another.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy.engine import Engine

from tests.backends import (
    BACKEND_CLASSES,
    BACKEND_NAMES,
    DB_ENV,
    DEFAULT_NAMES,
    FAMILIES,
    Backend,
    BackendUnavailable,
    ThrowawayDatabase,
    family_of,
    parse_db_list,
    throwaway_database,
)

pytest_plugins = ("pytester",)

#: Fixtures that need a live database; a test using any of them is marked ``backend``.
DATABASE_FIXTURES = frozenset({"backend_engine", "backend_url", "backend_db", "create_schema"})

# -- hypothesis profiles -----------------------------------------------------------------
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_OK,
)
settings.register_profile("deep", max_examples=2000, deadline=None, suppress_health_check=_SLOW_OK)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _in_ci() else "dev"))


# -- options and markers -----------------------------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("parity", "schema-parity test databases")
    group.addoption(
        "--db",
        action="append",
        default=None,
        metavar="NAME",
        help=(
            f"database to run backend tests on: {', '.join(BACKEND_NAMES)}; repeatable or "
            f"comma-separated (default: env {DB_ENV}, else {', '.join(DEFAULT_NAMES)})"
        ),
    )

    group.addoption(
        "--contract",
        action="store_true",
        default=False,
        help="also run the hypothesis contract properties in tests/properties (slow; "
        "nox -s 'contract(DB)'); their pinned regressions always run",
    )


#: The generated-schema properties: minutes per database, so run on request only.
CONTRACT_FILES = frozenset(
    {
        "test_soundness.py",
        "test_completeness.py",
        "test_independence.py",
        "test_read_only.py",
        "test_report_roundtrip.py",
        "test_spellings.py",
        "test_round_trip.py",
        "test_corpus.py",
        "test_snapshots.py",
    }
)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if (
        collection_path.parent.name == "properties"
        and collection_path.name in CONTRACT_FILES
        and not config.getoption("--contract")
    ):
        return True
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "backends(*names): run this test only on the named databases"
    )
    config.addinivalue_line(
        "markers", "per_backend: parametrised over the --db databases (set automatically)"
    )
    raw = config.getoption("--db") or os.environ.get(DB_ENV) or None
    try:
        config.stash[_SELECTED] = parse_db_list(raw)
    except ValueError as exc:
        raise pytest.UsageError(f"--db / {DB_ENV}: {exc}") from None


_SELECTED = pytest.StashKey[list[str]]()
_BACKENDS = pytest.StashKey[dict[str, Backend]]()


def selected_backends(config: pytest.Config) -> list[str]:
    return config.stash[_SELECTED]


def pytest_report_header(config: pytest.Config) -> str:
    return f"parity databases: {', '.join(selected_backends(config))}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_name" not in metafunc.fixturenames:
        return
    names = selected_backends(metafunc.config)
    marker = metafunc.definition.get_closest_marker("backends")
    if marker is not None:
        unknown = set(marker.args) - set(BACKEND_NAMES) - set(FAMILIES)
        if unknown:
            raise pytest.UsageError(f"{metafunc.definition.nodeid}: unknown backends {unknown}")
        allowed = [n for n in names if n in marker.args or family_of(n) in marker.args]
        if not allowed:
            reason = f"runs only on {', '.join(marker.args)}; --db selected {', '.join(names)}"
            skip = pytest.param(None, marks=pytest.mark.skip(reason=reason))
            metafunc.parametrize("db_name", [skip], ids=["not-selected"])
            return
        names = allowed
    metafunc.parametrize("db_name", names, ids=names)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "db_name" in names:
            item.add_marker(pytest.mark.per_backend)
        if DATABASE_FIXTURES.intersection(names):
            item.add_marker(pytest.mark.backend)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    for backend in session.config.stash.get(_BACKENDS, {}).values():
        backend.close()
    # Throwaway servers from wheels (tests/wheel_servers.py): stopped and removed here,
    # also after a failure or Ctrl-C (atexit and signal handlers cover the rest).
    # trylast: after pytest's own session finish has torn down the fixtures of an
    # interrupted test, which still drop their databases on these servers.
    from tests import wheel_servers

    wheel_servers.stop_all()


# -- fixtures ----------------------------------------------------------------------------
@pytest.fixture
def db_name(request: pytest.FixtureRequest) -> str:
    """The ``--db`` value this test runs on (parametrised by ``pytest_generate_tests``)."""
    name: str = request.param
    return name


@pytest.fixture
def backend_name(db_name: str) -> str:
    """The SQLAlchemy dialect of the database this test runs on (``postgresql`` for
    ``postgresql-18``): what a test branches on."""
    return family_of(db_name)


def _backend(config: pytest.Config, name: str) -> Backend:
    backends = config.stash.setdefault(_BACKENDS, {})
    if name not in backends:
        backends[name] = BACKEND_CLASSES[name]()
    return backends[name]


@pytest.fixture
def backend(request: pytest.FixtureRequest, db_name: str) -> Backend:
    """The :class:`~tests.backends.Backend` of ``backend_name``, reachable or skipped.

    Reachability is probed once per session; when the server is down the test is
    skipped, or failed when ``CI=true``.
    """
    found = _backend(request.config, db_name)
    try:
        found.check_available()
    except BackendUnavailable as exc:
        if _in_ci():
            pytest.fail(f"{exc} (CI=true: an unreachable database fails the run)", pytrace=False)
        pytest.skip(str(exc))
    return found


@pytest.fixture
def backend_db(backend: Backend, tmp_path: Path) -> Iterator[ThrowawayDatabase]:
    """An empty database named ``parity_test_<hex>``, dropped at teardown."""
    yield from throwaway_database(backend, tmp_path)


@pytest.fixture
def backend_engine(backend_db: ThrowawayDatabase) -> Engine:
    """A SQLAlchemy engine on an empty throwaway database of ``backend_name``."""
    return backend_db.engine


@pytest.fixture
def backend_url(backend_db: ThrowawayDatabase) -> str:
    """The URL (password included) of the database behind ``backend_engine``."""
    return backend_db.url_string


@pytest.fixture
def create_schema(backend_db: ThrowawayDatabase) -> Callable[[], str]:
    """Factory: ``create_schema()`` makes an extra schema and returns its name.

    PostgreSQL: a schema in the throwaway database; MySQL: another database on the server;
    SQLite: a file attached under that name.  All are dropped at teardown.
    """
    return backend_db.create_schema
