"""The pytest plugin, run end to end in a fresh pytest process (``pytester``).

Plugin autoloading is switched off in the inner runs and the plugin passed with
``-p parity.pytest_plugin``, so the tests behave the same before and after the
``pytest11`` entry point is installed.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from parity.pytest_plugin import assert_schema_parity
from tests.cli.conftest import (
    DRIFTED_SOURCE,
    MODELS_SOURCE,
    PASSWORD,
    create_db,
    metadata_of,
    secret_url,
)


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytester project with ``app_models.py`` and a good and a drifted SQLite file."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.delenv("PARITY_DATABASE_URL", raising=False)
    pytester.makepyfile(app_models=MODELS_SOURCE)
    create_db(pytester.path / "good.sqlite3", MODELS_SOURCE)
    create_db(pytester.path / "drift.sqlite3", DRIFTED_SOURCE)
    return pytester


def run_inner(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(
        "-p", "parity.pytest_plugin", "-p", "no:cacheprovider", *args
    )


def generated(pytester: pytest.Pytester, url: str, *args: str) -> pytest.RunResult:
    return run_inner(pytester, "--parity-url", url, "--parity-models", "app_models", "-v", *args)


# -- generated tests ---------------------------------------------------------------------
def test_without_options_the_plugin_adds_nothing(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_app="def test_app():\n    pass\n")
    result = run_inner(inner, "-v")
    result.assert_outcomes(passed=1)
    assert "parity::" not in result.stdout.str()
    assert "schema-parity:" not in result.stdout.str()


def test_one_passing_test_per_table_on_a_matching_database(inner: pytest.Pytester) -> None:
    result = generated(inner, "sqlite:///good.sqlite3")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(
        [
            "schema-parity: app_models against sqlite:///good.sqlite3",
            "*collected 3 items",
            "parity::orders PASSED*",
            "parity::users PASSED*",
            "parity::extra-tables PASSED*",
        ]
    )


def test_a_drifted_table_fails_with_its_differences(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_app="def test_app():\n    pass\n")
    result = generated(inner, "sqlite:///drift.sqlite3")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*parity::users FAILED*",
            "schema drift on table users:",
            "  ?error? column users.name: model type varchar(50), database type varchar(20)*",
        ]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_extra_tables_fail_when_critical_or_exact(inner: pytest.Pytester) -> None:
    critical = generated(inner, "sqlite:///drift.sqlite3", "--parity-critical", "audit_log")
    critical.assert_outcomes(passed=1, failed=2)
    critical.stdout.fnmatch_lines(["*parity::extra-tables FAILED*", "*table audit_log exists*"])
    exact = generated(inner, "sqlite:///drift.sqlite3", "--parity-mode", "exact")
    exact.assert_outcomes(passed=1, failed=2)


def test_generated_tests_can_be_selected_with_k(inner: pytest.Pytester) -> None:
    result = generated(inner, "sqlite:///drift.sqlite3", "-k", "orders")
    result.assert_outcomes(passed=1, deselected=2)


def test_the_url_may_come_from_the_environment(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARITY_DATABASE_URL", "sqlite:///good.sqlite3")
    run_inner(inner, "--parity-models", "app_models").assert_outcomes(passed=3)


def test_an_unreachable_database_fails_every_table_without_the_password(
    inner: pytest.Pytester,
) -> None:
    result = generated(inner, secret_url())
    result.assert_outcomes(failed=3)
    output = result.stdout.str() + result.stderr.str()
    assert "cannot inspect the database" in output
    assert PASSWORD not in output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--parity-models", "app_models"], "needs a database"),
        (["--parity-url", "sqlite:///good.sqlite3", "--parity-models", "nope_mod"], "nope_mod"),
        (
            ["--parity-url", "sqlite:///x", "--parity-models", "app_models", "--parity-mode", "x"],
            "x",
        ),
    ],
)
def test_usage_errors(inner: pytest.Pytester, args: list[str], says: str) -> None:
    result = run_inner(inner, *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert says in result.stderr.str()


def test_on_each_database(
    backend_name: str, backend_engine: Engine, backend_url: str, inner: pytest.Pytester
) -> None:
    metadata_of(DRIFTED_SOURCE).create_all(backend_engine)
    backend_engine.dispose()
    result = generated(inner, backend_url)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*parity::users FAILED*", "*column users.name*"])


# -- assert_schema_parity and the fixtures ------------------------------------------------
def test_assert_schema_parity_in_process(tmp_path: Path) -> None:
    good = create_db(tmp_path / "good.db", MODELS_SOURCE)
    drift = create_db(tmp_path / "drift.db", DRIFTED_SOURCE)
    report = assert_schema_parity(good, metadata_of(MODELS_SOURCE))
    assert report.ok
    with pytest.raises(AssertionError) as excinfo:
        assert_schema_parity(drift, metadata_of(MODELS_SOURCE), mode="exact")
    message = str(excinfo.value)
    assert message.startswith("schema drift:\n")
    assert "\nusers:\n  [error] column users.name" in message
    assert message.splitlines()[-1].startswith("DRIFT:")


def test_overriding_parity_engine_in_conftest(inner: pytest.Pytester) -> None:
    inner.makeconftest(
        """
        import pytest
        import sqlalchemy as sa
        import app_models

        @pytest.fixture
        def parity_engine():
            engine = sa.create_engine("sqlite:///drift.sqlite3")
            yield engine
            engine.dispose()

        @pytest.fixture
        def parity_target():
            return app_models.metadata
        """
    )
    inner.makepyfile(
        test_schema=textwrap.dedent(
            """
            from parity.pytest_plugin import assert_schema_parity

            def test_fixture(parity_assert):
                parity_assert()

            def test_function(parity_engine, parity_target):
                assert_schema_parity(parity_engine, parity_target, tables=["orders"])
            """
        )
    )
    result = run_inner(inner, "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*test_fixture FAILED*",
            "E*AssertionError: schema drift:",
            "E*users:",
            "E*?error? column users.name: model type varchar(50)*",
        ]
    )


def test_default_fixtures_come_from_the_options(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_schema="def test_schema(parity_assert):\n    parity_assert(tables=['orders'])\n"
    )
    result = generated(inner, "sqlite:///drift.sqlite3", "-k", "test_schema")
    result.assert_outcomes(passed=1, deselected=3)


def test_parity_engine_without_a_url_says_what_to_do(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_schema="def test_schema(parity_assert):\n    parity_assert()\n")
    result = run_inner(inner)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*override the parity_engine fixture*"])


# -- --parity-snapshot (issue 13) ---------------------------------------------------------
def _write_snapshot(pytester: pytest.Pytester, db: str) -> str:
    import parity

    path = pytester.path / "schema.snapshot"  # any name: the option names a file
    path.write_text(parity.take_snapshot(f"sqlite:///{pytester.path / db}").to_json())
    return str(path.name)


def test_a_snapshot_file_replaces_the_url_offline(inner: pytest.Pytester) -> None:
    name = _write_snapshot(inner, "drift.sqlite3")
    result = run_inner(inner, "--parity-snapshot", name, "--parity-models", "app_models", "-v")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            f"schema-parity: app_models against snapshot {name}",
            "*parity::users FAILED*",
            "schema drift on table users:",
            "  ?error? column users.name: model type varchar(50), database type varchar(20)*",
        ]
    )
    good = _write_snapshot(inner, "good.sqlite3")
    clean = run_inner(inner, "--parity-snapshot", good, "--parity-models", "app_models")
    clean.assert_outcomes(passed=3)


def test_parity_assert_uses_the_snapshot(inner: pytest.Pytester) -> None:
    name = _write_snapshot(inner, "drift.sqlite3")
    inner.makepyfile(
        test_app="import app_models\n"
        "def test_schema(parity_assert):\n"
        "    parity_assert(target=app_models.metadata, tables=['orders'])\n"
    )
    run_inner(inner, "--parity-snapshot", name).assert_outcomes(passed=1)
    (inner.path / name).write_text('{"format_version": 7, "tables": []}')
    broken = run_inner(inner, "--parity-snapshot", name)
    broken.assert_outcomes(failed=1)
    broken.stdout.fnmatch_lines(["*format_version 7*"])
