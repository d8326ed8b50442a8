"""SQL fragment normalisation: table-driven cases, literals untouched, and a fixpoint."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from parity.sqltext import normalise_sql, strip_outer_parens, tokens, unquote_literal

CASES: list[tuple[str, str]] = [
    # keywords and bare identifiers fold to lower case, spacing is canonical
    ("A>0", "a > 0"),
    ("a >= 0 AND a <= 10", "a >= 0 and a <= 10"),
    ("CURRENT_TIMESTAMP", "current_timestamp"),
    ("CASE WHEN a THEN 1 ELSE 0 END", "case when a then 1 else 0 end"),
    ("x||y", "x || y"),
    ("a<>b", "a <> b"),
    ("a != b", "a != b"),
    ("x::TEXT", "x::text"),
    # parentheses
    ("((a > 0))", "a > 0"),
    ("(  (a > 0) )", "a > 0"),
    ("(a) and (b)", "a and b"),  # parentheses around one atom mean nothing
    ("(age) >= (0)", "age >= 0"),
    ("('x')", "'x'"),
    ("(a = 1) and (b = 2)", "(a = 1) and (b = 2)"),
    ("(a + b) * c", "(a + b) * c"),
    ("x in (1)", "x in (1)"),
    ("NOT (a)", "not a"),
    ("CASE WHEN (a) THEN (1) ELSE (0) END", "case when a then 1 else 0 end"),
    ("a OR (b)", "a or b"),
    ("lower(x)", "lower(x)"),
    ("lower( name )", "lower(name)"),
    ("coalesce(a,b)", "coalesce(a, b)"),
    ("a IN (1,2,3)", "a in (1, 2, 3)"),
    ("a in(1 ,2)", "a in (1, 2)"),
    ("NOT(a = 1)", "not (a = 1)"),
    ("now()", "now()"),
    ("NOW ( )", "now()"),
    # signs are not operators
    ("-1", "-1"),
    ("( -1 )", "-1"),
    ("a-1", "a - 1"),
    ("a*-1", "a * -1"),
    ("f(-1)", "f(-1)"),
    ("1.5e10", "1.5e10"),
    # quoted identifiers lose quotes they do not need, and keep the ones they do
    ('"name"', "name"),
    ("`name`", "name"),
    ("[name]", "name"),
    ('"Name"', '"Name"'),
    ("`Name`", '"Name"'),
    ('"two words"', '"two words"'),
    ('"two  spaces"', '"two  spaces"'),
    ('"a""b"', '"a""b"'),
    ("`a``b`", '"a`b"'),
    ('"select" > 0', "select > 0"),
    # string literals are kept byte for byte
    ("('abc')", "'abc'"),
    ("'ABC'", "'ABC'"),
    ("'it''s'", "'it''s'"),
    ("''", "''"),
    ("'X  Y'", "'X  Y'"),
    ("x = 'X  Y'", "x = 'X  Y'"),
    ("'( a  )'", "'( a  )'"),
    ("'  leading'", "'  leading'"),
    ("'a\nb'", "'a\nb'"),
    ("'A' || 'B'", "'A' || 'B'"),
    ("status IN ('Open',  'Closed')", "status in ('Open', 'Closed')"),
    ("'\"quoted\"'", "'\"quoted\"'"),
]


@pytest.mark.parametrize(("sql", "normal"), CASES, ids=[c[0] for c in CASES])
def test_normalise_sql(sql: str, normal: str) -> None:
    assert normalise_sql(sql) == normal
    assert normalise_sql(normal) == normal


@pytest.mark.parametrize(
    ("spellings"),
    [
        ["(price >= 0)", "price>=0", "((PRICE >= 0))", '"price" >= 0', "`price` >= 0"],
        ["lower(email)", "LOWER( email )", 'lower("email")'],
        ["'active'::text", "('active'::text)", "'active'::TEXT"],
    ],
)
def test_spellings_of_one_fragment_agree(spellings: list[str]) -> None:
    assert len({normalise_sql(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("'a'", "'A'"),
        ("'a b'", "'a  b'"),
        ('"Name"', "name"),
        ("a - 1", "a - -1"),
        ("(a + b) * c", "a + b * c"),
    ],
)
def test_different_meanings_stay_different(a: str, b: str) -> None:
    assert normalise_sql(a) != normalise_sql(b)


def test_strip_outer_parens() -> None:
    assert strip_outer_parens("((a))") == "a"
    assert strip_outer_parens("(a) + (b)") == "(a) + (b)"
    assert strip_outer_parens("(')')") == "')'"
    assert strip_outer_parens("f(a)") == "f(a)"


@pytest.mark.parametrize(
    ("text", "value"),
    [("'abc'", "abc"), ("'it''s'", "it's"), ("''", ""), ("abc", None), ("'a' || 'b'", None)],
)
def test_unquote_literal(text: str, value: str | None) -> None:
    assert unquote_literal(text) == value


def test_tokens_drop_white_space_and_keep_literals_whole() -> None:
    assert tokens("a =  'x  y'") == [("word", "a"), ("op", "="), ("string", "'x  y'")]


# ------------------------------------------------------------------ fixpoint property

_PIECES = st.one_of(
    st.sampled_from(["a", "B", "price", "select", "AND", "or", "not", "in", "is", "null", "x_1"]),
    st.sampled_from(['"Name"', '"a b"', '"q""q"', "`c`", "`D e`", "[col]", '"ok"']),
    st.sampled_from(["0", "1", "-1", "2.5", "1e3", "42"]),
    st.sampled_from(["''", "'x'", "'X  Y'", "'it''s'", "'( )'", "' , '", "'\"'"]),
    st.sampled_from(["=", "<", ">=", "<>", "!=", "+", "-", "*", "/", "%", "||", "::", ",", "."]),
    st.sampled_from(["(", ")", "()", "f(", "lower(", "coalesce("]),
    st.text(alphabet="aZ_9 (),'\"-+*.:=\t\n`[]", max_size=6),
)
_GAPS = st.sampled_from(["", " ", "  ", "\n", "\t "])


@st.composite
def sqlish(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_PIECES, _GAPS), max_size=12))
    return "".join(piece + gap for piece, gap in parts)


@given(sqlish())
@example("- - 1")
@example("(a) - (-1)")
@example("'a' 'b'")
@example("( ( ) )")
def test_normalise_sql_is_a_fixpoint(sql: str) -> None:
    once = normalise_sql(sql)
    assert normalise_sql(once) == once


@given(sqlish())
def test_string_literals_survive_normalisation(sql: str) -> None:
    literals = [text for kind, text in tokens(sql) if kind == "string"]
    normal = normalise_sql(sql)
    assert [text for kind, text in tokens(normal) if kind == "string"] == literals


@pytest.mark.parametrize("sql", ["'unterminated", 'a = "open', "`x", "[y", "  'a' 'b  "])
def test_an_unterminated_quote_is_left_alone(sql: str) -> None:
    assert normalise_sql(sql) == sql.strip()
