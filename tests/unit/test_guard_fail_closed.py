"""The guard fails closed: when it cannot look, it raises — it never passes."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import create_engine

import parity
from parity import cost_tables
from parity.errors import InspectionError


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def unreachable_url() -> str:
    return f"postgresql+psycopg://app:s3cr3t-pw@127.0.0.1:{_closed_port()}/app?connect_timeout=2"


@pytest.mark.parametrize(
    "check",
    [
        parity.check_m26_cost_tables,
        lambda e: parity.check_schema_parity(e, models=list(cost_tables.MODELS)),
        parity.run_startup_parity_check,
    ],
    ids=["check_m26_cost_tables", "check_schema_parity", "run_startup_parity_check"],
)
def test_unreachable_database_raises_with_cause_chained(
    unreachable_url: str, check: object
) -> None:
    engine = create_engine(unreachable_url)
    with pytest.raises(parity.SchemaParityError) as raised:
        check(engine)  # type: ignore[operator]
    assert raised.value.report is None
    assert isinstance(raised.value.__cause__, InspectionError)
    assert "s3cr3t-pw" not in str(raised.value)
    assert "could not run" in str(raised.value)


def test_soft_check_reports_failure_instead_of_passing(unreachable_url: str) -> None:
    ok, errors = parity.check_schema_parity(
        create_engine(unreachable_url), models=list(cost_tables.MODELS), hard_fail=False
    )
    assert ok is False and len(errors) == 1 and "s3cr3t-pw" not in errors[0]


def test_missing_sqlite_file_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nope.sqlite3"
    with pytest.raises(parity.SchemaParityError) as raised:
        parity.check_m26_cost_tables(f"sqlite:///{path}")
    assert "does not exist" in str(raised.value)
    assert not path.exists()


def test_sqlite_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(parity.SchemaParityError, match="directory"):
        parity.check_m26_cost_tables(f"sqlite:///{tmp_path}")


def test_file_that_is_not_a_database_fails_closed(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("this is not a database\n" * 100)
    with pytest.raises(parity.SchemaParityError) as raised:
        parity.check_m26_cost_tables(f"sqlite:///{path}")
    assert raised.value.__cause__ is not None
    assert path.read_text() == "this is not a database\n" * 100


def test_empty_sqlite_database_is_drift_not_a_pass(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    create_engine(f"sqlite:///{path}").connect().close()
    with pytest.raises(parity.SchemaParityError) as raised:
        parity.check_m26_cost_tables(f"sqlite:///{path}")
    report = raised.value.report
    assert report is not None
    assert sorted(d.table for d in report.differences) == sorted(parity.COST_TABLE_NAMES)
    assert {d.kind for d in report.differences} == {parity.DiffKind.TABLE_MISSING}
