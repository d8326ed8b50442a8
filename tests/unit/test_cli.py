"""The command line, run as a subprocess exactly as a user or CI runs it.

Exit codes (CONTRACT.md §4): 0 ok, 1 drift, 2 bad usage or unimportable models,
3 database unreachable.  Models are a small module written into ``tmp_path``; every
command runs with ``cwd=tmp_path`` so ``--models`` imports it like an application's.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import sqlalchemy as sa

import parity
from tests.cli.sources import DRIFTED_SOURCE, MODELS_SOURCE, PASSWORD


def _metadata(source: str) -> sa.MetaData:
    namespace: dict[str, Any] = {}
    exec(source, namespace)
    metadata: sa.MetaData = namespace["metadata"]
    return metadata


def _create_db(path: Path, source: str) -> str:
    url = f"sqlite:///{path}"
    engine = sa.create_engine(url)
    _metadata(source).create_all(engine)
    engine.dispose()
    return url


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with ``app_models.py``, a matching database and a drifted one."""
    (tmp_path / "app_models.py").write_text(MODELS_SOURCE)
    (tmp_path / "broken_models.py").write_text("import no_such_module_anywhere\n")
    _create_db(tmp_path / "good.sqlite3", MODELS_SOURCE)
    _create_db(tmp_path / "drift.sqlite3", DRIFTED_SOURCE)
    return tmp_path


