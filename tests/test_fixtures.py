"""The database fixtures themselves: empty, unique, dropped, and loud when a server is down.

Plain SQLAlchemy only, so these run before (and independently of) the ``parity`` core.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.backends import (
    BACKEND_NAMES,
    Backend,
    PostgreSQLBackend,
    ThrowawayDatabase,
    family_of,
    parse_db_list,
    throwaway_database,
)

TESTS_DIR = Path(__file__).parent


def test_parse_db_list() -> None:
    assert parse_db_list(None) == ["sqlite", "postgresql", "mysql"]
    assert parse_db_list("mysql, sqlite") == ["mysql", "sqlite"]
    assert parse_db_list(["postgresql", "postgresql,sqlite"]) == ["postgresql", "sqlite"]
    assert parse_db_list([""]) == ["sqlite", "postgresql", "mysql"]
    with pytest.raises(ValueError, match="unknown database 'oracle'"):
        parse_db_list("oracle")


def test_backend_marker_is_automatic(request: pytest.FixtureRequest) -> None:
    assert request.node.get_closest_marker("backend") is None


def test_database_is_empty_and_named(
    backend_name: str, backend_db: ThrowawayDatabase, backend_engine: Engine
) -> None:
    assert backend_engine is backend_db.engine
    assert backend_db.name.startswith("parity_test_")
    assert len(backend_db.name) == len("parity_test_") + 12
    inspector = sa.inspect(backend_engine)
    assert inspector.get_table_names() == []
    assert inspector.get_view_names() == []
    assert backend_engine.dialect.name == backend_name


def test_backend_tests_are_marked(request: pytest.FixtureRequest, backend_engine: Engine) -> None:
    assert request.node.get_closest_marker("backend") is not None


@pytest.mark.backend
def test_database_is_unique_and_writable(
    backend_name: str, backend: Backend, tmp_path: Path
) -> None:
    """Two throwaway databases made one after the other, in one test (no state shared
    between tests): different names, each empty, each writable on its own."""
    names = []
    for _ in range(2):
        made = throwaway_database(backend, tmp_path)
        db = next(made)
        try:
            names.append(db.name)
            assert sa.inspect(db.engine).get_table_names() == []
            # The same table in each: it would clash if a database were reused.
            with db.engine.begin() as conn:
                conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY)")
                conn.exec_driver_sql("INSERT INTO t (id) VALUES (1)")
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 1
        finally:
            made.close()
        assert not backend.database_exists(db.name, tmp_path)
    assert names[0] != names[1]


def test_backend_url_reaches_the_same_database(
    backend_url: str, backend_db: ThrowawayDatabase
) -> None:
    with backend_db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE marker (id INTEGER PRIMARY KEY)")
    engine = sa.create_engine(backend_url)
    try:
        assert sa.inspect(engine).get_table_names() == ["marker"]
    finally:
        engine.dispose()
    assert backend_db.name in backend_url


def test_create_schema(
    backend_engine: Engine, create_schema: Callable[[], str], backend_db: ThrowawayDatabase
) -> None:
    first, second = create_schema(), create_schema()
    assert first != second
    assert first.startswith("parity_test_")
    with backend_engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE {first}.audit (id INTEGER PRIMARY KEY)")
    inspector = sa.inspect(backend_engine)
    assert inspector.get_table_names(schema=first) == ["audit"]
    assert inspector.get_table_names(schema=second) == []
    assert inspector.get_table_names() == []


@pytest.mark.backends("postgresql")
def test_backends_marker_limits_databases(backend_name: str, db_name: str) -> None:
    """A dialect name in the marker selects every version of it."""
    assert backend_name == "postgresql"
    assert db_name in {"postgresql", "postgresql-16", "postgresql-18"}


@pytest.mark.backends("postgresql-18")
def test_backends_marker_names_one_version(db_name: str) -> None:
    assert db_name == "postgresql-18"


def test_db_values_and_families() -> None:
    assert BACKEND_NAMES == (
        "sqlite",
        "sqlite-pysqlite3",
        "postgresql",
        "postgresql-16",
        "postgresql-18",
        "mysql",
    )
    assert [family_of(n) for n in BACKEND_NAMES] == [
        "sqlite",
        "sqlite",
        "postgresql",
        "postgresql",
        "postgresql",
        "mysql",
    ]
    assert parse_db_list("postgresql-18,sqlite-pysqlite3") == ["postgresql-18", "sqlite-pysqlite3"]


def test_server_is_the_selected_version(db_name: str, backend_engine: Engine) -> None:
    """postgresql-16/-18 really run that major; sqlite-pysqlite3 really runs SQLite 3.51."""
    with backend_engine.connect() as conn:
        version = conn.dialect.server_version_info or ()
    expected = {"postgresql-16": (16,), "postgresql-18": (18,), "sqlite-pysqlite3": (3, 51)}
    if db_name in expected:
        assert version[: len(expected[db_name])] == expected[db_name]
    if db_name == "sqlite-pysqlite3":
        assert backend_engine.dialect.driver == "pysqlite3"


def test_teardown_drops_everything(
    backend_name: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Drive the fixture generator by hand and look in the catalog afterwards."""
    from tests.backends import throwaway_database

    backend = request.getfixturevalue("backend")
    gen = throwaway_database(backend, tmp_path)
    db = next(gen)
    schema = db.create_schema()
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE {schema}.t (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    assert backend.database_exists(db.name, tmp_path)
    # A connection the test forgot, inside a transaction that read the table (a metadata
    # lock on MySQL): teardown must still drop the database, not wait for it.
    stray_engine = sa.create_engine(db.url_string)
    stray = stray_engine.connect()
    stray.exec_driver_sql("SELECT count(*) FROM t").scalar()
    with pytest.raises(StopIteration):
        next(gen)
    stray.invalidate()
    stray_engine.dispose()
    assert not backend.database_exists(db.name, tmp_path)
    # An extra schema lives in the dropped database on PostgreSQL and SQLite (attached
    # file), and is a database of its own on MySQL: gone in every case.
    assert not backend.database_exists(schema, tmp_path)


# -- the fixtures seen from outside: an inner pytest run ---------------------------------
def _inner_project(pytester: pytest.Pytester, test_body: str) -> None:
    pkg = pytester.path / "tests"
    pkg.mkdir()
    for name in (
        "__init__.py",
        "conftest.py",
        "backends.py",
        "wheel_servers.py",
    ):
        shutil.copy(TESTS_DIR / name, pkg / name)
    shutil.copytree(TESTS_DIR / "pysqlite3_site", pkg / "pysqlite3_site")
    (pkg / "test_inner.py").write_text(test_body)
    pytester.makeini("[pytest]\naddopts = -ra -p no:cacheprovider\n")


INNER_TEST = """
from pathlib import Path

def test_record(backend_name, backend_db):
    out = Path(__file__).parent / "names.txt"
    with out.open("a") as fh:
        fh.write(f"{backend_name} {backend_db.name}\\n")

def test_no_database():
    pass
"""


def test_dropped_after_session(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    backend_name: str,
    db_name: str,
    backend: Backend,
) -> None:
    """An inner run records its database's name; the outer test checks the catalog."""
    _inner_project(pytester, INNER_TEST)
    monkeypatch.delenv("PARITY_TEST_DB", raising=False)
    result = pytester.runpytest_subprocess("--db", db_name, "--basetemp", "inner")
    result.assert_outcomes(passed=2)
    recorded, name = (pytester.path / "tests" / "names.txt").read_text().split()
    assert recorded == backend_name
    assert name.startswith("parity_test_")
    # SQLite: look for the file in every directory of the inner run's basetemp.
    places = [p for p in (pytester.path / "inner").rglob("*") if p.is_dir()]
    assert places or backend_name != "sqlite"
    for place in places or [pytester.path]:
        assert not backend.database_exists(name, place)


UNREACHABLE_TEST = """
def test_needs_postgres(backend_engine):
    pass

def test_plain():
    pass
"""


@pytest.fixture
def unreachable_postgres(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    _inner_project(pytester, UNREACHABLE_TEST)
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    monkeypatch.setenv("PARITY_TEST_POSTGRESQL_URL", "postgresql+psycopg://postgres@127.0.0.1:1/x")


@pytest.mark.usefixtures("unreachable_postgres")
def test_unreachable_server_skips_locally(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    result = pytester.runpytest_subprocess("--db", "postgresql")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*PostgreSQL at 127.0.0.1:1 is not reachable (*); "
            "set PARITY_TEST_POSTGRESQL_URL or start it*"
        ]
    )


@pytest.mark.usefixtures("unreachable_postgres")
def test_unreachable_server_fails_in_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    result = pytester.runpytest_subprocess("--db", "postgresql")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*PostgreSQL at 127.0.0.1:1 is not reachable*CI=true*"])


@pytest.mark.usefixtures("unreachable_postgres")
def test_db_env_selects_databases(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``PARITY_TEST_DB`` selects like ``--db``; tests without a database need no server."""
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("PARITY_TEST_DB", "sqlite")
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=2)
    result = pytester.runpytest_subprocess("-m", "not backend", "--db", "postgresql")
    result.assert_outcomes(passed=1, deselected=1)


def test_unknown_db_is_a_usage_error(pytester: pytest.Pytester) -> None:
    _inner_project(pytester, UNREACHABLE_TEST)
    result = pytester.runpytest_subprocess("--db", "oracle")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown database 'oracle'*"])


def test_postgresql_server_url_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARITY_TEST_POSTGRESQL_URL", "postgresql+psycopg://u:pw@db.example:6543/x")
    backend = PostgreSQLBackend()
    assert backend.where() == "db.example:6543"
    monkeypatch.delenv("PARITY_TEST_POSTGRESQL_URL")
    assert backend.where() == "127.0.0.1:5432"
