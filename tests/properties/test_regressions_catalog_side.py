"""Issue 12, database side: false and missed drift on DDL written by migrations and people.

Each case loads DDL spelt by hand (as an alembic migration or a DBA writes it, never
``create_all``), then compares it with the model a developer writes for it and, where
it applies, with ``MetaData().reflect()`` of that database (what users with a legacy
database do on day one).  Expected answers come from the README's rules and the
databases' documentation, never from the comparator.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.types import UserDefinedType

import parity
from dialects.mysql import Flavour
from parity import DiffKind, Severity
from tests.properties.support import explain


def _load(engine: Engine, statements: Sequence[str]) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def _reflected(engine: Engine) -> MetaData:
    metadata = MetaData()
    metadata.reflect(engine)
    return metadata


# ------------------------------------------------------------------ 1. index sort order
def _events_ddl(dialect: str) -> list[str]:
    ddl = [
        "CREATE TABLE events (id INTEGER NOT NULL PRIMARY KEY, a INTEGER, b INTEGER, "
        "c INTEGER, d INTEGER, e INTEGER)",
        "CREATE INDEX ix_events_ab ON events (a, b DESC)",
        "CREATE INDEX ix_events_c ON events (c DESC)",
        "CREATE UNIQUE INDEX uq_events_d ON events (d DESC)",
        "CREATE INDEX ix_events_e ON events (e ASC)",
    ]
    if dialect == "postgresql":
        ddl[0] = ddl[0].replace("e INTEGER)", "e INTEGER, f INTEGER, g INTEGER, h INTEGER)")
        ddl += [
            "CREATE INDEX ix_events_f ON events (f DESC NULLS LAST)",
            "CREATE INDEX ix_events_g ON events (g NULLS FIRST)",
            # The defaults spelt out: the same indexes as plain (g) and (h DESC).
            "CREATE INDEX ix_events_g2 ON events (g ASC NULLS LAST)",
            "CREATE INDEX ix_events_h ON events (h DESC NULLS FIRST)",
        ]
    return ddl


def _events_model(dialect: str, *, keep_desc: bool = True) -> MetaData:
    metadata = MetaData()
    extra = (
        [Column("f", Integer), Column("g", Integer), Column("h", Integer)]
        if dialect == "postgresql"
        else []
    )
    t = Table(
        "events",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("a", Integer),
        Column("b", Integer),
        Column("c", Integer),
        Column("d", Integer),
        Column("e", Integer),
        *extra,
    )
    Index("ix_events_ab", t.c.a, text("b DESC") if keep_desc else t.c.b)
    Index("ix_events_c", t.c.c.desc() if keep_desc else t.c.c)
    Index("uq_events_d", t.c.d.desc() if keep_desc else t.c.d, unique=True)
    Index("ix_events_e", t.c.e.asc())
    if dialect == "postgresql":
        Index("ix_events_f", t.c.f.desc().nulls_last())
        Index("ix_events_g", t.c.g.nulls_first())
        Index("ix_events_g2", t.c.g)
        Index("ix_events_h", t.c.h.desc())
    return metadata


def test_index_sort_order_written_by_hand_compares_equal(
    backend_name: str, backend_engine: Engine
) -> None:
    """DESC, ASC and NULLS placement are read on the database side too, and a
    placement that is the default for its direction is the same index."""
    _load(backend_engine, _events_ddl(backend_name))
    report = parity.compare(backend_engine, _events_model(backend_name))
    assert report.differences == (), explain(report, ())


#: SQLAlchemy's SQLite and MySQL reflection drop DESC (``column_sorting`` is not
#: reported), so a reflected model lacks it: SQLAlchemy's loss, pinned here so that a
#: SQLAlchemy fix shows up.  PostgreSQL's reflection keeps it.
_REFLECTION_LOSES_DESC = [
    (DiffKind.INDEX_EXTRA, "index (a, b desc)"),
    (DiffKind.INDEX_EXTRA, "index (c desc)"),
    (DiffKind.INDEX_EXTRA, "unique index (d desc)"),
    (DiffKind.INDEX_MISSING, "index (a, b)"),
    (DiffKind.INDEX_MISSING, "index (c)"),
]


def test_index_sort_order_reflection_round_trip(backend_name: str, backend_engine: Engine) -> None:
    _load(backend_engine, _events_ddl(backend_name))
    report = parity.compare(backend_engine, _reflected(backend_engine))
    expected = [] if backend_name == "postgresql" else _REFLECTION_LOSES_DESC
    assert _facts(report) == expected, explain(report, ())


def _facts(report: parity.ParityReport) -> list[tuple[DiffKind, str | None]]:
    return sorted((d.kind, d.expected or d.actual) for d in report.differences)


def test_a_lost_desc_is_a_warning_level_index_drift(
    backend_name: str, backend_engine: Engine
) -> None:
    """The model asks DESC where the database has plain indexes: one index fact each
    (the unique index's guarantee still matches, only its order differs)."""
    ddl = [
        s.replace(" DESC", "").replace(" NULLS LAST", "").replace(" NULLS FIRST", "")
        for s in _events_ddl(backend_name)
    ]
    _load(backend_engine, ddl)
    report = parity.compare(backend_engine, _events_model(backend_name))
    missing = {d.expected for d in report.differences if d.kind is DiffKind.INDEX_MISSING}
    extra = {d.actual for d in report.differences if d.kind is DiffKind.INDEX_EXTRA}
    assert "index (a, b desc)" in missing, explain(report, ())
    assert "index (c desc)" in missing
    assert "unique index (d desc)" in missing
    assert {"index (a, b)", "index (c)"} <= extra
    assert {d.kind for d in report.differences} == {DiffKind.INDEX_MISSING, DiffKind.INDEX_EXTRA}
    assert {d.severity for d in report.differences} == {Severity.WARNING}
    assert report.ok


@pytest.mark.backends("postgresql")
def test_a_changed_nulls_placement_is_an_index_drift(
    backend_name: str, backend_engine: Engine
) -> None:
    _load(
        backend_engine,
        ["CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER)", "CREATE INDEX ix ON t (a)"],
    )
    metadata = MetaData()
    t = Table(
        "t",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("a", Integer),
    )
    Index("ix", t.c.a.nulls_first())
    report = parity.compare(backend_engine, metadata)
    assert _facts(report) == [
        (DiffKind.INDEX_EXTRA, "index (a)"),
        (DiffKind.INDEX_MISSING, "index (a nulls first)"),
    ], explain(report, ())


def test_unique_constraint_matches_a_unique_desc_index_guarantee(
    backend_name: str, backend_engine: Engine
) -> None:
    """A UNIQUE constraint and a unique index on the same columns are the same
    guarantee (CONTRACT); the DESC order is the only difference, an index fact."""
    _load(
        backend_engine,
        [
            "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, d INTEGER)",
            "CREATE UNIQUE INDEX uq_t_d ON t (d DESC)",
        ],
    )
    metadata = MetaData()
    Table(
        "t",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("d", Integer),
        UniqueConstraint("d", name="uq_t_d"),
    )
    report = parity.compare(backend_engine, metadata)
    assert [(d.kind, d.actual) for d in report.differences] == [
        (DiffKind.INDEX_EXTRA, "unique index (d desc)")
    ], explain(report, ())
    assert report.ok


# ------------------------------------------------------------------ 2. SQLite index collation
_PEOPLE = [
    "CREATE TABLE people (id INTEGER NOT NULL PRIMARY KEY, name TEXT, nick TEXT COLLATE NOCASE)",
    "CREATE INDEX ix_people_name ON people (name COLLATE NOCASE)",
    "CREATE INDEX ix_people_nick ON people (nick)",
]


def _people(name_member: Any, nick_member: Any = None) -> MetaData:
    """The model; a text member is declared inline (a text-only Index has no table)."""
    metadata = MetaData()
    inline = [] if callable(name_member) else [Index("ix_people_name", name_member)]
    t = Table(
        "people",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("name", String),
        Column("nick", String(collation="NOCASE")),
        *inline,
    )
    if callable(name_member):
        Index("ix_people_name", name_member(t))
    Index("ix_people_nick", nick_member(t) if callable(nick_member) else t.c.nick)
    return metadata


@pytest.mark.backends("sqlite")
def test_sqlite_index_member_collation_is_compared(
    backend_name: str, backend_engine: Engine
) -> None:
    _load(backend_engine, _PEOPLE)
    report = parity.compare(backend_engine, _people(lambda t: t.c.name))
    assert _facts(report) == [
        (DiffKind.INDEX_EXTRA, "index (name collate nocase)"),
        (DiffKind.INDEX_MISSING, "index (name)"),
    ], explain(report, ())


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize(
    "member",
    [
        lambda t: t.c.name.collate("NOCASE"),
        text("name COLLATE nocase"),
        text('"name" COLLATE "NOCASE"'),
    ],
    ids=["collate()", "text", "quoted-text"],
)
def test_sqlite_index_member_collation_spellings_compare_equal(
    backend_name: str, backend_engine: Engine, member: object
) -> None:
    """A member collation equal to the column's own (nick) is no modifier either."""
    _load(backend_engine, _PEOPLE)
    report = parity.compare(backend_engine, _people(member))
    assert report.differences == (), explain(report, ())


@pytest.mark.backends("sqlite")
def test_sqlite_index_member_binary_against_a_nocase_column(
    backend_name: str, backend_engine: Engine
) -> None:
    """``COLLATE BINARY`` on a NOCASE column's member is a real difference."""
    _load(backend_engine, _PEOPLE)
    report = parity.compare(
        backend_engine,
        _people(lambda t: t.c.name.collate("NOCASE"), lambda t: t.c.nick.collate("BINARY")),
    )
    assert _facts(report) == [
        (DiffKind.INDEX_EXTRA, "index (nick)"),
        (DiffKind.INDEX_MISSING, "index (nick collate binary)"),
    ], explain(report, ())


@pytest.mark.backends("sqlite")
def test_sqlite_index_collation_reflection_round_trip(
    backend_name: str, backend_engine: Engine
) -> None:
    """SQLAlchemy's SQLite reflection drops an index member's COLLATE: that loss is
    SQLAlchemy's, and the comparison reports it (pinned so a fix shows up)."""
    _load(backend_engine, _PEOPLE)
    report = parity.compare(backend_engine, _reflected(backend_engine))
    assert _facts(report) == [
        (DiffKind.INDEX_EXTRA, "index (name collate nocase)"),
        (DiffKind.INDEX_MISSING, "index (name)"),
    ], explain(report, ())


_ = ForeignKey  # used by later sections


# ------------------------------------------------------------------ 4. InnoDB's foreign-key index
_ORDERS = [
    "CREATE TABLE users (id INT NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB",
    "CREATE TABLE orders (id INT NOT NULL, user_id INT, PRIMARY KEY (id), "
    "CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id)) ENGINE=InnoDB",
]


def _orders_model(*, index: bool) -> MetaData:
    metadata = MetaData()
    Table("users", metadata, Column("id", Integer, primary_key=True, autoincrement=False))
    orders = Table(
        "orders",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("user_id", Integer, ForeignKey("users.id", name="fk_orders_user")),
    )
    if index:
        Index("fk_orders_user", orders.c.user_id)
    return metadata


@pytest.mark.backends("mysql")
@pytest.mark.parametrize("index", [True, False], ids=["model-declares-it", "model-omits-it"])
def test_model_index_identical_to_innodbs_foreign_key_index(
    backend_name: str, backend_engine: Engine, index: bool
) -> None:
    """InnoDB names the index it makes for a named key after the key; a model that
    declares that very index (name and columns) matches it, one that does not is fine."""
    _load(backend_engine, _ORDERS)
    report = parity.compare(backend_engine, _orders_model(index=index))
    assert report.differences == (), explain(report, ())


@pytest.mark.backends("mysql")
def test_innodb_foreign_key_index_reflection_round_trip(
    backend_name: str, backend_engine: Engine
) -> None:
    _load(backend_engine, _ORDERS)
    report = parity.compare(backend_engine, _reflected(backend_engine))
    assert report.differences == (), explain(report, ())


# ------------------------------------------------------------------ 5. not the model's tables
_MEASUREMENTS = [
    "CREATE TABLE measurements (id BIGINT NOT NULL, logdate DATE NOT NULL, peak INT, "
    "PRIMARY KEY (id, logdate)) PARTITION BY RANGE (logdate)",
    "CREATE TABLE measurements_2024 PARTITION OF measurements "
    "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    "CREATE TABLE measurements_2025 PARTITION OF measurements "
    "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
    "CREATE INDEX ix_measurements_peak ON measurements (peak)",
]


def _measurements_model() -> MetaData:
    from sqlalchemy import BigInteger, Date

    metadata = MetaData()
    t = Table(
        "measurements",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=False),
        Column("logdate", Date, primary_key=True),
        Column("peak", Integer),
        postgresql_partition_by="RANGE (logdate)",
    )
    Index("ix_measurements_peak", t.c.peak)
    return metadata


