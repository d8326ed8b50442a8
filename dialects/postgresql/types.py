"""Reduce PostgreSQL column types, from a model or from the catalog, to ``TypeSpec``.

Both sides go through :func:`type_spec`, which works on SQLAlchemy ``TypeEngine``
objects rather than on compiled DDL strings: the class hierarchy already tells
``BIGINT`` from ``INTEGER`` and ``JSONB`` from ``JSON``, so nothing has to be
regex-split.  The rules mirror what PostgreSQL itself stores, so that a model type and
the type ``create_all`` made from it reduce to the same record:

* ``Float(p)`` is ``real`` for ``p <= 24`` and ``double precision`` otherwise (and
  without ``p``), exactly as PostgreSQL resolves ``FLOAT(p)``;
* ``CHAR`` without a length is ``char(1)``; ``Numeric(p)`` is ``numeric(p, 0)``;
* a fractional-seconds precision of 6 is PostgreSQL's default and equals "none";
* ``varchar`` (no length) and ``text`` stay distinct names: they hold the same values
  but are different types, and the policy ranks them through ``text_capacity``;
* a native ``ENUM`` keeps its labels in order; a non-native ``Enum`` is the
  ``VARCHAR`` SQLAlchemy creates for it;
* a ``DOMAIN`` reduces to its base type with ``("domain", name)`` in ``options``, so a
  column moved onto a domain (which may carry its own NOT NULL / CHECK) is a type
  difference, while two columns on the same domain compare by base type.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any

from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import CompileError, UnsupportedCompilationError
from sqlalchemy.sql import sqltypes
from sqlalchemy.sql.type_api import TypeEngine, UserDefinedType

from parity.snapshot import UNKNOWN_TYPE, TypeSpec, options_of

#: PostgreSQL's own default fractional-seconds precision; equal to "not given".
DEFAULT_SECONDS_PRECISION = 6
#: ``FLOAT(p)`` with ``p`` up to this is stored as ``real``.
REAL_MAX_PRECISION = 24

_COMPILED = re.compile(r"^(?P<base>[^(]+)(?:\((?P<args>[^)]*)\)(?P<rest>.*))?$")
_INTEGER_ARGS = re.compile(r"^\d+(?:\s*,\s*\d+)?$")
#: What a type without ``with_variant()`` has (no new dict per call).
_NO_VARIANTS: Mapping[str, TypeEngine[Any]] = {}


class NamedType(UserDefinedType[Any]):
    """A type SQLAlchemy does not model, kept by its catalog name (``format_type``)."""

    cache_ok = True

    def __init__(self, sql: str) -> None:
        self.sql = sql

    def get_col_spec(self, **kw: Any) -> str:
        return self.sql

    def __repr__(self) -> str:
        return f"NamedType({self.sql!r})"


def ddl_type(type_: TypeEngine[Any], dialect: Dialect) -> TypeEngine[Any]:
    """The type ``CREATE TABLE`` writes for ``type_``: variant chosen, decorators unwrapped.

    Not ``dialect_impl()``: that returns the driver-level implementation, which forgets
    distinctions DDL keeps (psycopg's ``_PGString`` stands for ``CHAR`` and ``VARCHAR``).
    """
    for _ in range(10):
        variants: Mapping[str, TypeEngine[Any]] = getattr(type_, "_variant_mapping", _NO_VARIANTS)
        if dialect.name in variants:
            type_ = variants[dialect.name]
        elif isinstance(type_, sqltypes.TypeDecorator) and not isinstance(
            type_,
            sqltypes.Interval,  # emulated elsewhere; PostgreSQL has it natively
        ):
            type_ = type_.load_dialect_impl(dialect)
        else:
            break
    return type_


def _seconds_precision(value: object) -> int | None:
    if isinstance(value, int) and value != DEFAULT_SECONDS_PRECISION:
        return value
    return None


def _float_name(type_: sqltypes.Float[Any]) -> str:
    if isinstance(type_, sqltypes.REAL):
        return "real"
    if isinstance(type_, sqltypes.Double):
        return "double precision"
    precision = type_.precision
    if precision is not None and precision <= REAL_MAX_PRECISION:
        return "real"
    return "double precision"


def type_spec(type_: TypeEngine[Any], dialect: Dialect, synonyms: Mapping[str, str]) -> TypeSpec:
    """The ``TypeSpec`` of one SQLAlchemy type as PostgreSQL stores it."""
    type_ = ddl_type(type_, dialect)
    cls = type(type_)
    rule = _RULE_BY_CLASS.get(cls)
    if rule is None:
        rule = _RULE_BY_CLASS[cls] = _rule_for(cls)
    return rule(type_, dialect, synonyms)


#: Reduces one type (already through :func:`ddl_type`) to its ``TypeSpec``.
_Rule = Callable[[Any, Dialect, Mapping[str, str]], TypeSpec]


def _domain_spec(type_: pg.DOMAIN, dialect: Dialect, synonyms: Mapping[str, str]) -> TypeSpec:
    base = type_spec(type_.data_type, dialect, synonyms)
    name = f"{type_.schema}.{type_.name}" if type_.schema else type_.name
    return replace(base, options=options_of({**dict(base.options), "domain": name}))


def _array_spec(
    type_: sqltypes.ARRAY[Any], dialect: Dialect, synonyms: Mapping[str, str]
) -> TypeSpec:
    return TypeSpec(
        name="array",
        item=type_spec(type_.item_type, dialect, synonyms),
        dimensions=type_.dimensions or 1,
    )


def _enum_spec(type_: sqltypes.Enum, dialect: Dialect, synonyms: Mapping[str, str]) -> TypeSpec:
    if type_.native_enum:
        return TypeSpec(name="enum", values=tuple(type_.enums))
    return TypeSpec(name="varchar", length=type_.length)


#: Families with no parameters, most specific class first.
_FIXED: tuple[tuple[type[TypeEngine[Any]], str], ...] = (
    (sqltypes.BigInteger, "bigint"),
    (sqltypes.SmallInteger, "smallint"),
    (sqltypes.Integer, "integer"),
    (pg.CITEXT, "citext"),
    (sqltypes.Text, "text"),
    (sqltypes.Date, "date"),
    (sqltypes.Boolean, "boolean"),
    (pg.JSONB, "jsonb"),
    (sqltypes.JSON, "json"),
    (sqltypes.Uuid, "uuid"),
    (sqltypes._Binary, "bytea"),
)


@lru_cache(maxsize=1024, typed=True)
def _shared(
    name: str,
    length: int | None = None,
    precision: int | None = None,
    scale: int | None = None,
    timezone: bool = False,
) -> TypeSpec:
    """One shared ``TypeSpec`` per field values (it is frozen, so sharing is safe).

    The arguments are every field the parametrised rules set, so equal arguments build
    equal records; ``typed`` keeps ``10`` and ``10.0`` (or ``1`` and ``True``) apart, as
    they would render differently.  20,000 columns have a few dozen distinct keys.
    """
    return TypeSpec(name=name, length=length, precision=precision, scale=scale, timezone=timezone)


def _fixed_rule(spec: TypeSpec) -> _Rule:
    """A rule answering ``spec`` whatever the instance (``TypeSpec`` is frozen)."""

    def fixed(type_: Any, dialect: Dialect, synonyms: Mapping[str, str]) -> TypeSpec:
        return spec

    return fixed


def _float_spec(
    type_: sqltypes.Float[Any], dialect: Dialect, synonyms: Mapping[str, str]
) -> TypeSpec:
    return _shared(_float_name(type_))


def _numeric_spec(
    type_: sqltypes.Numeric[Any], dialect: Dialect, synonyms: Mapping[str, str]
) -> TypeSpec:
    precision, scale = type_.precision, type_.scale
    if precision is not None and scale is None:
        scale = 0
    return _shared("numeric", None, precision, scale)


def _char_spec(type_: sqltypes.String, dialect: Dialect, synonyms: Mapping[str, str]) -> TypeSpec:
    return _shared("char", type_.length or 1)


def _varchar_spec(
    type_: sqltypes.String, dialect: Dialect, synonyms: Mapping[str, str]
) -> TypeSpec:
    return _shared("varchar", type_.length)


def _clock_spec(
    type_: sqltypes.DateTime | sqltypes.Time, dialect: Dialect, synonyms: Mapping[str, str]
) -> TypeSpec:
    return _shared(
        "timestamp" if isinstance(type_, sqltypes.DateTime) else "time",
        None,
        _seconds_precision(getattr(type_, "precision", None)),
        None,
        bool(type_.timezone),
    )


def _interval_spec(type_: Any, dialect: Dialect, synonyms: Mapping[str, str]) -> TypeSpec:
    fields = getattr(type_, "fields", None)
    precision = getattr(type_, "precision", None)
    if precision is None:
        precision = getattr(type_, "second_precision", None)
    return TypeSpec(
        name="interval",
        precision=_seconds_precision(precision),
        options=options_of({"fields": " ".join(fields.lower().split()) if fields else None}),
    )


def _bit_spec(type_: pg.BIT, dialect: Dialect, synonyms: Mapping[str, str]) -> TypeSpec:
    if type_.varying:
        return _shared("varbit", type_.length)
    return _shared("bit", type_.length or 1)


#: The families after the fixed ones, in the order they are tested.
_FAMILIES: tuple[tuple[tuple[type[Any], ...], _Rule], ...] = (
    ((sqltypes.Float,), _float_spec),
    ((sqltypes.Numeric,), _numeric_spec),
    ((sqltypes.CHAR, sqltypes.NCHAR), _char_spec),
    ((sqltypes.String,), _varchar_spec),
    ((sqltypes.DateTime, sqltypes.Time), _clock_spec),
    ((sqltypes.Interval, pg.INTERVAL), _interval_spec),
    ((pg.BIT,), _bit_spec),
)


def _rule_for(cls: type[Any]) -> _Rule:
    """Which rule reduces instances of ``cls``: the first family ``cls`` belongs to.

    Only the class decides (every test below is ``issubclass``), so the answer is
    memoised per class in ``_RULE_BY_CLASS``: a model has a handful of type classes for
    thousands of columns.  Families with parameters still read them from the instance.
    """
    if issubclass(cls, pg.DOMAIN):
        return _domain_spec
    if issubclass(cls, sqltypes.ARRAY):
        return _array_spec
    if issubclass(cls, sqltypes.Enum):
        return _enum_spec
    for family, name in _FIXED:
        if issubclass(cls, family):
            return _fixed_rule(TypeSpec(name=name))
    for classes, rule in _FAMILIES:
        if issubclass(cls, classes):
            return rule
    return _compiled_spec


_RULE_BY_CLASS: dict[type[Any], _Rule] = {}


def _compiled_spec(
    type_: TypeEngine[Any], dialect: Dialect, synonyms: Mapping[str, str]
) -> TypeSpec:
    """Any other type (``inet``, ranges, ``hstore``, extension types) by its DDL name."""
    if isinstance(type_, sqltypes.NullType):
        return TypeSpec(name=UNKNOWN_TYPE)
    try:
        compiled = dialect.type_compiler_instance.process(type_)
    except (CompileError, UnsupportedCompilationError, NotImplementedError):
        return TypeSpec(name=type(type_).__name__.lower())
    return parse_type_name(compiled, synonyms)


def parse_type_name(sql: str, synonyms: Mapping[str, str]) -> TypeSpec:
    """A ``TypeSpec`` from DDL text such as ``macaddr8`` or ``geometry(Point, 4326)``."""
    text = " ".join(sql.strip().lower().replace('"', "").split())
    match = _COMPILED.match(text)
    if match is None:  # pragma: no cover - the pattern matches any text
        return TypeSpec(name=text)
    base = match.group("base").strip()
    args = (match.group("args") or "").strip()
    rest = (match.group("rest") or "").strip()
    name = synonyms.get(base, base)
    if rest:
        name = f"{name} {rest}"
    if not args:
        return TypeSpec(name=name)
    if _INTEGER_ARGS.match(args):
        numbers = [int(part) for part in args.split(",")]
        if len(numbers) == 1:
            return TypeSpec(name=name, length=numbers[0])
        return TypeSpec(name=name, precision=numbers[0], scale=numbers[1])
    return TypeSpec(name=name, options=(("args", args),))


_SQL_NAMES: Mapping[str, str] = {
    "timestamp": "timestamp",
    "time": "time",
}


def type_sql(spec: TypeSpec) -> str | None:
    """PostgreSQL DDL for a scalar ``TypeSpec``, or ``None`` when it cannot be written.

    Used to cast both expressions of a server-side default comparison to the column's
    type; enums, domains and arrays return ``None`` (their names are not in the spec).
    """
    if spec.item is not None or spec.values is not None or spec.name in {"unknown", "enum"}:
        return None
    if dict(spec.options).get("domain") or dict(spec.options).get("args"):
        return None
    name = spec.name
    if name in _SQL_NAMES:
        text = name + (f"({spec.precision})" if spec.precision is not None else "")
        return text + (" with time zone" if spec.timezone else "")
    if name == "interval":
        fields = dict(spec.options).get("fields")
        text = "interval" + (f" {fields}" if fields else "")
        return text + (f"({spec.precision})" if spec.precision is not None else "")
    if spec.length is not None:
        return f"{name}({spec.length})"
    if spec.precision is not None:
        return f"{name}({spec.precision}, {spec.scale or 0})"
    return name
