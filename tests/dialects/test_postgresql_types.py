"""The PostgreSQL adapter's pure parts, table-driven; no server needed.

Each table lists inputs from one side (model types, ``format_type()`` text, default and
CHECK texts as a model writes them and as PostgreSQL deparses them) and what they must
reduce to.  The catalog-side texts are copied from a PostgreSQL 15 server.
"""

from __future__ import annotations

import enum
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

from dialects.postgresql import PostgreSQLAdapter
from dialects.postgresql.expressions import (
    is_volatile_free,
    normalise_default,
    normalise_expression,
)
from dialects.postgresql.formats import type_from_format
from dialects.postgresql.generation import describe_identity, nextval_sequence
from dialects.postgresql.types import NamedType, parse_type_name, type_sql
from parity.adapter import DialectAdapter
from parity.snapshot import TypeSpec
from parity.typecompare import TypeVerdict

ADAPTER = PostgreSQLAdapter()
DIALECT = PGDialect_psycopg()  # type: ignore[no-untyped-call]


class Color(enum.Enum):
    red = 1
    green = 2


def spec(name: str, **kw: Any) -> TypeSpec:
    return TypeSpec(name=name, **kw)


INT, BIGINT, SMALLINT = spec("integer"), spec("bigint"), spec("smallint")
TEXT, VARCHAR = spec("text"), spec("varchar")
DOUBLE, REAL = spec("double precision"), spec("real")

# (model type, TypeSpec) --------------------------------------------------------------
MODEL_TYPES: list[tuple[Any, TypeSpec]] = [
    (sa.Integer(), INT),
    (sa.INTEGER(), INT),
    (pg.INTEGER(), INT),
    (sa.BigInteger(), BIGINT),
    (sa.BIGINT(), BIGINT),
    (sa.SmallInteger(), SMALLINT),
    (sa.SMALLINT(), SMALLINT),
    (sa.String(), VARCHAR),
    (sa.String(30), spec("varchar", length=30)),
    (sa.Unicode(7), spec("varchar", length=7)),
    (sa.VARCHAR(5), spec("varchar", length=5)),
    (sa.Text(), TEXT),
    (sa.UnicodeText(), TEXT),
    (pg.CITEXT(), spec("citext")),
    (sa.CHAR(), spec("char", length=1)),
    (sa.CHAR(3), spec("char", length=3)),
    (sa.NCHAR(2), spec("char", length=2)),
    (sa.Numeric(), spec("numeric")),
    (sa.Numeric(10, 2), spec("numeric", precision=10, scale=2)),
    (sa.Numeric(7), spec("numeric", precision=7, scale=0)),
    (sa.DECIMAL(8, 3), spec("numeric", precision=8, scale=3)),
    (sa.Float(), DOUBLE),
    (sa.Float(1), REAL),
    (sa.Float(24), REAL),
    (sa.Float(25), DOUBLE),
    (sa.Float(53), DOUBLE),
    (sa.REAL(), REAL),
    (sa.Double(), DOUBLE),
    (pg.DOUBLE_PRECISION(), DOUBLE),
    (sa.DateTime(), spec("timestamp")),
    (sa.DateTime(timezone=True), spec("timestamp", timezone=True)),
    (pg.TIMESTAMP(precision=3), spec("timestamp", precision=3)),
    (pg.TIMESTAMP(precision=6), spec("timestamp")),
    (pg.TIMESTAMP(timezone=True, precision=0), spec("timestamp", timezone=True, precision=0)),
    (sa.Time(), spec("time")),
    (sa.Time(timezone=True), spec("time", timezone=True)),
    (pg.TIME(precision=2), spec("time", precision=2)),
    (sa.Date(), spec("date")),
    (sa.Interval(), spec("interval")),
    (sa.Interval(second_precision=2), spec("interval", precision=2)),
    (
        pg.INTERVAL(fields="DAY TO SECOND", precision=3),
        spec("interval", precision=3, options=(("fields", "day to second"),)),
    ),
    (sa.Boolean(), spec("boolean")),
    (sa.JSON(), spec("json")),
    (pg.JSON(), spec("json")),
    (pg.JSONB(), spec("jsonb")),
    (sa.Uuid(), spec("uuid")),
    (pg.UUID(), spec("uuid")),
    (sa.LargeBinary(), spec("bytea")),
    (sa.PickleType(), spec("bytea")),
    (pg.BYTEA(), spec("bytea")),
    (sa.Enum("a", "b", name="ab"), spec("enum", values=("a", "b"))),
    (sa.Enum(Color, name="color"), spec("enum", values=("red", "green"))),
    (pg.ENUM("x", "y", name="xy"), spec("enum", values=("x", "y"))),
    (sa.Enum("x", "yyy", native_enum=False), spec("varchar", length=3)),
    (pg.ARRAY(sa.Integer), spec("array", item=INT, dimensions=1)),
    (pg.ARRAY(sa.Text, dimensions=2), spec("array", item=TEXT, dimensions=2)),
    (sa.ARRAY(sa.String(10)), spec("array", item=spec("varchar", length=10), dimensions=1)),
    (
        pg.ARRAY(pg.ENUM("x", name="x")),
        spec("array", item=spec("enum", values=("x",)), dimensions=1),
    ),
    (pg.BIT(), spec("bit", length=1)),
    (pg.BIT(4), spec("bit", length=4)),
    (pg.BIT(varying=True), spec("varbit")),
    (pg.BIT(9, varying=True), spec("varbit", length=9)),
    (pg.INET(), spec("inet")),
    (pg.CIDR(), spec("cidr")),
    (pg.MACADDR(), spec("macaddr")),
    (pg.MACADDR8(), spec("macaddr8")),
    (pg.MONEY(), spec("money")),
    (pg.OID(), spec("oid")),
    (pg.REGCLASS(), spec("regclass")),
    (pg.TSVECTOR(), spec("tsvector")),
    (pg.TSQUERY(), spec("tsquery")),
    (pg.INT4RANGE(), spec("int4range")),
    (pg.TSTZRANGE(), spec("tstzrange")),
    (pg.INT8MULTIRANGE(), spec("int8multirange")),
    (pg.HSTORE(), spec("hstore")),
    (pg.DOMAIN("posint", sa.Integer()), spec("integer", options=(("domain", "posint"),))),
    (
        pg.DOMAIN("code", sa.String(3), schema="app"),
        spec("varchar", length=3, options=(("domain", "app.code"),)),
    ),
    (sa.Integer().with_variant(sa.BigInteger(), "postgresql"), BIGINT),
    (sa.String(5).with_variant(sa.Text(), "mysql"), spec("varchar", length=5)),
]


