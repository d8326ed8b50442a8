"""examples/script.py: compare, render, exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from examples.fastapi_app.models import Base

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "script.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def test_ok_drift_and_unreachable(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    done = run(f"sqlite:///{path}")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("OK:")

    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE items DROP COLUMN name"))
    engine.dispose()
    done = run(f"sqlite:///{path}", "--json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert [(d["kind"], d["column"]) for d in data["differences"]] == [("column_missing", "name")]

    done = run(f"sqlite:///{tmp_path / 'missing.db'}")
    assert done.returncode == 3
    assert "does not exist" in done.stderr
