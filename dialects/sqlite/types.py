"""SQLite declared types: parsing them into ``TypeSpec`` and resolving them like SQLAlchemy.

SQLite stores a column's declared type verbatim and only derives an *affinity* from it
(https://www.sqlite.org/datatype3.html §3.1).  ``create_all`` writes exactly what the
SQLite type compiler renders, so the faithful comparison is between two declared-type
strings: the one the model compiles to and the one in the catalog.  Both go through
:func:`parse_declared_type`, which keeps the base name (lower case, white space
collapsed) and reads the arguments into length or precision/scale.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol, cast

from sqlalchemy.engine import Dialect
from sqlalchemy.sql.type_api import TypeEngine

from dialects.sqlite.ddl_parse import Token, tokenize
from parity.snapshot import TypeSpec, options_of

#: Spellings SQLAlchemy's SQLite dialect itself maps to one type (``ischema_names``).
#: Nothing else is folded: ``DECIMAL`` and ``NUMERIC``, or ``VARCHAR`` and ``TEXT``,
#: are different SQLAlchemy types even though SQLite gives them the same affinity.
TYPE_SYNONYMS: dict[str, str] = {
    "int": "integer",
    "bool": "boolean",
    "date_char": "date",
    "datetime_char": "datetime",
    "time_char": "time",
}

#: The name used for a column declared with no type at all (BLOB affinity).
NO_TYPE = "(none)"

#: Substrings that make SQLite read the arguments as precision/scale rather than length.
_NUMERIC_MARKERS = ("dec", "num", "real", "floa", "doub", "time", "date")


def affinity(name: str) -> str:
    """SQLite's type affinity for a declared type name, by the documented rules."""
    upper = name.upper()
    if "INT" in upper:
        return "integer"
    if "CHAR" in upper or "CLOB" in upper or "TEXT" in upper:
        return "text"
    if "BLOB" in upper or not upper or name == NO_TYPE:
        return "blob"
    if "REAL" in upper or "FLOA" in upper or "DOUB" in upper:
        return "real"
    return "numeric"


def strip_generated(declared: str) -> str:
    """Drop the ``GENERATED ALWAYS`` older SQLite versions leave in a generated column's type."""
    toks = tokenize(declared)
    if len(toks) >= 2 and [t.upper for t in toks[-2:]] == ["GENERATED", "ALWAYS"]:
        toks = toks[:-2]
        return declared[: toks[-1].end] if toks else ""
    return declared


@lru_cache(maxsize=4096)
def parse_declared_type(declared: str) -> TypeSpec:
    """Reduce a declared type string (``VARCHAR(20) COLLATE "NOCASE"``…) to a ``TypeSpec``.

    A trailing ``COLLATE`` (the SQLite type compiler renders it as part of a string
    type) is not part of the type: collation is compared on its own.  Arguments that
    are not one or two plain integers are kept verbatim in ``options["args"]``.

    Memoised: a schema of thousands of columns uses a few dozen distinct type strings,
    the result depends on the string alone, and a ``TypeSpec`` is frozen.
    """
    toks = tokenize(declared)
    cut = next((i for i, t in enumerate(toks) if t.upper == "COLLATE"), len(toks))
    toks = toks[:cut]
    open_at = next((i for i, t in enumerate(toks) if t.kind == "op" and t.text == "("), len(toks))
    words = " ".join(_word(t) for t in toks[:open_at]).lower()
    name = TYPE_SYNONYMS.get(words, words) or NO_TYPE
    args = _arguments(toks[open_at + 1 :]) if open_at < len(toks) else []
    numbers = [_int(a) for a in args]
    if not args:
        return TypeSpec(name=name)
    if len(args) > 2 or any(n is None for n in numbers):
        return TypeSpec(name=name, options=options_of({"args": ", ".join(args)}))
    if affinity(name) == "integer" or any(m in name for m in _NUMERIC_MARKERS):
        return TypeSpec(
            name=name, precision=numbers[0], scale=numbers[1] if len(numbers) > 1 else None
        )
    if len(numbers) == 1:
        return TypeSpec(name=name, length=numbers[0])
    return TypeSpec(name=name, options=options_of({"args": ", ".join(args)}))


def _word(tok: Token) -> str:
    return tok.value if tok.kind != "string" else tok.text


def _arguments(toks: list[Token]) -> list[str]:
    """The comma-separated argument texts inside the type's parentheses."""
    out: list[str] = [""]
    depth = 0
    for tok in toks:
        if tok.kind == "op" and tok.text == ")" and depth == 0:
            break
        if tok.kind == "op" and tok.text == "(":
            depth += 1
        elif tok.kind == "op" and tok.text == ")":
            depth -= 1
        if tok.kind == "op" and tok.text == "," and depth == 0:
            out.append("")
            continue
        out[-1] += tok.text
    return [a for a in out if a]


def _int(text: str) -> int | None:
    stripped = text.lstrip("+-")
    if stripped.isdigit():
        return int(text)
    return None


class _AffinityResolver(Protocol):
    """The part of SQLAlchemy's ``SQLiteDialect`` that turns a type string into a type."""

    def _resolve_type_affinity(self, type_: str) -> TypeEngine[Any]: ...


def resolve_type(declared: str, dialect: Dialect, cache: dict[str, TypeEngine[Any]]) -> Any:
    """The ``TypeEngine`` SQLAlchemy's own reflection would report for ``declared``.

    Delegating to the dialect keeps :class:`~parity.catalog.Catalog` identical in shape
    to ``Inspector.get_columns``.  ``cache`` shares one instance per distinct string
    within one catalog read (type objects are not mutated by reflection users).
    """
    found = cache.get(declared)
    if found is None:
        resolver = cast(_AffinityResolver, dialect)
        found = cache[declared] = resolver._resolve_type_affinity(declared.upper())
    return found
