"""``parity.migrations``: a real Alembic project upgraded on a throwaway database."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Sequence
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

pytest.importorskip("alembic")

from dialects.mysql import MySQLAdapter
from dialects.postgresql import PostgreSQLAdapter
from dialects.sqlite import SQLiteAdapter
from parity import DiffKind, InspectionError, ParityUsageError, dialect_for
from parity.adapter import DialectAdapter
from parity.migrations import (
    MigrationError,
    assert_migrations_match,
    check_migrations,
    last_error_line,
)
from parity.migrations_cli import main as cli_main
from tests.backends import Backend
from tests.migrations_project import models

PROJECT = Path(__file__).resolve().parent.parent / "migrations_project"
INI = PROJECT / "alembic.ini"
FORGETFUL_INI = PROJECT / "alembic_forgetful.ini"
POLLUTER = "ck_books_polluted_at_import"


def constraints_snapshot() -> dict[str, list[tuple[str, str | None, str]]]:
    """Every table's constraints and indexes, as comparable text."""
    return {
        name: sorted(
            [(type(c).__name__, c.name, str(getattr(c, "sqltext", ""))) for c in table.constraints]
            + [("Index", i.name, "") for i in table.indexes]
        )
        for name, table in models.Base.metadata.tables.items()
    }


def fixed_name(monkeypatch: pytest.MonkeyPatch) -> str:
    """Make the next throwaway database's name known to the test."""
    name = f"parity_migrations_{uuid.uuid4().hex[:12]}"  # unique: runs may be concurrent
    monkeypatch.setattr("parity.migrations.scratch_name", lambda: name)
    return name


def assert_dropped(backend: Backend, name: str, tmp_path: Path) -> None:
    if backend.family == "sqlite":
        assert not list(Path(tmp_path / "scratch").glob("*")), "temporary SQLite file left behind"
    else:
        assert not backend.database_exists(name, tmp_path), f"{name} was not dropped"