@pytest.mark.parametrize(("type_", "expected"), MODEL_TYPES, ids=repr)
def test_model_type(type_: Any, expected: TypeSpec) -> None:
    assert ADAPTER.type_of(type_, DIALECT) == expected


def test_sqlmodel_string_is_varchar() -> None:
    from sqlmodel.sql.sqltypes import AutoString

    assert ADAPTER.type_of(AutoString(), DIALECT) == VARCHAR
    assert ADAPTER.type_of(AutoString(40), DIALECT) == spec("varchar", length=40)


# (format_type() text, TypeSpec of the type the bulk reader builds) --------------------
CATALOG_TYPES: list[tuple[str, TypeSpec]] = [
    ("integer", INT),
    ("bigint", BIGINT),
    ("smallint", SMALLINT),
    ("character varying", VARCHAR),
    ("character varying(30)", spec("varchar", length=30)),
    ("character(1)", spec("char", length=1)),
    ("text", TEXT),
    ("numeric", spec("numeric")),
    ("numeric(10,2)", spec("numeric", precision=10, scale=2)),
    ("numeric(7,0)", spec("numeric", precision=7, scale=0)),
    ("real", REAL),
    ("double precision", DOUBLE),
    ("timestamp without time zone", spec("timestamp")),
    ("timestamp(3) without time zone", spec("timestamp", precision=3)),
    ("timestamp(6) with time zone", spec("timestamp", timezone=True)),
    ("timestamp(0) with time zone", spec("timestamp", timezone=True, precision=0)),
    ("time without time zone", spec("time")),
    ("time(2) with time zone", spec("time", timezone=True, precision=2)),
    ("date", spec("date")),
    ("interval", spec("interval")),
    ("interval day to second(3)", spec("interval", precision=3,
                                       options=(("fields", "day to second"),))),
    ("interval year", spec("interval", options=(("fields", "year"),))),
    ("boolean", spec("boolean")),
    ("json", spec("json")),
    ("jsonb", spec("jsonb")),
    ("uuid", spec("uuid")),
    ("bytea", spec("bytea")),
    ("integer[]", spec("array", item=INT, dimensions=1)),
    ("text[][]", spec("array", item=TEXT, dimensions=2)),
    ("character varying(10)[]", spec("array", item=spec("varchar", length=10), dimensions=1)),
    ("bit(4)", spec("bit", length=4)),
    ("bit varying", spec("varbit")),
    ("bit varying(9)", spec("varbit", length=9)),
    ("inet", spec("inet")),
    ("macaddr8", spec("macaddr8")),
    ("tsvector", spec("tsvector")),
    ("int4range", spec("int4range")),
    ("int4multirange", spec("int4multirange")),
    ("geometry(Point,4326)", spec("geometry", options=(("args", "point,4326"),))),
    ("ltree", spec("ltree")),
]  # fmt: skip


