"""MariaDB: the bulk reader (:mod:`dialects.mysql.bulk`) reads what SHOW CREATE TABLE does.

The same live database is read twice, once through one ``SHOW CREATE TABLE`` per table
(``in_bulk=False``, SQLAlchemy's parse) and once from ``information_schema`` in bulk;
the two catalogs must be equal fact for fact (types compared by ``repr``, which shows
their arguments, charset, collation, unsigned and zerofill) and so must the snapshots
built from them.  The schemas: the benchmark generator's, the five cost tables, the
MariaDB DDL corpus, the type round-trip tables of ``test_mysql_live`` and a table of
the catalog's quirks (quotes and backslashes in defaults and comments, DESC and prefix
members, FULLTEXT/SPATIAL/HASH keys, generated columns, ON UPDATE, zerofill, charsets,
backticks in names, invisible and system-versioning columns); IGNORED indexes, which
only the bulk read keeps, have a test of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from benchmarks import schema_gen
from dialects.mysql import Flavour, MySQLAdapter, reader
from parity import compare, cost_tables
from parity.catalog import Catalog
from parity.reflected import snapshot_from_catalog
from tests.dialects.test_mysql_live import all_types_table, features
from tests.properties.test_corpus import statements
from tests.statements import counting

pytestmark = pytest.mark.backends("mysql")

ADAPTER = MySQLAdapter()
CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus" / "mysql").glob("*.sql"))

QUIRKS = [
    "CREATE TABLE `back``tick` (id INT PRIMARY KEY) COMMENT='it''s \\\\ a table'",
    """CREATE TABLE quirks (
      id INT PRIMARY KEY AUTO_INCREMENT,
      `we``ird` INT NOT NULL DEFAULT 3,
      a VARCHAR(10) COLLATE utf8mb4_bin DEFAULT 'it''s',
      b VARCHAR(10) CHARACTER SET latin1 DEFAULT 'x\\\\y',
      c CHAR(3) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,
      d TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      d2 TIMESTAMP NULL ON UPDATE CURRENT_TIMESTAMP,
      d3 DATETIME DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
      e INT GENERATED ALWAYS AS (id + 1) VIRTUAL,
      f VARCHAR(20) GENERATED ALWAYS AS (CONCAT(a, '-')) STORED,
      g JSON,
      h BIT(3) DEFAULT b'101',
      i DECIMAL(8,3) UNSIGNED ZEROFILL DEFAULT 1.5,
      j DATETIME DEFAULT (NOW() + INTERVAL 1 DAY),
      k TEXT COMMENT 'it''s a \\\\ comment',
      l ENUM('a','b''c') DEFAULT 'a',
      l2 SET('x','y') DEFAULT 'x,y',
      m DOUBLE DEFAULT 2.5,
      n VARCHAR(5) DEFAULT '0',
      o INT DEFAULT 0,
      p VARCHAR(10) DEFAULT 'NULL',
      q VARCHAR(10) DEFAULT NULL,
      r POINT NOT NULL,
      s VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
      t BLOB,
      u INET6,
      v UUID DEFAULT UUID(),
      w VARCHAR(30) DEFAULT (CAST('a' AS CHAR(5) CHARSET utf8mb4)),
      x TINYINT(1) UNSIGNED NOT NULL DEFAULT 1 COMMENT '',
      y YEAR,
      z FLOAT(10,2) DEFAULT -1.25,
      KEY ix (b(3), c DESC), UNIQUE KEY uq (a), FULLTEXT KEY ft (k),
      KEY ix2 (o) USING HASH, SPATIAL KEY sp (r), UNIQUE KEY blob_u (t),
      KEY `ix``q` (`we``ird`, o DESC), UNIQUE KEY (n, p),
      CONSTRAINT ck_o CHECK (o >= 0), CHECK (m < 10)
    ) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci COMMENT 'quirky'""",
    "CREATE TABLE quirks_child (id INT PRIMARY KEY, qid INT, "
    "FOREIGN KEY (qid) REFERENCES quirks (id) ON DELETE CASCADE)",
    # invisible columns, a DESC primary key, a long UNIQUE (USING HASH), a commented
    # key (IGNORED indexes: test_an_ignored_index_is_an_index, SQLAlchemy's parse loses them)
    "CREATE TABLE hidden (id INT, b INT INVISIBLE DEFAULT 3, c VARCHAR(300), "
    "PRIMARY KEY (id DESC), KEY lp (c(100)) COMMENT 'x''y', "
    "UNIQUE KEY lu (c) USING HASH)",
    "CREATE TABLE versioned (id INT PRIMARY KEY, a INT) WITH SYSTEM VERSIONING",
    "CREATE TABLE periods (id INT PRIMARY KEY, a INT, "
    "s TIMESTAMP(6) GENERATED ALWAYS AS ROW START INVISIBLE, "
    "e TIMESTAMP(6) GENERATED ALWAYS AS ROW END INVISIBLE, "
    "PERIOD FOR SYSTEM_TIME(s, e)) WITH SYSTEM VERSIONING",
    "CREATE TABLE legacy (a VARCHAR(5) CHARACTER SET ascii, b CHAR(2) BINARY, "
    "n NATIONAL VARCHAR(4), m MEDIUMINT(4) ZEROFILL) CHARSET latin1 ENGINE=MyISAM",
    "CREATE VIEW not_a_table AS SELECT id FROM quirks",
]


def _plain(value: Any) -> Any:
    """The catalog's values with types as their ``repr`` (types have no ``==``)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, sa.types.TypeEngine):
        return repr(value)
    return value


