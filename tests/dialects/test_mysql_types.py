"""MySQL / MariaDB adapter, without a server: types, defaults, expressions, versions.

Reflected values are what SQLAlchemy's parser makes of real ``SHOW CREATE TABLE``
output of each server (MariaDB 10.11 prints display widths and ``current_timestamp()``,
MySQL 8.0.19+ drops widths and prints ``CURRENT_TIMESTAMP``), so MySQL-only behaviour
is covered although only a MariaDB server runs in CI.
"""

from __future__ import annotations

import copy
import enum
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.dialects.mysql import pymysql
from sqlalchemy.engine import Dialect
from sqlmodel.sql.sqltypes import AutoString

from dialects.mysql import Flavour, MySQLAdapter
from dialects.mysql.defaults import normalise_default, unquote
from dialects.mysql.expressions import normalise_expression
from dialects.mysql.reader import (
    JSON_BY_CHECK,
    TABLE_NAME_CASING,
    add_collations,
    merge_checks,
)
from dialects.mysql.type_memo import type_key
from parity.catalog import Catalog
from parity.snapshot import TypeSpec
from parity.typecompare import TypeVerdict

ADAPTER = MySQLAdapter()
MYSQL8 = (8, 0, 36)
MARIADB = (10, 11, 19)


def make_dialect(version: tuple[int, ...]) -> Dialect:
    """A pymysql dialect set up as ``initialize()`` would for that server."""
    dialect = pymysql.dialect()
    dialect.server_version_info = version
    is_mariadb = Flavour.guess(version).is_mariadb
    dialect._set_mariadb(is_mariadb, version)
    dialect.is_mariadb = is_mariadb
    if is_mariadb:
        dialect.supports_native_uuid = version >= (10, 7)
        dialect.supports_sequences = version >= (10, 3)
    return dialect


DIALECTS = {"mysql8": make_dialect(MYSQL8), "mariadb": make_dialect(MARIADB)}
BOTH = list(DIALECTS)


def spec(name: str, **kw: Any) -> TypeSpec:
    return TypeSpec(name=name, **kw)


# (model type, expected spec on both flavours)
DECLARED = [
    (sa.Boolean(), spec("boolean")),
    (mysql.TINYINT(1), spec("boolean")),
    (mysql.TINYINT(), spec("tinyint")),
    (mysql.TINYINT(1, unsigned=True), spec("tinyint", unsigned=True)),
    (sa.SmallInteger(), spec("smallint")),
    (mysql.MEDIUMINT(), spec("mediumint")),
    (sa.Integer(), spec("integer")),
    (mysql.INTEGER(display_width=11), spec("integer")),
    (mysql.INTEGER(unsigned=True), spec("integer", unsigned=True)),
    (mysql.INTEGER(zerofill=True), spec("integer", unsigned=True, options=(("zerofill", "true"),))),
    (sa.BigInteger(), spec("bigint")),
    (mysql.BIGINT(unsigned=True), spec("bigint", unsigned=True)),
    (mysql.BIT(3), spec("bit", length=3)),
    (sa.Numeric(), spec("decimal", precision=10, scale=0)),
    (sa.Numeric(12), spec("decimal", precision=12, scale=0)),
    (sa.Numeric(10, 2), spec("decimal", precision=10, scale=2)),
    (mysql.DECIMAL(10, 2, unsigned=True), spec("decimal", precision=10, scale=2, unsigned=True)),
    (sa.Float(), spec("float")),
    (sa.Float(24), spec("float")),
    (sa.Float(53), spec("double")),
    (sa.Double(), spec("double")),
    (sa.REAL(), spec("double")),
    (sa.DOUBLE_PRECISION(), spec("double")),
    (mysql.FLOAT(10, 2), spec("float", precision=10, scale=2)),
    (sa.String(100), spec("varchar", length=100)),
    (sa.Unicode(20), spec("varchar", length=20)),
    (sa.NVARCHAR(20), spec("varchar", length=20)),
    (AutoString(), spec("varchar", length=255)),
    (sa.CHAR(), spec("char", length=1)),
    (sa.CHAR(3), spec("char", length=3)),
    (sa.NCHAR(3), spec("char", length=3)),
    (sa.Text(), spec("text")),
    (sa.UnicodeText(), spec("text")),
    (sa.Text(50), spec("tinytext")),  # 50 chars * 4 bytes = 200 <= 255
    (sa.Text(100), spec("text")),
    (sa.Text(100_000), spec("mediumtext")),
    (mysql.TINYTEXT(), spec("tinytext")),
    (mysql.MEDIUMTEXT(), spec("mediumtext")),
    (mysql.LONGTEXT(), spec("longtext")),
    (sa.LargeBinary(), spec("blob")),
    (sa.LargeBinary(300), spec("blob")),
    (sa.PickleType(), spec("blob")),
    (mysql.LONGBLOB(), spec("longblob")),
    (sa.BINARY(16), spec("binary", length=16)),
    (sa.VARBINARY(16), spec("varbinary", length=16)),
    (sa.Date(), spec("date")),
    (sa.DateTime(), spec("datetime")),
    (sa.DateTime(timezone=True), spec("datetime")),
    (mysql.DATETIME(fsp=6), spec("datetime", precision=6)),
    (mysql.DATETIME(fsp=0), spec("datetime")),
    (sa.TIMESTAMP(), spec("timestamp")),
    (mysql.TIMESTAMP(fsp=3), spec("timestamp", precision=3)),
    (sa.Time(), spec("time")),
    (mysql.TIME(fsp=6), spec("time", precision=6)),
    (mysql.YEAR(), spec("year")),
    (sa.Interval(), spec("datetime")),
    (sa.Enum("b", "a", name="e"), spec("enum", values=("b", "a"))),
    (sa.Enum("b", "aaa", native_enum=False), spec("varchar", length=3)),
    (mysql.SET("x", "y"), spec("set", values=("x", "y"))),
    (sa.JSON(), spec("json")),
]