@pytest.mark.backends("postgresql")
def test_partitions_are_not_extra_tables(backend_name: str, backend_engine: Engine) -> None:
    """The partitioned parent is the model's table; its partitions are the database's
    storage, not extra tables.  The report says they were not compared."""
    _load(backend_engine, _MEASUREMENTS)
    report = parity.compare(backend_engine, _measurements_model())
    assert report.differences == (), explain(report, ())
    assert report.tables_checked == ("measurements",)
    assert any("measurements_2024" in why for _what, why in report.unchecked), report.unchecked


@pytest.mark.backends("postgresql")
def test_a_missing_partitioned_parent_is_still_missing(
    backend_name: str, backend_engine: Engine
) -> None:
    _load(backend_engine, ["CREATE TABLE other (id INT PRIMARY KEY)"])
    report = parity.compare(backend_engine, _measurements_model())
    assert {(d.kind, d.table) for d in report.differences} == {
        (DiffKind.TABLE_MISSING, "measurements"),
        (DiffKind.TABLE_EXTRA, "other"),
    }, explain(report, ())


_BOOKINGS = [
    "CREATE TABLE bookings (id INT PRIMARY KEY, room INT, during TSRANGE, "
    "CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&))",
]


@pytest.mark.backends("postgresql")
def test_exclude_constraint_index_is_not_an_extra_index(
    backend_name: str, backend_engine: Engine
) -> None:
    from sqlalchemy.dialects.postgresql import TSRANGE, ExcludeConstraint

    _load(backend_engine, _BOOKINGS)
    metadata = MetaData()
    Table(
        "bookings",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("room", Integer),
        Column("during", TSRANGE),
        ExcludeConstraint(("during", "&&"), name="no_overlap", using="gist"),
    )
    report = parity.compare(backend_engine, metadata)
    assert report.differences == (), explain(report, ())
    assert any("EXCLUDE" in what for what, _why in report.unchecked)