def _read(
    engine: Engine, names: list[str] | None, *, in_bulk: bool, schema: str | None = None
) -> tuple[Catalog, Any]:
    with engine.connect() as conn:
        catalog = reader.read_catalog(conn, schema, names, in_bulk=in_bulk)
        snapshot = snapshot_from_catalog(
            ADAPTER,
            catalog,
            conn.dialect,
            server_version=conn.dialect.server_version_info or (),
            default_schema=conn.dialect.default_schema_name,
        )
        # the snapshot is built from the catalog in place: compare after it too
        return catalog, snapshot


def assert_same_reads(
    engine: Engine, names: list[str] | None = None, schema: str | None = None
) -> Catalog:
    """Both readers give equal catalogs and snapshots for ``names`` (all when None)."""
    with engine.connect() as conn:
        if not Flavour.of(conn.dialect).has_bulk_columns:
            pytest.skip("the bulk reader needs MariaDB 10.6 or later")
    old, old_snapshot = _read(engine, names, in_bulk=False, schema=schema)
    new, new_snapshot = _read(engine, names, in_bulk=True, schema=schema)
    assert old.tables and new.tables == old.tables
    for fact in (
        "columns",
        "primary_keys",
        "indexes",
        "uniques",
        "checks",
        "comments",
        "foreign_keys",
        "unchecked",
        "owned_tables",
    ):
        mine, theirs = _plain(getattr(new, fact)), _plain(getattr(old, fact))
        for table in old.tables if isinstance(theirs, dict) else ():
            assert mine.get(table) == theirs.get(table), (fact, table)
        assert mine == theirs, fact
    for table in old.tables:  # what the bulk read gives of SHOW CREATE TABLE's last line
        for option in ("mysql_engine", "mysql_default charset", "mysql_collate"):
            assert new.options[table].get(option) == old.options[table].get(option), table
    assert new_snapshot == old_snapshot
    return new


def test_generated_schema(backend_engine: Engine) -> None:
    schema_gen.generate(120, seed=3, cost_tables=True).create_all(backend_engine)
    catalog = assert_same_reads(backend_engine)
    assert len(catalog.tables) == 125
    few = [schema_gen.table_name(i) for i in (0, 7, 42)]
    assert assert_same_reads(backend_engine, few).tables == sorted(few)
    many = [schema_gen.table_name(i) for i in range(0, 120, 2)] + [f"absent_{i}" for i in range(9)]
    assert len(assert_same_reads(backend_engine, many).tables) == 60


def test_cost_tables(backend_engine: Engine) -> None:
    cost_tables.metadata.create_all(backend_engine)
    assert len(assert_same_reads(backend_engine).tables) == len(cost_tables.metadata.tables)


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus(backend_engine: Engine, path: Path) -> None:
    with backend_engine.begin() as conn:
        for statement in statements(path):
            conn.exec_driver_sql(statement)
    assert_same_reads(backend_engine)


def test_type_round_trip_tables(backend_engine: Engine) -> None:
    metadata = sa.MetaData()
    features(metadata)
    all_types_table(metadata)
    metadata.create_all(backend_engine)
    assert_same_reads(backend_engine)