@pytest.mark.parametrize("flavour", BOTH)
@pytest.mark.parametrize(("type_", "expected"), DECLARED, ids=[repr(t) for t, _ in DECLARED])
def test_declared_type(type_: Any, expected: TypeSpec, flavour: str) -> None:
    column = sa.Column("c", type_)
    assert ADAPTER.declared_type(column, DIALECTS[flavour]) == expected


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        (MYSQL8, spec("char", length=32)),
        ((10, 6, 0), spec("char", length=32)),
        (MARIADB, spec("uuid")),
    ],
)
def test_uuid_is_native_only_on_mariadb_10_7(version: tuple[int, ...], expected: TypeSpec) -> None:
    assert ADAPTER.declared_type(sa.Column("u", sa.Uuid()), make_dialect(version)) == expected


MYSQL8_DDL = """CREATE TABLE `t` (
  `id` int NOT NULL AUTO_INCREMENT,
  `b` tinyint(1) DEFAULT '0',
  `tiny` tinyint DEFAULT NULL,
  `n` int unsigned zerofill DEFAULT '0',
  `big` bigint unsigned NOT NULL,
  `s` varchar(255) COLLATE utf8mb4_bin DEFAULT 'abc',
  `tx` mediumtext,
  `price` decimal(10,2) DEFAULT '0.00',
  `ts` timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  `dt` datetime DEFAULT CURRENT_TIMESTAMP,
  `j` json DEFAULT NULL,
  `e` enum('b','a') DEFAULT 'a',
  `st` set('x','y') DEFAULT NULL,
  `calc` int DEFAULT ((1 + 2)),
  PRIMARY KEY (`id`),
  CONSTRAINT `ck` CHECK (((`big` > 0) and (`s` <> _utf8mb4'x')))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci"""

MARIADB_DDL = """CREATE TABLE `t` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `b` tinyint(1) DEFAULT 0,
  `tiny` tinyint(4) DEFAULT NULL,
  `n` int(10) unsigned zerofill DEFAULT 0,
  `big` bigint(20) unsigned NOT NULL,
  `s` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT 'abc',
  `tx` mediumtext DEFAULT NULL,
  `price` decimal(10,2) DEFAULT 0.00,
  `ts` timestamp(6) NOT NULL DEFAULT current_timestamp(6) ON UPDATE current_timestamp(6),
  `dt` datetime DEFAULT current_timestamp(),
  `j` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`j`)),
  `e` enum('b','a') DEFAULT 'a',
  `st` set('x','y') DEFAULT NULL,
  `calc` int(11) DEFAULT (1 + 2),
  PRIMARY KEY (`id`),
  CONSTRAINT `ck` CHECK (`big` > 0 and `s` <> 'x')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"""


def model_table() -> sa.Table:
    return sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("b", sa.Boolean, server_default=sa.false()),
        sa.Column("tiny", mysql.TINYINT),
        sa.Column("n", mysql.INTEGER(zerofill=True), server_default="0"),
        sa.Column("big", mysql.BIGINT(unsigned=True), nullable=False),
        sa.Column("s", sa.String(255, collation="utf8mb4_bin"), server_default="abc"),
        sa.Column("tx", mysql.MEDIUMTEXT),
        sa.Column("price", sa.Numeric(10, 2), server_default=sa.text("0")),
        sa.Column(
            "ts",
            mysql.TIMESTAMP(fsp=6),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)"),
        ),
        sa.Column("dt", sa.DateTime, server_default=sa.func.now()),
        sa.Column("j", sa.JSON),
        sa.Column("e", sa.Enum("b", "a"), server_default="a"),
        sa.Column("st", mysql.SET("x", "y")),
        sa.Column("calc", sa.Integer, server_default=sa.text("(1+2)")),
        sa.CheckConstraint("big > 0 AND s != 'x'", name="ck"),
    )


