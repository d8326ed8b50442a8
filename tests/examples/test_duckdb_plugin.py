"""examples/duckdb_plugin: when installed, its own tests (the compliance suite) pass.

nox's ``plugin_example`` session installs it into a fresh virtualenv and runs the same
tests; here they run only when ``parity-duckdb`` is installed in the current one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("duckdb_engine")
pytest.importorskip("parity_duckdb")

PLUGIN = Path(__file__).resolve().parents[2] / "examples" / "duckdb_plugin"


def test_the_plugin_passes_its_compliance_suite() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=PLUGIN,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