def test_catalog_quirks(backend_engine: Engine) -> None:
    with backend_engine.begin() as conn:
        for statement in QUIRKS:
            conn.exec_driver_sql(statement)
    catalog = assert_same_reads(backend_engine)
    assert catalog.tables == [
        "back`tick",
        "hidden",
        "legacy",
        "periods",
        "quirks",
        "quirks_child",
        "versioned",
    ]
    assert assert_same_reads(backend_engine, ["quirks", "nope"]).tables == ["quirks"]


def test_another_schema(backend_engine: Engine, create_schema: Callable[[], str]) -> None:
    """A database other than the connection's: the states are keyed by that schema."""
    other = create_schema()
    with backend_engine.begin() as conn:
        conn.exec_driver_sql(f"USE `{other}`")
        for statement in QUIRKS:
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql(f"USE `{backend_engine.url.database}`")
    assert len(assert_same_reads(backend_engine, schema=other).tables) == 7
    assert assert_same_reads(backend_engine, ["quirks"], schema=other).tables == ["quirks"]


def test_bulk_read_runs_no_show_create_table(backend_engine: Engine) -> None:
    """A constant number of statements, none of them per table."""
    schema_gen.generate(30, seed=1).create_all(backend_engine)
    with backend_engine.connect() as conn:
        if not Flavour.of(conn.dialect).has_bulk_columns:
            pytest.skip("the bulk reader needs MariaDB 10.6 or later")
        with counting(backend_engine) as seen:
            reader.read_catalog(conn, None, None, in_bulk=True)
    assert not [s for s in seen if "SHOW CREATE" in s.upper()]
    # tables, columns, index members, two foreign-key reads, checks, the last look
    assert len(seen) == 7, seen


def test_an_ignored_index_is_an_index(backend_engine: Engine) -> None:
    """An IGNORED index exists (and a unique one still refuses duplicates): it matches
    the model's index, and its visibility, which no model can declare, is named in
    ``unchecked``.  SQLAlchemy's ``SHOW CREATE TABLE`` parse drops the line (pinned
    here, so that a SQLAlchemy fix shows up): it read a healthy table as drifted."""
    with backend_engine.connect() as conn:
        if not Flavour.of(conn.dialect).has_bulk_columns:
            pytest.skip("IGNORED indexes and the bulk reader need MariaDB 10.6 or later")
    with backend_engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE shy (id INT PRIMARY KEY, a INT, b INT, "
            "KEY ig (a, b DESC) IGNORED, UNIQUE KEY ug (b) IGNORED, KEY seen (b))"
        )
    bulk, _ = _read(backend_engine, None, in_bulk=True)
    assert [i["name"] for i in bulk.indexes["shy"]] == ["ig", "seen", "ug"]
    assert [(what, "optimiser" in why) for what, why in bulk.unchecked] == [
        ("IGNORED indexes: shy.ig, shy.ug", True)
    ]
    with pytest.warns(sa.exc.SAWarning, match="Unknown schema content"):
        per_table, _ = _read(backend_engine, None, in_bulk=False)
    assert [i["name"] for i in per_table.indexes["shy"]] == ["seen"]

    metadata = sa.MetaData()
    shy = sa.Table(
        "shy",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("a", sa.Integer),
        sa.Column("b", sa.Integer),
        sa.Index("seen", "b"),
        sa.Index("ug", "b", unique=True),
    )
    sa.Index("ig", shy.c.a, shy.c.b.desc())
    report = compare(backend_engine, metadata, mode="exact")
    assert report.ok, report.render()
    assert "IGNORED indexes: shy.ig, shy.ug" in [what for what, _ in report.unchecked]
    sa.Index("ig2", shy.c.a)
    drifted = compare(backend_engine, metadata, mode="exact")
    assert [d.kind for d in drifted.differences] == ["index_missing"]

    # A MetaData.reflect() round trip: SQLAlchemy's parse loses the two lines, so the
    # reflected model lacks them and the database's index and unique key are extra (errors in exact
    # mode) -- what the database really holds, never a missing index.
    reflected = sa.MetaData()
    with pytest.warns(sa.exc.SAWarning, match="Unknown schema content"):
        reflected.reflect(backend_engine, only=["shy"])
    round_trip = compare(backend_engine, reflected, mode="exact")
    assert sorted((d.kind, d.name, d.severity.value) for d in round_trip.differences) == [
        ("index_extra", "ig", "error"),
        ("unique_extra", "ug", "error"),  # a UNIQUE KEY: a unique constraint on MySQL
    ]
