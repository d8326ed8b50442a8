"""Several targets: repeated --url, --urls-file, --schema globs, --jobs, mixed exit codes."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy.engine import Engine

import parity
from parity.many import Target, TargetResult, compare_many, is_glob, overall_exit_code
from tests.backends import ThrowawayDatabase
from tests.cli.conftest import (
    DRIFTED_SOURCE,
    MODELS_SOURCE,
    PASSWORD,
    check,
    metadata_of,
    secret_url,
)

GOOD, DRIFT, MISSING = "sqlite:///good.sqlite3", "sqlite:///drift.sqlite3", "sqlite:///no.sqlite3"


def test_two_urls_print_a_line_each_and_the_drifted_report(project: Path) -> None:
    result = check(project, "--url", GOOD, "--url", DRIFT)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("sqlite:///good.sqlite3: OK: 2 tables checked")
    assert lines[1].startswith("sqlite:///drift.sqlite3: DRIFT:")
    assert "== sqlite:///drift.sqlite3 ==" in lines
    assert "== sqlite:///good.sqlite3 ==" not in lines
    assert any("model type varchar(50), database type varchar(20)" in line for line in lines)
    assert lines[-1] == "2 targets: 1 ok, 1 drifted, 0 could not be inspected"
    assert result.stderr == ""  # no progress when stderr is not a terminal


def test_all_ok_exits_0(project: Path) -> None:
    result = check(project, "--url", GOOD, "--url", GOOD)
    assert result.returncode == 0, result.stdout
    assert "==" not in result.stdout


def test_urls_file_with_comments(project: Path) -> None:
    (project / "dbs.txt").write_text(f"# production shards\n{GOOD}\n\n  {DRIFT}  \n# end\n")
    result = check(project, "--urls-file", "dbs.txt", "--format", "json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert [item["target"] for item in data] == [GOOD, DRIFT]
    assert [item["exit_code"] for item in data] == [0, 1]
    assert data[1]["report"]["ok"] is False
    assert set(data[0]) == {"target", "url", "schema", "exit_code", "ok", "error", "report"}


def test_url_flags_and_file_combine(project: Path) -> None:
    (project / "dbs.txt").write_text(f"{DRIFT}\n")
    result = check(project, "--url", GOOD, "--urls-file", "dbs.txt", "--format", "json")
    assert [item["target"] for item in json.loads(result.stdout)] == [GOOD, DRIFT]


@pytest.mark.parametrize(
    ("content", "says"), [(None, "cannot read"), ("# nothing\n\n", "lists no URL")]
)
def test_bad_urls_file_exits_2(project: Path, content: str | None, says: str) -> None:
    if content is not None:
        (project / "dbs.txt").write_text(content)
    result = check(project, "--urls-file", "dbs.txt")
    assert result.returncode == 2
    assert says in result.stderr


def test_a_malformed_url_among_many_exits_2(project: Path) -> None:
    result = check(project, "--url", GOOD, "--url", "not a url")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "malformed" in result.stderr


def test_an_unreachable_target_makes_the_run_exit_3_and_the_others_still_run(
    project: Path,
) -> None:
    result = check(project, "--url", DRIFT, "--url", MISSING, "--url", GOOD)
    assert result.returncode == 3, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("sqlite:///drift.sqlite3: DRIFT:")
    assert lines[1].startswith("sqlite:///no.sqlite3: FAILED: cannot inspect:")
    assert "does not exist" in lines[1]
    assert lines[2].startswith("sqlite:///good.sqlite3: OK:")
    assert lines[-1] == "3 targets: 1 ok, 1 drifted, 1 could not be inspected"


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github"])
def test_the_password_never_appears(project: Path, fmt: str) -> None:
    result = check(project, "--url", GOOD, "--url", secret_url(), "--format", fmt)
    assert result.returncode == 3, result.stdout + result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    assert "***" in result.stdout


def test_the_password_never_appears_when_a_glob_cannot_be_expanded(project: Path) -> None:
    result = check(project, "--url", secret_url(), "--schema", "tenant_*")
    assert result.returncode == 3, result.stdout + result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    assert "cannot connect" in result.stdout


def test_junit_has_one_testsuite_per_target(project: Path) -> None:
    result = check(project, "--url", GOOD, "--url", DRIFT, "--url", MISSING, "--format", "junit")
    assert result.returncode == 3
    root = ET.fromstring(result.stdout.encode())
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        f"schema-parity {GOOD}",
        f"schema-parity {DRIFT}",
        f"schema-parity {MISSING}",
    ]
    assert suites[1].get("failures") == "1"
    assert suites[2].get("errors") == "1"
    error = suites[2].find("testcase/error")
    assert error is not None and "does not exist" in (error.get("message") or "")


def test_github_annotations_name_their_target(project: Path) -> None:
    result = check(project, "--url", GOOD, "--url", DRIFT, "--url", MISSING, "--format", "github")
    lines = result.stdout.splitlines()
    assert all(line.startswith(("::error", "::warning", "::notice")) for line in lines), lines
    errors = [line for line in lines if line.startswith("::error")]
    assert any(f"::{DRIFT}: column users.name" in line for line in errors)
    assert any("cannot inspect" in line and MISSING in line for line in errors)
    notices = [line for line in lines if line.startswith("::notice")]
    assert len(notices) == 2


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_jobs_gives_the_same_result_in_target_order(project: Path, jobs: str) -> None:
    urls = [GOOD, DRIFT, MISSING, GOOD, DRIFT]
    args = [arg for url in urls for arg in ("--url", url)]
    result = check(project, *args, "--jobs", jobs, "--format", "json")
    assert result.returncode == 3
    assert [item["exit_code"] for item in json.loads(result.stdout)] == [0, 1, 3, 0, 1]


@pytest.mark.parametrize("jobs", ["0", "-1", "many"])
def test_bad_jobs_exits_2(project: Path, jobs: str) -> None:
    result = check(project, "--url", GOOD, "--url", DRIFT, "--jobs", jobs)
    assert result.returncode == 2
    assert "--jobs" in result.stderr


def test_a_single_target_keeps_the_single_report_shape(project: Path) -> None:
    result = check(project, "--url", DRIFT, "--format", "json")
    assert json.loads(result.stdout)["ok"] is False  # a report object, not an array


# -- the library -------------------------------------------------------------------------
def test_compare_many_is_public_and_returns_results_in_order(project: Path) -> None:
    assert parity.compare_many is compare_many
    seen: list[tuple[int, int]] = []
    results = compare_many(
        [f"sqlite:///{project / name}" for name in ("good.sqlite3", "drift.sqlite3", "x.db")],
        metadata_of(MODELS_SOURCE),
        jobs=2,
        on_result=lambda result, done, total: seen.append((done, total)),
        mode="exact",
    )
    assert [r.exit_code for r in results] == [0, 1, 3]
    assert results[1].report is not None and results[1].report.mode == "exact"
    assert results[2].error is not None and "does not exist" in results[2].error
    assert sorted(seen) == [(1, 3), (2, 3), (3, 3)]
    assert overall_exit_code(results) == 3
    assert overall_exit_code(results[:2]) == 1
    assert overall_exit_code(results[:1]) == 0


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"jobs": 0}, "jobs="),
        ({"schema": "x"}, "schemas="),
        ({"mode": "strict"}, "strict"),
    ],
)
def test_compare_many_usage_errors(kwargs: dict[str, object], says: str) -> None:
    with pytest.raises(parity.ParityUsageError, match=says):
        compare_many(["sqlite://"], None, **kwargs)  # type: ignore[arg-type]


def test_compare_many_needs_a_target() -> None:
    with pytest.raises(parity.ParityUsageError, match="no targets"):
        compare_many([], None)


def test_target_labels_hide_the_password() -> None:
    target = Target(secret_url(), "tenant_1")
    assert PASSWORD not in target.label
    assert target.label.endswith(" schema=tenant_1")
    assert target.short == "tenant_1"
    failed = TargetResult(target, error="boom")
    assert failed.exit_code == 3 and failed.status == "FAILED" and not failed.ok


def test_is_glob() -> None:
    assert is_glob("tenant_*") and is_glob("t?") and is_glob("t[12]")
    assert not is_glob("tenant_1")


# -- schema globs on servers -------------------------------------------------------------
def _tenants(backend_db: ThrowawayDatabase, count: int) -> tuple[str, list[str]]:
    """``count`` schemas (MySQL: databases) named ``tenant_<hex>_<i>``, dropped at teardown."""
    prefix = f"tenant_{uuid.uuid4().hex[:8]}_"
    names = [f"{prefix}{i}" for i in range(1, count + 1)]
    for name in names:
        backend_db.backend.create_schema(backend_db.engine, name, backend_db.workdir)
        backend_db.schemas.append(name)
    return prefix, names


@pytest.mark.backends("postgresql", "mysql")
def test_schema_glob_checks_every_matching_schema(
    backend_name: str, backend_db: ThrowawayDatabase, backend_url: str, project: Path
) -> None:
    prefix, names = _tenants(backend_db, 3)
    for name in names:
        source = DRIFTED_SOURCE if name.endswith("_2") else MODELS_SOURCE
        metadata_of(source, schema=name).create_all(backend_db.engine)
    backend_db.engine.dispose()

    result = check(project, "--url", backend_url, "--schema", f"{prefix}*", "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert [item["schema"] for item in data] == names
    assert [item["exit_code"] for item in data] == [0, 1, 0]

    text = check(project, "--url", backend_url, "--schema", f"{prefix}*", "--jobs", "2")
    assert text.returncode == 1
    assert text.stdout.splitlines()[-1] == "3 targets: 2 ok, 1 drifted, 0 could not be inspected"
    assert f"== {data[1]['target']} ==" in text.stdout

    nothing = check(project, "--url", backend_url, "--schema", f"{prefix}nothing_*")
    assert nothing.returncode == 3
    assert "no schema matches" in nothing.stdout


@pytest.mark.backends("postgresql", "mysql")
def test_compare_many_shares_one_engine_per_database(
    backend_name: str, backend_db: ThrowawayDatabase, backend_url: str, tmp_path: Path
) -> None:
    prefix, names = _tenants(backend_db, 2)
    for name in names:
        metadata_of(MODELS_SOURCE, schema=name).create_all(backend_db.engine)
    results = compare_many([backend_url], metadata_of(MODELS_SOURCE), schemas=[f"{prefix}*"])
    assert [r.target.schema for r in results] == names
    assert all(r.ok for r in results), [r.summary() for r in results]
    binds = {id(r.target.bind) for r in results}
    assert len(binds) == 1 and isinstance(results[0].target.bind, Engine)


@pytest.mark.backends("postgresql")
def test_schema_names_and_globs_mix(
    backend_name: str,
    backend_db: ThrowawayDatabase,
    backend_url: str,
    create_schema: Callable[[], str],
    project: Path,
) -> None:
    plain = create_schema()
    prefix, names = _tenants(backend_db, 2)
    for name in [plain, *names]:
        metadata_of(MODELS_SOURCE, schema=name).create_all(backend_db.engine)
    backend_db.engine.dispose()
    result = check(
        project,
        "--url",
        backend_url,
        "--schema",
        plain,
        "--schema",
        f"{prefix}*",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert [item["schema"] for item in json.loads(result.stdout)] == [plain, *names]