@pytest.mark.parametrize(("format_type", "expected"), CATALOG_TYPES, ids=str)
def test_catalog_type(format_type: str, expected: TypeSpec) -> None:
    assert ADAPTER.reflected_type(_column(type_from_format(format_type)), DIALECT) == expected


def _column(type_: Any) -> Any:
    return {"name": "c", "type": type_, "nullable": True, "default": None}


def test_unknown_catalog_type_keeps_its_name() -> None:
    built = type_from_format("public.my_type")
    assert isinstance(built, NamedType)
    assert ADAPTER.type_of(built, DIALECT) == spec("public.my_type")
    assert ADAPTER.type_of(sa.types.NullType(), DIALECT) == spec("unknown")


def test_memoised_format_parse_keys_on_text_and_collation() -> None:
    """``formats.builder`` is memoised on (text, collation): change either, the type changes."""
    plain: Any = type_from_format("character varying(10)")
    collated: Any = type_from_format("character varying(10)", "C")
    wider: Any = type_from_format("character varying(20)", "C")
    assert isinstance(plain, pg.VARCHAR) and plain.collation is None
    assert isinstance(collated, pg.VARCHAR) and collated.collation == "C"
    assert collated.length == 10 and wider.length == 20
    array: Any = type_from_format("text[]", "de_DE")
    item: Any = array.item_type
    assert isinstance(array, pg.ARRAY) and item.collation == "de_DE"
    no_collation: Any = type_from_format("text[]")
    assert no_collation.item_type.collation is None


def test_memoised_format_parse_still_returns_a_new_type_each_time() -> None:
    first: Any = type_from_format("numeric(10,2)")
    first.precision = 99  # a caller may alter what it was given
    second: Any = type_from_format("numeric(10,2)")
    assert second is not first
    assert (second.precision, second.scale) == (10, 2)
    one: Any = type_from_format("integer[]")
    other: Any = type_from_format("integer[]")
    assert one is not other and one.item_type is not other.item_type


def test_memoised_format_parse_sees_types_registered_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """An extension (GeoAlchemy2) may add to ``ischema_names`` after a first read."""
    from sqlalchemy.dialects.postgresql.base import ischema_names

    assert isinstance(type_from_format("parity_later_type(3)"), NamedType)
    monkeypatch.setitem(ischema_names, "parity_later_type", pg.BIT)
    built = type_from_format("parity_later_type(3)")
    assert isinstance(built, pg.BIT) and built.length == 3


def test_rule_per_class_still_reads_each_instance() -> None:
    """``types._RULE_BY_CLASS`` picks the rule by class; parameters come from the instance."""
    assert ADAPTER.type_of(pg.VARCHAR(10), DIALECT) == spec("varchar", length=10)
    assert ADAPTER.type_of(pg.VARCHAR(20), DIALECT) == spec("varchar", length=20)
    assert ADAPTER.type_of(sa.Float(10), DIALECT) == spec("real")
    assert ADAPTER.type_of(sa.Float(30), DIALECT) == spec("double precision")
    assert ADAPTER.type_of(pg.ENUM("a", "b", name="e"), DIALECT) == spec("enum", values=("a", "b"))
    assert ADAPTER.type_of(sa.Enum("a", "b", native_enum=False), DIALECT) == spec(
        "varchar", length=1
    )
    assert ADAPTER.type_of(pg.TIMESTAMP(timezone=True), DIALECT) == spec("timestamp", timezone=True)
    assert ADAPTER.type_of(pg.TIMESTAMP(timezone=False), DIALECT) == spec(
        "timestamp", timezone=False
    )


