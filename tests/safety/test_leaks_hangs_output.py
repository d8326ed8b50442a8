"""Issue 16, items 5, 8, 9, 10 and 12: leaks, hangs, hostile names and messages.

Each test makes the failure really happen: a refused port or a live server with a
password, a loopback socket that never answers, a table whose name carries a line break
and escape codes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

import parity
from parity.cli import main
from parity.connect import safe_url
from parity.errors import ParityUsageError
from tests.safety.support import SECRET, closed_port, silent_server

REFUSED_URLS = {
    "postgresql": "postgresql+psycopg://app:{secret}@127.0.0.1:{port}/app",
    "mysql": "mysql+pymysql://app:{secret}@127.0.0.1:{port}/app",
}
MODELS = """
import sqlalchemy as sa
metadata = sa.MetaData()
sa.Table("accounts", metadata, sa.Column("id", sa.Integer, primary_key=True))
"""


@pytest.fixture
def models_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "leak_models.py").write_text(MODELS)
    monkeypatch.syspath_prepend(str(tmp_path))
    return "leak_models"


def _accounts() -> sa.MetaData:
    namespace: dict[str, object] = {}
    exec(MODELS, namespace)
    metadata = namespace["metadata"]
    assert isinstance(metadata, sa.MetaData)
    return metadata


def _everything_about(exc: BaseException) -> str:
    """Message, args, and the whole chain (cause and context) of ``exc``, as text."""
    seen: list[str] = []
    current: BaseException | None = exc
    while current is not None and len(seen) < 20:
        seen.append(repr(current.args))
        seen.append("".join(traceback.format_exception_only(type(current), current)))
        current = current.__cause__ or current.__context__
    return "\n".join(seen)


# -- item 5: pytest's traceback of parity_assert / assert_schema_parity ---------------------
@pytest.mark.parametrize("driver", sorted(REFUSED_URLS))
@pytest.mark.parametrize("tb", ["auto", "long"])
def test_pytest_tracebacks_never_show_the_password(
    driver: str, tb: str, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = REFUSED_URLS[driver].format(secret=SECRET, port=closed_port())
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("LEAK_URL", url)
    pytester.makepyfile(leak_models=MODELS)
    pytester.makepyfile(
        test_leak="""
        import os
        import leak_models
        from parity.pytest_plugin import assert_schema_parity

        def test_fixture(parity_assert):
            parity_assert()

        def test_direct():
            assert_schema_parity(os.environ["LEAK_URL"], leak_models.metadata)
        """
    )
    run = pytester.runpytest_subprocess(
        "-p",
        "parity.pytest_plugin",
        "-p",
        "no:cacheprovider",
        f"--tb={tb}",
        "--parity-url",
        url,
        "--parity-models",
        "leak_models",
        "-k",
        "fixture or direct",
    )
    output = run.stdout.str() + run.stderr.str()
    assert "cannot connect" in output
    assert SECRET not in output
    run.assert_outcomes(failed=2)


# -- item 8: every failure of a guard is a SchemaParityError, with no secret ---------------
@pytest.mark.backends("mysql")
def test_a_non_latin1_password_on_pymysql(
    backend_engine: Engine, models_module: str, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "пароль-" + SECRET
    url = backend_engine.url.set(password=secret).render_as_string(hide_password=False)
    with pytest.raises(parity.SchemaParityError) as raised:
        parity.check_m26_cost_tables(url)
    assert secret not in _everything_about(raised.value)
    assert "пароль" not in _everything_about(raised.value)
    with pytest.raises(parity.InspectionError) as inspected:
        parity.compare(url, _accounts())
    assert "пароль" not in _everything_about(inspected.value)
    assert main(["check", "--url", url, "--models", models_module]) == 3
    captured = capsys.readouterr()
    assert "пароль" not in captured.out + captured.err


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), 1e10, 4_294_967.0, 0, -1])
def test_an_impossible_timeout_is_refused_by_every_door(bad: float, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    sa.create_engine(url).connect().close()
    with pytest.raises(ParityUsageError, match="timeout"):
        parity.compare(url, sa.MetaData(), timeout=bad)
    for guard in (parity.check_m26_cost_tables, parity.run_startup_parity_check):
        with pytest.raises(parity.SchemaParityError, match="timeout"):
            guard(url, timeout=bad)  # type: ignore[operator]


@pytest.mark.backends("mysql", "postgresql")
@pytest.mark.parametrize("bad", [float("inf"), 1e10])
def test_an_impossible_timeout_on_a_live_server_is_a_schema_parity_error(
    backend_url: str, bad: float
) -> None:
    """MariaDB refused 1e10 with a raw ValueError from the driver; inf overflowed."""
    with pytest.raises(parity.SchemaParityError, match="timeout"):
        parity.check_m26_cost_tables(backend_url, timeout=bad)


@pytest.mark.parametrize("bad", ["inf", "nan", "0", "-3", "1e10", "soon"])
def test_cli_timeout_is_validated(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    for command in (
        ["check", "--url", "sqlite://", "--models", "x"],
        ["migrations", "--alembic-ini", "a.ini", "--models", "x", "--url", "sqlite://"],
        ["inspect", "--url", "sqlite://"],
    ):
        with pytest.raises(SystemExit) as exited:
            main([*command, f"--timeout={bad}"])
        assert exited.value.code == 2
        assert "--timeout" in capsys.readouterr().err


# -- item 9: no door waits forever ---------------------------------------------------------
@pytest.fixture
def silent_url() -> Iterator[str]:
    with silent_server(lifetime=60) as port:
        yield f"postgresql+psycopg://app:pw@127.0.0.1:{port}/app"


def test_cli_default_timeout_is_30_seconds() -> None:
    from parity.cli import build_parser

    parser = build_parser()
    check = parser.parse_args(["check", "--models", "m"])
    migrations = parser.parse_args(["migrations", "--alembic-ini", "a", "--models", "m"])
    assert check.timeout == 30.0 and migrations.timeout == 30.0


def test_parity_check_and_migrations_are_bounded(
    silent_url: str, models_module: str, tmp_path: Path
) -> None:
    ini = tmp_path / "alembic.ini"
    ini.write_text("[alembic]\nscript_location = %(here)s\n")
    for command in (
        ["check", "--url", silent_url, "--models", models_module],
        ["check", "--url", silent_url, "--models", models_module, "--schema", "tenant_*"],
        ["migrations", "--alembic-ini", str(ini), "--models", models_module, "--url", silent_url],
    ):
        started = time.monotonic()
        assert main([*command, "--timeout", "1"]) == 3
        assert time.monotonic() - started < 10


def test_the_pytest_plugin_is_bounded(
    silent_url: str, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(leak_models=MODELS)
    started = time.monotonic()
    run = pytester.runpytest_subprocess(
        "-p",
        "parity.pytest_plugin",
        "-p",
        "no:cacheprovider",
        "--parity-url",
        silent_url,
        "--parity-models",
        "leak_models",
        "--parity-timeout",
        "1",
        timeout=60,
    )
    assert time.monotonic() - started < 30
    run.assert_outcomes(failed=2)  # parity::accounts and parity::extra-tables
    bad = pytester.runpytest_subprocess(
        "-p",
        "parity.pytest_plugin",
        "--parity-url",
        silent_url,
        "--parity-models",
        "leak_models",
        "--parity-timeout",
        "inf",
    )
    assert bad.ret == pytest.ExitCode.USAGE_ERROR
    assert "--parity-timeout" in bad.stderr.str()


# -- item 10: names a database can attack the output with --------------------------------
EVIL_TABLE = "evil\n::error title=x::injected"
EVIL_COLUMN = "c\x1b[31m\x01\u202e"


@pytest.fixture
def hostile_db(backend_engine: Engine, backend_url: str) -> str:
    db = sa.MetaData()
    sa.Table(
        EVIL_TABLE,
        db,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(EVIL_COLUMN, sa.Integer),
    )
    db.create_all(backend_engine)
    return backend_url


HOSTILE_MODELS = f"""
import sqlalchemy as sa
metadata = sa.MetaData()
sa.Table({EVIL_TABLE!r}, metadata, sa.Column("id", sa.Integer, primary_key=True),
         sa.Column({EVIL_COLUMN!r}, sa.String(20)), sa.Column("missing", sa.Integer))
