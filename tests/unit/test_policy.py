"""Severity rules (``COMPATIBLE_RULES``), modes, critical tables, messages and order."""

from __future__ import annotations

import random

import pytest

from parity.diff import Finding
from parity.policy import (
    COMPATIBLE_RULES,
    DATABASE_SIDES,
    apply_policy,
    message_for,
    severity_for,
)
from parity.report import Difference, DiffKind, Severity
from tests.unit.builders import finding

K = DiffKind
ERROR, WARNING = Severity.ERROR, Severity.WARNING


@pytest.mark.parametrize(
    ("kind", "risk", "severity"),
    [(kind, risk, rule[0]) for (kind, risk), rule in COMPATIBLE_RULES.items()],
    ids=[f"{kind.value}:{risk or '*'}" for kind, risk in COMPATIBLE_RULES],
)
def test_every_compatible_rule(kind: DiffKind, risk: str, severity: Severity) -> None:
    f = finding(kind, risk=risk)
    assert severity_for(f, mode="compatible", critical=False) is severity
    assert severity_for(f, mode="exact", critical=False) is ERROR
    assert severity_for(f, mode="compatible", critical=True) is ERROR


def test_every_kind_has_a_rule() -> None:
    assert {kind for kind, _risk in COMPATIBLE_RULES} == set(DiffKind)


def test_every_rule_says_why() -> None:
    for severity, why in COMPATIBLE_RULES.values():
        assert severity in (ERROR, WARNING)
        assert why and "\n" not in why


# The README's "Severity rules" table, written out here by hand (not read from
# parity/policy.py): every (kind, risk) the comparison produces, in compatible mode.
# A change of severity in the policy must be a change of this table and of the README.
README_SEVERITY: list[tuple[str, DiffKind, str, Severity]] = [
    ("table missing", K.TABLE_MISSING, "", ERROR),
    ("table the account cannot see", K.TABLE_MISSING, "not_visible", ERROR),
    ("table extra", K.TABLE_EXTRA, "", WARNING),
    ("column missing", K.COLUMN_MISSING, "", ERROR),
    ("column extra, NOT NULL without default", K.COLUMN_EXTRA, "required", ERROR),
    ("column extra, nullable or with a default", K.COLUMN_EXTRA, "optional", WARNING),
    ("type narrower", K.TYPE_MISMATCH, "narrower", ERROR),
    ("type different", K.TYPE_MISMATCH, "different", ERROR),
    ("type wider", K.TYPE_MISMATCH, "wider", WARNING),
    ("database NOT NULL where the model allows NULL", K.NULLABLE_MISMATCH, "db_stricter", ERROR),
    (
        "database allows NULL where the model says NOT NULL",
        K.NULLABLE_MISMATCH,
        "db_looser",
        WARNING,
    ),
    ("server default missing on a NOT NULL column", K.DEFAULT_MISMATCH, "missing_required", ERROR),
    ("server default otherwise different", K.DEFAULT_MISMATCH, "changed", WARNING),
    ("autoincrement missing", K.AUTOINCREMENT_MISMATCH, "missing", ERROR),
    ("autoincrement otherwise different", K.AUTOINCREMENT_MISMATCH, "changed", WARNING),
    ("generated column different", K.COMPUTED_MISMATCH, "", ERROR),
    ("collation", K.COLLATION_MISMATCH, "", WARNING),
    ("comment", K.COMMENT_MISMATCH, "", WARNING),
    ("primary key missing in the database", K.PRIMARY_KEY_MISMATCH, "missing", ERROR),
    ("primary key different", K.PRIMARY_KEY_MISMATCH, "changed", ERROR),
    ("foreign key missing", K.FOREIGN_KEY_MISSING, "", ERROR),
    ("foreign key extra", K.FOREIGN_KEY_EXTRA, "", ERROR),
    ("unique missing", K.UNIQUE_MISSING, "", ERROR),
    ("unique extra", K.UNIQUE_EXTRA, "", ERROR),
    ("index missing", K.INDEX_MISSING, "", WARNING),
    ("index extra", K.INDEX_EXTRA, "", WARNING),
    ("check missing", K.CHECK_MISSING, "", WARNING),
    ("check extra", K.CHECK_EXTRA, "", ERROR),
]