def test_shared_specs_differ_in_every_argument() -> None:
    """``types._shared`` memoises on all fields it sets, values and their types."""
    assert ADAPTER.type_of(sa.Numeric(10, 2), DIALECT) == spec("numeric", precision=10, scale=2)
    assert ADAPTER.type_of(sa.Numeric(11, 2), DIALECT) == spec("numeric", precision=11, scale=2)
    assert ADAPTER.type_of(sa.Numeric(10, 3), DIALECT) == spec("numeric", precision=10, scale=3)
    assert ADAPTER.type_of(pg.CHAR(3), DIALECT) == spec("char", length=3)
    assert ADAPTER.type_of(pg.TIME(precision=3), DIALECT) == spec("time", precision=3)
    assert ADAPTER.type_of(pg.TIME(timezone=True, precision=3), DIALECT) == spec(
        "time", precision=3, timezone=True
    )
    assert ADAPTER.type_of(pg.BIT(3), DIALECT) == spec("bit", length=3)
    assert ADAPTER.type_of(pg.BIT(3, varying=True), DIALECT) == spec("varbit", length=3)
    # equal but differently typed arguments are different keys (they render differently)
    float_precision: Any = 10.0
    assert ADAPTER.type_of(sa.Numeric(float_precision, 2), DIALECT).render() == "numeric(10.0, 2)"


def test_parse_type_name() -> None:
    synonyms = ADAPTER.type_synonyms
    assert parse_type_name("SERIAL", synonyms) == INT
    assert parse_type_name("bpchar(3)", synonyms) == spec("char", length=3)
    assert parse_type_name("INET", synonyms) == spec("inet")
    assert parse_type_name("vector(3)", synonyms) == spec("vector", length=3)


def test_text_and_unbounded_varchar_are_a_wider_not_an_equal_type() -> None:
    assert ADAPTER.type_verdict(TEXT, VARCHAR) is TypeVerdict.WIDER
    assert ADAPTER.type_verdict(TEXT, TEXT) is TypeVerdict.EQUAL
    assert ADAPTER.type_verdict(spec("jsonb"), spec("json")) is TypeVerdict.DIFFERENT
    assert (
        ADAPTER.type_verdict(spec("enum", values=("a", "b")), spec("enum", values=("b", "a")))
        is TypeVerdict.DIFFERENT
    )


def test_class_tables_are_diffs_from_the_generic_adapter() -> None:
    for key, value in DialectAdapter.type_synonyms.items():
        assert ADAPTER.type_synonyms[key] == value
    assert ADAPTER.type_synonyms["bigserial"] == "bigint"
    assert PostgreSQLAdapter.name == "postgresql"
    assert PostgreSQLAdapter.is_generic is False