def run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v for k, v in os.environ.items() if k not in {"PARITY_DATABASE_URL", "DATABASE_URL"}
    }
    environ.update(NO_COLOR="1", **env)
    return subprocess.run(
        [sys.executable, "-m", "parity.cli", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def check(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run(cwd, "check", "--models", "app_models", *args, **env)


def test_check_exits_0_on_a_matching_database(project: Path) -> None:
    result = check(project, "--url", "sqlite:///good.sqlite3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("OK: 2 tables checked on sqlite")
    assert result.stderr == ""


def test_check_exits_1_on_drift(project: Path) -> None:
    result = check(project, "--url", "sqlite:///drift.sqlite3")
    assert result.returncode == 1, result.stderr
    assert "column users.name: model type varchar(50), database type varchar(20)" in result.stdout
    assert "table audit_log exists in the database but no model declares it" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("DRIFT:")


def test_ignore_and_critical_flags(project: Path) -> None:
    url = "sqlite:///drift.sqlite3"
    ignored = check(project, "--url", url, "--ignore", "users.name", "--ignore", "audit_*")
    assert ignored.returncode == 0, ignored.stdout + ignored.stderr
    assert "ignored (2):" in ignored.stdout
    # Only the extra table (a warning) left: making it critical turns it into an error.
    warn = check(project, "--url", url, "--ignore", "users.name")
    assert warn.returncode == 0
    critical = check(project, "--url", url, "--ignore", "users.name", "--critical", "audit_log")
    assert critical.returncode == 1
    exact = check(project, "--url", url, "--ignore", "users.name", "--mode", "exact")
    assert exact.returncode == 1


USAGE_ERRORS: list[tuple[str, list[str], str]] = [
    (
        "models module not importable",
        ["--models", "no_such_models_module"],
        "no_such_models_module",
    ),
    ("models module whose import fails", ["--models", "broken_models"], "no_such_module_anywhere"),
    ("models attribute missing", ["--models", "app_models:nothing_here"], "nothing_here"),
    ("empty models", ["--models", ":metadata"], "MODULE[:ATTR]"),
    ("bad mode", ["--models", "app_models", "--mode", "strictest"], "strictest"),
    ("bad format", ["--models", "app_models", "--format", "yaml"], "yaml"),
    ("bad ignore pattern", ["--models", "app_models", "--ignore", "users:bogus"], "bogus"),
    ("no models flag", [], "--models"),
]


@pytest.mark.parametrize(
    ("args", "says"), [u[1:] for u in USAGE_ERRORS], ids=[u[0] for u in USAGE_ERRORS]
)
def test_usage_errors_exit_2(project: Path, args: list[str], says: str) -> None:
    result = run(project, "check", "--url", "sqlite:///good.sqlite3", *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert says in result.stderr
    assert result.stderr.startswith("parity: error:")
    assert len(result.stderr.strip().splitlines()) <= 2  # argparse adds its usage line


def test_missing_url_exits_2(project: Path) -> None:
    result = check(project)
    assert result.returncode == 2
    assert "no database URL" in result.stderr


def test_a_sqlite_path_that_does_not_exist_exits_3_and_creates_nothing(project: Path) -> None:
    result = check(project, "--url", "sqlite:///missing.sqlite3")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "does not exist" in result.stderr
    assert not (project / "missing.sqlite3").exists()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("fmt", "scheme"),
    [
        ("text", "postgresql+psycopg"),
        ("json", "postgresql+psycopg"),
        ("junit", "postgresql+psycopg"),
        ("github", "postgresql+psycopg"),
        ("text", "mysql+pymysql"),
    ],
)
def test_an_unreachable_server_exits_3_without_the_password(
    project: Path, fmt: str, scheme: str
) -> None:
    timeout = "connect_timeout=5"
    url = f"{scheme}://app:{PASSWORD}@127.0.0.1:{_free_port()}/appdb?{timeout}"
    result = check(project, "--url", url, "--format", fmt)
    assert result.returncode == 3, result.stdout + result.stderr
    assert PASSWORD not in result.stdout
    assert PASSWORD not in result.stderr
    assert "cannot" in result.stderr and "***" in result.stderr


def test_the_password_is_hidden_when_the_url_comes_from_the_environment(project: Path) -> None:
    url = f"postgresql+psycopg://app:{PASSWORD}@127.0.0.1:{_free_port()}/appdb?connect_timeout=5"
    result = check(project, DATABASE_URL=url)
    assert result.returncode == 3
    assert PASSWORD not in result.stdout + result.stderr


def test_json_output_is_the_reports_dict(project: Path) -> None:
    url = "sqlite:///drift.sqlite3"
    result = check(project, "--url", url, "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    expected = parity.compare(
        f"sqlite:///{project / 'drift.sqlite3'}", _metadata(MODELS_SOURCE)
    ).to_dict()
    assert list(data) == list(expected)
    assert data == expected
    assert data["ok"] is False


def test_junit_output_is_well_formed_with_one_testcase_per_table(project: Path) -> None:
    result = check(project, "--url", "sqlite:///drift.sqlite3", "--format", "junit")
    assert result.returncode == 1
    suite = ET.fromstring(result.stdout.encode())
    assert suite.tag == "testsuite"
    cases = suite.findall("testcase")
    assert sorted(case.get("name") or "" for case in cases) == ["audit_log", "orders", "users"]
    assert suite.get("tests") == "3"
    failing = {case.get("name") for case in cases if case.find("failure") is not None}
    assert failing == {"users"}
    assert suite.get("failures") == "1"


def test_junit_output_of_a_clean_database(project: Path) -> None:
    result = check(project, "--url", "sqlite:///good.sqlite3", "--format", "junit")
    assert result.returncode == 0
    suite = ET.fromstring(result.stdout.encode())
    assert [c.find("failure") for c in suite.findall("testcase")] == [None, None]


def test_github_output_is_workflow_commands(project: Path) -> None:
    result = check(project, "--url", "sqlite:///drift.sqlite3", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert all(line.startswith(("::error", "::warning", "::notice")) for line in lines), lines
    assert any(line.startswith("::error") for line in lines)
    assert any(line.startswith("::warning") for line in lines)
    assert lines[-1].startswith("::notice")


def test_parity_database_url_is_the_fallback(project: Path) -> None:
    result = check(project, PARITY_DATABASE_URL="sqlite:///good.sqlite3")
    assert result.returncode == 0, result.stderr


def test_database_url_is_the_last_fallback(project: Path) -> None:
    assert check(project, DATABASE_URL="sqlite:///drift.sqlite3").returncode == 1


def test_parity_database_url_wins_over_database_url(project: Path) -> None:
    result = check(
        project,
        PARITY_DATABASE_URL="sqlite:///good.sqlite3",
        DATABASE_URL="sqlite:///missing.sqlite3",
    )
    assert result.returncode == 0, result.stderr


def test_url_flag_wins_over_the_environment(project: Path) -> None:
    result = check(
        project, "--url", "sqlite:///drift.sqlite3", PARITY_DATABASE_URL="sqlite:///good.sqlite3"
    )
    assert result.returncode == 1


def test_demo(tmp_path: Path) -> None:
    result = run(tmp_path, "demo")
    assert result.returncode == 0, result.stderr
    assert "cost_records" in result.stdout
    assert "DRIFT:" in result.stdout


def test_version_and_help(tmp_path: Path) -> None:
    assert run(tmp_path, "--version").stdout.startswith("schema-parity ")
    assert run(tmp_path, "check", "--help").returncode == 0
    assert run(tmp_path).returncode == 2  # no command
