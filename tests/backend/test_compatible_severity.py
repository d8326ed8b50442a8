"""The guard's verdict in ``compatible`` mode (the default), on every database.

Each case is a model and the DDL a migration or a person would write for a database
that drifted from it in one way.  The expected severity of each difference is the
README's "Severity rules" table, written out here (not read from ``parity.policy``),
and the guard's verdict (``check_schema_parity``, ``report.ok``) must follow it: an
error refuses to start, a warning does not.  Every other live test runs
``mode="exact"``, where every difference is an error, so only these check that a
change of severity in the policy reaches users.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from sqlalchemy import (
    CheckConstraint,
    Column,
    Computed,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Engine

import parity
from parity.guard import check_schema_parity
from parity.report import DiffKind, Severity

K = DiffKind
ERROR, WARNING = Severity.ERROR, Severity.WARNING
ALL = ("sqlite", "postgresql", "mysql")

#: The key column of a table as each database spells an integer key that numbers itself
#: (what SQLAlchemy's ``Integer, primary_key=True`` means there).
ID = {
    "postgresql": "id SERIAL PRIMARY KEY",
    "mysql": "id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY",
    "sqlite": "id INTEGER PRIMARY KEY",
}
#: A key column that does not number itself.
PLAIN_ID = {
    "postgresql": "id INTEGER PRIMARY KEY",
    "mysql": "id INTEGER NOT NULL PRIMARY KEY",
    "sqlite": "id INT NOT NULL PRIMARY KEY",  # INT, not INTEGER: not the rowid
}
PARENT = (
    "CREATE TABLE p (id INTEGER NOT NULL PRIMARY KEY, code INTEGER NOT NULL, UNIQUE (id, code))"
)
#: A collation other than the column's default, as the model names it.
COLLATION = {"postgresql": "C", "mysql": "utf8mb4_bin", "sqlite": "NOCASE"}


def _id(**kw: object) -> Column[int]:
    return Column("id", Integer, primary_key=True, **kw)  # type: ignore[arg-type]


def _t(md: MetaData, *items: object, **kw: object) -> Table:
    return Table("t", md, _id(), *items, **kw)  # type: ignore[arg-type]


def _parent(md: MetaData) -> Table:
    return Table(
        "p",
        md,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("code", Integer, nullable=False),
        UniqueConstraint("id", "code"),
    )


def _child(md: MetaData, **fk: object) -> None:
    _parent(md)
    _t(md, Column("p_id", Integer), ForeignKeyConstraint(["p_id"], ["p.id"], **fk))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Case:
    id: str
    model: Callable[[MetaData], object]
    #: DDL per database (``{id}``: the self-numbering key column there).
    ddl: dict[str, list[str]]
    expected: list[tuple[DiffKind, Severity]]
    backends: tuple[str, ...] = field(default=ALL)


def _everywhere(*statements: str) -> dict[str, list[str]]:
    return {name: list(statements) for name in ALL}


def _fk_case(
    id: str, model_fk: dict[str, object], db_clause: str, backends: tuple[str, ...] = ALL
) -> Case:
    ddl = f"CREATE TABLE t ({{id}}, p_id INTEGER, FOREIGN KEY (p_id) REFERENCES p (id){db_clause})"
    return Case(
        id,
        lambda md: _child(md, **model_fk),
        {name: [PARENT, ddl] for name in backends},
        [(K.FOREIGN_KEY_MISSING, ERROR), (K.FOREIGN_KEY_EXTRA, ERROR)],
        backends,
    )


CASES: list[Case] = [
    Case(
        "no drift",
        lambda md: _t(md, Column("a", String(20))),
        _everywhere("CREATE TABLE t ({id}, a VARCHAR(20))"),
        [],
    ),
    Case(
        "table missing",
        lambda md: (_t(md), Table("u", md, _id())),
        _everywhere("CREATE TABLE t ({id})"),
        [(K.TABLE_MISSING, ERROR)],
    ),
    Case(
        "table extra",
        _t,
        _everywhere("CREATE TABLE t ({id})", "CREATE TABLE u (id INTEGER)"),
        [(K.TABLE_EXTRA, WARNING)],
    ),
    Case(
        "column missing",
        lambda md: _t(md, Column("a", Integer)),
        _everywhere("CREATE TABLE t ({id})"),
        [(K.COLUMN_MISSING, ERROR)],
    ),
    Case(
        "column extra NOT NULL without default",
        _t,
        _everywhere("CREATE TABLE t ({id}, a INTEGER NOT NULL)"),
        [(K.COLUMN_EXTRA, ERROR)],
    ),
    Case(
        "column extra nullable",
        _t,
        _everywhere("CREATE TABLE t ({id}, a INTEGER)"),
        [(K.COLUMN_EXTRA, WARNING)],
    ),
    Case(
        "column extra NOT NULL with a default",
        _t,
        _everywhere("CREATE TABLE t ({id}, a INTEGER NOT NULL DEFAULT 0)"),
        [(K.COLUMN_EXTRA, WARNING)],
    ),
    Case(
        "type narrower",
        lambda md: _t(md, Column("a", String(40))),
        _everywhere("CREATE TABLE t ({id}, a VARCHAR(20))"),
        [(K.TYPE_MISMATCH, ERROR)],
    ),
    Case(
        "type wider",
        lambda md: _t(md, Column("a", String(20))),
        _everywhere("CREATE TABLE t ({id}, a VARCHAR(40))"),
        [(K.TYPE_MISMATCH, WARNING)],
    ),
    Case(
        "type different",
        lambda md: _t(md, Column("a", Integer)),
        _everywhere("CREATE TABLE t ({id}, a VARCHAR(20))"),
        [(K.TYPE_MISMATCH, ERROR)],
    ),
    Case(
        "database NOT NULL where the model allows NULL",
        lambda md: _t(md, Column("a", Integer, nullable=True)),
        _everywhere("CREATE TABLE t ({id}, a INTEGER NOT NULL)"),
        [(K.NULLABLE_MISMATCH, ERROR)],
    ),
    Case(
        "database allows NULL where the model says NOT NULL",
        lambda md: _t(md, Column("a", Integer, nullable=False)),
        _everywhere("CREATE TABLE t ({id}, a INTEGER)"),
        [(K.NULLABLE_MISMATCH, WARNING)],
    ),
    Case(
        "server default missing on a NOT NULL column",
        lambda md: _t(md, Column("a", Integer, nullable=False, server_default=text("0"))),
        _everywhere("CREATE TABLE t ({id}, a INTEGER NOT NULL)"),
        [(K.DEFAULT_MISMATCH, ERROR)],
    ),
    Case(
        "server default changed",
        lambda md: _t(md, Column("a", Integer, nullable=False, server_default=text("0"))),
        _everywhere("CREATE TABLE t ({id}, a INTEGER NOT NULL DEFAULT 1)"),
        [(K.DEFAULT_MISMATCH, WARNING)],
    ),
    Case(
        "autoincrement missing",
        _t,
        {name: [f"CREATE TABLE t ({PLAIN_ID[name]})"] for name in ALL},
        [(K.AUTOINCREMENT_MISMATCH, ERROR)],
    ),
    Case(
        "autoincrement changed (identity made serial)",
        lambda md: Table("t", md, Column("id", Integer, Identity(), primary_key=True)),
        {"postgresql": ["CREATE TABLE t (id SERIAL PRIMARY KEY)"]},
        [(K.AUTOINCREMENT_MISMATCH, WARNING)],
        ("postgresql",),
    ),
    Case(
        "autoincrement changed (AUTOINCREMENT keyword dropped)",
        lambda md: _t(md, sqlite_autoincrement=True),
        {"sqlite": ["CREATE TABLE t (id INTEGER PRIMARY KEY)"]},
        [(K.AUTOINCREMENT_MISMATCH, WARNING)],
        ("sqlite",),
    ),
    Case(
        "generated column different",
        lambda md: _t(
            md, Column("a", Integer), Column("b", Integer, Computed("a + 1", persisted=True))
        ),
        _everywhere(
            "CREATE TABLE t ({id}, a INTEGER, b INTEGER GENERATED ALWAYS AS (a + 2) STORED)"
        ),
        [(K.COMPUTED_MISMATCH, ERROR)],
    ),
    Case(
        "comment",
        lambda md: _t(md, Column("a", Integer, comment="why")),
        {
            "postgresql": ["CREATE TABLE t ({id}, a INTEGER)"],
            "mysql": ["CREATE TABLE t ({id}, a INTEGER COMMENT 'another')"],
        },
        [(K.COMMENT_MISMATCH, WARNING)],
        ("postgresql", "mysql"),
    ),
    Case(
        "primary key missing",
        lambda md: Table("t", md, Column("code", String(10), primary_key=True)),
        _everywhere("CREATE TABLE t (code VARCHAR(10) NOT NULL)"),
        [(K.PRIMARY_KEY_MISMATCH, ERROR)],
    ),
    Case(
        "primary key columns reordered",
        lambda md: Table(
            "t",
            md,
            Column("a", Integer, nullable=False),
            Column("b", Integer, nullable=False),
            PrimaryKeyConstraint("a", "b"),
        ),
        _everywhere("CREATE TABLE t (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (b, a))"),
        [(K.PRIMARY_KEY_MISMATCH, ERROR)],
    ),
    Case(
        "foreign key missing",
        _child,
        {name: [PARENT, "CREATE TABLE t ({id}, p_id INTEGER)"] for name in ALL},
        [(K.FOREIGN_KEY_MISSING, ERROR)],
    ),
    Case(
        "foreign key extra",
        lambda md: (_parent(md), _t(md, Column("p_id", Integer))),
        {
            name: [
                PARENT,
                "CREATE TABLE t ({id}, p_id INTEGER, FOREIGN KEY (p_id) REFERENCES p (id))",
            ]
            for name in ALL
        },
        [(K.FOREIGN_KEY_EXTRA, ERROR)],
    ),
    _fk_case("foreign key ON DELETE CASCADE dropped", {"ondelete": "CASCADE"}, ""),
    _fk_case("foreign key ON DELETE changed", {"ondelete": "CASCADE"}, " ON DELETE SET NULL"),
    _fk_case("foreign key ON UPDATE CASCADE dropped", {"onupdate": "CASCADE"}, ""),
    _fk_case("foreign key ON UPDATE added", {}, " ON UPDATE CASCADE"),
    _fk_case("foreign key DEFERRABLE dropped", {"deferrable": True}, "", ("postgresql", "sqlite")),
    _fk_case("foreign key DEFERRABLE added", {}, " DEFERRABLE", ("postgresql", "sqlite")),
    _fk_case(
        "foreign key INITIALLY DEFERRED dropped",
        {"deferrable": True, "initially": "DEFERRED"},
        " DEFERRABLE INITIALLY IMMEDIATE",
        ("postgresql", "sqlite"),
    ),
    _fk_case("foreign key MATCH FULL dropped", {"match": "FULL"}, "", ("postgresql",)),
    _fk_case("foreign key MATCH FULL added", {}, " MATCH FULL", ("postgresql",)),
    Case(
        "unique missing",
        lambda md: _t(md, Column("a", Integer), UniqueConstraint("a")),
        _everywhere("CREATE TABLE t ({id}, a INTEGER)"),
        [(K.UNIQUE_MISSING, ERROR)],
    ),
    Case(
        "unique extra (a unique index the model does not declare)",
        lambda md: _t(md, Column("a", Integer)),
        _everywhere("CREATE TABLE t ({id}, a INTEGER)", "CREATE UNIQUE INDEX ux_t_a ON t (a)"),
        [(K.UNIQUE_EXTRA, ERROR)],
    ),
    Case(
        "unique extra (a UNIQUE constraint)",
        lambda md: _t(md, Column("a", Integer)),
        _everywhere("CREATE TABLE t ({id}, a INTEGER, UNIQUE (a))"),
        [(K.UNIQUE_EXTRA, ERROR)],
    ),
    Case(
        "index missing",
        lambda md: _t(md, Column("a", Integer), Index("ix_t_a", "a")),
        _everywhere("CREATE TABLE t ({id}, a INTEGER)"),
        [(K.INDEX_MISSING, WARNING)],
    ),
    Case(
        "index extra",
        lambda md: _t(md, Column("a", Integer)),
        _everywhere("CREATE TABLE t ({id}, a INTEGER)", "CREATE INDEX ix_t_a ON t (a)"),
        [(K.INDEX_EXTRA, WARNING)],
    ),
    Case(
        "check missing",
        lambda md: _t(md, Column("a", Integer), CheckConstraint("a > 0")),
        _everywhere("CREATE TABLE t ({id}, a INTEGER)"),
        [(K.CHECK_MISSING, WARNING)],
    ),
    Case(
        "check extra",
        lambda md: _t(md, Column("a", Integer)),
        _everywhere("CREATE TABLE t ({id}, a INTEGER, CHECK (a > 0))"),
        [(K.CHECK_EXTRA, ERROR)],
    ),
]


def _ids(case: Case) -> str:
    return case.id


def _build(backend_name: str, engine: Engine, statements: list[str]) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement.format(id=ID[backend_name]))


def _verdict(engine: Engine, model: MetaData, expected: list[tuple[DiffKind, Severity]]) -> None:
    report = parity.compare(engine, model, mode="compatible")
    assert report.mode == "compatible"
    assert sorted((d.kind.value, d.severity.value) for d in report.differences) == sorted(
        (kind.value, severity.value) for kind, severity in expected
    ), report.to_text() if hasattr(report, "to_text") else report
    must_pass = all(severity is WARNING for _kind, severity in expected)
    assert report.ok is must_pass
    # The guard itself (compatible mode, no hard fail): the verdict users get at startup.
    ok, errors = check_schema_parity(engine, list(model.sorted_tables), hard_fail=False)
    assert ok is must_pass
    assert len(errors) == sum(1 for _kind, severity in expected if severity is ERROR)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_compatible_mode_severity_and_verdict(
    backend_name: str, backend_engine: Engine, case: Case
) -> None:
    if backend_name not in case.backends:
        pytest.skip(f"{case.id}: {backend_name} cannot express it")
    _build(backend_name, backend_engine, case.ddl[backend_name])
    model = MetaData()
    case.model(model)
    _verdict(backend_engine, model, case.expected)


def test_compatible_mode_collation_is_a_warning(backend_name: str, backend_engine: Engine) -> None:
    _build(backend_name, backend_engine, ["CREATE TABLE t ({id}, a VARCHAR(20))"])
    model = MetaData()
    _t(model, Column("a", String(20, collation=COLLATION[backend_name])))
    _verdict(backend_engine, model, [(K.COLLATION_MISMATCH, WARNING)])


#: Kinds a database cannot hold at all (SQLite has no comments).
INEXPRESSIBLE = {"sqlite": {K.COMMENT_MISMATCH}, "postgresql": set(), "mysql": set()}


@pytest.mark.parametrize("name", ALL)
def test_every_kind_a_database_can_express_has_a_case(name: str) -> None:
    kinds = {kind for case in CASES if name in case.backends for kind, _s in case.expected}
    kinds.add(K.COLLATION_MISMATCH)
    assert kinds == set(DiffKind) - INEXPRESSIBLE[name]


def test_objects_only_in_the_database_are_named_as_the_database_names_them(
    backend_name: str, backend_engine: Engine
) -> None:
    """Names never make a difference, but a difference names the database's object, so a
    person can find (and drop) it."""
    _build(
        backend_name,
        backend_engine,
        [
            PARENT,
            "CREATE TABLE t ({id}, p_id INTEGER, a INTEGER,"
            " CONSTRAINT fk_db_named FOREIGN KEY (p_id) REFERENCES p (id),"
            " CONSTRAINT uq_db_named UNIQUE (a),"
            " CONSTRAINT ck_db_named CHECK (a > 0))",
            "CREATE INDEX ix_db_named ON t (p_id, a)",
        ],
    )
    model = MetaData()
    _parent(model)
    _t(model, Column("p_id", Integer), Column("a", Integer))
    report = parity.compare(backend_engine, model, mode="compatible")
    named = sorted((d.kind.value, d.name) for d in report.differences)
    expected = [
        ("check_extra", "ck_db_named"),
        ("foreign_key_extra", "fk_db_named"),
        ("index_extra", "ix_db_named"),
        ("unique_extra", "uq_db_named"),
    ]
    assert named == expected, [d.message for d in report.differences]