# (model default DDL text, catalog default text, TypeSpec.name): must agree -----------
EQUAL_DEFAULTS: list[tuple[str, str, str]] = [
    ("'0'", "0", "integer"),
    ("0", "0", "integer"),
    ("-1", "'-1'::integer", "integer"),
    ("'5'::bigint", "'5'::bigint", "bigint"),
    ("5", "'5'::bigint", "bigint"),
    ("CAST('5' AS BIGINT)", "'5'::bigint", "bigint"),
    ("'abc'", "'abc'::character varying", "varchar"),
    ("'it''s'", "'it''s'::text", "text"),
    ("false", "false", "boolean"),
    ("'f'", "false", "boolean"),
    ("'0'", "false", "boolean"),
    ("TRUE", "true", "boolean"),
    ("'1.50'", "1.50", "numeric"),
    ("1.5", "'1.5'::numeric", "numeric"),
    ("-1.5", "'-1.5'::numeric", "numeric"),
    ("1e2", "100", "double precision"),
    ("now()", "now()", "timestamp"),
    ("CURRENT_TIMESTAMP", "now()", "timestamp"),
    ("transaction_timestamp()", "CURRENT_TIMESTAMP", "timestamp"),
    ("current_date", "CURRENT_DATE", "date"),
    ("LOCALTIMESTAMP", "LOCALTIMESTAMP", "timestamp"),
    ("timezone('utc', now())", "timezone('utc'::text, now())", "timestamp"),
    ("(now() AT TIME ZONE 'utc')", "(now() AT TIME ZONE 'utc'::text)", "timestamp"),
    ("'{}'::jsonb", "'{}'::jsonb", "jsonb"),
    ("'{}'", "'{}'::json", "json"),
    ("'{}'", "'{}'::integer[]", "array"),
    ("ARRAY[]::text[]", "ARRAY[]::text[]", "array"),
    ("'x'", "'x'::xy_enum", "enum"),
    ("'x'", "'x'::public.xy_enum", "enum"),
    ("'1 day'", "'1 day'::interval", "interval"),
    ("'a' || 'b'", "('a'::text || 'b'::text)", "text"),
    ("gen_random_uuid()", "gen_random_uuid()", "uuid"),
    ("random()", "random()", "double precision"),
    ("nextval('s')", "nextval('s'::regclass)", "integer"),
    ("'\\x00'", "'\\x00'::bytea", "bytea"),
    # A cast of a clock or session value to its own type: PostgreSQL drops it on store
    # (the catalog texts below are what PostgreSQL 15 kept for the model's text).
    ("CURRENT_DATE::date", "CURRENT_DATE", "date"),
    ("(current_date)::DATE", "CURRENT_DATE", "date"),
    ("now()::timestamptz", "now()", "timestamp"),
    ("CURRENT_TIMESTAMP::timestamp with time zone", "CURRENT_TIMESTAMP", "timestamp"),
    ("LOCALTIMESTAMP::timestamp", "LOCALTIMESTAMP", "timestamp"),
    ("current_user::name", "CURRENT_USER", "name"),
    # A cast that stays, spelled with the short type name: the catalog's long one.
    ("now()::timestamp", "(now())::timestamp without time zone", "timestamp"),
    ("0::int8", "(0)::bigint", "bigint"),
    ("NULL", "NULL::character varying", "varchar"),
    ("(null)::text", "NULL::text", "text"),
    ("'12:00'", "'12:00:00'::time without time zone", "time"),  # see DIFFERENT below
]
EQUAL_DEFAULTS.pop()  # the last one is text-undecidable: it is in SERVER_DECIDES

DIFFERENT_DEFAULTS: list[tuple[str, str, str]] = [
    ("now()", "(now())::date", "date"),
    ("'a'", "'b'::text", "text"),
    ("1", "2", "integer"),
    ("'1'", "1", "text"),  # a quoted number is a string on a text column
    ("random()", "now()", "double precision"),
    ("'t'", "false", "boolean"),
    ("statement_timestamp()", "now()", "timestamp"),
    # Casts that convert are kept: a date is not a timestamp, nor a name text.
    ("CURRENT_DATE::timestamp", "CURRENT_DATE", "timestamp"),
    ("now()::date", "now()", "date"),
    ("CURRENT_USER::text", "CURRENT_USER", "text"),
    ("now()::timestamp(3) with time zone", "now()", "timestamp"),
]

SERVER_DECIDES: list[tuple[str, str, str]] = [
    ("'12:00'", "'12:00:00'::time without time zone", "time"),
    ("'2020-01-01'", "'2020-01-01 00:00:00'::timestamp without time zone", "timestamp"),
    ("'1 day'", "'24:00:00'::interval", "interval"),
]


@pytest.mark.parametrize(("model", "catalog", "type_name"), EQUAL_DEFAULTS)
def test_defaults_agree(model: str, catalog: str, type_name: str) -> None:
    assert normalise_default(model, type_name) == normalise_default(catalog, type_name)


@pytest.mark.parametrize(("model", "catalog", "type_name"), DIFFERENT_DEFAULTS)
def test_defaults_differ(model: str, catalog: str, type_name: str) -> None:
    assert normalise_default(model, type_name) != normalise_default(catalog, type_name)


