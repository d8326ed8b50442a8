"""examples/github-actions.yml: a valid workflow whose `parity check` command really runs."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from examples.fastapi_app.models import Base
from parity.cli import build_parser

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "examples" / "github-actions.yml"


def load() -> dict[str, object]:
    data = yaml.safe_load(WORKFLOW.read_text())
    assert isinstance(data, dict)
    return data


def parity_command(workflow: dict[str, object]) -> str:
    (job,) = workflow["jobs"].values()  # type: ignore[attr-defined]
    runs = [step["run"] for step in job["steps"] if "parity check" in step.get("run", "")]
    assert len(runs) == 1, runs
    return str(runs[0]).strip()


def test_workflow_shape() -> None:
    workflow = load()
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    assert workflow.get("on", workflow.get(True)) == ["push", "pull_request"]
    (job,) = workflow["jobs"].values()  # type: ignore[attr-defined]
    service = job["services"]["postgres"]
    assert service["image"].startswith("postgres:")
    assert "5432:5432" in service["ports"]
    url = sa.engine.make_url(job["env"]["DATABASE_URL"])
    assert (url.get_backend_name(), url.port) == ("postgresql", 5432)
    assert url.database == service["env"]["POSTGRES_DB"]


def test_parity_command_parses() -> None:
    argv = shlex.split(parity_command(load()))
    assert argv[:2] == ["parity", "check"]
    args = build_parser().parse_args(argv[1:])
    assert (args.command, args.models, args.fmt) == ("check", "app.models", "github")


def run_command(command: str, cwd: Path, url: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": os.pathsep.join([str(cwd), str(ROOT)]),
    }
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_the_exact_command_runs_against_sqlite(tmp_path: Path) -> None:
    """The workflow's `run` line, verbatim, with $DATABASE_URL pointing at SQLite."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "models.py").write_text("from examples.fastapi_app.models import Base  # noqa\n")
    path = tmp_path / "app.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    command = parity_command(load())

    done = run_command(command, tmp_path, f"sqlite:///{path}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error" not in done.stdout

    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE items DROP COLUMN name"))
    engine.dispose()
    done = run_command(command, tmp_path, f"sqlite:///{path}")
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith("::error ")
    assert "column_missing" in done.stdout and "items.name" in done.stdout
