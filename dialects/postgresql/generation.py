"""How PostgreSQL generates key values: SERIAL, IDENTITY, or nothing.

Comparable strings (both sides produce exactly these):

* ``"serial"`` — an integer column whose default is ``nextval()`` of a sequence the
  column owns.  This is what ``create_all`` makes of an autoincrement ``Integer``
  primary key (``SERIAL`` / ``BIGSERIAL`` / ``SMALLSERIAL``; the width is compared as
  the type).  The ``nextval('t_id_seq'::regclass)`` default that comes with it is part
  of the serial, not a server default, so the reader moves it out of ``default``.
* ``"identity always"`` / ``"identity by default"`` — an ``IDENTITY`` column, followed
  by the sequence options that differ from PostgreSQL's defaults for the column's type,
  e.g. ``"identity always (start 10, increment 2)"``.  Options left at their defaults
  are not written, so ``Identity()`` and a reflected ``START 1 INCREMENT 1 CACHE 1
  MINVALUE 1 MAXVALUE 2147483647`` agree.
* ``None`` — the database generates nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Column, Identity, Sequence, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.interfaces import ReflectedColumn, ReflectedIdentity
from sqlalchemy.sql import sqltypes

from dialects.postgresql.types import ddl_type

SERIAL = "serial"
MAX_IDENTIFIER = 63
_NEXTVAL = re.compile(r"^\s*nextval\('(?P<seq>(?:[^']|'')+)'(?:::regclass)?\)\s*$", re.I)

#: (min, max) of the integer types an identity or serial can use.
_RANGES: Mapping[str, tuple[int, int]] = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}
_OPTION_ORDER = ("start", "increment", "minvalue", "maxvalue", "cache", "cycle")


def integer_family(type_: sqltypes.TypeEngine[Any], dialect: Dialect | None) -> str:
    """``smallint``/``integer``/``bigint``: the range an identity's sequence defaults to."""
    resolved = ddl_type(type_, dialect) if dialect is not None else type_
    if isinstance(resolved, sqltypes.BigInteger):
        return "bigint"
    if isinstance(resolved, sqltypes.SmallInteger):
        return "smallint"
    return "integer"


def nextval_sequence(default: str | None) -> str | None:
    """The sequence name in a ``nextval('name'::regclass)`` default, else ``None``."""
    if not default:
        return None
    match = _NEXTVAL.match(default)
    return match.group("seq").replace("''", "'") if match else None


def describe_identity(always: bool, options: Mapping[str, Any], family: str) -> str:
    """``"identity always"``/``"identity by default"`` plus non-default options."""
    low, high = _RANGES.get(family, _RANGES["bigint"])
    increment = int(options.get("increment") or 1)
    ascending = increment > 0
    minvalue = options.get("minvalue")
    maxvalue = options.get("maxvalue")
    if minvalue is None or options.get("nominvalue"):
        minvalue = 1 if ascending else low
    if maxvalue is None or options.get("nomaxvalue"):
        maxvalue = high if ascending else -1
    start = options.get("start")
    if start is None:
        start = minvalue if ascending else maxvalue
    effective = {
        "start": int(start),
        "increment": increment,
        "minvalue": int(minvalue),
        "maxvalue": int(maxvalue),
        "cache": int(options.get("cache") or 1),
        "cycle": bool(options.get("cycle")),
    }
    defaults = {
        "start": 1 if ascending else -1,
        "increment": 1,
        "minvalue": 1 if ascending else low,
        "maxvalue": high if ascending else -1,
        "cache": 1,
        "cycle": False,
    }
    changed = [
        key if key == "cycle" else f"{key} {effective[key]}"
        for key in _OPTION_ORDER
        if effective[key] != defaults[key]
    ]
    text = "identity always" if always else "identity by default"
    return f"{text} ({', '.join(changed)})" if changed else text


def declared(table: Table, column: Column[Any], dialect: Dialect) -> str | None:
    """What ``create_all`` makes of a model column on PostgreSQL (mirrors its compiler)."""
    identity = column.identity
    if isinstance(identity, Identity):
        options = {
            key: getattr(identity, key, None)
            for key in ("start", "increment", "minvalue", "maxvalue", "nominvalue",
                        "nomaxvalue", "cache", "cycle")
        }  # fmt: skip
        return describe_identity(
            bool(identity.always), options, integer_family(column.type, dialect)
        )
    if column.computed is not None:
        return None
    default = column.default
    if (
        column.primary_key
        and column is table._autoincrement_column
        and (default is None or (isinstance(default, Sequence) and default.optional))
    ):
        return SERIAL
    return None


def reflected(table: str, column: ReflectedColumn) -> str | None:
    """How the catalog says values are generated for a reflected column."""
    identity: ReflectedIdentity | None = column.get("identity")
    if identity:
        return describe_identity(
            bool(identity.get("always")),
            dict(identity),
            integer_family(column["type"], None),
        )
    options = column.get("dialect_options") or {}
    if options.get("postgresql_serial"):
        return SERIAL
    sequence = nextval_sequence(column.get("default"))
    if sequence is not None and is_serial_sequence(table, column["name"], sequence):
        return SERIAL
    return None


def is_serial_sequence(table: str, column: str, sequence: str) -> bool:
    """Whether ``sequence`` is named the way ``SERIAL`` names the sequence it creates.

    Used only when the catalog did not say which sequences a column owns (a reader
    other than this adapter's); PostgreSQL truncates long names, so the check is on
    the unqualified, unquoted name's prefix and suffix.
    """
    bare = sequence.rsplit(".", maxsplit=1)[-1].strip('"')
    expected = f"{table}_{column}_seq"
    if re.fullmatch(re.escape(expected) + r"\d*", bare):
        return True  # a digit is appended when the name was taken
    # Longer than an identifier: PostgreSQL truncates the table and column parts.
    return (
        len(expected) > MAX_IDENTIFIER
        and bare.endswith("_seq")
        and (bare.startswith(table[:8]) and len(bare) <= MAX_IDENTIFIER)
    )


def declared_persisted(column: Column[Any], dialect: Dialect) -> bool:
    """STORED (``True``) or VIRTUAL (``False``): what ``create_all`` makes of a
    ``Computed`` column on this PostgreSQL.

    ``persisted=None`` is the database's default as SQLAlchemy renders it: VIRTUAL when
    the dialect supports virtual columns (SQLAlchemy 2.1 on PostgreSQL 18+, which emits
    no keyword), STORED otherwise (PostgreSQL before 18, and SQLAlchemy 2.0 everywhere,
    which always emit ``STORED``).  So a model that leaves ``persisted`` unset and a
    database column of the other kind are a real difference.
    """
    assert column.computed is not None
    persisted = column.computed.persisted
    if persisted is not None:
        return bool(persisted)
    return not getattr(dialect, "supports_virtual_generated_columns", False)