def reflected(flavour: str) -> Catalog:
    """A catalog as the reader builds it from that server's SHOW CREATE TABLE."""
    dialect = DIALECTS[flavour]
    ddl = MYSQL8_DDL if flavour == "mysql8" else MARIADB_DDL
    state = dialect._tabledef_parser.parse(ddl, "utf8mb4")
    catalog = Catalog(schema=None, tables=["t"])
    catalog.columns["t"] = list(state.columns)
    catalog.checks["t"] = list(state.ck_constraints)
    add_collations(catalog, [("t", "s", "utf8mb4_bin")])
    if flavour == "mariadb":  # what information_schema.CHECK_CONSTRAINTS adds
        merge_checks(catalog, [("t", "j", "json_valid(`j`)")], Flavour(is_mariadb=True))
    return catalog


@pytest.mark.parametrize("flavour", BOTH)
def test_model_and_reflected_columns_agree(flavour: str) -> None:
    dialect, table, catalog = DIALECTS[flavour], model_table(), reflected(flavour)
    by_name = {c["name"]: c for c in catalog.columns["t"]}
    for column in table.columns:
        found = by_name[column.name]
        declared_type = ADAPTER.declared_type(column, dialect)
        assert ADAPTER.reflected_type(found, dialect) == declared_type, column.name
        assert ADAPTER.declared_default(table, column, dialect, declared_type) == (
            ADAPTER.reflected_default("t", found, catalog, declared_type)
        ), column.name
        assert ADAPTER.declared_autoincrement(table, column, dialect) == (
            ADAPTER.reflected_autoincrement("t", found, catalog)
        ), column.name
        declared_collation = ADAPTER.declared_collation(column, dialect)
        if declared_collation is not None:
            assert ADAPTER.reflected_collation(found) == declared_collation
    model_check = ADAPTER.normalise_expression("big > 0 AND s != 'x'")
    assert [ADAPTER.normalise_expression(c["sqltext"]) for c in catalog.checks["t"]] == [
        model_check
    ]


def test_mariadb_json_check_is_a_type_not_a_check() -> None:
    catalog = reflected("mariadb")
    column = next(c for c in catalog.columns["t"] if c["name"] == "j")
    assert ADAPTER.reflected_type(column, DIALECTS["mariadb"]) == spec("json")
    assert JSON_BY_CHECK in column["dialect_options"]
    assert ADAPTER.reflected_collation(column) is None
    check = {"name": "j", "sqltext": "json_valid(`j`)"}
    assert ADAPTER.is_implicit_check("t", check, catalog)  # type: ignore[arg-type]


def test_mariadb_longtext_without_json_check_stays_longtext() -> None:
    catalog = Catalog(schema=None, tables=["t"])
    catalog.columns["t"] = [
        {"name": "j", "type": mysql.LONGTEXT(), "nullable": True, "default": None}
    ]
    merge_checks(catalog, [("t", "other", "json_valid(`j`) or 1")], Flavour(is_mariadb=True))
    column = catalog.columns["t"][0]
    assert ADAPTER.reflected_type(column, DIALECTS["mariadb"]) == spec("longtext")
    assert [c["name"] for c in catalog.checks["t"]] == ["other"]


def test_mysql_longtext_with_json_valid_check_is_not_json() -> None:
    catalog = Catalog(schema=None, tables=["t"])
    catalog.columns["t"] = [
        {"name": "j", "type": mysql.LONGTEXT(), "nullable": True, "default": None}
    ]
    merge_checks(catalog, [("t", "j", "json_valid(`j`)")], Flavour(is_mariadb=False))
    assert ADAPTER.reflected_type(catalog.columns["t"][0], DIALECTS["mysql8"]).name == "longtext"