@pytest.mark.backends("postgresql")
def test_exclude_constraint_reflection_round_trip(
    backend_name: str, backend_engine: Engine
) -> None:
    """``MetaData.reflect()`` may list the constraint's index as a model Index."""
    _load(backend_engine, _BOOKINGS)
    report = parity.compare(backend_engine, _reflected(backend_engine))
    assert report.differences == (), explain(report, ())


_FTS = [
    "CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, body TEXT)",
    "CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id')",
    "CREATE VIRTUAL TABLE docs_fts4 USING fts4(title, body)",
    "CREATE VIRTUAL TABLE boxes USING rtree(id, min_x, max_x)",
]


def _notes_model(*, virtual: bool) -> MetaData:
    metadata = MetaData()
    Table(
        "notes",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("body", String),
    )
    if virtual:  # an application may map its virtual tables to query them
        Table("notes_fts", metadata, Column("body", String))
    return metadata


@pytest.mark.backends("sqlite")
def test_virtual_table_shadow_tables_are_not_extra_tables(
    backend_name: str, backend_engine: Engine
) -> None:
    """FTS5, FTS4 and R*Tree keep their data in shadow tables (``notes_fts_data``,
    ``docs_fts4_segments``, ``boxes_node``…) that the module owns: not the model's."""
    _load(backend_engine, _FTS)
    report = parity.compare(backend_engine, _notes_model(virtual=False))
    assert sorted((d.kind, d.table) for d in report.differences) == [
        (DiffKind.TABLE_EXTRA, "boxes"),
        (DiffKind.TABLE_EXTRA, "docs_fts4"),
        (DiffKind.TABLE_EXTRA, "notes_fts"),
    ], explain(report, ())
    assert any("notes_fts_data" in why for _what, why in report.unchecked), report.unchecked