@pytest.mark.parametrize(
    ("kind", "risk", "severity"),
    [r[1:] for r in README_SEVERITY],
    ids=[r[0] for r in README_SEVERITY],
)
def test_readme_severity_rules(kind: DiffKind, risk: str, severity: Severity) -> None:
    f = finding(kind, risk=risk)
    assert severity_for(f, mode="compatible", critical=False) is severity
    (difference,) = apply_policy([f], mode="compatible", critical=())
    assert difference.severity is severity


def test_readme_table_covers_every_rule_and_every_kind() -> None:
    written = {(kind, risk) for _why, kind, risk, _severity in README_SEVERITY}
    # A rule keyed on any risk ("") is covered by a row for that kind with any risk.
    for kind, risk in COMPATIBLE_RULES:
        assert (kind, risk) in written or (risk == "" and kind in {k for k, _ in written}), (
            f"the policy has a rule for ({kind.value}, {risk!r}) that the README table here lacks"
        )
    assert {kind for kind, _risk in written} == set(DiffKind)


def test_extra_columns_end_to_end_through_diff() -> None:
    # The diff decides the risk, the policy the severity: check the pair together.
    from tests.unit.builders import col, diff, table

    found = diff(
        table("t"),
        table(
            "t",
            col("nullable_one"),
            col("with_default", nullable=False, default="0"),
            col("required_one", nullable=False),
        ),
    )
    severities = {d.column: d.severity for d in apply_policy(found, mode="compatible", critical=())}
    assert severities == {
        "nullable_one": WARNING,
        "with_default": WARNING,
        "required_one": ERROR,
    }


def test_an_unknown_risk_falls_back_to_the_kind_rule_or_error() -> None:
    assert severity_for(finding(K.INDEX_EXTRA, risk="new"), mode="compatible", critical=False) is (
        WARNING
    )
    assert severity_for(finding(K.TYPE_MISMATCH, risk=""), mode="compatible", critical=False) is (
        ERROR
    )


def test_exact_mode_makes_every_difference_an_error() -> None:
    findings = [finding(kind, risk=risk) for kind, risk in COMPATIBLE_RULES]
    assert {d.severity for d in apply_policy(findings, mode="exact", critical=())} == {ERROR}
    assert WARNING in {d.severity for d in apply_policy(findings, mode="compatible", critical=())}


def test_critical_tables_are_exact_and_others_are_not() -> None:
    findings = [
        finding(K.INDEX_EXTRA, table="cost_records"),
        finding(K.INDEX_EXTRA, table="users"),
    ]
    result = apply_policy(findings, mode="compatible", critical=["cost_records"])
    assert [(d.table, d.severity) for d in result] == [
        ("cost_records", ERROR),
        ("users", WARNING),
    ]


def test_critical_names_are_folded_like_table_names() -> None:
    result = apply_policy(
        [finding(K.INDEX_EXTRA, table="users")],
        mode="compatible",
        critical=["USERS"],
        fold_name=str.lower,
    )
    assert result[0].severity is ERROR


