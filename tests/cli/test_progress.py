"""Progress lines: on stderr, only on a terminal and only for the text format."""

from __future__ import annotations

import io
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parity.cli import show_progress
from tests.cli.conftest import clean_env, run


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("fmt", "tty", "shown"),
    [
        ("text", True, True),
        ("text", False, False),
        ("json", True, False),
        ("junit", True, False),
        ("github", True, False),
    ],
)
def test_the_decision(fmt: str, tty: bool, shown: bool) -> None:
    stream = _Tty() if tty else io.StringIO()
    assert show_progress(fmt, stream) is shown


def _in_a_terminal(cwd: Path, *args: str) -> str:
    """Run the command under ``script`` (a pseudo-terminal); stdout and stderr merged."""
    command = shlex.join([sys.executable, "-m", "parity.cli", *args])
    result = subprocess.run(
        ["script", "-q", "-e", "-c", command, "/dev/null"],
        cwd=cwd,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.stdout.replace("\r\n", "\n")


needs_script = pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1)")


@needs_script
def test_progress_on_a_terminal(project: Path) -> None:
    output = _in_a_terminal(
        project,
        *("check", "--models", "app_models", "--jobs", "1"),
        *("--url", "sqlite:///good.sqlite3", "--url", "sqlite:///drift.sqlite3"),
    )
    assert "[1/2] sqlite:///good.sqlite3 OK" in output
    assert "[2/2] sqlite:///drift.sqlite3 DRIFT" in output


@needs_script
def test_no_progress_in_machine_formats_even_on_a_terminal(project: Path) -> None:
    output = _in_a_terminal(
        project,
        *("check", "--models", "app_models", "--format", "json"),
        *("--url", "sqlite:///good.sqlite3", "--url", "sqlite:///drift.sqlite3"),
    )
    assert "[1/2]" not in output
    assert output.lstrip().startswith("[\n")


def test_no_progress_when_stderr_is_not_a_terminal(project: Path) -> None:
    result = run(
        project,
        *("check", "--models", "app_models"),
        *("--url", "sqlite:///good.sqlite3", "--url", "sqlite:///drift.sqlite3"),
    )
    assert result.returncode == 1
    assert result.stderr == ""
