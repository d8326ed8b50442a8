"""Issue 16, item 6: ``parity migrations`` can only reach its throwaway database.

A project's ``env.py`` that hard-codes a URL of its own (here: another throwaway
database standing in for production) must not be migrated, not even connected to:
the check refuses before anything runs and exits 3, and the other database is exactly
as it was.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from parity.cli import main
from tests.backends import ThrowawayDatabase

MIGRATION = """
from alembic import op
import sqlalchemy as sa

revision = "r0001"
down_revision = None


def upgrade():
    op.create_table("invoices", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("invoices")
"""

MODELS = """
import sqlalchemy as sa
metadata = sa.MetaData()
sa.Table("invoices", metadata, sa.Column("id", sa.Integer, primary_key=True))
"""


def _project(tmp_path: Path, env_py: str) -> Path:
    (tmp_path / "versions").mkdir()
    (tmp_path / "versions" / "r0001_invoices.py").write_text(MIGRATION)
    (tmp_path / "env.py").write_text(textwrap.dedent(env_py))
    ini = tmp_path / "alembic.ini"
    ini.write_text("[alembic]\nscript_location = %(here)s\nversion_locations = %(here)s/versions\n")
    (tmp_path / "reach_models.py").write_text(MODELS)
    return ini


def _server_url(backend_db: ThrowawayDatabase) -> str:
    if backend_db.backend.name == "sqlite":
        return "sqlite://"
    return backend_db.backend.server_url().render_as_string(hide_password=False)


@pytest.mark.parametrize("style", ["engine_from_config", "create_engine"])
def test_an_env_py_with_its_own_url_never_reaches_that_database(
    style: str,
    backend_db: ThrowawayDatabase,
    backend_engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    victim = backend_db.url.render_as_string(hide_password=False)
    if style == "create_engine":
        connect = f"engine = create_engine({victim!r})"
    else:
        connect = (
            f"engine = engine_from_config({{'sqlalchemy.url': {victim!r}}}, prefix='sqlalchemy.')"
        )
    ini = _project(
        tmp_path,
        f"""
        from alembic import context
        from sqlalchemy import create_engine, engine_from_config
        {connect}
        with engine.connect() as connection:
            context.configure(connection=connection)
            with context.begin_transaction():
                context.run_migrations()
        """,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    before = sa.inspect(backend_engine).get_table_names()
    code = main(
        [
            "migrations",
            "--alembic-ini",
            str(ini),
            "--models",
            "reach_models",
            "--url",
            _server_url(backend_db),
        ]
    )
    err = capsys.readouterr().err
    assert code == 3, err
    assert "refused before connecting" in err
    backend_engine.dispose()
    after = sa.inspect(backend_engine).get_table_names()
    assert after == before == []  # not migrated: no invoices, no alembic_version


def test_a_stock_env_py_still_runs(
    backend_db: ThrowawayDatabase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ini = _project(
        tmp_path,
        """
        from alembic import context
        from sqlalchemy import engine_from_config, pool
        config = context.config
        engine = engine_from_config(
            config.get_section(config.config_ini_section, {}),
            prefix="sqlalchemy.",
            poolclass=pool.NullPool,
        )
        with engine.connect() as connection:
            context.configure(connection=connection)
            with context.begin_transaction():
                context.run_migrations()
        """,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    code = main(
        [
            "migrations",
            "--alembic-ini",
            str(ini),
            "--models",
            "reach_models",
            "--url",
            _server_url(backend_db),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err + captured.out