# (server default text, type, canonical form): every spelling of one value meets.
DEFAULTS = [
    ("'abc'", spec("varchar"), "'abc'"),
    ("'it''s'", spec("varchar"), "'it''s'"),
    ("'it\\'s'", spec("varchar"), "'it''s'"),
    ("_utf8mb4'abc'", spec("varchar"), "'abc'"),
    ("0", spec("varchar"), "'0'"),
    ("'0'", spec("integer"), "0"),
    ("0", spec("integer"), "0"),
    ("-1", spec("integer"), "-1"),
    ("false", spec("boolean"), "0"),
    ("true", spec("boolean"), "1"),
    ("'1'", spec("boolean"), "1"),
    ("0.00", spec("decimal"), "0"),
    ("'1.50'", spec("decimal"), "1.5"),
    ("b'101'", spec("bit"), "5"),
    ("now()", spec("datetime"), "current_timestamp"),
    ("CURRENT_TIMESTAMP", spec("datetime"), "current_timestamp"),
    ("current_timestamp()", spec("datetime"), "current_timestamp"),
    ("CURRENT_TIMESTAMP(6)", spec("datetime"), "current_timestamp(6)"),
    ("now(6)", spec("datetime"), "current_timestamp(6)"),
    ("localtimestamp", spec("timestamp"), "current_timestamp"),
    (
        "current_timestamp() ON UPDATE current_timestamp()",
        spec("timestamp"),
        "current_timestamp on update current_timestamp",
    ),
    (
        "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP",
        spec("timestamp"),
        "current_timestamp on update current_timestamp",
    ),
    ("'2020-01-01'", spec("datetime"), "'2020-01-01 00:00:00'"),
    ("'2020-01-01 00:00:00.000000'", spec("datetime"), "'2020-01-01 00:00:00'"),
    ("'2020-01-01'", spec("date"), "'2020-01-01'"),
    ("(1 + 2)", spec("integer"), "1 + 2"),
    ("((1 + 2))", spec("integer"), "1 + 2"),
    ("(1+2)", spec("integer"), "1 + 2"),
    # A parenthesised constant is the constant: MariaDB 10.11 folds DEFAULT (1.5) on an INT
    # to 2, (-1.5) to -2, (now()) to current_timestamp(), (-1) on a VARCHAR to '-1'.
    ("(1.5)", spec("integer"), "2"),
    ("(-1.5)", spec("integer"), "-2"),
    ("(true)", spec("integer"), "1"),
    ("(-1)", spec("varchar"), "'-1'"),
    ("('2020-01-01')", spec("datetime"), "'2020-01-01 00:00:00'"),
    ("(now())", spec("datetime"), "current_timestamp"),
    ("(1) + (2)", spec("integer"), "1 + 2"),
    # MySQL prints a negated constant as -(x) (``(-(1.5))``): still the constant.
    ("(-(1.5))", spec("integer"), "-2"),
    ("(-(1))", spec("varchar"), "'-1'"),
    ("-(a)", spec("integer"), "-a"),
    # A bare number or boolean on a VARCHAR is stored as its text: '1.50', '1' for true.
    ("1.50", spec("varchar"), "'1.50'"),
    ("true", spec("varchar"), "'1'"),
    # DATETIME(3) prints its fraction to the precision: '...12:00:00.500' is '...00.5';
    # on a VARCHAR the zeros are text.
    ("'2020-01-01 12:00:00.500'", spec("datetime", precision=3), "'2020-01-01 12:00:00.5'"),
    ("'12:00:00.500'", spec("time", precision=3), "'12:00:00.5'"),
    ("'v1.10'", spec("varchar"), "'v1.10'"),
    ("'a.000'", spec("varchar"), "'a.000'"),
    # A literal default with ON UPDATE (MariaDB 10.11 SHOW CREATE TABLE, and the model's).
    (
        "'2020-01-01 00:00:00' ON UPDATE current_timestamp()",
        spec("timestamp"),
        "'2020-01-01 00:00:00' on update current_timestamp",
    ),
    (
        "'2020-01-01' ON UPDATE CURRENT_TIMESTAMP",
        spec("timestamp"),
        "'2020-01-01 00:00:00' on update current_timestamp",
    ),
    # ON UPDATE inside a string literal is text, not a clause (MariaDB 10.11 measured).
    ("'sync on update'", spec("varchar"), "'sync on update'"),
    ("'it''s on update x'", spec("varchar"), "'it''s on update x'"),
    ("'a'", spec("enum"), "'a'"),
    ("NULL", spec("varchar"), "null"),
    # Stored as the column keeps it: rounded half away from zero (MariaDB 10.11 measured).
    ("1.5", spec("integer"), "2"),
    ("-1.5", spec("integer"), "-2"),
    ("'2.5'", spec("bigint"), "3"),
    ("0.4999", spec("integer"), "0"),
    ("15e-1", spec("smallint"), "2"),
    ("0.5", spec("boolean"), "1"),
    ("1.5", spec("bit"), "2"),
    ("1.5", TypeSpec(name="decimal", precision=10, scale=0), "2"),
    ("1.25", TypeSpec(name="decimal", precision=5, scale=1), "1.3"),
    ("-1.25", TypeSpec(name="decimal", precision=5, scale=1), "-1.3"),
    ("1.005", TypeSpec(name="decimal", precision=5, scale=2), "1.01"),
    ("1.50", TypeSpec(name="decimal", precision=5, scale=2), "1.5"),
    ("1.5", spec("double"), "1.5"),
    ("1.25", spec("float"), "1.25"),
    (
        "9" * 35 + "." + "1" * 29 + "5",  # beyond the 28 digits of decimal's default context
        TypeSpec(name="decimal", precision=65, scale=30),
        "9" * 35 + "." + "1" * 29 + "5",
    ),
    (
        "9" * 35 + "." + "1" * 30 + "5",
        TypeSpec(name="decimal", precision=65, scale=30),
        "9" * 35 + "." + "1" * 29 + "2",
    ),
]


