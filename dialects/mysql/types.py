"""MySQL and MariaDB column types reduced to :class:`~parity.snapshot.TypeSpec`.

The same function reads a model's type (resolved for the bound dialect, i.e. what
``create_all`` sends) and a reflected type (what ``SHOW CREATE TABLE`` or
``information_schema`` report), so both sides meet in one spelling.  What the server
does to a type on the way in is applied to the model side here:

* integer display widths (``INT(11)``) are dropped: they never limited values and
  MySQL 8.0.19+ no longer prints them;
* ``TINYINT(1)`` is SQLAlchemy's ``Boolean`` and reads back as one;
* ``ZEROFILL`` implies ``UNSIGNED`` (the server adds it silently);
* ``FLOAT(p)`` becomes ``FLOAT`` or ``DOUBLE`` depending on ``p``; ``REAL`` is ``DOUBLE``;
* ``DECIMAL`` without arguments is ``DECIMAL(10, 0)``;
* ``TEXT(n)`` / ``BLOB(n)`` become the smallest TEXT / BLOB type holding ``n``;
* ``DATETIME(0)`` is ``DATETIME``; MySQL has no time-zone-aware type, so ``timezone``
  is always false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import sqltypes
from sqlalchemy.sql.type_api import TypeEngine

from parity.snapshot import TypeSpec, options_of

#: Integer families by storage size (bytes), for "narrower / wider" verdicts.
INTEGER_WIDTHS: Mapping[str, int] = {
    "tinyint": 1,
    "smallint": 2,
    "mediumint": 3,
    "integer": 4,
    "bigint": 8,
}
FLOAT_WIDTHS: Mapping[str, int] = {"float": 4, "double": 8}
#: Maximum size in bytes of each TEXT family (VARCHAR/CHAR carry their own length).
TEXT_CAPACITY: Mapping[str, int | None] = {
    "varchar": None,
    "char": None,
    "tinytext": 255,
    "text": 65_535,
    "mediumtext": 16_777_215,
    "longtext": 4_294_967_295,
}
BLOB_CAPACITY: Mapping[str, int] = {
    "tinyblob": 255,
    "blob": 65_535,
    "mediumblob": 16_777_215,
    "longblob": 4_294_967_295,
}
#: Bytes per character of the character sets a ``TEXT(n)`` is sized by.  A type that
#: names no charset gets the table's, assumed to be utf8mb4 (the default of MySQL 8 and
#: of MariaDB packages); ``TEXT(n)`` with an explicit length is rare enough for that.
CHARSET_BYTES: Mapping[str, int] = {
    "latin1": 1,
    "ascii": 1,
    "binary": 1,
    "utf8": 3,
    "utf8mb3": 3,
    "utf8mb4": 4,
    "ucs2": 2,
    "utf16": 4,
    "utf32": 4,
}
DEFAULT_CHARSET_BYTES = 4
#: ``FLOAT(p)`` with ``p`` above this is stored as DOUBLE.
FLOAT_MAX_PRECISION = 24

Fallback = Callable[[TypeEngine[Any], Dialect], TypeSpec]

#: MariaDB's INET4/INET6 types exist in SQLAlchemy 2.0.37 and later only.
_INET_TYPES: tuple[type[Any], ...] = tuple(
    t for t in (getattr(mysql, "INET4", None), getattr(mysql, "INET6", None)) if t is not None
)


def _sized_family(capacities: Mapping[str, int | None], needed: int) -> str:
    for name, capacity in capacities.items():
        if capacity is not None and capacity >= needed:
            return name
    return list(capacities)[-1]


def _integer_name(type_: TypeEngine[Any]) -> str:
    if isinstance(type_, mysql.TINYINT):
        return "tinyint"
    if isinstance(type_, mysql.MEDIUMINT):
        return "mediumint"
    if isinstance(type_, sqltypes.SmallInteger):
        return "smallint"
    if isinstance(type_, sqltypes.BigInteger):
        return "bigint"
    return "integer"


def _is_boolean(type_: TypeEngine[Any]) -> bool:
    if isinstance(type_, sqltypes.Boolean):
        return True
    return (
        isinstance(type_, mysql.TINYINT)
        and getattr(type_, "display_width", None) == 1
        and not getattr(type_, "unsigned", False)
        and not getattr(type_, "zerofill", False)
    )


def _integer(type_: TypeEngine[Any]) -> TypeSpec:
    zerofill = bool(getattr(type_, "zerofill", False))
    return TypeSpec(
        name=_integer_name(type_),
        unsigned=zerofill or bool(getattr(type_, "unsigned", False)),
        options=options_of({"zerofill": "true" if zerofill else None}),
    )


def _float(type_: sqltypes.Float[Any]) -> TypeSpec:
    precision = getattr(type_, "precision", None)
    scale = getattr(type_, "scale", None)
    unsigned = bool(getattr(type_, "unsigned", False))
    if isinstance(type_, (mysql.DOUBLE, mysql.REAL, sqltypes.Double, sqltypes.DOUBLE_PRECISION)):
        name = "double"
    elif isinstance(type_, sqltypes.REAL):
        name = "double"  # REAL is DOUBLE unless sql_mode has REAL_AS_FLOAT
    else:
        name = "float"
        if scale is None and precision is not None:
            # FLOAT(p) only chooses the storage size; the server keeps no argument.
            name = "double" if precision > FLOAT_MAX_PRECISION else "float"
            precision = None
    if scale is None:
        precision = None
    return TypeSpec(name=name, precision=precision, scale=scale, unsigned=unsigned)


def _decimal(type_: sqltypes.Numeric[Any]) -> TypeSpec:
    precision = type_.precision if type_.precision is not None else 10
    scale = type_.scale if type_.scale is not None else 0
    return TypeSpec(
        name="decimal",
        precision=precision,
        scale=scale,
        unsigned=bool(getattr(type_, "unsigned", False)),
    )


def _charset_bytes(type_: TypeEngine[Any]) -> int:
    charset = getattr(type_, "charset", None)
    if getattr(type_, "national", False):
        charset = "utf8mb3"
    if getattr(type_, "ascii", False):
        charset = "latin1"
    return (
        CHARSET_BYTES.get(str(charset).lower(), DEFAULT_CHARSET_BYTES)
        if charset
        else (DEFAULT_CHARSET_BYTES)
    )


#: MySQL's sized TEXT types; they subclass ``String``, not ``Text``, in SQLAlchemy.
SIZED_TEXT: tuple[tuple[type[sqltypes.String], str], ...] = (
    (mysql.TINYTEXT, "tinytext"),
    (mysql.MEDIUMTEXT, "mediumtext"),
    (mysql.LONGTEXT, "longtext"),
)


def is_text(type_: TypeEngine[Any]) -> bool:
    """Any TEXT family type (plain ``Text`` or one of MySQL's sized ones)."""
    return isinstance(type_, sqltypes.Text) or any(isinstance(type_, c) for c, _ in SIZED_TEXT)


def _text(type_: sqltypes.String) -> TypeSpec:
    for cls, name in SIZED_TEXT:
        if isinstance(type_, cls):
            return TypeSpec(name=name)
    if type_.length:
        needed = type_.length * _charset_bytes(type_)
        texts = {k: v for k, v in TEXT_CAPACITY.items() if k.endswith("text")}
        return TypeSpec(name=_sized_family(texts, needed))
    return TypeSpec(name="text")


def _blob(type_: sqltypes._Binary) -> TypeSpec:
    if isinstance(type_, sqltypes.BINARY):
        return TypeSpec(name="binary", length=type_.length or 1)
    if isinstance(type_, sqltypes.VARBINARY):
        return TypeSpec(name="varbinary", length=type_.length)
    for cls, name in (
        (mysql.TINYBLOB, "tinyblob"),
        (mysql.MEDIUMBLOB, "mediumblob"),
        (mysql.LONGBLOB, "longblob"),
    ):
        if isinstance(type_, cls):
            return TypeSpec(name=name)
    if type_.length:
        return TypeSpec(name=_sized_family(BLOB_CAPACITY, type_.length))
    return TypeSpec(name="blob")


def _temporal(type_: TypeEngine[Any]) -> TypeSpec | None:
    fsp = getattr(type_, "fsp", None) or None
    if isinstance(type_, sqltypes.TIMESTAMP):
        return TypeSpec(name="timestamp", precision=fsp)
    if isinstance(type_, sqltypes.DateTime):
        return TypeSpec(name="datetime", precision=fsp)
    if isinstance(type_, sqltypes.Time):
        return TypeSpec(name="time", precision=fsp)
    if isinstance(type_, sqltypes.Date):
        return TypeSpec(name="date")
    if isinstance(type_, mysql.YEAR):
        return TypeSpec(name="year")  # YEAR(4) is the only width left; YEAR(2) is gone
    return None


def _string(type_: sqltypes.String, dialect: Dialect) -> TypeSpec:
    if isinstance(type_, sqltypes.Enum):
        if type_.native_enum:
            return TypeSpec(name="enum", values=tuple(type_.enums))
        return TypeSpec(name="varchar", length=type_.length)
    if isinstance(type_, mysql.SET):
        return TypeSpec(name="set", values=tuple(type_.values))
    if is_text(type_):
        return _text(type_)
    if isinstance(type_, (sqltypes.CHAR, sqltypes.NCHAR)):
        return TypeSpec(name="char", length=type_.length or 1)
    return TypeSpec(name="varchar", length=type_.length)


def _uuid(type_: sqltypes.Uuid[Any], dialect: Dialect, original: TypeEngine[Any]) -> TypeSpec:
    """Native UUID where the dialect has one (MariaDB 10.7+), else SQLAlchemy's CHAR(32).

    The resolved class says nothing here (MariaDB's is used on every version), and its
    ``native_uuid`` attribute is SQLAlchemy-internal, so the dialect capability decides.
    """
    if isinstance(original, sqltypes.UUID):
        return TypeSpec(name="uuid")  # the explicit UUID type always compiles to UUID
    if getattr(dialect, "supports_native_uuid", False) and getattr(type_, "native", False):
        return TypeSpec(name="uuid")
    return TypeSpec(name="char", length=32)


def mysql_type_spec(
    type_: TypeEngine[Any], dialect: Dialect, fallback: Fallback, original: TypeEngine[Any]
) -> TypeSpec:
    """Reduce a dialect-resolved type; ``fallback`` handles anything unknown.

    ``original`` is the type before resolution: SQLAlchemy resolves ``REAL`` to MySQL's
    ``FLOAT`` class but still compiles it as ``REAL``, which the server stores as DOUBLE.
    """
    if isinstance(original, sqltypes.REAL) and not isinstance(original, mysql.FLOAT):
        return TypeSpec(name="double", unsigned=bool(getattr(original, "unsigned", False)))
    if _is_boolean(type_):
        return TypeSpec(name="boolean")
    if isinstance(type_, mysql.BIT):
        return TypeSpec(name="bit", length=type_.length or 1)
    if isinstance(type_, sqltypes.Integer):
        return _integer(type_)
    if isinstance(type_, sqltypes.Float):
        return _float(type_)
    if isinstance(type_, sqltypes.Numeric):
        return _decimal(type_)
    if _INET_TYPES and isinstance(type_, _INET_TYPES):
        return TypeSpec(name=type(type_).__name__.lower())  # MariaDB 10.10+ / 11.3+
    if isinstance(type_, sqltypes.JSON):
        return TypeSpec(name="json")
    if isinstance(type_, sqltypes.Uuid):
        return _uuid(type_, dialect, original)
    if isinstance(type_, sqltypes.String):
        return _string(type_, dialect)
    if isinstance(type_, sqltypes._Binary):
        return _blob(type_)
    temporal = _temporal(type_)
    if temporal is not None:
        return temporal
    return fallback(type_, dialect)


def catalog_type_spec(column_type: str) -> TypeSpec:
    """A type known only by ``information_schema.COLUMNS.COLUMN_TYPE`` (``point``)."""
    words = column_type.lower().split()
    return TypeSpec(name=" ".join(w for w in words if w not in {"unsigned", "zerofill"}) or "?")