@pytest.mark.backends("sqlite")
def test_virtual_table_shadow_tables_reflection_round_trip(
    backend_name: str, backend_engine: Engine
) -> None:
    """``MetaData.reflect()`` lists the shadow tables as tables: a model holding them
    compares them like any table (they exist, the model names them)."""
    _load(backend_engine, _FTS)
    reflected = _reflected(backend_engine)
    assert "notes_fts_data" in reflected.tables
    # Reflection declares a rowid-alias key nullable=True, a model-side matter of its
    # own (issue 12, "SQLite INTEGER PRIMARY KEY declared with nullable=True"): set aside.
    report = parity.compare(backend_engine, reflected, ignore=["*:nullable_mismatch"])
    assert report.differences == (), explain(report, ())
    assert "notes_fts_data" in report.tables_checked


@pytest.mark.backends("postgresql")
def test_partitions_reflection_round_trip(backend_name: str, backend_engine: Engine) -> None:
    """``MetaData.reflect()`` lists the partitions too; they are then compared."""
    _load(backend_engine, _MEASUREMENTS)
    reflected = _reflected(backend_engine)
    assert "measurements_2024" in reflected.tables
    report = parity.compare(backend_engine, reflected)
    assert report.differences == (), explain(report, ())
    assert "measurements_2024" in report.tables_checked


