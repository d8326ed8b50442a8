"""MySQL / MariaDB adapter against a live server.

Each test gets an empty throwaway database (``backend_engine`` from ``tests/conftest.py``:
``parity_test_<hex>``, dropped at teardown; server URL from ``PARITY_TEST_MYSQL_URL``,
skipped when unreachable, failed when ``CI=true``).  Three promises are checked:

* every type SQLAlchemy and ``sqlalchemy.dialects.mysql`` offer survives
  ``create_all``: the declared and reflected type, default and AUTO_INCREMENT agree;
* ``create_all`` then ``parity.compare`` finds nothing, in ``exact`` mode;
* one real DDL drift produces exactly the expected difference, for every ``DiffKind``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Engine
from sqlmodel.sql.sqltypes import AutoString

import parity
from dialects.mysql import Flavour, MySQLAdapter
from parity import cost_tables
from parity.catalog import Catalog, read_with_inspector
from parity.report import DiffKind
from tests.statements import counting

pytestmark = pytest.mark.backends("mysql")

ADAPTER = MySQLAdapter()

#: Every column type a model may use on MySQL/MariaDB, with a server default where the
#: type takes one, so defaults are round-tripped too.
TYPES: list[tuple[str, Any, Any]] = [
    ("boolean", sa.Boolean(), sa.false()),
    ("boolean_true", sa.Boolean(), sa.true()),
    ("tinyint1", mysql.TINYINT(1), "1"),
    ("tinyint", mysql.TINYINT(), None),
    ("tinyint_unsigned", mysql.TINYINT(unsigned=True), "7"),
    ("smallint", sa.SmallInteger(), "-3"),
    ("mediumint", mysql.MEDIUMINT(unsigned=True), None),
    ("integer", sa.Integer(), "0"),
    ("int_width", mysql.INTEGER(display_width=11), sa.text("0")),
    ("zerofill", mysql.INTEGER(zerofill=True), None),
    ("bigint_unsigned", mysql.BIGINT(unsigned=True), None),
    ("bit", mysql.BIT(3), sa.text("b'101'")),
    ("numeric", sa.Numeric(), None),
    ("numeric_10_2", sa.Numeric(10, 2), "0"),
    ("decimal_unsigned", mysql.DECIMAL(8, 3, unsigned=True), sa.text("1.5")),
    ("float", sa.Float(), None),
    ("float53", sa.Float(53), None),
    ("double", sa.Double(), "2.5"),
    ("real", sa.REAL(), None),
    ("double_precision", sa.DOUBLE_PRECISION(), None),
    ("mysql_float_m_d", mysql.FLOAT(10, 2), None),
    ("varchar", sa.String(100), "abc"),
    ("varchar_quote", sa.String(20), "it's \\ here"),
    ("varchar_number", sa.String(5), sa.text("0")),
    ("autostring", AutoString(), None),
    ("unicode", sa.Unicode(30), None),
    ("nvarchar", sa.NVARCHAR(30), None),
    ("char", sa.CHAR(3), "abc"),
    ("nchar", sa.NCHAR(2), None),
    ("text", sa.Text(), None),
    ("text_sized", sa.Text(50), None),
    ("text_medium_sized", sa.Text(100_000), None),
    ("unicode_text", sa.UnicodeText(), None),
    ("tinytext", mysql.TINYTEXT(), None),
    ("mediumtext", mysql.MEDIUMTEXT(), None),
    ("longtext", mysql.LONGTEXT(), None),
    ("blob", sa.LargeBinary(), None),
    ("blob_sized", sa.LargeBinary(300), None),
    ("pickle", sa.PickleType(), None),
    ("tinyblob", mysql.TINYBLOB(), None),
    ("mediumblob", mysql.MEDIUMBLOB(), None),
    ("longblob", mysql.LONGBLOB(), None),
    ("binary", sa.BINARY(16), None),
    ("varbinary", sa.VARBINARY(16), None),
    ("date", sa.Date(), sa.text("'2020-01-01'")),
    ("datetime", sa.DateTime(), sa.func.now()),
    ("datetime_tz", sa.DateTime(timezone=True), sa.text("'2020-01-01'")),
    ("datetime6", mysql.DATETIME(fsp=6), sa.text("CURRENT_TIMESTAMP(6)")),
    ("timestamp", sa.TIMESTAMP(), sa.text("CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP")),
    ("timestamp3", mysql.TIMESTAMP(fsp=3), None),
    ("time", sa.Time(), sa.text("'12:00:00'")),
    ("time6", mysql.TIME(fsp=6), None),
    ("year", mysql.YEAR(), None),
    ("interval", sa.Interval(), None),
    ("enum", sa.Enum("b", "a", "c", name="e"), "a"),
    ("enum_varchar", sa.Enum("x", "yyy", native_enum=False), None),
    ("set", mysql.SET("x", "y", "z"), "x,y"),
    ("json", sa.JSON(), None),
    ("mysql_json", mysql.JSON(), None),
    ("uuid", sa.Uuid(), None),
    ("uuid_char", sa.Uuid(native_uuid=False), None),
    ("null_default", sa.String(5), sa.null()),
    ("expression_default", sa.Integer(), sa.text("(1+2)")),
    # Parenthesised constants the server folds to the value it stores (-2, now, '-1').
    ("paren_constant", sa.Integer(), sa.text("(-1.5)")),
    ("paren_now", sa.DateTime(), sa.text("(now())")),
    ("paren_number_in_varchar", sa.String(5), sa.text("(-1)")),
    ("on_update_in_literal", sa.String(30), "sync on update"),
]


def all_types_table(metadata: sa.MetaData) -> sa.Table:
    columns = [sa.Column("id", sa.Integer, primary_key=True)]
    for name, type_, default in TYPES:
        columns.append(
            sa.Column(name, type_, server_default=default)
            if default is not None
            else sa.Column(name, type_)
        )
    return sa.Table("all_types", metadata, *columns)


def test_every_type_round_trips(backend_engine: Engine) -> None:
    metadata = sa.MetaData()
    table = all_types_table(metadata)
    metadata.create_all(backend_engine)
    with backend_engine.connect() as conn:
        dialect = conn.dialect
        catalog = ADAPTER.read_catalog(conn, None, None)
    reflected = {c["name"]: c for c in catalog.columns["all_types"]}
    problems = []
    for column in table.columns:
        found = reflected[column.name]
        declared_type = ADAPTER.declared_type(column, dialect)
        facts = [
            ("type", declared_type, ADAPTER.reflected_type(found, dialect)),
            (
                "default",
                ADAPTER.declared_default(table, column, dialect, declared_type),
                ADAPTER.reflected_default("all_types", found, catalog, declared_type),
            ),
            (
                "autoincrement",
                ADAPTER.declared_autoincrement(table, column, dialect),
                ADAPTER.reflected_autoincrement("all_types", found, catalog),
            ),
        ]
        problems += [(column.name, what, a, b) for what, a, b in facts if a != b]
    assert problems == []
    assert catalog.checks.get("all_types", []) == []  # no json_valid() leaks as a check


def features(metadata: sa.MetaData) -> None:
    """Tables using every fact a difference can be about."""
    sa.Table(
        "parent",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(10), nullable=False, unique=True),
        comment="parents",
    )
    sa.Table(
        "child",
        metadata,
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("parent_id", sa.ForeignKey("parent.id", ondelete="CASCADE"), nullable=False),
        sa.Column("other_id", sa.Integer),
        sa.Column(
            "name",
            sa.String(50, collation="utf8mb4_bin"),
            nullable=False,
            server_default="x",
            comment="display name",
        ),
        sa.Column("qty", mysql.INTEGER(unsigned=True), nullable=False, server_default="0"),
        sa.Column("price", sa.Numeric(10, 2)),
        sa.Column("total", sa.Numeric(12, 2), sa.Computed("qty * price")),
        sa.Column("status", sa.Enum("new", "done")),
        sa.Column("payload", sa.JSON),
        sa.Column("flag", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("label", sa.String(30), server_default="sync on update"),
        sa.Column("version", sa.String(10), server_default="v1.10"),
        sa.Column(
            "updated_at",
            mysql.TIMESTAMP(fsp=6),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)"),
        ),
        sa.UniqueConstraint("parent_id", "name"),
        sa.Index("ix_child_qty", "qty"),
        sa.CheckConstraint("qty >= 0 AND name != ''", name="ck_child_qty"),
    )


def model() -> sa.MetaData:
    metadata = sa.MetaData()
    features(metadata)
    return metadata


def test_create_all_then_compare_finds_nothing(backend_engine: Engine) -> None:
    metadata = model()
    all_types_table(metadata)
    metadata.create_all(backend_engine)
    report = parity.compare(backend_engine, metadata, mode="exact")
    assert report.differences == (), report.render()
    assert report.ok and report.unchecked == ()


def test_cost_tables_compare_clean(backend_engine: Engine) -> None:
    cost_tables.metadata.create_all(backend_engine)
    report = parity.compare(backend_engine, cost_tables.metadata, mode="exact")
    assert report.differences == (), report.render()


# (id, DDL applied after create_all, expected (kind, table, column))
DRIFTS: list[tuple[str, list[str], tuple[DiffKind, str, str | None]]] = [
    ("table_missing", ["DROP TABLE child"], (DiffKind.TABLE_MISSING, "child", None)),
    (
        "table_extra",
        ["CREATE TABLE extra (id INT PRIMARY KEY)"],
        (DiffKind.TABLE_EXTRA, "extra", None),
    ),
    (
        "column_missing",
        ["ALTER TABLE child DROP COLUMN other_id"],
        (DiffKind.COLUMN_MISSING, "child", "other_id"),
    ),
    (
        "column_extra",
        ["ALTER TABLE child ADD COLUMN note INT"],
        (DiffKind.COLUMN_EXTRA, "child", "note"),
    ),
    (
        "varchar_length",
        [
            "ALTER TABLE child MODIFY name VARCHAR(40) COLLATE utf8mb4_bin "
            "NOT NULL DEFAULT 'x' COMMENT 'display name'"
        ],
        (DiffKind.TYPE_MISMATCH, "child", "name"),
    ),
    (
        "unsigned",
        ["ALTER TABLE child MODIFY qty INT NOT NULL DEFAULT 0"],
        (DiffKind.TYPE_MISMATCH, "child", "qty"),
    ),
    (
        "enum_order",
        ["ALTER TABLE child MODIFY status ENUM('done','new')"],
        (DiffKind.TYPE_MISMATCH, "child", "status"),
    ),
    (
        "json_as_longtext",
        ["ALTER TABLE child MODIFY payload LONGTEXT"],
        (DiffKind.TYPE_MISMATCH, "child", "payload"),
    ),
    (
        "boolean_as_int",
        ["ALTER TABLE child MODIFY flag INT NOT NULL DEFAULT 0"],
        (DiffKind.TYPE_MISMATCH, "child", "flag"),
    ),
    (
        "nullable",
        ["ALTER TABLE child MODIFY other_id INT NOT NULL"],
        (DiffKind.NULLABLE_MISMATCH, "child", "other_id"),
    ),
    (
        "default",
        ["ALTER TABLE child ALTER qty SET DEFAULT 1"],
        (DiffKind.DEFAULT_MISMATCH, "child", "qty"),
    ),
    (
        "on_update_words_in_literal",
        ["ALTER TABLE child ALTER label SET DEFAULT 'sync ON UPDATE'"],
        (DiffKind.DEFAULT_MISMATCH, "child", "label"),
    ),
    (
        "varchar_trailing_zero",
        ["ALTER TABLE child ALTER version SET DEFAULT 'v1.1'"],
        (DiffKind.DEFAULT_MISMATCH, "child", "version"),
    ),
    (
        "on_update_dropped",
        ["ALTER TABLE child MODIFY updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"],
        (DiffKind.DEFAULT_MISMATCH, "child", "updated_at"),
    ),
    (
        "auto_increment",
        ["ALTER TABLE parent MODIFY id INT NOT NULL"],
        (DiffKind.AUTOINCREMENT_MISMATCH, "parent", "id"),
    ),
    (
        "computed",
        ["ALTER TABLE child MODIFY total DECIMAL(12,2) AS (qty + price)"],
        (DiffKind.COMPUTED_MISMATCH, "child", "total"),
    ),
    (
        "collation",
        [
            "ALTER TABLE child MODIFY name VARCHAR(50) COLLATE utf8mb4_general_ci "
            "NOT NULL DEFAULT 'x' COMMENT 'display name'"
        ],
        (DiffKind.COLLATION_MISMATCH, "child", "name"),
    ),
    (
        "column_comment",
        [
            "ALTER TABLE child MODIFY name VARCHAR(50) COLLATE utf8mb4_bin "
            "NOT NULL DEFAULT 'x' COMMENT 'other'"
        ],
        (DiffKind.COMMENT_MISMATCH, "child", "name"),
    ),
    (
        "table_comment",
        ["ALTER TABLE parent COMMENT 'changed'"],
        (DiffKind.COMMENT_MISMATCH, "parent", None),
    ),
    (
        "primary_key",
        [
            "ALTER TABLE parent MODIFY id INT NOT NULL",
            "ALTER TABLE parent DROP PRIMARY KEY, ADD PRIMARY KEY (id, code)",
            "ALTER TABLE parent MODIFY id INT NOT NULL AUTO_INCREMENT",
        ],
        (DiffKind.PRIMARY_KEY_MISMATCH, "parent", None),
    ),
    # (parent_id, name) is unique, so InnoDB made no index of its own for this key.
    (
        "foreign_key_missing",
        ["ALTER TABLE child DROP FOREIGN KEY child_ibfk_1"],
        (DiffKind.FOREIGN_KEY_MISSING, "child", None),
    ),
    (
        "foreign_key_extra",
        ["ALTER TABLE child ADD FOREIGN KEY (other_id) REFERENCES parent (id)"],
        (DiffKind.FOREIGN_KEY_EXTRA, "child", None),
    ),
    (
        "unique_missing",
        ["ALTER TABLE parent DROP INDEX code"],
        (DiffKind.UNIQUE_MISSING, "parent", None),
    ),
    (
        "unique_extra",
        ["CREATE UNIQUE INDEX uq_extra ON child (other_id)"],
        (DiffKind.UNIQUE_EXTRA, "child", None),
    ),
    (
        "index_missing",
        ["DROP INDEX ix_child_qty ON child"],
        (DiffKind.INDEX_MISSING, "child", None),
    ),
    (
        "index_extra",
        ["CREATE INDEX ix_extra ON child (price)"],
        (DiffKind.INDEX_EXTRA, "child", None),
    ),
    (
        "check_missing",
        ["ALTER TABLE child DROP CONSTRAINT ck_child_qty"],
        (DiffKind.CHECK_MISSING, "child", None),
    ),
    (
        "check_extra",
        ["ALTER TABLE child ADD CONSTRAINT ck_extra CHECK (price > 0)"],
        (DiffKind.CHECK_EXTRA, "child", None),
    ),
    (
        "check_body",
        [
            "ALTER TABLE child DROP CONSTRAINT ck_child_qty",
            "ALTER TABLE child ADD CONSTRAINT ck_child_qty CHECK (qty > 0 AND name <> '')",
        ],
        (DiffKind.CHECK_MISSING, "child", None),
    ),
]


@pytest.mark.parametrize(("ddl", "expected"), [d[1:] for d in DRIFTS], ids=[d[0] for d in DRIFTS])
def test_drift_gives_exactly_the_expected_difference(
    backend_engine: Engine, ddl: list[str], expected: tuple[DiffKind, str, str | None]
) -> None:
    metadata = model()
    metadata.create_all(backend_engine)
    with backend_engine.begin() as conn:
        for statement in ddl:
            conn.exec_driver_sql(statement)
    report = parity.compare(backend_engine, metadata, mode="exact")
    found = [(d.kind, d.table, d.column) for d in report.differences]
    kinds = {expected[0]}
    if expected[0] is DiffKind.CHECK_MISSING and "ADD CONSTRAINT" in ddl[-1]:
        kinds.add(DiffKind.CHECK_EXTRA)  # a changed body is the old check gone, a new one
    assert {f[0] for f in found} == kinds, report.render()
    assert found[0][1:] == expected[1:], report.render()


def test_reader_matches_sqlalchemy_reflection(backend_engine: Engine) -> None:
    """The adapter's reader returns SQLAlchemy's shapes, with the documented additions."""
    metadata = model()
    all_types_table(metadata)
    metadata.create_all(backend_engine)
    with backend_engine.connect() as conn:
        ours = ADAPTER.read_catalog(conn, None, None)
        reference = read_with_inspector(conn, None, None)
        flavour = Flavour.of(conn.dialect)
    assert ours.tables == reference.tables
    assert ours.primary_keys == reference.primary_keys
    assert ours.foreign_keys == reference.foreign_keys
    assert ours.indexes == reference.indexes
    assert ours.comments == reference.comments
    for table in ours.tables:
        for mine, reference_column in zip(
            ours.columns[table], reference.columns[table], strict=True
        ):
            theirs = dict(reference_column)
            assert mine["name"] == theirs["name"]
            if mine["name"] == "bit":  # SQLAlchemy's parser drops b'...' defaults
                assert (mine["default"], theirs["default"]) == ("b'101'", None)
                theirs = {**theirs, "default": mine["default"]}
            assert {k: v for k, v in mine.items() if k not in {"type", "dialect_options"}} == {
                k: v for k, v in theirs.items() if k not in {"type", "dialect_options"}
            }
            if flavour.is_mariadb and mine["name"] in {"json", "mysql_json", "payload"}:
                assert isinstance(mine["type"], mysql.JSON)
            else:
                assert repr(mine["type"]) == repr(theirs["type"])


def test_foreign_keys_come_from_information_schema(
    backend_engine: Engine, create_schema: Callable[[], str]
) -> None:
    """Column order of the key (not of the table), actions, other databases, backticks."""
    other = create_schema()
    with backend_engine.begin() as conn:
        for ddl in (
            f"CREATE TABLE `{other}`.far (id INT PRIMARY KEY)",
            "CREATE TABLE `back``tick` (x INT, y INT, PRIMARY KEY (y, x))",
            "CREATE TABLE child (a INT, b INT, far_id INT,"
            " CONSTRAINT fk_pair FOREIGN KEY (b, a) REFERENCES `back``tick` (y, x)"
            " ON DELETE CASCADE ON UPDATE SET NULL,"
            f" CONSTRAINT fk_far FOREIGN KEY (far_id) REFERENCES `{other}`.far (id)"
            " ON DELETE RESTRICT)",
        ):
            conn.exec_driver_sql(ddl)
    try:
        with backend_engine.connect() as conn:
            catalog = ADAPTER.read_catalog(conn, None, None)
    finally:
        with backend_engine.begin() as conn:  # the other database is dropped first
            conn.exec_driver_sql("DROP TABLE child")
    assert catalog.foreign_keys == {
        "back`tick": [],
        "child": [
            {
                "name": "fk_far",
                "constrained_columns": ["far_id"],
                "referred_schema": other,
                "referred_table": "far",
                "referred_columns": ["id"],
                "options": {},
            },
            {
                "name": "fk_pair",
                "constrained_columns": ["b", "a"],
                "referred_schema": None,
                "referred_table": "back`tick",
                "referred_columns": ["y", "x"],
                "options": {"onupdate": "SET NULL", "ondelete": "CASCADE"},
            },
        ],
    }


def _read_recording(engine: Engine, names: list[str]) -> tuple[Catalog, list[str]]:
    """The catalog of ``names`` and the information_schema statements that read it."""
    with engine.connect() as conn, counting(engine) as statements:
        catalog = ADAPTER.read_catalog(conn, None, names)
    return catalog, [s for s in statements if "information_schema" in s.lower()]


@pytest.mark.parametrize("absent", [0, 80], ids=["few names", "many names"])
def test_catalog_reads_are_narrowed_to_the_tables_asked_for(
    backend_engine: Engine, absent: int
) -> None:
    """Every information_schema statement names the tables when a compare is limited.

    On MariaDB an unnarrowed read opens every table of the schema (see
    ``dialects/mysql/catalog_sql.py``), which a five-table guard must not pay for.  A
    few names are looked up one by one (``=``), many with ``IN``; views are no tables.
    """
    model().create_all(backend_engine)
    with backend_engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE unrelated (id INT PRIMARY KEY, CHECK (id > 0))")
        conn.exec_driver_sql("CREATE VIEW a_view AS SELECT id FROM unrelated")
    names = ["child", "a_view", *(f"absent_{i}" for i in range(absent))]
    catalog, reads = _read_recording(backend_engine, names)
    # tables, column facts, checks, two foreign-key reads, and the last look that the
    # tables read are still there (not dropped meanwhile), narrowed to the tables found;
    # the bulk reader (MariaDB 10.6+) reads columns and index members instead of the
    # column facts (and no SHOW CREATE TABLE): seven, whatever the number of tables
    with backend_engine.connect() as conn:
        in_bulk = Flavour.of(conn.dialect).has_bulk_columns
    assert len(reads) == (7 if in_bulk else 6)
    assert "information_schema.TABLES" in reads[-1] and reads[-1].count("TABLE_NAME = ") == 1
    # The names asked for narrow the table list, the tables found the other reads.
    assert ("TABLE_NAME IN (" if absent else "TABLE_NAME = ") in reads[0], reads[0]
    assert all("TABLE_NAME = " in s for s in reads[1:]), reads
    assert catalog.tables == ["child"]
    assert list(catalog.columns) == ["child"]
    assert [fk["name"] for fk in catalog.foreign_keys["child"]] == ["child_ibfk_1"]
    assert [c["name"] for c in catalog.checks["child"]] == ["ck_child_qty"]


def test_case_insensitive_table_names_follow_the_server(backend_engine: Engine) -> None:
    with backend_engine.connect() as conn:
        casing = conn.exec_driver_sql("SELECT @@lower_case_table_names").scalar()
    metadata = sa.MetaData()
    sa.Table("Mixed", metadata, sa.Column("id", sa.Integer, primary_key=True))
    metadata.create_all(backend_engine)
    report = parity.compare(backend_engine, metadata, mode="exact")
    assert report.differences == ()
    if casing:
        assert parity.compare(
            backend_engine,
            [sa.Table("mixed", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))],
        ).ok


def _docs(slug: str, name: str = "docs") -> sa.MetaData:
    metadata = sa.MetaData()
    sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("slug", sa.String(200), sa.Computed(slug, persisted=True)),
        sa.Column("head", sa.String(2), sa.Computed("mid(title, 1, 2)")),
        sa.Column("n", sa.Integer, nullable=False),
        sa.CheckConstraint("upper(title) <> '' AND mod(n, 2) = 0", name=f"{name}_even"),
    )
    return metadata


def test_functions_the_server_renames_are_the_model_s(backend_engine: Engine) -> None:
    """MariaDB stores ``lower(title)`` as ``lcase(`title`)``, ``mid``/``substring`` as
    ``substr``, ``MOD(a, 2)`` as ``a MOD 2``: a generated column or CHECK written with
    them was an error-level ``computed_mismatch`` / a missing + extra CHECK."""
    metadata = _docs("lower(title)")
    metadata.create_all(backend_engine)
    assert parity.compare(backend_engine, metadata, mode="exact").differences == ()
    # Written by hand as mysqldump does, and as MetaData.reflect() reads it back.
    with backend_engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE docs2 (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, "
            "title varchar(200) NOT NULL, "
            "slug varchar(200) GENERATED ALWAYS AS (LCASE(`title`)) STORED, "
            "head varchar(2) AS (SUBSTR(title, 1, 2)) VIRTUAL, n int NOT NULL, "
            "CONSTRAINT docs2_even CHECK (UCASE(title) <> '' AND n MOD 2 = 0))"
        )
    hand_written = _docs("lower(title)", name="docs2")
    report = parity.compare(backend_engine, hand_written, mode="exact", tables=["docs2"])
    assert report.differences == ()
    reflected = sa.MetaData()
    reflected.reflect(backend_engine)
    assert parity.compare(backend_engine, reflected, mode="exact").differences == ()
    # ... while another function is still another expression.
    report = parity.compare(backend_engine, _docs("upper(title)"), mode="exact", tables=["docs"])
    assert [(d.kind, d.column) for d in report.differences] == [
        (DiffKind.COMPUTED_MISMATCH, "slug")
    ]


def test_index_kinds_and_lengths_through_a_mariadb_url(backend_engine: Engine) -> None:
    """Through ``mariadb+pymysql`` SQLAlchemy names index options ``mariadb_*`` on both
    sides: a FULLTEXT or prefix-length index must still differ from a plain one (it
    matched it while only ``mysql_*`` was read) and match a model that declares it."""
    with backend_engine.connect():  # the dialect learns the server's flavour on connect
        pass
    if not backend_engine.dialect.is_mariadb:  # type: ignore[attr-defined]
        pytest.skip("the mariadb dialect connects to MariaDB servers only")
    engine = sa.create_engine(backend_engine.url.set(drivername="mariadb+pymysql"))
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(50), b TEXT,"
            " FULLTEXT INDEX ft (b), INDEX pl (a(10)))"
        )

    def model(**options: object) -> sa.MetaData:
        metadata = sa.MetaData()
        table = sa.Table(
            "t",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("a", sa.String(50)),
            sa.Column("b", sa.Text),
        )
        sa.Index("ft", table.c.b, **({"mariadb_prefix": "FULLTEXT"} if options else {}))
        sa.Index("pl", table.c.a, **({"mariadb_length": 10} if options else {}))
        return metadata

    try:
        declared = parity.compare(engine, model(declared=True), mode="exact")
        assert declared.differences == (), declared.render()
        plain = parity.compare(engine, model(), mode="exact")
        assert sorted((d.kind, d.actual) for d in plain.differences if d.actual) == [
            (DiffKind.INDEX_EXTRA, "index (a) length a(10)"),
            (DiffKind.INDEX_EXTRA, "index (b) kind fulltext"),
        ]
    finally:
        engine.dispose()
