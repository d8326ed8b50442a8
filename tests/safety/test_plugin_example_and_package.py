"""Issue 16, items 11 and 13: the plugin example is safe too; the ``dialects`` name.

Item 11: ``examples/duckdb_plugin`` once crashed on the cost tables (DuckDB lists index
expressions as text ``ast.literal_eval`` cannot read) and created a new ``.duckdb`` file
for a missing path.  Its own tests now cover both; they are run here as its users run
them.

Item 13: the built-in adapters stay importable as the top-level package ``dialects``
(README "Dialect plugins" says why).  What makes that name safe enough: the core finds
the adapters only through the ``parity.dialects`` entry points, and an adapter that
cannot be loaded -- say, another distribution's ``dialects`` replaced ours -- fails
every check closed (SchemaParityError, exit 3), never falls back to a silent pass.
"""

from __future__ import annotations

import subprocess
import sys
import types
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import parity
from parity.cli import main
from parity.registry import unregister_dialect

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "duckdb_plugin"


def test_the_duckdb_example_checks_the_cost_tables_and_refuses_a_missing_path() -> None:
    pytest.importorskip("parity_duckdb", reason="pip install -e examples/duckdb_plugin[test]")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_adapter.py",
            "-k",
            "cost_tables or missing_file or index_expressions",
        ],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "3 passed" in done.stdout


def test_the_entry_points_name_the_dialects_package() -> None:
    built_in = {
        ep.name: ep.value
        for ep in entry_points(group="parity.dialects")
        if ep.dist is not None and ep.dist.name == "schema-parity"
    }
    assert built_in == {
        "sqlite": "dialects.sqlite:SQLiteAdapter",
        "postgresql": "dialects.postgresql:PostgreSQLAdapter",
        "mysql": "dialects.mysql:MySQLAdapter",
        "mariadb": "dialects.mysql:MySQLAdapter",
    }


def test_a_clobbered_dialects_package_fails_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another distribution's ``dialects.sqlite`` (without our adapter) in its place."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    import sqlite3

    sqlite3.connect(tmp_path / "app.db").close()
    (tmp_path / "clobber_models.py").write_text(
        "import sqlalchemy as sa\nmetadata = sa.MetaData()\n"
        "sa.Table('t', metadata, sa.Column('id', sa.Integer, primary_key=True))\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    foreign = types.ModuleType("dialects.sqlite")  # someone else's module of that name
    monkeypatch.setitem(sys.modules, "dialects.sqlite", foreign)
    unregister_dialect("sqlite")
    try:
        with pytest.raises(parity.SchemaParityError, match="SQLiteAdapter"):
            parity.check_m26_cost_tables(url)
        assert main(["check", "--url", url, "--models", "clobber_models"]) == 3
        assert "SQLiteAdapter" in capsys.readouterr().err
    finally:
        monkeypatch.undo()
        unregister_dialect("sqlite")
    from parity import cost_tables

    assert parity.compare(url, cost_tables.metadata).adapter == "SQLiteAdapter"