@pytest.mark.parametrize(("sql", "type_", "expected"), DEFAULTS)
def test_normalise_default(sql: str, type_: TypeSpec, expected: str) -> None:
    assert normalise_default(sql, type_) == expected
    assert normalise_default(expected, type_) == expected  # a fixpoint


def test_an_escape_that_ends_a_literal_is_resolved() -> None:
    r"""MariaDB prints a VARCHAR default whose value is ``C:\`` as ``'C:\\'``.

    The escape is the literal's last two characters; reading it as two backslashes
    would show a default the column does not have.
    """
    assert unquote("'C:\\\\'") == "C:\\"
    assert unquote("'tab\\t'") == "tab\t"


def test_trailing_zeros_of_a_varchar_default_are_text() -> None:
    """A VARCHAR default changed from 'v1.10' to 'v1.1' is drift, not one spelling."""
    varchar = spec("varchar", length=10)
    assert normalise_default("'v1.10'", varchar) != normalise_default("'v1.1'", varchar)


def test_on_update_inside_a_literal_is_compared_as_text() -> None:
    """A VARCHAR default 'sync on update' changed to 'sync ON UPDATE' is real drift.

    Only a top-level ON UPDATE (outside any literal) is the clause: cutting the literal at
    the words would leave the same fragments on both sides and hide the changed value.
    """
    varchar = spec("varchar", length=30)
    assert normalise_default("'sync on update'", varchar) != normalise_default(
        "'sync ON UPDATE'", varchar
    )


#: Real MariaDB 10.11 ``SHOW CREATE TABLE`` of a table created with the model spellings
#: below: every parenthesised constant is stored, and printed, as its value.
MARIADB_FOLDED_DDL = """CREATE TABLE `p` (
  `id` int(11) NOT NULL,
  `a` int(11) DEFAULT 2,
  `neg` int(11) DEFAULT -2,
  `b` int(11) DEFAULT 1,
  `c` datetime DEFAULT '2020-01-01 00:00:00',
  `now_p` datetime DEFAULT current_timestamp(),
  `d` varchar(20) DEFAULT 'abc',
  `f` varchar(20) DEFAULT '0',
  `j` varchar(20) DEFAULT '-1',
  `e` varchar(20) DEFAULT 'x on update y',
  `k` varchar(30) DEFAULT 'a) on update (b',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"""


def test_parenthesised_constant_defaults_meet_what_mariadb_stores() -> None:
    """``server_default=text("(1.5)")`` is no drift against the ``2`` MariaDB stores.

    MySQL 8 needs parentheses around expression defaults, so models spell constants that
    way too; MariaDB evaluates them at CREATE TABLE.  Comparing the texts would report a
    difference create_all itself produced.
    """
    dialect = DIALECTS["mariadb"]
    table = sa.Table(
        "p",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("a", sa.Integer, server_default=sa.text("(1.5)")),
        sa.Column("neg", sa.Integer, server_default=sa.text("(-1.5)")),
        sa.Column("b", sa.Integer, server_default=sa.text("(true)")),
        sa.Column("c", sa.DateTime, server_default=sa.text("('2020-01-01')")),
        sa.Column("now_p", sa.DateTime, server_default=sa.text("(now())")),
        sa.Column("d", sa.String(20), server_default=sa.text("('abc')")),
        sa.Column("f", sa.String(20), server_default=sa.text("(0)")),
        sa.Column("j", sa.String(20), server_default=sa.text("(-1)")),
        sa.Column("e", sa.String(20), server_default="x on update y"),
        sa.Column("k", sa.String(30), server_default="a) on update (b"),
    )
    state = dialect._tabledef_parser.parse(MARIADB_FOLDED_DDL, "utf8mb4")
    catalog = Catalog(schema=None, tables=["p"])
    catalog.columns["p"] = list(state.columns)
    by_name = {c["name"]: c for c in catalog.columns["p"]}
    mismatched = []
    for column in table.columns:
        type_ = ADAPTER.declared_type(column, dialect)
        declared = ADAPTER.declared_default(table, column, dialect, type_)
        reflected = ADAPTER.reflected_default("p", by_name[column.name], catalog, type_)
        if declared != reflected:
            mismatched.append((column.name, declared, reflected))
    assert mismatched == []


