"""``generic_type_verdict``: is the database's type equal, wider, narrower or different?

Read each row as "the model declares EXPECTED, the database has ACTUAL".  Narrower means
some value the model allows is refused or cut; wider means every such value still fits.
"""

from __future__ import annotations

from typing import ClassVar

import pytest

from parity.adapter import DialectAdapter
from parity.snapshot import TypeSpec
from parity.typecompare import TypeVerdict, generic_type_verdict

EQUAL, WIDER, NARROWER, DIFFERENT = (
    TypeVerdict.EQUAL,
    TypeVerdict.WIDER,
    TypeVerdict.NARROWER,
    TypeVerdict.DIFFERENT,
)


def T(name: str, **fields: object) -> TypeSpec:
    return TypeSpec(name=name, **fields)  # type: ignore[arg-type]


def array(item: TypeSpec, dimensions: int | None = 1) -> TypeSpec:
    return TypeSpec(name="array", item=item, dimensions=dimensions)


def enum(*values: str) -> TypeSpec:
    return TypeSpec(name="enum", values=values)


CASES: list[tuple[str, TypeSpec, TypeSpec, TypeVerdict]] = [
    ("identical", T("varchar", length=10), T("varchar", length=10), EQUAL),
    # character lengths
    ("varchar longer", T("varchar", length=10), T("varchar", length=20), WIDER),
    ("varchar shorter", T("varchar", length=10), T("varchar", length=5), NARROWER),
    ("varchar(n) to text", T("varchar", length=10), T("text"), WIDER),
    ("text to varchar(n)", T("text"), T("varchar", length=10), NARROWER),
    ("unbounded varchar and text", T("varchar"), T("text"), EQUAL),
    ("varchar(n) to unbounded varchar", T("varchar", length=255), T("varchar"), WIDER),
    # blank padding
    ("char to varchar same length", T("char", length=10), T("varchar", length=10), DIFFERENT),
    ("varchar to char same length", T("varchar", length=10), T("char", length=10), DIFFERENT),
    ("char to text", T("char", length=2), T("text"), DIFFERENT),
    ("char longer", T("char", length=2), T("char", length=3), WIDER),
    ("char shorter", T("char", length=3), T("char", length=2), NARROWER),
    # integer widths
    ("integer to bigint", T("integer"), T("bigint"), WIDER),
    ("bigint to integer", T("bigint"), T("integer"), NARROWER),
    ("smallint to integer", T("smallint"), T("integer"), WIDER),
    ("integer to smallint", T("integer"), T("smallint"), NARROWER),
    ("tinyint to mediumint", T("tinyint"), T("mediumint"), WIDER),
    ("integer to integer unsigned", T("integer"), T("integer", unsigned=True), DIFFERENT),
    ("unsigned to signed", T("integer", unsigned=True), T("integer"), DIFFERENT),
    (
        "unsigned integer to unsigned bigint",
        T("integer", unsigned=True),
        T("bigint", unsigned=True),
        WIDER,
    ),
    ("integer to text", T("integer"), T("text"), DIFFERENT),
    ("integer to boolean", T("integer"), T("boolean"), DIFFERENT),
    # floating point
    ("real to double", T("real"), T("double precision"), WIDER),
    ("double to real", T("double precision"), T("real"), NARROWER),
    ("float and double are the same width", T("float"), T("double precision"), EQUAL),
    ("integer to real", T("integer"), T("real"), DIFFERENT),
    # numeric precision and scale
    (
        "numeric more precision",
        T("numeric", precision=10, scale=2),
        T("numeric", precision=12, scale=2),
        WIDER,
    ),
    (
        "numeric less precision",
        T("numeric", precision=10, scale=2),
        T("numeric", precision=8, scale=2),
        NARROWER,
    ),
    (
        "numeric smaller scale, same integer digits",
        T("numeric", precision=10, scale=2),
        T("numeric", precision=9, scale=1),
        NARROWER,
    ),
    (
        "numeric larger scale, same integer digits",
        T("numeric", precision=10, scale=2),
        T("numeric", precision=11, scale=3),
        WIDER,
    ),
    (
        "numeric smaller scale but more integer digits",
        T("numeric", precision=10, scale=2),
        T("numeric", precision=10, scale=1),
        DIFFERENT,
    ),
    (
        "numeric more scale at the cost of integer digits",
        T("numeric", precision=10, scale=2),
        T("numeric", precision=10, scale=4),
        DIFFERENT,
    ),
    ("numeric(p) more precision", T("numeric", precision=10), T("numeric", precision=12), WIDER),
    ("unbounded numeric to numeric(p)", T("numeric"), T("numeric", precision=10), NARROWER),
    (
        "numeric(p, s) to unbounded numeric",
        T("numeric", precision=10, scale=2),
        T("numeric"),
        WIDER,  # a bare numeric keeps any precision and scale
    ),
    (
        "unbounded numeric to numeric(p, s)",
        T("numeric"),
        T("numeric", precision=10, scale=2),
        NARROWER,
    ),
    (
        "numeric(p) is numeric(p, 0)",
        T("numeric", precision=10),
        T("numeric", precision=10, scale=0),
        EQUAL,
    ),
    (
        "numeric(p) to numeric(p, 2) trades integer digits for fraction digits",
        T("numeric", precision=10),
        T("numeric", precision=10, scale=2),
        DIFFERENT,
    ),
    (
        "numeric(p, 2) to numeric(p) trades fraction digits for integer digits",
        T("numeric", precision=10, scale=2),
        T("numeric", precision=10),
        DIFFERENT,
    ),
    (
        "numeric(p) to numeric(p, 1) gives up exactly one integer digit",
        T("numeric", precision=10),
        T("numeric", precision=10, scale=1),
        DIFFERENT,
    ),
    (
        "numeric(p) to numeric(p - 1, 0) loses an integer digit",
        T("numeric", precision=10),
        T("numeric", precision=9, scale=0),
        NARROWER,
    ),
    (
        "numeric(p) to numeric(p + 2, 2)",
        T("numeric", precision=10),
        T("numeric", precision=12, scale=2),
        WIDER,
    ),
    # time zones and fractional seconds
    ("timestamp time zone lost", T("timestamp", timezone=True), T("timestamp"), NARROWER),
    ("timestamp time zone gained", T("timestamp"), T("timestamp", timezone=True), DIFFERENT),
    ("time zone kept", T("timestamp", timezone=True), T("timestamp", timezone=True), EQUAL),
    (
        "fewer fractional seconds",
        T("timestamp", precision=6),
        T("timestamp", precision=3),
        NARROWER,
    ),
    ("timestamp to date", T("timestamp"), T("date"), DIFFERENT),
    # enums
    ("enum label added at the end", enum("a", "b"), enum("a", "b", "c"), WIDER),
    ("enum label added in between", enum("a", "b"), enum("a", "x", "b"), WIDER),
    ("enum label removed", enum("a", "b", "c"), enum("a", "c"), NARROWER),
    ("enum labels reordered", enum("a", "b"), enum("b", "a"), DIFFERENT),
    ("enum label removed and the rest reordered", enum("a", "b", "c"), enum("c", "a"), DIFFERENT),
    ("enum label renamed", enum("a", "b"), enum("a", "c"), DIFFERENT),
    ("enum to varchar", enum("a", "b"), T("varchar", length=1), DIFFERENT),
    ("varchar to enum", T("varchar", length=1), enum("a", "b"), DIFFERENT),
    # A snapshot file may hold an enum whose labels were not read.
    ("enum against an enum of no labels", enum("a", "b"), T("enum"), DIFFERENT),
    ("enum of no labels against an enum", T("enum"), enum("a", "b"), DIFFERENT),
    # arrays
    ("array item wider", array(T("integer")), array(T("bigint")), WIDER),
    (
        "array item narrower",
        array(T("varchar", length=10)),
        array(T("varchar", length=5)),
        NARROWER,
    ),
    ("array item different", array(T("integer")), array(T("text")), DIFFERENT),
    ("array to scalar", array(T("integer")), T("integer"), DIFFERENT),
    ("scalar to array", T("integer"), array(T("integer")), DIFFERENT),
    ("array dimensions", array(T("integer"), 1), array(T("integer"), 2), DIFFERENT),
    ("array dimensions None means 1", array(T("integer"), None), array(T("integer"), 1), EQUAL),
    # Snapshot files (parity.snapshot_file) may leave dimensions or even the item out.
    ("database dimensions None mean 1", array(T("integer"), 1), array(T("integer"), None), EQUAL),
    ("array against an array of no item", array(T("integer")), T("array"), DIFFERENT),
    ("array of no item against an array", T("array"), array(T("integer")), DIFFERENT),
    # adapter options (e.g. a domain name, a SET marker)
    ("options differ", T("text", options=(("domain", "email"),)), T("text"), DIFFERENT),
]