SAMPLES: list[Finding] = [
    finding(K.TABLE_MISSING, expected="3 columns"),
    finding(K.TABLE_EXTRA, actual="3 columns"),
    finding(K.COLUMN_MISSING, column="c", expected="varchar(10)"),
    finding(K.COLUMN_EXTRA, column="c", actual="integer not null", risk="required"),
    finding(
        K.TYPE_MISMATCH, column="c", expected="varchar(10)", actual="varchar(5)", risk="narrower"
    ),
    finding(K.TYPE_MISMATCH, column="c", expected="integer", actual="bigint", risk="wider"),
    finding(K.TYPE_MISMATCH, column="c", expected="integer", actual="text", risk="different"),
    finding(K.NULLABLE_MISMATCH, column="c", expected="NULL", actual="NOT NULL"),
    finding(K.DEFAULT_MISMATCH, column="c", expected="0", actual=None),
    finding(K.AUTOINCREMENT_MISMATCH, column="c", expected="identity", actual="none"),
    finding(K.COMPUTED_MISMATCH, column="c", expected="generated as (a + 1)", actual=None),
    finding(K.COLLATION_MISMATCH, column="c", expected="nocase", actual=None),
    finding(K.COMMENT_MISMATCH, column="c", expected="line one\nline two", actual=None),
    finding(K.COMMENT_MISMATCH, expected="table\ncomment", actual="x"),
    finding(K.PRIMARY_KEY_MISMATCH, expected="(id)", actual=None),
    finding(K.FOREIGN_KEY_MISSING, name="fk_t_p", expected="(p) -> p(id)"),
    finding(K.FOREIGN_KEY_EXTRA, actual="(p) -> p(id)"),
    finding(K.UNIQUE_MISSING, expected="unique (a)"),
    finding(K.UNIQUE_EXTRA, actual="unique (a)"),
    finding(K.INDEX_MISSING, name="ix_a", expected="index (a)"),
    finding(K.INDEX_EXTRA, actual="index (a)"),
    finding(K.CHECK_MISSING, expected="check (a > 0)"),
    finding(K.CHECK_EXTRA, actual="check (a > 0)"),
    finding(K.COLUMN_MISSING, schema="app", column="c", expected="integer"),
    finding(K.DEFAULT_MISMATCH, column="c", expected="'two\nlines'", actual="'x\r\ny'"),
    finding(K.CHECK_MISSING, expected="check (a <> 'x\ny')"),
]


_COUNTED = (K.TABLE_MISSING, K.TABLE_EXTRA)  # their expected/actual are column counts


@pytest.mark.parametrize("f", SAMPLES, ids=[f"{f.kind.value}-{i}" for i, f in enumerate(SAMPLES)])
def test_message_is_one_line_naming_the_table(f: Finding) -> None:
    text = message_for(f)
    assert "\n" not in text and "\r" not in text
    assert f.table in text
    if f.column:
        assert f"{f.table}.{f.column}" in text
    if f.schema:
        assert f"{f.schema}.{f.table}" in text
    if f.name:
        assert f.name in text
    for value in (f.expected, f.actual):
        if value is not None and "\n" not in value and f.kind not in _COUNTED:
            assert value in text


def test_message_samples_cover_every_kind() -> None:
    assert {f.kind for f in SAMPLES} == set(DiffKind)


@pytest.mark.parametrize(
    ("f", "text"),
    [
        (
            finding(
                K.TYPE_MISMATCH,
                table="users",
                column="name",
                expected="varchar(80)",
                actual="varchar(50)",
                risk="narrower",
            ),
            "column users.name: model type varchar(80), database type varchar(50) (narrower)",
        ),
        (
            finding(K.TABLE_MISSING, table="users"),
            "table users is declared by the model but does not exist in the database",
        ),
        (
            finding(
                K.TABLE_MISSING,
                table="users",
                actual="permission denied for schema app",
                risk="not_visible",
            ),
            "cannot see table users: permission denied for schema app; "
            "nothing about it was checked",
        ),
        (
            finding(K.TABLE_EXTRA, table="audit", actual="3 columns"),
            "table audit exists in the database but no model declares it",
        ),
        (
            finding(
                K.INDEX_MISSING, table="users", name="ix_users_email", expected="index (email)"
            ),
            "table users: index 'ix_users_email' index (email) is missing in the database",
        ),
        (
            finding(K.FOREIGN_KEY_MISSING, table="b", name="fk_b_a", expected="(a_id) -> a(id)"),
            "table b: foreign key 'fk_b_a' (a_id) -> a(id) is missing in the database",
        ),
        (
            finding(K.FOREIGN_KEY_EXTRA, table="b", actual="(a_id) -> a(id)"),
            "table b: foreign key (a_id) -> a(id) exists only in the database",
        ),
        (
            finding(K.UNIQUE_MISSING, table="b", expected="unique (x)"),
            "table b: unique constraint unique (x) is missing in the database",
        ),
        (
            finding(K.UNIQUE_EXTRA, table="b", name="ux", actual="unique (x)"),
            "table b: unique constraint 'ux' unique (x) exists only in the database",
        ),
        (
            finding(K.INDEX_EXTRA, table="b", actual="index (x)"),
            "table b: index index (x) exists only in the database",
        ),
        (
            finding(K.CHECK_MISSING, table="b", expected="check (x > 0)"),
            "table b: check constraint check (x > 0) is missing in the database",
        ),
        (
            finding(K.CHECK_EXTRA, table="b", actual="check (x > 0)"),
            "table b: check constraint check (x > 0) exists only in the database",
        ),
    ],
)
def test_message_text(f: Finding, text: str) -> None:
    assert message_for(f) == text