@pytest.mark.parametrize(("model", "catalog", "type_name"), SERVER_DECIDES)
def test_text_cannot_decide_but_the_server_may(model: str, catalog: str, type_name: str) -> None:
    assert normalise_default(model, type_name) != normalise_default(catalog, type_name)
    assert is_volatile_free(model) and is_volatile_free(catalog)


@pytest.mark.parametrize(
    ("sql", "constant"),
    [
        ("'2020-01-01'", True),
        ("'2020-01-01'::timestamp", True),
        ("-1.5", True),
        ("ARRAY[1, 2]", True),
        ("now()", False),
        ("random()", False),
        ("CURRENT_TIMESTAMP", False),
        ("current_user", False),
        ("nextval('s'::regclass)", False),
        ("(SELECT 1)", False),
        ("1; DROP TABLE x", False),
    ],
)
def test_only_constants_go_to_the_server(sql: str, constant: bool) -> None:
    assert is_volatile_free(sql) is constant


def test_type_sql_for_server_casts() -> None:
    assert type_sql(spec("timestamp", timezone=True, precision=3)) == "timestamp(3) with time zone"
    assert type_sql(spec("numeric", precision=10, scale=2)) == "numeric(10, 2)"
    assert type_sql(spec("varchar", length=5)) == "varchar(5)"
    assert type_sql(spec("interval", options=(("fields", "day"),))) == "interval day"
    assert type_sql(spec("enum", values=("a",))) is None
    assert type_sql(spec("array", item=INT)) is None
    assert type_sql(spec("integer", options=(("domain", "d"),))) is None


# (model CHECK / index text, PostgreSQL's deparsed text): must agree ------------------
EQUAL_EXPRESSIONS: list[tuple[str, str]] = [
    ("a > 0", "(a > 0)"),
    ("a > 0 AND b < 5", "((a > 0) AND (b < 5))"),
    ("a > 0 and (b = 1 or c = 2)", "((a > 0) AND ((b = 1) OR (c = 2)))"),
    ("a AND b AND c", "(a AND (b AND c))"),
    ("a + b > 0", "((a + b) > 0)"),
    ("a * b + c > 0", "(((a * b) + c) > 0)"),
    ("(a + b) * c > 0", "(((a + b) * c) > 0)"),
    ("n BETWEEN 1 AND 5", "((n >= 1::numeric) AND (n <= 5::numeric))"),
    ("n NOT BETWEEN 1 AND 5", "((n < 1) OR (n > 5))"),
    ("v IN ('a', 'b')",
     "((v)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))"),
    ("v NOT IN ('a', 'b')", "((v)::text <> ALL (ARRAY['a'::text, 'b'::text]))"),
    ("v IN ('a')", "((v)::text = 'a'::text)"),
    ("lower(v)", "lower((v)::text)"),
    ("a > -1", "(a > '-1'::integer)"),
    ("price > 0.50", "(price > 0.5)"),
    ("name LIKE 'a_'", "((name)::text ~~ 'a_'::text)"),
    ("name NOT ILIKE 'a_'", "((name)::text !~~* 'a_'::text)"),
    ("x IS NOT NULL", "(x IS NOT NULL)"),
    ("NOT (a > 0)", "(NOT (a > 0))"),
    ("a != b", "(a <> b)"),
    ('"Mixed" > 0', '("Mixed" > 0)'),
    ('"lower" > 0', "(lower > 0)"),
    ("char_length(name) > 0", "(char_length((name)::text) > 0)"),
    ("coalesce(a, 0) >= 0", "(COALESCE(a, 0) >= 0)"),
    ("CAST(a AS TEXT) LIKE '1%'", "((a)::text ~~ '1%'::text)"),
    ("lower(CAST(a AS VARCHAR(5))) = 'x'",
     "(lower(((a)::character varying(5))::text) = 'x'::text)"),
    ("CASE WHEN a > 0 THEN 1 ELSE 0 END = 1", "(CASE WHEN (a > 0) THEN 1 ELSE 0 END = 1)"),
    # SQL's keyword forms, as PostgreSQL 15 deparses them (pg_get_constraintdef).
    ("position('x' in a) > 0", "(POSITION(('x'::text) IN (a)) > 0)"),
    ("trim(a) <> ''", "(TRIM(BOTH FROM a) <> ''::text)"),
    ("trim(leading 'x' from a) <> ''", "(TRIM(LEADING 'x'::text FROM a) <> ''::text)"),
    ("a similar to 'x%'", "(a ~ similar_to_escape('x%'::text))"),
    ("a not similar to 'x%'", "(a !~ similar_to_escape('x%'::text))"),
    ("d > current_date - interval '1 year'", "(d > (CURRENT_DATE - '1 year'::interval))"),
]  # fmt: skip

