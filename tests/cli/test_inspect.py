"""``parity inspect``: the normalised snapshot of a live database, text and JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from parity.adapter import DialectAdapter
from parity.inspect_cmd import inspect_database
from parity.registry import dialect_for
from parity.snapshot_file import snapshot_to_dict
from tests.cli.conftest import MODELS_SOURCE, PASSWORD, metadata_of, run, secret_url
from tests.safety.support import session_state


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


# -- inspect only reads, under compare's guarantees ----------------------------------------
_WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "TRUNCATE", "GRANT")


def _refuses_writes(conn: Connection, backend: str) -> bool:
    """Whether the database itself keeps ``conn``'s transaction read-only right now."""
    if backend == "postgresql":
        return conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "on"
    if backend == "sqlite":
        return conn.exec_driver_sql("PRAGMA query_only").scalar() == 1
    try:
        conn.exec_driver_sql("INSERT INTO users (id, name) VALUES (424242, 'x')")
    except DBAPIError as exc:
        return exc.orig is not None and exc.orig.args[0] == 1792  # READ ONLY transaction
    return False


def test_inspect_reads_in_a_read_only_transaction_and_writes_nothing(
    backend_name: str, backend_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    metadata_of(MODELS_SOURCE).create_all(backend_engine)
    with backend_engine.connect() as conn:
        before = session_state(conn, backend_name)
        conn.rollback()
    adapter_class = type(dialect_for(backend_engine))
    original = adapter_class.read_catalog
    read_only: list[bool] = []

    def spy(self: DialectAdapter, conn: Connection, *args: Any) -> Any:
        read_only.append(_refuses_writes(conn, backend_name))
        return original(self, conn, *args)

    monkeypatch.setattr(adapter_class, "read_catalog", spy)
    statements: list[str] = []

    def record(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(backend_engine, "before_cursor_execute", record)
    try:
        snapshot = inspect_database(backend_engine, timeout=5)
    finally:
        event.remove(backend_engine, "before_cursor_execute", record)
    assert {"users", "orders"} <= {t.name for t in snapshot.tables}
    assert read_only == [True]
    probe = "424242"  # _refuses_writes's own INSERT on MariaDB, refused by the server
    written = [s for s in statements if s.lstrip().upper().startswith(_WRITES)]
    assert [s for s in written if probe not in s] == []
    with backend_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM users")).scalar() == 0
        assert session_state(conn, backend_name) == before


def test_inspect_leaves_a_callers_transaction_open_and_usable(
    backend_name: str, backend_engine: Engine
) -> None:
    metadata_of(MODELS_SOURCE).create_all(backend_engine)
    with backend_engine.connect() as conn:
        transaction = conn.begin()
        conn.execute(sa.text("INSERT INTO users (id, name) VALUES (1, 'a')"))
        inspect_database(conn, tables=["users"])
        assert conn.get_transaction() is transaction
        conn.execute(sa.text("INSERT INTO users (id, name) VALUES (2, 'b')"))
        assert conn.execute(sa.text("SELECT count(*) FROM users")).scalar() == 2
        transaction.rollback()


@pytest.mark.parametrize("value", ["0", "-1", "soon"])
def test_a_bad_timeout_exits_2(project: Path, value: str) -> None:
    result = run(project, "inspect", "--url", "sqlite:///good.sqlite3", "--timeout", value)
    assert result.returncode == 2
    assert "--timeout" in result.stderr


def test_a_timeout_is_accepted(project: Path) -> None:
    result = run(project, "inspect", "--url", "sqlite:///good.sqlite3", "--timeout", "5")
    assert result.returncode == 0, result.stderr
    assert "users:" in result.stdout


def test_a_table_without_a_primary_key_has_none(tmp_path: Path) -> None:
    """Not an empty key: the snapshot's primary key is None and no key line is shown."""
    from parity.inspect_cmd import render_snapshot_text

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'nokey.db'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE nokey (a INTEGER, b TEXT)")
        conn.exec_driver_sql("CREATE TABLE keyed (id INTEGER PRIMARY KEY)")
    snapshot = inspect_database(engine)
    engine.dispose()
    keys = {t.name: t.primary_key for t in snapshot.tables}
    assert keys["nokey"] is None
    assert keys["keyed"] is not None and keys["keyed"].columns == ("id",)
    text = render_snapshot_text(snapshot)
    assert text.count("primary key") == 1, text