def test_apply_policy_orders_by_schema_table_kind_column_name() -> None:
    findings = [
        finding(K.INDEX_EXTRA, table="b", name="ix2"),
        finding(K.INDEX_EXTRA, table="b", name="ix1"),
        finding(K.TYPE_MISMATCH, table="b", column="z", risk="wider"),
        finding(K.TYPE_MISMATCH, table="b", column="a", risk="wider"),
        finding(K.COLUMN_MISSING, table="b", column="m"),
        finding(K.TABLE_EXTRA, table="a"),
        finding(K.TABLE_MISSING, table="c"),
        finding(K.COLUMN_MISSING, table="a", column="x", schema="s2"),
        finding(K.COLUMN_MISSING, table="z", column="x", schema="s1"),
    ]
    expected_order = [
        (None, "a", K.TABLE_EXTRA, None, None),
        (None, "b", K.COLUMN_MISSING, "m", None),
        (None, "b", K.TYPE_MISMATCH, "a", None),
        (None, "b", K.TYPE_MISMATCH, "z", None),
        (None, "b", K.INDEX_EXTRA, None, "ix1"),
        (None, "b", K.INDEX_EXTRA, None, "ix2"),
        (None, "c", K.TABLE_MISSING, None, None),
        ("s1", "z", K.COLUMN_MISSING, "x", None),
        ("s2", "a", K.COLUMN_MISSING, "x", None),
    ]
    rng = random.Random(7)
    for _ in range(20):
        rng.shuffle(findings)
        result = apply_policy(findings, mode="compatible", critical=())
        assert [(d.schema, d.table, d.kind, d.column, d.name) for d in result] == expected_order


def test_apply_policy_copies_every_field() -> None:
    f = finding(K.FOREIGN_KEY_MISSING, table="t", schema="s", name="fk", expected="(p) -> p(id)")
    (d,) = apply_policy([f], mode="compatible", critical=())
    assert d == Difference(
        kind=K.FOREIGN_KEY_MISSING,
        table="t",
        column=None,
        name="fk",
        schema="s",
        expected="(p) -> p(id)",
        actual=None,
        severity=ERROR,
        message=message_for(f),
    )


@pytest.mark.parametrize(
    ("f", "text"),
    [
        (
            finding(K.TABLE_MISSING, table="users", expected="3 columns"),
            "table users is declared by the left database but does not exist in the right database",
        ),
        (
            finding(K.TABLE_EXTRA, table="audit", actual="3 columns"),
            "table audit exists in the right database but not in the left database",
        ),
    ],
)
def test_message_between_two_databases_names_left_and_right(f: Finding, text: str) -> None:
    """diff_databases has no model: a table only on the right is not "undeclared by a
    model", it is missing on the left."""
    assert message_for(f, DATABASE_SIDES) == text
