"""``parity check --snapshot`` and ``parity diff``: the three workflows' commands, exit codes.

Exit codes (README): 0 same, 1 different, 2 usage (an unreadable, foreign or corrupted
snapshot file, two dialects), 3 a side that cannot be reached or read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import parity
from tests.cli.conftest import PASSWORD, check, run, secret_url


def _snapshot(project: Path, db: str, name: str) -> Path:
    result = run(project, "inspect", "--url", f"sqlite:///{db}", "--format", "json")
    assert result.returncode == 0, result.stderr
    path = project / name
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_inspect_json_is_the_snapshot_file_byte_for_byte(project: Path) -> None:
    path = _snapshot(project, "drift.sqlite3", "prod.json")
    again = run(project, "inspect", "--url", "sqlite:///drift.sqlite3", "--format", "json")
    assert again.stdout == path.read_text(encoding="utf-8")
    assert parity.load_snapshot(path).to_json() == again.stdout


@pytest.mark.parametrize("db", ["good.sqlite3", "drift.sqlite3"])
@pytest.mark.parametrize("fmt", ["json", "junit", "github"])
def test_check_against_a_snapshot_prints_what_the_live_check_prints(
    project: Path, db: str, fmt: str
) -> None:
    _snapshot(project, db, "schema.json")
    live = check(project, "--url", f"sqlite:///{db}", "--format", fmt)
    offline = check(project, "--snapshot", "schema.json", "--format", fmt)
    assert (offline.returncode, offline.stdout) == (live.returncode, live.stdout)
    assert live.returncode == (0 if db == "good.sqlite3" else 1)


def test_diff_exit_codes_same_and_different(project: Path) -> None:
    good = _snapshot(project, "good.sqlite3", "good.json")
    same = run(project, "diff", str(good), "sqlite:///good.sqlite3")
    assert same.returncode == 0, same.stdout + same.stderr
    assert same.stdout.startswith(f"{good} -> sqlite:///good.sqlite3\n")
    different = run(project, "diff", "good.json", "sqlite:///drift.sqlite3", "--format", "json")
    assert different.returncode == 1, different.stderr
    kinds = {d["kind"] for d in json.loads(different.stdout)["differences"]}
    assert {"type_mismatch", "table_extra"} <= kinds
    ignored = run(
        project, "diff", "good.json", "sqlite:///drift.sqlite3", "--ignore", "*", "--mode", "exact"
    )
    assert ignored.returncode == 0, ignored.stdout
    only = run(project, "diff", "good.json", "sqlite:///drift.sqlite3", "--tables", "orders")
    assert only.returncode == 0, only.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format_version": 99, "dialect": "sqlite", "tables": []}', "format_version 99"),
        ('{"format_version": 1, "tables": [', "not valid JSON"),
        ('{"rows": []}', "not a schema-parity snapshot"),
    ],
)
def test_a_foreign_or_corrupted_file_exits_2_with_one_line(
    project: Path, text: str, message: str
) -> None:
    (project / "bad.json").write_text(text, encoding="utf-8")
    for result in (
        run(project, "diff", "bad.json", "sqlite:///good.sqlite3"),
        check(project, "--snapshot", "bad.json"),
    ):
        assert result.returncode == 2
        assert message in result.stderr and result.stderr.count("\n") == 1
        assert result.stdout == ""


def test_a_missing_file_and_two_dialects_exit_2(project: Path) -> None:
    missing = run(project, "diff", "nope.json", "sqlite:///good.sqlite3")
    assert missing.returncode == 2 and "cannot read snapshot file" in missing.stderr
    data = json.loads(_snapshot(project, "good.sqlite3", "g.json").read_text(encoding="utf-8"))
    data["dialect"] = "postgresql"
    (project / "pg.json").write_text(json.dumps(data), encoding="utf-8")
    crossed = run(project, "diff", "pg.json", "sqlite:///good.sqlite3")
    assert crossed.returncode == 2 and "same dialect" in crossed.stderr


def test_a_side_that_cannot_be_reached_exits_3_without_its_password(project: Path) -> None:
    _snapshot(project, "good.sqlite3", "good.json")
    result = run(project, "diff", "good.json", secret_url(), "--timeout", "5")
    assert result.returncode == 3, result.stderr
    assert "cannot inspect" in result.stderr
    assert PASSWORD not in result.stdout + result.stderr


def test_check_snapshot_refuses_a_url_too(project: Path) -> None:
    _snapshot(project, "good.sqlite3", "good.json")
    result = check(project, "--snapshot", "good.json", "--url", "sqlite:///good.sqlite3")
    assert result.returncode == 2 and "--snapshot replaces --url" in result.stderr