def test_default_null_and_false_are_no_false_positive() -> None:
    """MariaDB ``DEFAULT 0`` for ``server_default=false()`` (alembic's false positive)."""
    dialect = DIALECTS["mariadb"]
    table = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("f", sa.Boolean, server_default=sa.false()),
        sa.Column("n", sa.String(5), server_default=sa.null()),
    )
    boolean = spec("boolean")
    assert ADAPTER.declared_default(table, table.c.f, dialect, boolean) == "0"
    assert ADAPTER.declared_default(table, table.c.n, dialect, spec("varchar", length=5)) is None
    catalog = Catalog(schema=None, tables=["t"])
    assert ADAPTER.reflected_default("t", {"name": "f", "default": "0"}, catalog, boolean) == "0"  # type: ignore[typeddict-item]


# (model CHECK text, server-stored text)
EXPRESSIONS = [
    ("big > 0 AND s != 'x'", "((`big` > 0) and (`s` <> _utf8mb4'x'))"),
    ("big > 0 AND s != 'x'", "`big` > 0 and `s` <> 'x'"),
    ("b IN (0, 1)", "(`b` in (0,1))"),
    ("(a + b) * c > 1", "(((`a` + `b`) * `c`) > 1)"),
    ("a - (b - c) = 0", "((`a` - (`b` - `c`)) = 0)"),
    ("(a OR b) AND c", "((`a` or `b`) and `c`)"),
    ("a BETWEEN 1 AND 5", "(`a` between 1 and 5)"),
    ("x IS NOT NULL", "(`x` is not null)"),
    ("NOT (a > 1)", "(not((`a` > 1)))"),
    ("char_length(name) > 0", "(char_length(`name`) > 0)"),
    ("lower(code) = code", "(lower(`code`) = `code`)"),
    # MariaDB re-escapes a quote in a literal with a backslash (deep profile, check body).
    ("aa in ('a', 'b', 'it''s')", "`aa` in ('a','b','it\\'s')"),
    ("a = 'back\\\\slash'", "`a` = 'back\\\\slash'"),
    ("a like 'x\\%'", "`a` like 'x\\%'"),
    ("`it's` = 'a'", "`it's` = 'a'"),
    # MariaDB 10.11 stores these functions under another of their names (its
    # information_schema.COLUMNS.GENERATION_EXPRESSION and CHECK_CONSTRAINTS text).
    ("lower(title)", "lcase(`title`)"),
    ("UPPER(code) <> ''", "ucase(`code`) <> ''"),
    ("substring(a, 1, 2)", "substr(`a`,1,2)"),
    ("mid(a, 1, 2)", "substr(`a`,1,2)"),
    ("character_length(a)", "char_length(`a`)"),
    ("power(2, 3)", "pow(2,3)"),
    ("length(a)", "octet_length(`a`)"),
    ("mod(a + 1, 2) = 0", "(`a` + 1) MOD 2 = 0"),
]


@pytest.mark.parametrize(("model", "server"), EXPRESSIONS)
def test_normalise_expression(model: str, server: str) -> None:
    assert normalise_expression(model) == normalise_expression(server)
    once = normalise_expression(server)
    assert normalise_expression(once) == once


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("a - b - c", "a - (b - c)"),
        ("a > 1 or b", "a > (1 or b)"),
        ("'a'", "'A'"),
        ("a = 'it\\'s'", "a = 'it\\\\'"),  # an escaped quote is no end of the literal
        ("a = 'x\\\\'", "a = 'x'"),
        ("lower(a)", "upper(a)"),
        ("mod(a, 2) * 3", "mod(a, 2 * 3)"),
    ],
)
def test_normalise_expression_keeps_meaning(left: str, right: str) -> None:
    assert normalise_expression(left) != normalise_expression(right)


@pytest.mark.parametrize(
    ("version", "checks_visible"),
    [
        ((5, 7, 44), False),
        ((8, 0, 15), False),
        ((8, 0, 16), True),
        ((8, 4, 0), True),
        ((9, 1, 0), True),
        ((5, 5, 68), False),
        ((10, 1, 48), False),
        ((10, 2, 1), True),
        ((10, 11, 19), True),
        ((11, 4, 2), True),
    ],
)
def test_unchecked_facts_by_version(version: tuple[int, ...], checks_visible: bool) -> None:
    facts = ADAPTER.unchecked_facts(version)
    assert (facts == []) is checks_visible
    if facts:
        ((what, why),) = facts
        assert what == "check constraints"
        assert ("MariaDB" if version[0] >= 10 else "MySQL") in why