@pytest.fixture
def scratch_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Where a SQLite throwaway database goes, so a test can see it removed."""
    directory = tmp_path / "scratch"
    directory.mkdir()

    def mkdtemp(prefix: str = "") -> str:
        inner = directory / f"{prefix}x"
        inner.mkdir()
        return str(inner)

    monkeypatch.setattr("parity.migrations.tempfile.mkdtemp", mkdtemp)
    return directory


def test_matching_migrations_are_ok(
    backend_name: str,
    backend_url: str,
    backend: Backend,
    scratch_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = fixed_name(monkeypatch)
    report = check_migrations(INI, models.Base, url=backend_url)
    assert report.ok, report.render()
    assert report.differences == ()
    assert {"authors", "books", "reviews"} <= set(report.tables_checked)
    assert [d.table for d in report.ignored] == ["alembic_version"]
    assert_dropped(backend, name, tmp_path)


def test_forgotten_column_is_exactly_column_missing(
    backend_name: str,
    backend_url: str,
    backend: Backend,
    scratch_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = fixed_name(monkeypatch)
    report = check_migrations(FORGETFUL_INI, models.Base, url=backend_url)
    assert not report.ok
    found = [(d.kind, d.table, d.column) for d in report.differences]
    assert found == [(DiffKind.COLUMN_MISSING, "books", "isbn")], report.render()
    assert_dropped(backend, name, tmp_path)


def test_models_metadata_is_untouched(backend_name: str, backend_url: str) -> None:
    before = constraints_snapshot()
    assert POLLUTER not in {c.name for c in models.Book.__table__.constraints}
    check_migrations(INI, models.Base, url=backend_url)
    assert constraints_snapshot() == before
    assert POLLUTER not in {c.name for c in models.Book.__table__.constraints}


def test_the_polluting_script_does_pollute_when_imported_in_process() -> None:
    """The control: importing versions/0003 in a process changes the models' MetaData.

    Run in a child interpreter so that this test process's models stay clean.
    """
    script = textwrap.dedent(
        f"""
        import importlib.util
        from tests.migrations_project.models import Book
        before = {{c.name for c in Book.__table__.constraints}}
        spec = importlib.util.spec_from_file_location(
            "m0003", {str(PROJECT / "versions" / "0003_reviews_isbn.py")!r})
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
        after = {{c.name for c in Book.__table__.constraints}}
        print(sorted(after - before))
        """
    )
    root = PROJECT.parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == repr([POLLUTER])


def test_failing_migration_raises_with_alembic_error_and_drops(
    backend_name: str,
    backend_url: str,
    backend: Backend,
    scratch_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    versions = tmp_path / "broken_versions"
    versions.mkdir()
    (versions / "0001_broken.py").write_text(
        textwrap.dedent(
            """
            from alembic import op
            revision = "b001"
            down_revision = None
            def upgrade():
                op.execute("SELECT * FROM no_such_table_here")
            def downgrade():
                pass
            """
        )
    )
    name = fixed_name(monkeypatch)
    with pytest.raises(MigrationError) as caught:
        check_migrations(
            INI, models.Base, url=backend_url, alembic_options={"version_locations": str(versions)}
        )
    message = str(caught.value)
    assert "\n" not in message
    assert "alembic upgrade head failed" in message
    assert "no_such_table_here" in message
    assert isinstance(caught.value, InspectionError)
    assert_dropped(backend, name, tmp_path)


@pytest.mark.backends("mysql")
def test_password_never_appears(backend_name: str, backend_url: str) -> None:
    url = make_url(backend_url).set(password="s3cret-pw")
    with pytest.raises(InspectionError) as caught:
        check_migrations(INI, models.Base, url=url)
    assert "s3cret-pw" not in str(caught.value)
    assert "***" in str(caught.value)


def test_last_error_line_prefers_the_marked_summary_and_hides_the_password() -> None:
    url = make_url("postgresql://u:hunter2@h/d")
    stderr = (
        "Traceback (most recent call last):\n  ...\n"
        "sqlalchemy.exc.OperationalError: connect failed for u:hunter2\n"
        "(Background on this error at: https://sqlalche.me/e/20/e3q8)\n"
        "parity-migrations-error: OperationalError: password hunter2 rejected\n"
    )
    assert last_error_line(stderr, url) == "OperationalError: password *** rejected"
    assert last_error_line(stderr.rsplit("parity-", 1)[0], url).startswith(
        "sqlalchemy.exc.OperationalError: connect failed for u:***"
    )
    assert last_error_line("") == "no error output"


def test_missing_ini_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ParityUsageError, match="does not exist"):
        check_migrations(tmp_path / "nope.ini", models.Base, url="sqlite://")


def test_bad_url_is_a_usage_error() -> None:
    with pytest.raises(ParityUsageError, match="malformed"):
        check_migrations(INI, models.Base, url="not a url")


def test_env_py_that_ignores_the_url_is_refused(tmp_path: Path) -> None:
    """An env.py with its own hard-wired URL migrates elsewhere: reported, not compared."""
    elsewhere = tmp_path / "elsewhere.db"
    (tmp_path / "versions").mkdir()
    (tmp_path / "alembic.ini").write_text(
        "[alembic]\nscript_location = %(here)s\nversion_locations = %(here)s/versions\n"
    )
    (tmp_path / "env.py").write_text(
        textwrap.dedent(
            f"""
            from alembic import context
            from sqlalchemy import create_engine
            engine = create_engine({f"sqlite:///{elsewhere}"!r})
            with engine.connect() as connection:
                context.configure(connection=connection)
                with context.begin_transaction():
                    context.run_migrations()
            """
        )
    )
    with pytest.raises(MigrationError, match="refused before connecting"):
        check_migrations(tmp_path / "alembic.ini", models.Base, url="sqlite://")
    assert not elsewhere.exists()  # refused before SQLite could even create the file


def test_assert_migrations_match(tmp_path: Path) -> None:
    report = assert_migrations_match(INI, models.Base, url="sqlite://")
    assert report.ok
    with pytest.raises(AssertionError, match=r"books\.isbn"):
        assert_migrations_match(FORGETFUL_INI, models.Base, url="sqlite://")


# -- command line -------------------------------------------------------------------------
MODELS = "tests.migrations_project.models:Base"


def test_cli_ok_and_drift(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli_main(
            ["migrations", "--alembic-ini", str(INI), "--models", MODELS, "--url", "sqlite://"]
        )
        == 0
    )
    assert "OK:" in capsys.readouterr().out
    code = cli_main(
        [
            "migrations",
            "--alembic-ini",
            str(FORGETFUL_INI),
            "--models",
            MODELS,
            "--url",
            "sqlite://",
            "--format",
            "json",
        ]
    )
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert [(d["kind"], d["table"], d["column"]) for d in data["differences"]] == [
        ("column_missing", "books", "isbn")
    ]


def test_cli_alembic_option_selects_version_locations(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_main(
        [
            "migrations",
            "--alembic-ini",
            str(INI),
            "--models",
            MODELS,
            "--url",
            "sqlite://",
            "--alembic-option",
            f"version_locations={PROJECT / 'versions_forgetful'}",
        ]
    )
    assert code == 1
    assert "books.isbn" in capsys.readouterr().out


def test_cli_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PARITY_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert (
        cli_main(
            [
                "migrations",
                "--alembic-ini",
                str(tmp_path / "x.ini"),
                "--models",
                MODELS,
                "--url",
                "sqlite://",
            ]
        )
        == 2
    )
    assert "does not exist" in capsys.readouterr().err
    assert cli_main(["migrations", "--alembic-ini", str(INI), "--models", MODELS]) == 2
    assert "no server URL" in capsys.readouterr().err
    assert (
        cli_main(
            [
                "migrations",
                "--alembic-ini",
                str(INI),
                "--models",
                "no_such_mod_xyz",
                "--url",
                "sqlite://",
            ]
        )
        == 2
    )


@pytest.mark.backends("mysql")
def test_cli_unreachable_is_3(
    backend_name: str, backend_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = make_url(backend_url).set(password="s3cret-pw").render_as_string(hide_password=False)
    assert (
        cli_main(["migrations", "--alembic-ini", str(INI), "--models", MODELS, "--url", url]) == 3
    )
    captured = capsys.readouterr()
    assert "s3cret-pw" not in captured.err + captured.out


ENV_CONVENTIONS = {
    "main_option": 'url = context.config.get_main_option("sqlalchemy.url")',
    "x_argument": 'url = context.get_x_argument(as_dictionary=True)["url"]',
    "environment": 'url = os.environ["DATABASE_URL"]',
}


@pytest.mark.parametrize("convention", sorted(ENV_CONVENTIONS))
def test_every_url_convention_of_env_py_reaches_the_throwaway_database(
    tmp_path: Path, convention: str
) -> None:
    (tmp_path / "versions").mkdir()
    (tmp_path / "versions" / "0001_t.py").write_text(
        textwrap.dedent(
            """
            import sqlalchemy as sa
            from alembic import op
            revision = "t001"
            down_revision = None
            def upgrade():
                op.create_table("t", sa.Column("id", sa.Integer, primary_key=True))
            """
        )
    )
    (tmp_path / "alembic.ini").write_text(
        "[alembic]\nscript_location = %(here)s\nversion_locations = %(here)s/versions\n"
        "sqlalchemy.url = postgresql://wrong@nowhere/never\n"
    )
    (tmp_path / "env.py").write_text(
        textwrap.dedent(
            f"""
            import os
            from alembic import context
            from sqlalchemy import create_engine
            {ENV_CONVENTIONS[convention]}
            with create_engine(url).connect() as connection:
                context.configure(connection=connection)
                with context.begin_transaction():
                    context.run_migrations()
            """
        )
    )
    md = sa.MetaData()
    sa.Table("t", md, sa.Column("id", sa.Integer, primary_key=True))
    report = check_migrations(tmp_path / "alembic.ini", md, url="sqlite://")
    assert report.ok and report.differences == (), report.render()


def test_ini_without_script_location_is_reported(tmp_path: Path) -> None:
    (tmp_path / "alembic.ini").write_text("[alembic]\n")
    with pytest.raises(MigrationError, match="script_location"):
        check_migrations(tmp_path / "alembic.ini", models.Base, url="sqlite://")


# -- the throwaway database is the dialect adapter's business -------------------------------
def test_the_adapter_creates_and_drops_the_throwaway_database(
    backend_name: str,
    backend_url: str,
    backend: Backend,
    scratch_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = fixed_name(monkeypatch)
    engine = sa.create_engine(backend_url)
    adapter_class = type(dialect_for(engine))
    engine.dispose()
    create, drop = adapter_class.create_database_sql, adapter_class.drop_database_sql
    calls: list[tuple[str, str]] = []

    def spy_create(self: DialectAdapter, scratch: str) -> str | None:
        calls.append(("create", scratch))
        return create(self, scratch)

    def spy_drop(self: DialectAdapter, scratch: str) -> Sequence[str]:
        calls.append(("drop", scratch))
        return drop(self, scratch)

    monkeypatch.setattr(adapter_class, "create_database_sql", spy_create)
    monkeypatch.setattr(adapter_class, "drop_database_sql", spy_drop)
    report = check_migrations(INI, models.Base, url=backend_url)
    assert report.ok, report.render()
    expected = (
        [("create", name)] if backend_name == "sqlite" else [("create", name), ("drop", name)]
    )
    assert calls == expected
    assert_dropped(backend, name, tmp_path)


def test_each_built_in_adapter_knows_its_scratch_database_sql() -> None:
    assert DialectAdapter().create_database_sql("p_x") == "CREATE DATABASE p_x"
    assert list(DialectAdapter().drop_database_sql("p_x")) == [
        "DROP DATABASE IF EXISTS p_x",
        "DROP DATABASE p_x",
    ]
    assert list(PostgreSQLAdapter().drop_database_sql("p_x")) == [
        "DROP DATABASE IF EXISTS p_x WITH (FORCE)",
        "DROP DATABASE IF EXISTS p_x",
    ]
    assert MySQLAdapter().create_database_sql("p_x") == "CREATE DATABASE p_x CHARACTER SET utf8mb4"
    assert SQLiteAdapter().create_database_sql("p_x") is None  # a temporary file instead