"""


def test_hostile_names_are_escaped_in_every_format(
    hostile_db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "hostile_models.py").write_text(HOSTILE_MODELS)
    monkeypatch.syspath_prepend(str(tmp_path))
    outputs = {}
    for fmt in ("text", "github", "junit", "json"):
        assert main(["check", "--url", hostile_db, "--models", "hostile_models", "--format", fmt])
        outputs[fmt] = capsys.readouterr().out
    for fmt, out in outputs.items():
        assert "\x1b" not in out and "\x01" not in out, fmt
        if fmt != "json":  # JSON escapes controls itself and keeps other text exact
            assert "\u202e" not in out, fmt
        assert not any(line.startswith("::error title=x") for line in out.splitlines()), fmt
    # text: the name is shown, escaped, on the line that names it
    assert "evil\\n::error title=x::injected" in outputs["text"]
    # github: every line is one of our workflow commands
    for line in outputs["github"].splitlines():
        assert re.match(r"::(error|warning|notice) title=", line), line
    # junit: valid XML, the name escaped
    suite = ET.fromstring(outputs["junit"])
    assert any("evil\\n" in case.get("name", "") for case in suite.iter("testcase"))
    # json: exact names, JSON-escaped by JSON itself
    tables = {d["table"] for d in json.loads(outputs["json"])["differences"]}
    assert EVIL_TABLE in tables
    assert any(d["column"] == EVIL_COLUMN for d in json.loads(outputs["json"])["differences"])


def test_report_render_keeps_one_line_per_line(hostile_db: str, tmp_path: Path) -> None:
    namespace: dict[str, object] = {}
    exec(HOSTILE_MODELS, namespace)
    report = parity.compare(hostile_db, namespace["metadata"])
    for line in report.render().splitlines():
        assert line.isprintable(), repr(line)


# -- item 12: messages ---------------------------------------------------------------------
def test_argparse_errors_name_the_right_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--bogus"])
    assert "(see parity check --help)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["bogus"])
    err = capsys.readouterr().err
    assert "(see parity --help)" in err and "parity parity" not in err


def test_an_async_engine_is_named_as_such() -> None:
    engine = sa.create_engine("postgresql+psycopg_async://app:pw@127.0.0.1:1/app")
    for bind in (engine, "postgresql+psycopg_async://app:pw@127.0.0.1:1/app"):
        with pytest.raises(ParityUsageError, match="async driver") as raised:
            parity.compare(bind, _accounts())
        assert "check the host" not in str(raised.value)
    with pytest.raises(parity.SchemaParityError, match="async driver"):
        parity.check_m26_cost_tables(engine)


def test_a_missing_schema_is_one_rule_everywhere(
    backend_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "schema_models.py").write_text(MODELS)
    monkeypatch.syspath_prepend(str(tmp_path))
    missing = "parity_no_such_schema"
    with pytest.raises(parity.InspectionError, match="does not exist"):
        parity.compare(backend_url, _accounts(), schema=missing)
    assert main(["inspect", "--url", backend_url, "--schema", missing]) == 3
    assert (
        main(["check", "--url", backend_url, "--models", "schema_models", "--schema", missing]) == 3
    )
    (result,) = parity.compare_many([backend_url], _accounts(), schemas=[missing])
    assert result.exit_code == 3
    assert "does not exist" in capsys.readouterr().err


def test_a_masked_query_password_reads_as_stars() -> None:
    masked = safe_url(f"postgresql://u@h/db?password={SECRET}&sslmode=require")
    assert "password=***" in masked and "%2A" not in masked and SECRET not in masked


def test_parity_demo_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert main(["demo"]) == 0
    assert "DRIFT" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_no_reader_is_sent_to_files_the_repository_does_not_have() -> None:
    root = Path(__file__).resolve().parents[2]
    sources = [root / "README.md", *root.glob("parity/**/*.py"), *root.glob("dialects/**/*.py")]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "CONTRACT.md" not in text and "COST_TABLES.md" not in text, path
    assert (root / "docs" / "cost_tables.md").is_file()


def test_the_cli_runs_as_a_module_without_a_traceback_on_bad_timeouts(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "parity.cli", "check", "--models", "m", "--timeout", "inf"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_any_other_failure_of_the_cli_is_exit_3_without_the_password(
    monkeypatch: pytest.MonkeyPatch, models_module: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A driver error nothing wrapped (here: raised by the comparison) is not drift."""
    url = REFUSED_URLS["postgresql"].format(secret=SECRET, port=closed_port())

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError(f"driver says no to {url}\nsecond line")

    monkeypatch.setattr("parity.cli.compare", broken)
    assert main(["check", "--url", url, "--models", models_module]) == 3
    err = capsys.readouterr().err
    assert SECRET not in err and "driver says no" in err
    assert len(err.strip().splitlines()) == 1