VERDICTS = [
    (spec("varchar", length=100), spec("varchar", length=255), TypeVerdict.WIDER),
    (spec("varchar", length=255), spec("varchar", length=100), TypeVerdict.NARROWER),
    (spec("text"), spec("mediumtext"), TypeVerdict.WIDER),
    (spec("longtext"), spec("text"), TypeVerdict.NARROWER),
    (spec("varchar", length=255), spec("text"), TypeVerdict.WIDER),
    (spec("integer"), spec("bigint"), TypeVerdict.WIDER),
    (spec("bigint"), spec("integer"), TypeVerdict.NARROWER),
    (spec("integer"), spec("integer", unsigned=True), TypeVerdict.DIFFERENT),
    (spec("float"), spec("double"), TypeVerdict.WIDER),
    (spec("enum", values=("a", "b")), spec("enum", values=("b", "a")), TypeVerdict.DIFFERENT),
    (spec("set", values=("a",)), spec("set", values=("a", "b")), TypeVerdict.WIDER),
    (spec("json"), spec("longtext"), TypeVerdict.DIFFERENT),
    (spec("boolean"), spec("tinyint"), TypeVerdict.DIFFERENT),
]


@pytest.mark.parametrize(("expected", "actual", "verdict"), VERDICTS)
def test_type_verdict(expected: TypeSpec, actual: TypeSpec, verdict: TypeVerdict) -> None:
    assert ADAPTER.type_verdict(expected, actual) is verdict


def test_implicit_foreign_key_index() -> None:
    catalog = Catalog(schema=None, tables=["t"])
    catalog.foreign_keys["t"] = [
        {
            "name": "t_ibfk_1",
            "constrained_columns": ["pid"],
            "referred_schema": None,
            "referred_table": "p",
            "referred_columns": ["id"],
            "options": {},
        },
        {
            "name": "fk_owner",
            "constrained_columns": ["owner_id"],
            "referred_schema": None,
            "referred_table": "p",
            "referred_columns": ["id"],
            "options": {},
        },
    ]

    def index(name: str, columns: list[str], unique: bool = False) -> Any:
        return {"name": name, "column_names": columns, "unique": unique}

    assert ADAPTER.is_implicit_index("t", index("pid", ["pid"]), catalog)
    assert ADAPTER.is_implicit_index("t", index("pid_2", ["pid"]), catalog)
    assert ADAPTER.is_implicit_index("t", index("fk_owner", ["owner_id"]), catalog)
    assert not ADAPTER.is_implicit_index("t", index("ix_t_pid", ["pid"]), catalog)
    assert not ADAPTER.is_implicit_index("t", index("pid", ["pid"], unique=True), catalog)
    assert not ADAPTER.is_implicit_index("t", index("pid", ["pid", "x"]), catalog)
    # A named key's index carries the key's name; a column-named one is the model's.
    assert not ADAPTER.is_implicit_index("t", index("owner_id", ["owner_id"]), catalog)
    assert not ADAPTER.is_implicit_index("t", index("owner_id_8", ["owner_id"]), catalog)


@pytest.mark.parametrize(
    ("declared", "reported"),
    [("utf8_general_ci", "utf8mb3_general_ci"), ("UTF8MB4_BIN", "utf8mb4_bin")],
)
def test_collation_spellings(declared: str, reported: str) -> None:
    assert ADAPTER.normalise_collation(declared) == ADAPTER.normalise_collation(reported)


def test_table_collation_applies_to_text_columns_only() -> None:
    dialect = DIALECTS["mysql8"]
    table = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("s", sa.String(5)),
        sa.Column("own", sa.String(5, collation="latin1_bin")),
        sa.Column("n", sa.Integer),
        sa.Column("j", sa.JSON),
        mysql_collate="utf8mb4_bin",
    )
    assert ADAPTER.declared_collation(table.c.s, dialect) == "utf8mb4_bin"
    assert ADAPTER.declared_collation(table.c.own, dialect) == "latin1_bin"
    assert ADAPTER.declared_collation(table.c.n, dialect) is None
    assert ADAPTER.declared_collation(table.c.j, dialect) is None


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (sa.Column("id", sa.Integer, primary_key=True), "auto_increment"),
        (sa.Column("id", sa.Integer, primary_key=True, autoincrement=False), None),
        (sa.Column("id", sa.String(5), primary_key=True), None),
        (sa.Column("id", sa.Integer, sa.Identity(), primary_key=True), "auto_increment"),
        (sa.Column("id", sa.Integer, primary_key=True, server_default="1"), None),
    ],
)
def test_declared_autoincrement(column: sa.Column[Any], expected: str | None) -> None:
    table = sa.Table("t", sa.MetaData(), column)
    assert ADAPTER.declared_autoincrement(table, column, DIALECTS["mysql8"]) == expected


def test_table_name_folding_follows_the_server_setting() -> None:
    token = TABLE_NAME_CASING.set(0)
    try:
        assert ADAPTER.fold_table_name("Users") == "Users"
        TABLE_NAME_CASING.set(1)
        assert ADAPTER.fold_table_name("Users") == "users"
    finally:
        TABLE_NAME_CASING.reset(token)


def test_flavour() -> None:
    assert Flavour.of(DIALECTS["mariadb"]) == Flavour(is_mariadb=True, version=MARIADB)
    assert Flavour.of(DIALECTS["mysql8"]).label == "MySQL 8.0.36"
    assert not Flavour.guess((8, 0, 36)).is_mariadb
    assert Flavour.guess((11, 4)).json_is_longtext