# ------------------------------------------------------------------ 3. names that fold case
_CASE_DDL = {
    "sqlite": [
        "CREATE TABLE Users (ID INTEGER NOT NULL PRIMARY KEY, Email VARCHAR(200) NOT NULL, "
        "UNIQUE (EMAIL))",
        "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, "
        "User_Id INTEGER REFERENCES USERS(id), Title TEXT)",
        "CREATE INDEX ix_posts_user ON posts (USER_ID)",
    ],
    "mysql": [
        "CREATE TABLE users (ID INT NOT NULL, Email VARCHAR(200) NOT NULL, PRIMARY KEY (ID), "
        "UNIQUE KEY uq_users_email (EMAIL)) ENGINE=InnoDB",
        "CREATE TABLE posts (id INT NOT NULL, User_Id INT, Title TEXT, PRIMARY KEY (id), "
        "KEY ix_posts_user (USER_ID), "
        "CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id)) ENGINE=InnoDB",
    ],
}


def _case_model() -> MetaData:
    from sqlalchemy import Text

    metadata = MetaData()
    Table(
        "users",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("email", String(200), nullable=False, unique=True),
    )
    posts = Table(
        "posts",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("user_id", Integer, ForeignKey("users.id", name="fk_posts_user")),
        Column("title", Text),
    )
    Index("ix_posts_user", posts.c.user_id)
    return metadata


@pytest.mark.backends("sqlite", "mysql")
def test_names_that_differ_only_in_case_are_the_same(
    backend_name: str, backend_engine: Engine
) -> None:
    """SQLite compares table and column names ASCII case-insensitively, MySQL and
    MariaDB column names always: ``User_Id``, ``EMAIL`` and ``REFERENCES USERS(id)`` are
    the model's ``user_id``, ``email`` and ``users.id``."""
    _load(backend_engine, _CASE_DDL[backend_name])
    report = parity.compare(backend_engine, _case_model())
    assert report.differences == (), explain(report, ())


@pytest.mark.backends("sqlite", "mysql")
def test_a_real_rename_is_still_reported_where_case_folds(
    backend_name: str, backend_engine: Engine
) -> None:
    _load(backend_engine, _CASE_DDL[backend_name])
    metadata = _case_model()
    metadata.tables["posts"].append_column(Column("Body", String(20)))
    report = parity.compare(backend_engine, metadata)
    assert _facts(report) == [(DiffKind.COLUMN_MISSING, "varchar(20)")], explain(report, ())


@pytest.mark.backends("postgresql")
def test_quoted_names_stay_case_sensitive_on_postgresql(
    backend_name: str, backend_engine: Engine
) -> None:
    _load(backend_engine, ['CREATE TABLE users (id INT PRIMARY KEY, "Email" TEXT)'])
    metadata = MetaData()
    Table(
        "users",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("email", String),
    )
    report = parity.compare(backend_engine, metadata)
    assert sorted((d.kind, d.column) for d in report.differences) == [
        (DiffKind.COLUMN_EXTRA, "Email"),
        (DiffKind.COLUMN_MISSING, "email"),
    ], explain(report, ())


