"""The public API of CONTRACT.md, name by name and signature by signature."""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import parity

EMPTY = inspect.Parameter.empty
POS = inspect.Parameter.POSITIONAL_OR_KEYWORD
KW = inspect.Parameter.KEYWORD_ONLY

CONTRACT_KINDS = [
    "table_missing",
    "table_extra",
    "column_missing",
    "column_extra",
    "type_mismatch",
    "nullable_mismatch",
    "default_mismatch",
    "autoincrement_mismatch",
    "computed_mismatch",
    "collation_mismatch",
    "comment_mismatch",
    "primary_key_mismatch",
    "foreign_key_missing",
    "foreign_key_extra",
    "unique_missing",
    "unique_extra",
    "index_missing",
    "index_extra",
    "check_missing",
    "check_extra",
]


def _params(func: object) -> list[tuple[str, inspect._ParameterKind, object]]:
    signature = inspect.signature(func)  # type: ignore[arg-type]
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


def test_all_is_sorted_unique_and_every_name_exists() -> None:
    assert parity.__all__ == sorted(parity.__all__)
    assert len(set(parity.__all__)) == len(parity.__all__)
    for name in parity.__all__:
        assert hasattr(parity, name), name


@pytest.mark.parametrize(
    "name",
    [
        "compare",
        "ParityReport",
        "Difference",
        "DiffKind",
        "Severity",
        "check_schema_parity",
        "check_m26_cost_tables",
        "run_startup_parity_check",
        "SchemaParityError",
        "dialect_for",
        "register_dialect",
    ],
)
def test_contract_names_are_exported(name: str) -> None:
    assert name in parity.__all__


def _contract_then_optional_keywords(params: list[tuple[str, object, object]], n: int) -> None:
    """Arguments beyond the contract's first ``n`` are keyword-only with defaults."""
    assert all(kind == KW and default is not EMPTY for _name, kind, default in params[n:])


def test_compare_signature() -> None:
    params = _params(parity.compare)
    _contract_then_optional_keywords(params, 7)
    assert params[:7] == [
        ("bind", POS, EMPTY),
        ("target", POS, None),
        ("tables", KW, None),
        ("schema", KW, None),
        ("critical", KW, ()),
        ("mode", KW, "compatible"),
        ("ignore", KW, ()),
    ]


def test_check_schema_parity_signature() -> None:
    params = _params(parity.check_schema_parity)
    _contract_then_optional_keywords(params, 3)
    assert params[:3] == [
        ("engine", POS, EMPTY),
        ("models", POS, None),
        ("hard_fail", POS, True),
    ]


def test_check_m26_cost_tables_signature() -> None:
    params = _params(parity.check_m26_cost_tables)
    assert params[0] == ("engine", POS, EMPTY)
    # Everything after the engine is optional, and models= is accepted.
    assert all(default is not EMPTY for _name, _kind, default in params[1:])
    assert ("models", POS, None) in params


def test_run_startup_parity_check_signature() -> None:
    params = _params(parity.run_startup_parity_check)
    assert params[0] == ("engine", POS, EMPTY)
    assert all(default is not EMPTY for _name, _kind, default in params[1:])
    assert ("hard_fail_all", KW, False) in params
    assert inspect.signature(parity.run_startup_parity_check).return_annotation in (None, "None")


def test_schema_parity_error() -> None:
    assert issubclass(parity.SchemaParityError, Exception)
    bare = parity.SchemaParityError("no database")
    assert bare.report is None
    assert str(bare) == "no database"
    report = parity.ParityReport(differences=(), dialect="sqlite")
    assert parity.SchemaParityError("drift", report=report).report is report


def test_difference_fields() -> None:
    assert dataclasses.is_dataclass(parity.Difference)
    assert [f.name for f in dataclasses.fields(parity.Difference)] == [
        "kind",
        "table",
        "column",
        "name",
        "schema",
        "expected",
        "actual",
        "severity",
        "message",
    ]
    assert parity.Difference.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_diffkind_values_are_exactly_the_contracts() -> None:
    assert [kind.value for kind in parity.DiffKind] == CONTRACT_KINDS
    assert all(isinstance(kind, str) for kind in parity.DiffKind)
    for kind in parity.DiffKind:
        assert kind.name.lower() == kind.value


def test_severity_values() -> None:
    assert [s.value for s in parity.Severity] == ["error", "warning", "info"]
    assert all(isinstance(s, str) for s in parity.Severity)


@pytest.mark.parametrize(
    "attribute",
    [
        "ok",
        "differences",
        "errors",
        "warnings",
        "dialect",
        "server_version",
        "tables_checked",
        "ignored",
        "unchecked",
        "to_dict",
        "to_json",
        "render",
    ],
)
def test_report_attributes(attribute: str) -> None:
    report = parity.ParityReport(differences=(), dialect="sqlite")
    assert hasattr(report, attribute)


def test_error_tree() -> None:
    assert issubclass(parity.ParityUsageError, ValueError)
    assert issubclass(parity.ParityUsageError, parity.ParityError)
    assert issubclass(parity.PluginLoadError, ImportError)
    assert issubclass(parity.InspectionError, parity.ParityError)
    assert not issubclass(parity.SchemaParityError, parity.ParityError)


def test_py_typed_ships() -> None:
    assert (Path(parity.__file__).parent / "py.typed").is_file()


def test_import_parity_adds_no_tables_and_loads_no_adapter() -> None:
    # A fresh interpreter: this test process may already have imported model modules.
    code = (
        "import sys\n"
        "from sqlmodel import SQLModel\n"
        "before = set(SQLModel.metadata.tables)\n"
        "import parity\n"
        "assert set(SQLModel.metadata.tables) == before, set(SQLModel.metadata.tables) - before\n"
        "assert 'parity.cost_tables' not in sys.modules\n"
        "assert not [m for m in sys.modules if m == 'dialects' or m.startswith('dialects.')]\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"
