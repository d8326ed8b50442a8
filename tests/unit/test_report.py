"""``ParityReport`` and ``Difference``: verdict, stable machine form, text, immutability."""

from __future__ import annotations

import dataclasses
import json

import pytest

from parity.report import REPORT_FORMAT_VERSION, Difference, DiffKind, ParityReport, Severity

K, S = DiffKind, Severity


def D(kind: DiffKind, table: str, severity: Severity, **fields: object) -> Difference:
    return Difference(
        kind=kind,
        table=table,
        severity=severity,
        message=f"{kind.value} on {table}",
        **fields,  # type: ignore[arg-type]
    )


USERS_TYPE = D(
    K.TYPE_MISMATCH, "users", S.ERROR, column="name", expected="varchar(80)", actual="varchar(50)"
)
USERS_INDEX = D(K.INDEX_EXTRA, "users", S.WARNING, name="ix_users_x", actual="index (x)")
ORDERS_COMMENT = D(K.COMMENT_MISMATCH, "orders", S.WARNING, schema="app", expected="o")
INFO = D(K.INDEX_MISSING, "zeta", S.INFO)
IGNORED = D(K.TABLE_EXTRA, "alembic_version", S.WARNING)

REPORT = ParityReport(
    differences=(USERS_TYPE, USERS_INDEX, INFO, ORDERS_COMMENT),  # as compare() sorts them
    dialect="sqlite",
    server_version=(3, 45, 1),
    tables_checked=("orders", "users", "zeta"),
    ignored=(IGNORED,),
    unchecked=(("comments", "SQLite has no comments"),),
    schema=None,
    mode="compatible",
    adapter="SQLiteAdapter",
)
CLEAN = ParityReport(differences=(USERS_INDEX,), dialect="postgresql", server_version=(16, 2))

REPORT_KEYS = [
    "format_version",
    "ok",
    "dialect",
    "server_version",
    "adapter",
    "schema",
    "mode",
    "tables_checked",
    "summary",
    "differences",
    "ignored",
    "unchecked",
]
DIFFERENCE_KEYS = [
    "kind",
    "severity",
    "schema",
    "table",
    "column",
    "name",
    "expected",
    "actual",
    "message",
]


def test_ok_errors_warnings() -> None:
    assert REPORT.ok is False
    assert REPORT.errors == ["type_mismatch on users"]
    assert REPORT.warnings == ["index_extra on users", "comment_mismatch on orders"]
    assert CLEAN.ok is True
    assert CLEAN.errors == []
    assert CLEAN.warnings == ["index_extra on users"]
    assert ParityReport(differences=(), dialect="x").ok is True


def test_an_ignored_error_does_not_make_the_report_fail() -> None:
    ignored_error = D(K.TABLE_MISSING, "t", S.ERROR)
    assert ParityReport(differences=(), dialect="x", ignored=(ignored_error,)).ok


def test_to_dict_has_stable_keys_in_a_stable_order() -> None:
    data = REPORT.to_dict()
    assert list(data) == REPORT_KEYS
    assert data["format_version"] == REPORT_FORMAT_VERSION == 1
    assert list(data["summary"]) == ["error", "warning", "info"]
    assert data["summary"] == {"error": 1, "warning": 2, "info": 1}
    for item in [*data["differences"], *data["ignored"]]:
        assert list(item) == DIFFERENCE_KEYS
    assert data["unchecked"] == [{"what": "comments", "why": "SQLite has no comments"}]
    assert data["server_version"] == [3, 45, 1]
    assert data["differences"][0] == {
        "kind": "type_mismatch",
        "severity": "error",
        "schema": None,
        "table": "users",
        "column": "name",
        "name": None,
        "expected": "varchar(80)",
        "actual": "varchar(50)",
        "message": "type_mismatch on users",
    }


@pytest.mark.parametrize("report", [REPORT, CLEAN], ids=["drift", "clean"])
def test_to_json_round_trips(report: ParityReport) -> None:
    assert json.loads(report.to_json()) == report.to_dict()
    assert json.loads(report.to_json(indent=None)) == report.to_dict()
    assert "\n" not in report.to_json(indent=None)


def test_to_json_keeps_non_ascii_text() -> None:
    report = ParityReport(
        differences=(D(K.COMMENT_MISMATCH, "naïve", S.WARNING, expected="prénom"),),
        dialect="x",
    )
    assert "prénom" in report.to_json()
    assert json.loads(report.to_json())["differences"][0]["table"] == "naïve"


def test_render_groups_by_table_and_ends_with_the_summary() -> None:
    lines = REPORT.render().splitlines()
    assert lines == [
        "users:",
        "  [error] type_mismatch on users",
        "  [warning] index_extra on users",
        "zeta:",
        "  [info] index_missing on zeta",
        "app.orders:",
        "  [warning] comment_mismatch on orders",
        "ignored (1):",
        "  table_extra on alembic_version",
        "not checked:",
        "  comments: SQLite has no comments",
        REPORT.summary(),
    ]
    assert REPORT.summary() == (
        "DRIFT: 3 tables checked on sqlite 3.45.1, 1 errors, 2 warnings, 1 ignored, 1 unchecked"
    )
    assert str(REPORT) == REPORT.render()


def test_render_groups_each_table_once_even_when_differences_are_unsorted() -> None:
    report = dataclasses.replace(REPORT, differences=(USERS_TYPE, ORDERS_COMMENT, USERS_INDEX))
    headers = [line for line in report.render().splitlines() if line.endswith(":")]
    assert headers == ["users:", "app.orders:", "ignored (1):", "not checked:"]


def test_render_of_a_clean_report_is_the_summary() -> None:
    report = ParityReport(
        differences=(), dialect="postgresql", server_version=(16, 2), tables_checked=("a",)
    )
    assert report.render() == (
        "OK: 1 tables checked on postgresql 16.2, 0 errors, 0 warnings, 0 ignored, 0 unchecked"
    )


def test_repr_is_one_line() -> None:
    text = repr(REPORT)
    assert "\n" not in text
    assert text == "<ParityReport ok=False dialect='sqlite' tables=3 differences=4>"


@pytest.mark.parametrize(
    ("obj", "field"),
    [(REPORT, "differences"), (REPORT, "dialect"), (USERS_TYPE, "severity"), (USERS_TYPE, "table")],
)
def test_frozen(obj: object, field: str) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, field, None)


def test_difference_is_hashable_and_keyword_only() -> None:
    assert len({USERS_TYPE, dataclasses.replace(USERS_TYPE)}) == 1
    with pytest.raises(TypeError):
        Difference(K.TABLE_MISSING, "t")  # type: ignore[call-arg]


def test_enums_are_strings_of_their_values() -> None:
    assert str(K.TYPE_MISMATCH) == "type_mismatch"
    assert K.TYPE_MISMATCH == "type_mismatch"  # type: ignore[comparison-overlap]
    assert str(S.WARNING) == "warning"
    assert S.WARNING == "warning"  # type: ignore[comparison-overlap]
    assert f"{S.ERROR}" == "error"


def test_sort_key_is_schema_table_kind_column_name() -> None:
    assert USERS_TYPE.sort_key() == ("", "users", list(K).index(K.TYPE_MISMATCH), "name", "")
    assert ORDERS_COMMENT.sort_key()[:2] == ("app", "orders")
