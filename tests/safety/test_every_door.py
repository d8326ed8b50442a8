"""Issue 16: every door gives the same verdict, and "checked nothing" is never OK.

The doors: ``compare``, ``compare_many``, the guard functions, ``parity check``, the
pytest plugin (generated tests and ``assert_schema_parity``).  Each test makes the
situation really happen (a restricted account, an empty restriction, a hostile models
module) and asks every door.
"""

from __future__ import annotations

import json
import logging
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

import parity
from parity.cli import main
from parity.errors import ParityUsageError
from parity.pytest_plugin import assert_schema_parity
from tests.backends import ThrowawayDatabase

MODELS = """
import sqlalchemy as sa
metadata = sa.MetaData()
for name in ("ledger", "vault"):
    sa.Table(name, metadata, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("amount", sa.Integer, nullable=False))
"""


def _models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str = MODELS) -> str:
    name = f"door_models_{abs(hash(str(tmp_path))) % 10**8}"
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(source))
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


def _metadata() -> sa.MetaData:
    namespace: dict[str, object] = {}
    exec(MODELS, namespace)
    metadata = namespace["metadata"]
    assert isinstance(metadata, sa.MetaData)
    return metadata


# -- item 1: a table the account cannot see -----------------------------------------------
@pytest.fixture
def half_visible(
    backend_engine: Engine, backend_db: ThrowawayDatabase, account: URL
) -> tuple[URL, sa.MetaData]:
    """``ledger`` and ``vault`` exist; the account may see ``ledger`` only (MariaDB) or
    neither (PostgreSQL: no USAGE on ``public``, the schema of its search_path)."""
    metadata = _metadata()
    metadata.create_all(backend_engine)
    with backend_engine.begin() as conn:
        if backend_db.backend.name == "postgresql":
            conn.exec_driver_sql("REVOKE USAGE ON SCHEMA public FROM PUBLIC")
        else:
            conn.exec_driver_sql(
                f"GRANT SELECT ON {backend_db.name}.ledger TO '{account.username}'@'%%'"
            )
    return account, metadata


def _unseen(report: parity.ParityReport) -> set[str]:
    return {
        d.table
        for d in report.differences
        if d.severity is parity.Severity.ERROR
        and (d.actual or "").startswith("not visible to this account")
    }


@pytest.mark.backends("postgresql", "mysql")
@pytest.mark.parametrize(
    "options",
    [{}, {"mode": "exact"}, {"critical": ["vault"]}, {"mode": "exact", "critical": ["vault"]}],
    ids=["compatible", "exact", "critical", "exact-critical"],
)
def test_an_invisible_table_fails_compare_in_every_mode(
    half_visible: tuple[URL, sa.MetaData], options: dict[str, object]
) -> None:
    url, metadata = half_visible
    report = parity.compare(url, metadata, timeout=10, **options)  # type: ignore[arg-type]
    assert not report.ok
    assert "vault" in _unseen(report)
    assert "table vault" in dict(report.unchecked)  # still listed as not checked
    assert "vault" not in report.tables_checked
    assert any(e.startswith("cannot see table vault") for e in report.errors)
    assert json.loads(report.to_json())["ok"] is False


@pytest.mark.backends("postgresql", "mysql")
def test_an_invisible_table_fails_every_other_door(
    half_visible: tuple[URL, sa.MetaData],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    pytester: pytest.Pytester,
) -> None:
    url, metadata = half_visible
    text_url = url.render_as_string(hide_password=False)

    # compare_many: a failed (non-zero) target
    (result,) = parity.compare_many([text_url], metadata, timeout=10)
    assert result.exit_code != 0 and not result.ok

    # the guard
    with pytest.raises(parity.SchemaParityError, match="cannot see table vault"):
        parity.check_schema_parity(text_url, list(metadata.tables.values()))

    # assert_schema_parity
    with pytest.raises(AssertionError, match="cannot see table vault"):
        assert_schema_parity(text_url, metadata)

    # parity check: exit 1 and "ok": false, in every format
    module = _models(tmp_path, monkeypatch)
    for fmt in ("text", "json", "junit", "github"):
        code = main(["check", "--url", text_url, "--models", module, "--format", fmt])
        out = capsys.readouterr().out
        assert code == 1, (fmt, out)
        assert "vault" in out
        if fmt == "json":
            assert json.loads(out)["ok"] is False

    # the generated pytest tests: parity::vault fails
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(**{module: MODELS})
    run = pytester.runpytest_subprocess(
        "-p",
        "parity.pytest_plugin",
        "-p",
        "no:cacheprovider",
        "--parity-url",
        text_url,
        "--parity-models",
        module,
        "-v",
    )
    assert "parity::vault FAILED" in run.stdout.str()
    assert run.ret == 1


