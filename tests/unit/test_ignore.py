"""``ignore=`` patterns: parsing, matching, and ignored differences landing in the report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

import parity
from parity.errors import ParityUsageError
from parity.ignore import DEFAULT_IGNORES, IgnorePattern, parse_ignore, split_ignored
from parity.report import Difference, DiffKind

K = DiffKind


def D(kind: DiffKind, table: str, column: str | None = None) -> Difference:
    return Difference(kind=kind, table=table, column=column, message=f"{kind} {table}")


TYPE_USERS_NAME = D(K.TYPE_MISMATCH, "users", "name")
TYPE_USERS_LEGACY = D(K.TYPE_MISMATCH, "users", "legacy_code")
COMMENT_USERS = D(K.COMMENT_MISMATCH, "users")
COMMENT_ORDERS_ID = D(K.COMMENT_MISMATCH, "orders", "id")
INDEX_USERS = D(K.INDEX_EXTRA, "users")
AUDIT_TABLE = D(K.TABLE_EXTRA, "audit_2024")
AUDITOR_COLUMN = D(K.COLUMN_MISSING, "auditor", "x")
ALEMBIC = D(K.TABLE_EXTRA, "alembic_version")
EVERYTHING = [
    TYPE_USERS_NAME,
    TYPE_USERS_LEGACY,
    COMMENT_USERS,
    COMMENT_ORDERS_ID,
    INDEX_USERS,
    AUDIT_TABLE,
    AUDITOR_COLUMN,
    ALEMBIC,
]

# (pattern, the differences it ignores, beyond the default alembic_version)
CASES: list[tuple[str, list[Difference]]] = [
    ("users", [TYPE_USERS_NAME, TYPE_USERS_LEGACY, COMMENT_USERS, INDEX_USERS]),
    ("users.name", [TYPE_USERS_NAME]),
    ("users.legacy_*", [TYPE_USERS_LEGACY]),
    ("users.*", [TYPE_USERS_NAME, TYPE_USERS_LEGACY]),  # only differences on a column
    ("*:comment_mismatch", [COMMENT_USERS, COMMENT_ORDERS_ID]),
    ("users:comment_mismatch", [COMMENT_USERS]),
    ("users:index_*", [INDEX_USERS]),
    ("*.id:comment_mismatch", [COMMENT_ORDERS_ID]),
    ("audit_*", [AUDIT_TABLE]),
    ("audit*", [AUDIT_TABLE, AUDITOR_COLUMN]),
    ("audit_????", [AUDIT_TABLE]),
    ("[ou]*:comment_mismatch", [COMMENT_USERS, COMMENT_ORDERS_ID]),
    ("Users", []),  # globs are case-sensitive
    ("nothing_like_this", []),
    ("  users.name  ", [TYPE_USERS_NAME]),  # surrounding blanks are trimmed
]


@pytest.mark.parametrize(("pattern", "ignored"), CASES, ids=[c[0] for c in CASES])
def test_pattern_ignores_exactly(pattern: str, ignored: list[Difference]) -> None:
    kept, dropped = split_ignored(EVERYTHING, parse_ignore([pattern]))
    assert list(dropped) == [d for d in EVERYTHING if d in [*ignored, ALEMBIC]]
    assert list(kept) == [d for d in EVERYTHING if d not in dropped]


def test_alembic_version_is_ignored_by_default() -> None:
    assert DEFAULT_IGNORES == ("alembic_version",)
    kept, dropped = split_ignored(EVERYTHING, parse_ignore(()))
    assert dropped == (ALEMBIC,)
    assert ALEMBIC not in kept


def test_a_single_string_is_one_pattern() -> None:
    assert parse_ignore("users.name")[-1] == IgnorePattern("users.name", "users", "name", None)


def test_parsed_parts() -> None:
    assert parse_ignore(["a*.b?:type_*"])[-1] == IgnorePattern("a*.b?:type_*", "a*", "b?", "type_*")


BAD: list[tuple[str, object]] = [
    ("unknown kind", "users:no_such_kind"),
    ("kind glob matching nothing", "users:zz*"),
    ("empty", ""),
    ("blank", "   "),
    ("not a string", 5),
    ("None", None),
    ("colon alone would ignore everything", ":"),
    ("empty kind", "users:"),
    ("empty column", "users."),
    ("empty table", ".legacy"),
    ("empty table before a kind", ":comment_mismatch"),
]


@pytest.mark.parametrize("pattern", [b[1] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_patterns_are_one_line_usage_errors(pattern: object) -> None:
    with pytest.raises(ParityUsageError) as info:
        parse_ignore([pattern])  # type: ignore[list-item]
    message = str(info.value)
    assert "\n" not in message
    assert repr(pattern) in message
    assert "TABLE[.COLUMN][:KIND]" in message or "use one of" in message


def test_unknown_kind_lists_the_kinds() -> None:
    with pytest.raises(ParityUsageError, match="comment_mismatch"):
        parse_ignore(["*:comments"])


# ------------------------------------------------------------- end to end on SQLite


@pytest.fixture
def drifted_db(tmp_path: Path) -> Iterator[sa.Engine]:
    """A database whose ``users`` drifts from ``MODEL`` and which has two extra tables."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'drift.sqlite3'}")
    db = sa.MetaData()
    sa.Table(
        "users",
        db,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(20), nullable=False),
        sa.Column("legacy_code", sa.Integer, nullable=False),
    )
    sa.Table("audit_log", db, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("alembic_version", db, sa.Column("version_num", sa.String(32), primary_key=True))
    db.create_all(engine)
    yield engine
    engine.dispose()


MODEL = sa.MetaData()
sa.Table(
    "users",
    MODEL,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(40), nullable=False),
)


def _facts(differences: tuple[Difference, ...]) -> list[tuple[str, str, str | None]]:
    return [(d.kind.value, d.table, d.column) for d in differences]


def test_compare_without_patterns_ignores_only_alembic_version(drifted_db: sa.Engine) -> None:
    report = parity.compare(drifted_db, MODEL)
    assert _facts(report.differences) == [
        ("table_extra", "audit_log", None),
        ("column_extra", "users", "legacy_code"),
        ("type_mismatch", "users", "name"),
    ]
    assert _facts(report.ignored) == [("table_extra", "alembic_version", None)]
    assert not report.ok


def test_compare_moves_ignored_differences_to_the_report(drifted_db: sa.Engine) -> None:
    report = parity.compare(
        drifted_db, MODEL, ignore=["audit_*", "users.legacy_*", "*:type_mismatch"]
    )
    assert report.differences == ()
    assert report.ok
    assert _facts(report.ignored) == [
        ("table_extra", "alembic_version", None),
        ("table_extra", "audit_log", None),
        ("column_extra", "users", "legacy_code"),
        ("type_mismatch", "users", "name"),
    ]
    assert report.to_dict()["ignored"][1]["table"] == "audit_log"
    assert "ignored (4):" in report.render()


def test_compare_rejects_a_bad_pattern_before_connecting(tmp_path: Path) -> None:
    missing = tmp_path / "never-created.sqlite3"
    with pytest.raises(ParityUsageError):
        parity.compare(f"sqlite:///{missing}", MODEL, ignore=["users:bogus"])
    assert not missing.exists()
