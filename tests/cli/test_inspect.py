"""``parity inspect``: the normalised snapshot of a live database, text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from parity.inspect_cmd import inspect_database, snapshot_to_dict
from tests.cli.conftest import MODELS_SOURCE, PASSWORD, metadata_of, run, secret_url


def test_text_shows_one_block_per_table(project: Path) -> None:
    result = run(project, "inspect", "--url", "sqlite:///drift.sqlite3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if not line.startswith(" ")][:3] == [
        "audit_log:",
        "orders:",
        "users:",
    ]
    assert "  name  varchar(20)  NOT NULL" in lines
    assert "  foreign key (user_id) -> users(id)" in lines
    assert "  primary key (id)" in lines
    assert lines[-1].startswith("3 tables in the default schema on sqlite ")
    assert result.stderr == ""


def test_json_is_the_snapshot_as_the_comparator_sees_it(project: Path) -> None:
    result = run(project, "inspect", "--url", "sqlite:///good.sqlite3", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    expected = snapshot_to_dict(inspect_database(f"sqlite:///{project / 'good.sqlite3'}"))
    assert data == json.loads(json.dumps(expected))
    assert list(data)[:3] == ["format_version", "dialect", "tables"]
    assert data["format_version"] == 1
    assert [t["name"] for t in data["tables"]] == ["orders", "users"]
    users = data["tables"][1]
    assert "column_map" not in users
    assert users["columns"][1]["name"] == "name"
    assert users["columns"][1]["type"]["name"] == "varchar"
    assert users["columns"][1]["type"]["length"] == 50
    assert users["columns"][1]["nullable"] is False


def test_tables_restricts_the_read(project: Path) -> None:
    result = run(project, "inspect", "--url", "sqlite:///drift.sqlite3", "--tables", "users,nope")
    assert result.returncode == 0, result.stderr
    assert "users:" in result.stdout and "orders:" not in result.stdout
    assert result.stdout.splitlines()[-1].startswith("1 tables")


def test_url_from_the_environment(project: Path) -> None:
    result = run(project, "inspect", PARITY_DATABASE_URL="sqlite:///good.sqlite3")
    assert result.returncode == 0, result.stderr
    assert "users:" in result.stdout


def test_no_url_exits_2(project: Path) -> None:
    result = run(project, "inspect")
    assert result.returncode == 2
    assert "no database URL" in result.stderr


def test_bad_format_exits_2(project: Path) -> None:
    result = run(project, "inspect", "--url", "sqlite:///good.sqlite3", "--format", "junit")
    assert result.returncode == 2


def test_a_missing_database_exits_3(project: Path) -> None:
    result = run(project, "inspect", "--url", "sqlite:///missing.sqlite3")
    assert result.returncode == 3
    assert "does not exist" in result.stderr
    assert not (project / "missing.sqlite3").exists()


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_an_unreachable_server_exits_3_without_the_password(project: Path, fmt: str) -> None:
    result = run(project, "inspect", "--url", secret_url(), "--format", fmt)
    assert result.returncode == 3, result.stdout + result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    assert "***" in result.stderr


def test_inspect_on_each_database(
    backend_name: str, backend_engine: Engine, backend_url: str, tmp_path: Path
) -> None:
    metadata_of(MODELS_SOURCE).create_all(backend_engine)
    backend_engine.dispose()
    result = run(tmp_path, "inspect", "--url", backend_url, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["dialect"] == backend_engine.dialect.name
    names = {t["name"] for t in data["tables"]}
    assert {"users", "orders"} <= names
    text = run(tmp_path, "inspect", "--url", backend_url)
    assert text.returncode == 0, text.stderr
    assert "users:" in text.stdout and "orders:" in text.stdout