# -- item 2: the startup guard with nothing to check ---------------------------------------
@pytest.fixture
def cost_db(tmp_path: Path) -> str:
    from parity import cost_tables

    url = f"sqlite:///{tmp_path / 'costs.db'}"
    engine = sa.create_engine(url)
    cost_tables.metadata.create_all(engine)
    engine.dispose()
    return url


@pytest.mark.parametrize(
    "models",
    [[object], ["orders"], "orders"],
    ids=["object", "list-of-names", "name"],
)
def test_startup_guard_refuses_models_that_are_not_models(cost_db: str, models: object) -> None:
    with pytest.raises(parity.SchemaParityError, match="nothing to check"):
        parity.run_startup_parity_check(cost_db, hard_fail_all=True, models=models)


def test_startup_guard_refuses_models_that_are_only_the_cost_tables(cost_db: str) -> None:
    from parity import cost_tables

    with pytest.raises(parity.SchemaParityError, match="nothing to check"):
        parity.run_startup_parity_check(
            cost_db, hard_fail_all=True, models=list(cost_tables.MODELS)
        )


def test_startup_guard_with_no_models_imported_refuses(
    cost_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``models=None`` in a plain declarative app: SQLModel.metadata holds nothing."""
    from sqlmodel import SQLModel

    monkeypatch.setattr(SQLModel, "metadata", sa.MetaData())
    with pytest.raises(parity.SchemaParityError, match="nothing to check"):
        parity.run_startup_parity_check(cost_db, hard_fail_all=True)


def test_startup_guard_without_hard_fail_all_logs_an_error(
    cost_db: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="parity"):
        parity.run_startup_parity_check(cost_db, models=[object])
    assert any(
        r.levelno == logging.ERROR and "nothing to check" in r.getMessage() for r in caplog.records
    )


def test_startup_guard_accepts_a_declarative_base_like_compare(cost_db: str) -> None:
    class Base(DeclarativeBase):
        pass

    class Order(Base):
        __tablename__ = "orders"
        id: Mapped[int] = mapped_column(primary_key=True)

    engine = sa.create_engine(cost_db)
    # compare accepts the base: the orders table is missing, an error
    assert not parity.compare(engine, Base).ok
    with pytest.raises(parity.SchemaParityError, match="orders"):
        parity.run_startup_parity_check(engine, hard_fail_all=True, models=Base)
    Base.metadata.create_all(engine)
    parity.run_startup_parity_check(engine, hard_fail_all=True, models=Base)  # passes
    engine.dispose()


# -- item 3: a restriction that matches nothing --------------------------------------------
def test_tables_matching_no_model_table_is_a_usage_error_everywhere(
    cost_db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    metadata = _metadata()
    for tables in (["nope"], []):
        with pytest.raises(ParityUsageError, match="names no table of the model"):
            parity.compare(cost_db, metadata, tables=tables)
        with pytest.raises(ParityUsageError, match="names no table of the model"):
            parity.compare_many([cost_db], metadata, tables=tables)
        with pytest.raises(ParityUsageError, match="names no table of the model"):
            assert_schema_parity(cost_db, metadata, tables=tables)
    module = _models(tmp_path, monkeypatch)
    for urls in (["--url", cost_db], ["--url", cost_db, "--url", cost_db]):
        code = main(["check", *urls, "--models", module, "--tables", "nope"])
        assert code == 2
        assert "names no table of the model" in capsys.readouterr().err


# -- item 4: a models module that exits ------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        "import sys\nsys.exit(0)\n",
        "import sys\nsys.exit('bye')\n",
        "import sys\nsys.exit(1)\n",
        "raise SystemExit\n",
        "raise RuntimeError('line one\\nline two')\n",
    ],
    ids=["exit-0", "exit-message", "exit-1", "bare-SystemExit", "multi-line-error"],
)
def test_a_models_module_that_exits_is_a_usage_error(
    body: str,
    cost_db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    module = _models(tmp_path, monkeypatch, body)
    code = main(["check", "--url", cost_db, "--models", module])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    assert module in line and line.startswith("parity: error:")
