"""One :class:`~parity.snapshot.TypeSpec` per distinct type, not per column.

Reducing a type costs SQLAlchemy's ``dialect_impl`` and the adapter's own rules: a
fresh type object per column misses SQLAlchemy's per-object memo, so every reflected
column pays ``adapt`` / ``constructor_copy`` / ``get_cls_kwargs`` (about 1 s of 1.7 s for
MariaDB's reflected side at 1,000 tables, 20,000 columns, of which a few dozen types are
distinct), and every model column pays the adapter's rules again (MariaDB's model side
at 1,000 tables: 295 -> 244 ms, interleaved medians).

The MySQL adapter keeps one :class:`TypeSpecMemo` per side: its ``type_of`` depends only
on the type object and the dialect.  (It stays here, not in the core: the key's dialect
state is MySQL's, and on PostgreSQL, whose rules are one lookup per class, the same memo
measured no gain.) The type object's part is its class (class attributes, methods) and its
instance state (``vars()``: every constructor argument SQLAlchemy's ``adapt`` copies,
plus anything set later), so :func:`type_key` freezes exactly that, keeping each value's
exact class (``1``, ``True`` and ``1.0`` are equal in Python, not as a length). A value
it cannot freeze faithfully (a metadata, an enum class, a SQL expression) makes the type
uncacheable and it is simply reduced every time. The dialect's part is the dialect
object plus the attributes the reduction reads that ``initialize()`` sets after the
dialect exists (:func:`dialect_state`), so a dialect set up later is never served an
earlier answer.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy.engine import Dialect
from sqlalchemy.sql.type_api import TypeEngine

from parity.snapshot import TypeSpec

#: Instance values frozen as themselves (with their exact class).
_SCALARS = frozenset({str, int, bool, bytes, type(None)})
#: Entries per dialect before the memo starts over (a bound, never reached in practice:
#: a schema holds far fewer distinct column types).
MAX_ENTRIES = 4096


class Uncacheable(Exception):
    """A type holds a value whose equality does not prove equal behaviour."""


def _freeze(value: object) -> Hashable:
    kind = type(value)
    if kind in _SCALARS:
        return (kind, value)
    if kind is float:
        return (kind, repr(value))  # NaN and -0.0 compare unlike their behaviour
    if isinstance(value, enum.Enum):
        return (kind, value)  # members compare by identity
    if isinstance(value, (list, tuple)) and kind in (list, tuple):  # not subclasses
        return (kind, tuple(_freeze(item) for item in value))
    if isinstance(value, dict) and kind is dict:  # in insertion order: stricter, safe
        return (kind, tuple((_freeze(k), _freeze(v)) for k, v in value.items()))
    raise Uncacheable(kind.__name__)


def type_key(type_: TypeEngine[Any]) -> Hashable | None:
    """The type's class and frozen instance state, or ``None`` if it cannot be frozen.

    Attributes stay in ``vars()`` order (no sort): two equal states set in another order
    only miss the memo, they are never confused.
    """
    key: list[object] = [type(type_)]
    try:
        for name, value in vars(type_).items():
            kind = type(value)
            key.append((name, kind, value) if kind in _SCALARS else (name, _freeze(value)))
    except Uncacheable:
        return None
    return tuple(key)


def dialect_state(dialect: Dialect) -> Hashable:
    """The dialect attributes a reduction may read that are set after construction
    (a superset for any adapter here: an extra attribute only splits the memo)."""
    version = getattr(dialect, "server_version_info", None)
    return (
        tuple(version) if version is not None else None,
        bool(getattr(dialect, "is_mariadb", False)),
        bool(getattr(dialect, "supports_native_uuid", False)),
        bool(getattr(dialect, "supports_native_enum", False)),
    )


class TypeSpecMemo:
    """``reduce(type_, dialect)``, remembered per dialect and :func:`type_key`."""

    def __init__(self) -> None:
        self._by_dialect: WeakKeyDictionary[Dialect, dict[Hashable, TypeSpec]] = WeakKeyDictionary()

    def spec(
        self,
        type_: TypeEngine[Any],
        dialect: Dialect,
        reduce: Callable[[TypeEngine[Any], Dialect], TypeSpec],
    ) -> TypeSpec:
        key = type_key(type_)
        if key is None:
            return reduce(type_, dialect)
        key = (dialect_state(dialect), key)
        memo = self._by_dialect.get(dialect)
        if memo is None:
            memo = self._by_dialect.setdefault(dialect, {})
        found = memo.get(key)
        if found is None:
            found = reduce(type_, dialect)
            if len(memo) >= MAX_ENTRIES:
                memo.clear()
            memo[key] = found
        return found