@pytest.mark.backends("sqlite", "mysql")
def test_names_that_differ_only_in_case_reflection_round_trip(
    backend_name: str, backend_engine: Engine
) -> None:
    _load(backend_engine, _CASE_DDL[backend_name])
    reflected = _reflected(backend_engine)
    report = parity.compare(backend_engine, reflected)
    if backend_name == "sqlite":
        # SQLAlchemy's losses, pinned: reflecting REFERENCES USERS(id) adds a second
        # Table "USERS" beside "Users" (one SQLite table), without its primary key, and
        # UNIQUE (EMAIL) is dropped from both (no column spelt "EMAIL").
        assert sorted(reflected.tables) == ["USERS", "Users", "posts"]
        # Both model tables are compared with the one database table; only the
        # phantom's facts differ (reported under the folded name).
        assert sorted(d.kind for d in report.differences) == [
            DiffKind.AUTOINCREMENT_MISMATCH,
            DiffKind.PRIMARY_KEY_MISMATCH,
            DiffKind.UNIQUE_EXTRA,
            DiffKind.UNIQUE_EXTRA,
        ], explain(report, ())
    else:
        assert report.differences == (), explain(report, ())


@pytest.mark.backends("sqlite")
def test_a_model_key_may_spell_its_target_in_another_case_on_sqlite(
    backend_name: str, backend_engine: Engine
) -> None:
    """``ForeignKey("USERS.ID")`` to ``Table("users")``: SQLite resolves it, so do we."""
    _load(backend_engine, _CASE_DDL[backend_name])
    metadata = MetaData()
    Table(
        "users",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("email", String(200), nullable=False, unique=True),
    )
    posts = Table(
        "posts",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("user_id", Integer, ForeignKey("USERS.ID")),
        Column("title", String),
    )
    Index("ix_posts_user", posts.c.user_id)
    report = parity.compare(backend_engine, metadata)
    assert report.differences == (), explain(report, ())


# ------------------------------------------------------------------ 6. types SQLAlchemy cannot read
class _Spatial(UserDefinedType[object]):
    """How a model without GeoAlchemy declares a spatial column."""

    cache_ok = True

    def __init__(self, name: str) -> None:
        self.name = name

    def get_col_spec(self, **kw: Any) -> str:
        return self.name


_PLACES = [
    "CREATE TABLE places (id INT NOT NULL PRIMARY KEY, location POINT NOT NULL, "
    "area GEOMETRY, route LINESTRING) ENGINE=InnoDB",
]


def _places(location: str, area: str, route: str) -> MetaData:
    metadata = MetaData()
    Table(
        "places",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("location", _Spatial(location), nullable=False),
        Column("area", _Spatial(area)),
        Column("route", _Spatial(route)),
    )
    return metadata


@pytest.mark.backends("mysql")
def test_spatial_columns_compare_by_their_catalog_type(
    backend_name: str, backend_engine: Engine
) -> None:
    _load(backend_engine, _PLACES)
    report = parity.compare(backend_engine, _places("POINT", "GEOMETRY", "LINESTRING"))
    assert report.differences == (), explain(report, ())


@pytest.mark.backends("mysql")
def test_one_spatial_type_is_not_another(backend_name: str, backend_engine: Engine) -> None:
    _load(backend_engine, _PLACES)
    report = parity.compare(backend_engine, _places("GEOMETRY", "POINT", "LINESTRING"))
    assert sorted((d.kind, d.column, d.expected, d.actual) for d in report.differences) == [
        (DiffKind.TYPE_MISMATCH, "area", "point", "geometry"),
        (DiffKind.TYPE_MISMATCH, "location", "geometry", "point"),
    ], explain(report, ())


@pytest.mark.backends("mysql")
def test_spatial_columns_reflection_round_trip(backend_name: str, backend_engine: Engine) -> None:
    """SQLAlchemy reflects spatial columns as NullType: the model then has no type to
    compare, which the report lists as unchecked instead of calling it equal."""
    _load(backend_engine, _PLACES)
    report = parity.compare(backend_engine, _reflected(backend_engine))
    assert report.differences == (), explain(report, ())
    unchecked = {what for what, _why in report.unchecked}
    assert {
        "type of column places.location",
        "type of column places.area",
        "type of column places.route",
    } <= unchecked, report.unchecked


