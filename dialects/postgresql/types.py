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
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import CompileError, UnsupportedCompilationError
from sqlalchemy.sql import sqltypes
from sqlalchemy.sql.type_api import TypeEngine, UserDefinedType

from parity.snapshot import TypeSpec, options_of

#: PostgreSQL's own default fractional-seconds precision; equal to "not given".
DEFAULT_SECONDS_PRECISION = 6
#: ``FLOAT(p)`` with ``p`` up to this is stored as ``real``.
REAL_MAX_PRECISION = 24

_COMPILED = re.compile(r"^(?P<base>[^(]+)(?:\((?P<args>[^)]*)\)(?P<rest>.*))?$")
_INTEGER_ARGS = re.compile(r"^\d+(?:\s*,\s*\d+)?$")


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
        variants: Mapping[str, TypeEngine[Any]] = getattr(type_, "_variant_mapping", {})
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
    if isinstance(type_, pg.DOMAIN):
        base = type_spec(type_.data_type, dialect, synonyms)
        name = f"{type_.schema}.{type_.name}" if type_.schema else type_.name
        return replace(base, options=options_of({**dict(base.options), "domain": name}))
    if isinstance(type_, sqltypes.ARRAY):
        return TypeSpec(
            name="array",
            item=type_spec(type_.item_type, dialect, synonyms),
            dimensions=type_.dimensions or 1,
        )
    if isinstance(type_, sqltypes.Enum):
        if type_.native_enum:
            return TypeSpec(name="enum", values=tuple(type_.enums))
        return TypeSpec(name="varchar", length=type_.length)
    simple = _simple_spec(type_)
    if simple is not None:
        return simple
    return _compiled_spec(type_, dialect, synonyms)


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


#: ``_FIXED``'s answer per type class (``None``: not a fixed family).  The answer depends
#: on the class alone, and a model has a handful of classes for thousands of columns.
_FIXED_BY_CLASS: dict[type[Any], TypeSpec | None] = {}


def _fixed_spec(type_: TypeEngine[Any]) -> TypeSpec | None:
    cls = type(type_)
    try:
        return _FIXED_BY_CLASS[cls]
    except KeyError:
        found = next(
            (TypeSpec(name=name) for family, name in _FIXED if issubclass(cls, family)), None
        )
        _FIXED_BY_CLASS[cls] = found
        return found


def _simple_spec(type_: TypeEngine[Any]) -> TypeSpec | None:
    """The families PostgreSQL stores with a fixed, well-known shape."""
    fixed = _fixed_spec(type_)
    if fixed is not None:
        return fixed
    if isinstance(type_, sqltypes.Float):
        return TypeSpec(name=_float_name(type_))
    if isinstance(type_, sqltypes.Numeric):
        precision, scale = type_.precision, type_.scale
        if precision is not None and scale is None:
            scale = 0
        return TypeSpec(name="numeric", precision=precision, scale=scale)
    if isinstance(type_, (sqltypes.CHAR, sqltypes.NCHAR)):
        return TypeSpec(name="char", length=type_.length or 1)
    if isinstance(type_, sqltypes.String):
        return TypeSpec(name="varchar", length=type_.length)
    if isinstance(type_, (sqltypes.DateTime, sqltypes.Time)):
        return TypeSpec(
            name="timestamp" if isinstance(type_, sqltypes.DateTime) else "time",
            timezone=bool(type_.timezone),
            precision=_seconds_precision(getattr(type_, "precision", None)),
        )
    if isinstance(type_, (sqltypes.Interval, pg.INTERVAL)):
        fields = getattr(type_, "fields", None)
        precision = getattr(type_, "precision", None)
        if precision is None:
            precision = getattr(type_, "second_precision", None)
        return TypeSpec(
            name="interval",
            precision=_seconds_precision(precision),
            options=options_of({"fields": " ".join(fields.lower().split()) if fields else None}),
        )
    if isinstance(type_, pg.BIT):
        if type_.varying:
            return TypeSpec(name="varbit", length=type_.length)
        return TypeSpec(name="bit", length=type_.length or 1)
    return None


def _compiled_spec(
    type_: TypeEngine[Any], dialect: Dialect, synonyms: Mapping[str, str]
) -> TypeSpec:
    """Any other type (``inet``, ranges, ``hstore``, extension types) by its DDL name."""
    if isinstance(type_, sqltypes.NullType):
        return TypeSpec(name="unknown")
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