DIFFERENT_EXPRESSIONS: list[tuple[str, str]] = [
    ("a > 0 AND (b OR c)", "((a > 0) AND b) OR c"),
    ("(a + b) * c", "a + (b * c)"),
    ("a - (b - c)", "(a - b) - c"),
    ("a > 0", "a >= 0"),
    ("v IN ('a', 'b')", "v IN ('a', 'c')"),
    ('"Mixed" > 0', "mixed > 0"),
    ("lower(v)", "upper(v)"),
    ("position('x' in a) > 0", "position('y' in a) > 0"),
    ("position('x' in a) > 0", "position(a in 'x') > 0"),
    ("trim(leading from a) <> ''", "trim(trailing from a) <> ''"),
    ("a similar to 'x%'", "a not similar to 'x%'"),
    ("d > interval '1 year'", "d > interval '2 years'"),
]


@pytest.mark.parametrize(("model", "catalog"), EQUAL_EXPRESSIONS)
def test_expressions_agree(model: str, catalog: str) -> None:
    assert normalise_expression(model) == normalise_expression(catalog)


@pytest.mark.parametrize(("left", "right"), DIFFERENT_EXPRESSIONS)
def test_expressions_differ(left: str, right: str) -> None:
    assert normalise_expression(left) != normalise_expression(right)


ALL_TEXTS = [t for pair in EQUAL_EXPRESSIONS + DIFFERENT_EXPRESSIONS for t in pair]


@pytest.mark.parametrize("sql", ALL_TEXTS)
def test_expression_normalisation_is_a_fixpoint(sql: str) -> None:
    once = normalise_expression(sql)
    assert normalise_expression(once) == once


@pytest.mark.parametrize(("sql", "_catalog", "type_name"), EQUAL_DEFAULTS + DIFFERENT_DEFAULTS)
def test_default_normalisation_is_a_fixpoint(sql: str, _catalog: str, type_name: str) -> None:
    once = normalise_default(sql, type_name)
    assert normalise_default(once, type_name) == once


# generation ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("always", "options", "family", "expected"),
    [
        (True, {}, "integer", "identity always"),
        (False, {}, "bigint", "identity by default"),
        (True, {"start": 1, "increment": 1, "minvalue": 1, "maxvalue": 2**31 - 1,
                "cache": 1, "cycle": False}, "integer", "identity always"),
        (True, {"start": 1, "increment": 1, "minvalue": 1, "maxvalue": 2**31 - 1},
         "bigint", "identity always (maxvalue 2147483647)"),
        (False, {"start": 10, "increment": 2}, "integer",
         "identity by default (start 10, increment 2)"),
        (False, {"increment": -1}, "smallint", "identity by default (increment -1)"),
        (False, {"cycle": True, "cache": 20}, "integer", "identity by default (cache 20, cycle)"),
        (False, {"nomaxvalue": True, "maxvalue": 5}, "integer", "identity by default"),
    ],
)  # fmt: skip
def test_identity_description(
    always: bool, options: dict[str, Any], family: str, expected: str
) -> None:
    assert describe_identity(always, options, family) == expected