# ---------------------------------------------------------------- reflected type memo
#: Pairs of reflected types that differ in exactly one argument (or only in class).
ONE_ARGUMENT_APART = [
    (mysql.VARCHAR(10), mysql.VARCHAR(11)),
    (mysql.CHAR(1), mysql.CHAR(True)),  # equal in Python, not the same argument
    (mysql.INTEGER(), mysql.INTEGER(unsigned=True)),
    (mysql.INTEGER(), mysql.INTEGER(zerofill=True)),
    (mysql.TINYINT(1), mysql.TINYINT(2)),
    (mysql.DECIMAL(10, 2), mysql.DECIMAL(10, 3)),
    (mysql.FLOAT(10, 2), mysql.FLOAT(10.0, 2)),  # type: ignore[arg-type]
    (mysql.TIMESTAMP(fsp=3), mysql.TIMESTAMP(fsp=6)),
    (mysql.VARCHAR(10, collation="utf8mb4_bin"), mysql.VARCHAR(10, collation="utf8mb4_general_ci")),
    (mysql.TEXT(charset="latin1"), mysql.TEXT(charset="utf8mb4")),
    (mysql.ENUM("a", "b"), mysql.ENUM("a", "c")),
    (mysql.ENUM("a", "b"), mysql.ENUM("b", "a")),
    (mysql.SET("x", "y"), mysql.SET("x", "y", "z")),
    (mysql.BIT(1), mysql.BIT(2)),
    (mysql.TEXT(), mysql.TINYTEXT()),
    (mysql.DOUBLE(), mysql.REAL()),
]


@pytest.mark.parametrize(("left", "right"), ONE_ARGUMENT_APART, ids=repr)
def test_type_key_tells_apart_types_one_argument_apart(left: Any, right: Any) -> None:
    assert type_key(left) is not None
    assert type_key(left) != type_key(right)
    assert type_key(left) == type_key(copy.deepcopy(left))  # equal state: one entry


def test_type_key_refuses_state_it_cannot_freeze() -> None:
    """An enum class or a metadata proves nothing by equality: no memo, reduced each time."""
    Labels = enum.Enum("Labels", "a b")
    assert type_key(sa.Enum(Labels)) is None
    assert type_key(sa.Enum("a", "b", metadata=sa.MetaData())) is None
    column = {"name": "c", "type": sa.Enum(Labels), "nullable": True}
    assert MySQLAdapter().reflected_type(column, DIALECTS["mariadb"]) == spec(  # type: ignore[arg-type]
        "enum", values=("a", "b")
    )


@pytest.mark.parametrize("flavour", BOTH)
def test_memoised_reflected_types_equal_unmemoised(flavour: str) -> None:
    """Every type reduced once through a shared memo equals its own direct reduction."""
    adapter, dialect = MySQLAdapter(), DIALECTS[flavour]
    types: list[Any] = [t for pair in ONE_ARGUMENT_APART for t in pair] + [t for t, _ in DECLARED]
    for _round in range(2):  # the second round is served from the memo
        for type_ in types:
            column = {"name": "c", "type": copy.deepcopy(type_), "nullable": True}
            direct = ADAPTER.type_of(copy.deepcopy(type_), dialect)
            assert adapter.reflected_type(column, dialect) == direct, repr(type_)  # type: ignore[arg-type]


@pytest.mark.parametrize("flavour", BOTH)
def test_memoised_declared_types_equal_unmemoised(flavour: str) -> None:
    """The model side's memo too: each column's type equals its direct reduction (the
    pairs one argument apart share the memo, so a key too coarse would fail here)."""
    adapter, dialect = MySQLAdapter(), DIALECTS[flavour]
    types: list[Any] = [t for pair in ONE_ARGUMENT_APART for t in pair] + [t for t, _ in DECLARED]
    for _round in range(2):  # the second round is served from the memo
        for type_ in types:
            column = sa.Column("c", copy.deepcopy(type_))
            direct = ADAPTER.type_of(copy.deepcopy(type_), dialect)
            assert adapter.declared_type(column, dialect) == direct, repr(type_)


def test_memo_follows_the_dialect_state() -> None:
    """A dialect whose server turns out to have native UUID is not served the old answer."""
    adapter, dialect = MySQLAdapter(), make_dialect((10, 6, 0))
    column = {"name": "u", "type": sa.Uuid(), "nullable": True}
    assert adapter.reflected_type(column, dialect) == spec("char", length=32)  # type: ignore[arg-type]
    dialect.server_version_info = (10, 11, 0)
    dialect.supports_native_uuid = True
    assert adapter.reflected_type(column, dialect) == spec("uuid")  # type: ignore[arg-type]