@pytest.mark.parametrize(
    ("expected", "actual", "verdict"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_generic_type_verdict(expected: TypeSpec, actual: TypeSpec, verdict: TypeVerdict) -> None:
    assert generic_type_verdict(DialectAdapter(), expected, actual) is verdict


def test_every_verdict_occurs() -> None:
    assert {c[3] for c in CASES} == set(TypeVerdict)


class _TinyTextAdapter(DialectAdapter):
    """A dialect whose class tables add a bounded text family and a narrow integer."""

    text_capacity: ClassVar = {**DialectAdapter.text_capacity, "tinytext": 255}
    integer_widths: ClassVar = {**DialectAdapter.integer_widths, "int3": 3}


@pytest.mark.parametrize(
    ("expected", "actual", "verdict"),
    [
        (T("varchar", length=100), T("tinytext"), WIDER),
        (T("varchar", length=300), T("tinytext"), NARROWER),
        (T("tinytext"), T("text"), WIDER),
        (T("int3"), T("integer"), WIDER),
        (T("int3"), T("smallint"), NARROWER),
    ],
)
def test_the_adapter_class_tables_rank_families(
    expected: TypeSpec, actual: TypeSpec, verdict: TypeVerdict
) -> None:
    assert generic_type_verdict(_TinyTextAdapter(), expected, actual) is verdict
    assert _TinyTextAdapter().type_verdict(expected, actual) is verdict


def test_unknown_families_fall_back_to_name_equality() -> None:
    # The generic adapter knows no "tinytext": it can only say the names differ.
    assert generic_type_verdict(DialectAdapter(), T("varchar", length=1), T("tinytext")) is (
        DIFFERENT
    )
