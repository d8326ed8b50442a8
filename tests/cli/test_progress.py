"""Progress lines: on stderr, only on a terminal and only for the text format."""

from __future__ import annotations

import io
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import parity
from parity.cli import show_progress
from parity.progress import reporting, stage
from tests.cli.conftest import MODELS_SOURCE, clean_env, metadata_of, run

DRIFT_URL = "sqlite:///drift.sqlite3"


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


# -- stages of one long inspection -------------------------------------------------------
@needs_script
def test_a_single_check_on_a_terminal_shows_its_stages(project: Path) -> None:
    output = _in_a_terminal(project, "check", "--models", "app_models", "--url", DRIFT_URL)
    lines = output.splitlines()
    stages = [line for line in lines if line.startswith("parity: ")]
    assert stages[0] == "parity: reading the catalog of the default schema..."
    assert stages[1].startswith("parity: read 3 tables in ") and stages[1].endswith(" s")
    assert stages[2] == "parity: comparing 2 model tables..."
    assert lines.index(stages[-1]) < next(i for i, line in enumerate(lines) if "DRIFT" in line)


@needs_script
def test_no_stages_in_machine_formats_even_on_a_terminal(project: Path) -> None:
    for fmt in ("json", "junit", "github"):
        output = _in_a_terminal(
            project, "check", "--models", "app_models", "--url", DRIFT_URL, "--format", fmt
        )
        assert "parity: " not in output, fmt


def test_no_stages_when_stderr_is_not_a_terminal(project: Path) -> None:
    result = run(project, "check", "--models", "app_models", "--url", DRIFT_URL)
    assert result.returncode == 1
    assert result.stderr == ""


def test_stages_reach_only_the_listener_of_the_calling_context(project: Path) -> None:
    heard: list[str] = []
    url = f"sqlite:///{project / 'good.sqlite3'}"
    models = metadata_of(MODELS_SOURCE)
    parity.compare(url, models)  # nobody listens: nothing to hear, nothing printed
    with reporting(heard.append):
        parity.compare(url, models)
        inner: list[str] = []
        with reporting(inner.append):
            stage("nested")
        assert inner == ["nested"]
    stage("after the block")
    assert heard[0] == "reading the catalog of the default schema..."
    assert heard[-1] == "comparing 2 model tables..."
    assert "nested" not in heard and "after the block" not in heard


def test_compare_many_workers_print_no_stages(project: Path) -> None:
    """Worker threads do not inherit the listener: per-target lines only."""
    heard: list[str] = []
    urls = [f"sqlite:///{project / name}" for name in ("good.sqlite3", "drift.sqlite3")]
    with reporting(heard.append):
        parity.compare_many(urls, metadata_of(MODELS_SOURCE), jobs=2)
    assert heard == []
