"""Issue 16, item 7: SQLite is never created, always opened read-only, leaves nothing.

Through a URL, a URI-style URL (``file:...?uri=true``) and an Engine alike: a missing
path is an error and no file appears; an existing file keeps its bytes, and a WAL-mode
file gets no ``-wal``/``-shm`` companions from the check.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import parity
from parity.cli import main

MODELS = """
import sqlalchemy as sa
metadata = sa.MetaData()
sa.Table("t", metadata, sa.Column("id", sa.Integer, primary_key=True))
"""


def _metadata() -> sa.MetaData:
    metadata = sa.MetaData()
    sa.Table("t", metadata, sa.Column("id", sa.Integer, primary_key=True))
    return metadata


def _urls(path: Path) -> list[str]:
    return [
        f"sqlite:///{path}",
        f"sqlite:///file:{path}?uri=true",
        f"sqlite:///{path}?uri=true",
        f"sqlite:///file:{path}?mode=rwc&uri=true",
    ]


@pytest.mark.parametrize("form", range(4), ids=["plain", "uri", "uri-plain-path", "uri-rwc"])
@pytest.mark.parametrize("as_engine", [False, True], ids=["url", "engine"])
def test_a_missing_file_is_never_created(tmp_path: Path, form: int, as_engine: bool) -> None:
    path = tmp_path / "missing.db"
    url = _urls(path)[form]
    bind: Any = sa.create_engine(url) if as_engine else url
    with pytest.raises(parity.InspectionError, match="does not exist"):
        parity.compare(bind, _metadata())
    with pytest.raises(parity.SchemaParityError, match="does not exist"):
        parity.check_schema_parity(bind, [_metadata().tables["t"]])
    assert list(tmp_path.iterdir()) == []


def test_the_cli_never_creates_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    models = tmp_path / "models_dir"
    models.mkdir()
    (models / "file_models.py").write_text(MODELS)
    monkeypatch.syspath_prepend(str(models))
    for url in _urls(tmp_path / "missing.db"):
        assert main(["check", "--url", url, "--models", "file_models"]) == 3
        assert main(["inspect", "--url", url]) == 3
    assert "does not exist" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["models_dir"]


def _database(path: Path, *, wal: bool) -> None:
    conn = sqlite3.connect(path)
    if wal:
        assert conn.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
@pytest.mark.parametrize("form", range(4), ids=["plain", "uri", "uri-plain-path", "uri-rwc"])
@pytest.mark.parametrize("as_engine", [False, True], ids=["url", "engine"])
def test_an_existing_file_is_left_exactly_as_it_was(
    tmp_path: Path, wal: bool, form: int, as_engine: bool
) -> None:
    path = tmp_path / "app.db"
    _database(path, wal=wal)
    before = path.read_bytes()
    listing = sorted(p.name for p in tmp_path.iterdir())
    assert listing == ["app.db"]  # a clean close removed -wal and -shm
    url = _urls(path)[form]
    engine = sa.create_engine(url) if as_engine else None
    report = parity.compare(engine if engine is not None else url, _metadata())
    assert report.ok, report.render()
    parity.check_schema_parity(engine if engine is not None else url, [_metadata().tables["t"]])
    if engine is not None:
        engine.dispose()
    assert sorted(p.name for p in tmp_path.iterdir()) == listing
    assert path.read_bytes() == before


def test_a_connection_the_check_opens_on_an_engine_is_read_only(tmp_path: Path) -> None:
    """The inspection's own connection is opened ``mode=ro``; the app's pool is untouched."""
    path = tmp_path / "app.db"
    _database(path, wal=False)
    engine = sa.create_engine(f"sqlite:///{path}")
    opened: list[str] = []

    @sa.event.listens_for(engine, "connect")
    def record(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # A write attempt on each new DBAPI connection: refused only if read-only.
        try:
            dbapi_conn.execute("CREATE TABLE probe (x)")
            dbapi_conn.rollback()
            opened.append("writable")
        except sqlite3.OperationalError as exc:
            opened.append(str(exc))

    parity.compare(engine, _metadata())
    assert opened and all("readonly" in state for state in opened), opened
    with engine.connect() as conn:  # the application still gets a writable connection
        conn.exec_driver_sql("CREATE TABLE app_table (x)")
        conn.commit()
    engine.dispose()


def test_a_single_connection_pool_is_not_turned_read_only(tmp_path: Path) -> None:
    """With StaticPool the one connection *is* the application's: it stays writable
    (the inspection is guarded by ``PRAGMA query_only``), and a missing file is still
    refused, not created."""
    path = tmp_path / "app.db"
    _database(path, wal=False)
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=sa.pool.StaticPool)
    assert parity.compare(engine, _metadata()).ok
    with engine.connect() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
        conn.commit()
    engine.dispose()
    missing = sa.create_engine(f"sqlite:///{tmp_path / 'nope.db'}", poolclass=sa.pool.StaticPool)
    with pytest.raises(parity.InspectionError, match="does not exist"):
        parity.compare(missing, _metadata())
    assert not (tmp_path / "nope.db").exists()