def _table(*columns: sa.Column[Any]) -> sa.Table:
    return sa.Table("t", sa.MetaData(), *columns)


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ([sa.Column("id", sa.Integer, primary_key=True)], "serial"),
        ([sa.Column("id", sa.BigInteger, primary_key=True)], "serial"),
        ([sa.Column("id", sa.Integer, sa.Identity(always=True), primary_key=True)],
         "identity always"),
        ([sa.Column("id", sa.Integer, sa.Identity(start=5), primary_key=True)],
         "identity by default (start 5)"),
        # A plain by-default identity fills and accepts keys as a serial does.
        ([sa.Column("id", sa.Integer, sa.Identity(), primary_key=True)], "serial"),
        ([sa.Column("id", sa.Integer, primary_key=True, autoincrement=False,
                    server_default=sa.text("nextval('t_id_seq'::regclass)"))], "serial"),
        ([sa.Column("id", sa.Integer, primary_key=True, autoincrement=False)], None),
        ([sa.Column("id", sa.String(5), primary_key=True)], None),
        ([sa.Column("id", sa.Integer, sa.Sequence("s"), primary_key=True)], None),
        ([sa.Column("id", sa.Integer, sa.Sequence("s", optional=True), primary_key=True)],
         "serial"),
        ([sa.Column("id", sa.Integer, primary_key=True),
          sa.Column("b", sa.Integer, primary_key=True)], None),
    ],
)  # fmt: skip
def test_declared_autoincrement(columns: list[sa.Column[Any]], expected: str | None) -> None:
    table = _table(*columns)
    assert ADAPTER.declared_autoincrement(table, table.c.id, DIALECT) == expected


def test_reflected_serial_without_the_bulk_reader() -> None:
    column: Any = {
        "name": "id",
        "type": sa.INTEGER(),
        "nullable": False,
        "default": "nextval('t_id_seq'::regclass)",
        "autoincrement": True,
    }
    assert ADAPTER.reflected_autoincrement("t", column, None) == "serial"  # type: ignore[arg-type]
    assert nextval_sequence("nextval('other.t_id_seq'::regclass)") == "other.t_id_seq"
    assert nextval_sequence("now()") is None
    # README "Serial, sequences and identity": a nextval() default of any sequence
    # (a renamed table keeps its old sequence name) is key generation, not a default.
    column["default"] = "nextval('shared_seq'::regclass)"
    assert ADAPTER.reflected_autoincrement("t", column, None) == "serial"  # type: ignore[arg-type]
    assert ADAPTER.reflected_default("t", column, None, INT) is None  # type: ignore[arg-type]


# index options -------------------------------------------------------------------------
def test_declared_percent_is_not_doubled() -> None:
    """psycopg's compiler writes ``%%``; PostgreSQL receives (and reports) ``%``."""
    table = _table(sa.Column("a", sa.Text, server_default=sa.text("'50%'")))
    declared = ADAPTER.declared_default(table, table.c.a, DIALECT, TEXT)
    assert declared == normalise_default("'50%'::text", "text")


def test_declared_index_options() -> None:
    table = _table(
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.Integer),
        sa.Column("doc", pg.JSONB),
    )
    partial = sa.Index("i1", table.c.a, postgresql_where=table.c.a > 5)
    gin = sa.Index("i2", table.c.doc, postgresql_using="gin",
                   postgresql_ops={"doc": "jsonb_path_ops"})  # fmt: skip
    covering = sa.Index("i3", table.c.a, postgresql_include=["id"], postgresql_using="btree")
    plain = sa.Index("i4", table.c.a)
    like = sa.Index("i5", table.c.a, postgresql_where=sa.cast(table.c.a, sa.Text).like("1%"))
    assert ADAPTER.declared_index_options(like, DIALECT) == (("where", "a like '1%'"),)
    assert ADAPTER.declared_index_options(partial, DIALECT) == (("where", "a > 5"),)
    assert ADAPTER.declared_index_options(gin, DIALECT) == (
        ("ops", "doc jsonb_path_ops"),
        ("using", "gin"),
    )
    assert ADAPTER.declared_index_options(covering, DIALECT) == (("include", "id"),)
    assert ADAPTER.declared_index_options(plain, DIALECT) == ()


def test_reflected_index_options() -> None:
    index: Any = {
        "name": "i",
        "column_names": ["a"],
        "unique": False,
        "dialect_options": {
            "postgresql_include": ["id"],
            "postgresql_where": "(a > 5)",
            "postgresql_using": "btree",
        },
    }
    assert ADAPTER.reflected_index_options(index) == (("include", "id"), ("where", "a > 5"))