def test_a_model_type_sqlalchemy_cannot_write_is_unchecked_not_equal(
    backend_name: str, backend_engine: Engine
) -> None:
    """Generic path, every dialect: a NullType column is listed, never silently equal."""
    from sqlalchemy.types import NullType

    _load(backend_engine, ["CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a INTEGER)"])
    metadata = MetaData()
    Table(
        "t",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("a", NullType()),
    )
    report = parity.compare(backend_engine, metadata)
    if backend_name == "sqlite":
        # SQLite stores a column without a declared type: that is the model's fact,
        # compared as "(none)" like any declared type.
        assert _facts(report) == [(DiffKind.TYPE_MISMATCH, "(none)")], explain(report, ())
        return
    assert report.differences == (), explain(report, ())
    assert "type of column t.a" in {what for what, _why in report.unchecked}, report.unchecked


# ------------------------------------------------------------------ 7. a table dropped mid-read
def _drop_before_first_show_create(engine: Engine, table: str) -> Any:
    """Drop ``table`` from another connection just before the reader's first column
    read: after the catalog listing, before the first ``SHOW CREATE TABLE`` (or, for
    the bulk reader of MariaDB 10.6+, before its ``information_schema.COLUMNS``
    read, which comes right after its table listing)."""
    from sqlalchemy import create_engine, event

    other = create_engine(engine.url)
    done: list[bool] = []

    def hook(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        upper = statement.lstrip().upper()
        if not done and (
            upper.startswith("SHOW CREATE TABLE") or "FROM INFORMATION_SCHEMA.COLUMNS" in upper
        ):
            done.append(True)
            with other.begin() as conn:
                conn.exec_driver_sql(f"DROP TABLE {table}")

    event.listen(engine, "before_cursor_execute", hook)
    return other, hook


@pytest.mark.backends("mysql")
@pytest.mark.parametrize("narrowed", [False, True], ids=["whole-schema", "tables="])
def test_a_table_dropped_between_listing_and_column_read(
    backend_name: str, backend_engine: Engine, narrowed: bool
) -> None:
    """The report is consistent: the dropped table is missing as a whole (one
    ``table_missing``), never a table without columns (a ``column_missing`` each)."""
    from sqlalchemy import event

    _load(backend_engine, _ORDERS)
    with backend_engine.connect():
        pass  # first-connect statements are not the inspection's
    other, hook = _drop_before_first_show_create(backend_engine, "orders")
    try:
        report = parity.compare(
            backend_engine,
            _orders_model(index=False),
            tables=["orders", "users"] if narrowed else None,
        )
    finally:
        event.remove(backend_engine, "before_cursor_execute", hook)
        other.dispose()
    assert [(d.kind, d.table) for d in report.differences] == [
        (DiffKind.TABLE_MISSING, "orders")
    ], explain(report, ())


@pytest.mark.backends("mysql")
def test_reading_catalog_types_is_one_statement_for_any_number_of_tables(
    backend_name: str, backend_engine: Engine
) -> None:
    """The catalog types of unreadable columns cost one statement, whatever the number
    of tables holding them, and none when there is no such column."""
    from sqlalchemy import event

    def statements(ddl: list[str]) -> int:
        with backend_engine.begin() as conn:
            for name in ("s1", "s2", "s3"):
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        _load(backend_engine, ddl)
        with backend_engine.connect():
            pass  # first-connect statements are not the inspection's
        count = [0]

        def hook(*_args: Any) -> None:
            count[0] += 1

        model = MetaData()
        Table("s1", model, Column("id", Integer, primary_key=True))
        event.listen(backend_engine, "before_cursor_execute", hook)
        try:
            parity.compare(backend_engine, model)
        finally:
            event.remove(backend_engine, "before_cursor_execute", hook)
        return count[0]

    plain = statements(
        [f"CREATE TABLE {n} (id INT PRIMARY KEY, g INT)" for n in ("s1", "s2", "s3")]
    )
    spatial = statements(
        [f"CREATE TABLE {n} (id INT PRIMARY KEY, g POINT)" for n in ("s1", "s2", "s3")]
    )
    with backend_engine.connect() as conn:
        in_bulk = Flavour.of(conn.dialect).has_bulk_columns
    # The bulk reader (MariaDB 10.6+) has every COLUMN_TYPE from its column read.
    assert spatial == plain + (0 if in_bulk else 1)
