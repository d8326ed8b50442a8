"""``format_type()`` text from ``pg_catalog`` -> a SQLAlchemy type.

A catalog of 1,000 tables has some 20,000 columns but only a few dozen distinct
``format_type()`` strings, and parsing one (regular expressions, splitting, a chain of
name tests) cost more than the rest of reading a column.  The parse is a pure function
of the text and the column's collation, so it is memoised -- as a *builder*, not as a
type: every call still returns a new ``TypeEngine``, because the reflected column dicts
go to callers who may alter a type or attach it to a ``Table`` (SQLAlchemy's own
reflection never shares instances between columns either).

The one input outside the memo key, SQLAlchemy's ``ischema_names`` (extensions such as
GeoAlchemy2 add entries when imported), is looked up when building, never when parsing,
so a type registered after a first read is still found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any, cast

from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.dialects.postgresql.base import ischema_names
from sqlalchemy.sql.type_api import TypeEngine

from dialects.postgresql.types import NamedType

#: Makes one fresh type; what the memo holds per ``(format_type, collation)``.
Builder = Callable[[], TypeEngine[Any]]

_ARGS = re.compile(r"\(([^)]*)\)")
#: Distinct ``(format_type, collation)`` pairs kept; a schema has a few dozen.
_CACHE_SIZE = 4096


def type_from_format(format_type: str, collation: str | None = None) -> TypeEngine[Any]:
    """A new SQLAlchemy type from ``format_type()`` text (arrays included)."""
    return builder(format_type, collation)()


@lru_cache(maxsize=_CACHE_SIZE)
def builder(format_type: str, collation: str | None) -> Builder:
    """The memoised parse of ``format_type`` (with the column's ``collation``)."""
    dims = 0
    text_ = format_type.strip()
    while text_.endswith("[]"):
        dims += 1
        text_ = text_[:-2]
    if dims:
        return partial(_array, builder(text_, collation), dims)
    match = _ARGS.search(text_)
    args = [part.strip() for part in match.group(1).split(",")] if match else []
    base = " ".join(_ARGS.sub("", text_).split())
    numbers = [int(a) for a in args if a.isdigit()]
    first = numbers[0] if numbers else None
    if base in {"timestamp with time zone", "timestamp without time zone"}:
        return partial(pg.TIMESTAMP, timezone="with " in base, precision=first)
    if base in {"time with time zone", "time without time zone"}:
        return partial(pg.TIME, timezone="with " in base, precision=first)
    if base == "interval" or base.startswith("interval "):
        return partial(pg.INTERVAL, precision=first, fields=base[9:] or None)
    if base == "character varying":
        return partial(pg.VARCHAR, first, collation=collation)
    if base == "character":
        return partial(pg.CHAR, first, collation=collation)
    if base == "text":
        return partial(pg.TEXT, collation=collation)
    if base == "numeric":
        if len(numbers) == 2:
            return partial(pg.NUMERIC, precision=numbers[0], scale=numbers[1])
        return pg.NUMERIC
    if base == "double precision":
        return partial(pg.DOUBLE_PRECISION, precision=53)
    if base in {"bit", "bit varying"}:
        return partial(pg.BIT, first, varying=base == "bit varying")
    return partial(_registered, base, tuple(numbers), format_type)


def _array(item: Builder, dims: int) -> TypeEngine[Any]:
    return pg.ARRAY(item(), dimensions=dims)


def _registered(base: str, numbers: tuple[int, ...], format_type: str) -> TypeEngine[Any]:
    """A type SQLAlchemy knows by name, else a :class:`NamedType` keeping the text."""
    found = ischema_names.get(base)
    if found is None:
        return NamedType(format_type)
    type_class = cast("type[TypeEngine[Any]]", found)
    try:
        return type_class(*numbers) if numbers else type_class()
    except TypeError:
        return type_class()
