"""Safety promise 10: a password never appears in output, logs, messages or report files.

Every output format of a drifting run and of a failing run, and the log records of
the guard, are searched for the password, whether it came from the URL, its query
string, the environment (``PGPASSWORD``) or a ``.pgpass`` file.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

import parity
from parity.cli import main
from parity.connect import safe_url
from parity.formats import FORMATS
from tests.safety.support import SECRET, closed_port

MODELS = """
import sqlalchemy as sa
metadata = sa.MetaData()
sa.Table("accounts", metadata, sa.Column("id", sa.Integer, primary_key=True),
         sa.Column("email", sa.String(50), nullable=False))
"""


@pytest.fixture
def models_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "secret_models.py").write_text(MODELS)
    monkeypatch.syspath_prepend(str(tmp_path))
    return "secret_models"


def _with_password(engine: Engine, *, in_query: bool = False) -> str:
    url = engine.url
    if url.get_backend_name() == "sqlite":
        # SQLite ignores a password; it still must not be printed.
        url = url.set(password=SECRET) if not in_query else url.update_query_dict({"x": "1"})
    elif in_query:
        url = url.update_query_dict({"password": SECRET})
    else:
        url = url.set(password=SECRET)
    return url.render_as_string(hide_password=False)


def _failing_url(engine: Engine) -> str:
    """A URL with the password that fails every run: a port that refuses, or (SQLite,
    which ignores a password but must not print it either) a file that is not there."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        missing = Path(str(url.database)).parent / "missing" / "x.db"
        url = url.set(database=str(missing), username="app", password=SECRET)
        return url.render_as_string(hide_password=False)
    return url.set(password=SECRET, port=closed_port()).render_as_string(hide_password=False)


def test_safe_url_masks_password_and_query_password() -> None:
    masked = safe_url(f"postgresql://u:{SECRET}@h/db?password={SECRET}&sslmode=require")
    assert SECRET not in masked and "sslmode=require" in masked


@pytest.mark.backends("postgresql", "mysql")
@pytest.mark.parametrize("fmt", FORMATS)
def test_drift_run_output_has_no_password(
    fmt: str,
    backend_name: str,
    backend_engine: Engine,
    models_module: str,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with backend_engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE accounts (id INTEGER PRIMARY KEY)")
    # MySQL's root here has no password; a wrong one would fail, so only PostgreSQL
    # (trust authentication) takes a password it does not need.
    url = (
        _with_password(backend_engine)
        if backend_name == "postgresql"
        else backend_engine.url.render_as_string(hide_password=False)
    )
    caplog.set_level(logging.DEBUG)
    code = main(["check", "--url", url, "--models", models_module, "--format", fmt])
    captured = capsys.readouterr()
    assert code == 1
    assert SECRET not in captured.out + captured.err + caplog.text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("where", ["url", "query"])
def test_failing_run_output_and_logs_have_no_password(
    fmt: str,
    where: str,
    backend_name: str,
    backend_engine: Engine,
    models_module: str,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = _failing_url(backend_engine)
    if where == "query":
        in_query = sa.make_url(url).set(password=None).update_query_dict({"password": SECRET})
        url = in_query.render_as_string(hide_password=False)
    assert SECRET in unquote(url)  # the input holds it, on every database
    caplog.set_level(logging.DEBUG)
    code = main(["check", "--url", url, "--models", models_module, "--format", fmt])
    captured = capsys.readouterr()
    assert code == 3, captured.err
    with pytest.raises(parity.SchemaParityError) as raised:
        parity.check_m26_cost_tables(url, timeout=3)
    ok, errors = parity.check_schema_parity(url, hard_fail=False, timeout=3)
    everything = captured.out + captured.err + caplog.text + str(raised.value) + "".join(errors)
    everything += repr(raised.value) + str(raised.value.__cause__)
    assert not ok
    assert SECRET not in everything and quote(SECRET) not in everything


@pytest.mark.backends("postgresql")
@pytest.mark.parametrize("source", ["environment", "pgpass"])
def test_password_from_environment_or_pgpass_never_shown(
    source: str,
    backend_engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = backend_engine.url.set(database="parity_no_such_db", password=None)
    if source == "environment":
        monkeypatch.setenv("PGPASSWORD", SECRET)
    else:
        passfile = tmp_path / "pgpass"
        passfile.write_text(f"*:*:*:*:{SECRET}\n")
        passfile.chmod(0o600)
        monkeypatch.setenv("PGPASSFILE", str(passfile))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(parity.SchemaParityError) as raised:
        parity.run_startup_parity_check(url.render_as_string(hide_password=False), timeout=3)
    text = str(raised.value) + str(raised.value.__cause__) + caplog.text
    assert "parity_no_such_db" in text
    assert SECRET not in text
