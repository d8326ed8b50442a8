"""SQLite declared types: parsing them into ``TypeSpec`` and resolving them like SQLAlchemy.

SQLite stores a column's declared type verbatim and only derives an *affinity* from it
(https://www.sqlite.org/datatype3.html §3.1): ``DECIMAL(10,2)`` and ``NUMERIC(10, 2)``,
``VARCHAR`` and ``NVARCHAR`` or ``CLOB``, ``INT`` and ``BIGINT`` store and enforce
exactly the same.  Type identity (README "SQLite type identity") is therefore the
affinity *and* the family of values SQLAlchemy reads from the declared name (its
``_resolve_type_affinity``, which ``MetaData.reflect()`` uses: ``BOOLEAN`` and
``DATETIME`` have NUMERIC affinity but read as ``bool`` and ``datetime``), plus the
declared arguments (a reflected ``Numeric``'s scale decides how values are rounded on
read).  Both sides go through :func:`parse_declared_type`, which names the family
canonically and reads the arguments into length or precision/scale.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol, cast

from sqlalchemy.dialects.sqlite.base import SQLiteDialect
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import sqltypes
from sqlalchemy.sql.type_api import TypeEngine

from dialects.sqlite.ddl_parse import Token, tokenize
from parity.snapshot import TypeSpec, options_of

#: Spellings SQLAlchemy's SQLite dialect itself maps to one type (``ischema_names``),
#: folded before the family is looked up.
TYPE_SYNONYMS: dict[str, str] = {
    "int": "integer",
    "bool": "boolean",
    "date_char": "date",
    "datetime_char": "datetime",
    "time_char": "time",
}

#: SQLAlchemy value families, most specific first, and the canonical name of each.
#: Every family maps to one SQLite affinity, so one name stands for both.
_FAMILIES: tuple[tuple[type[TypeEngine[Any]], str], ...] = (
    (sqltypes.Boolean, "boolean"),
    (sqltypes.Integer, "integer"),
    (sqltypes.Float, "real"),
    (sqltypes.Numeric, "numeric"),
    (sqltypes.DateTime, "datetime"),
    (sqltypes.Date, "date"),
    (sqltypes.Time, "time"),
    (sqltypes.JSON, "json"),
    (sqltypes.String, "varchar"),
    (sqltypes._Binary, "blob"),
)

#: The name used for a column declared with no type at all (BLOB affinity).
NO_TYPE = "(none)"

#: Substrings that make SQLite read the arguments as precision/scale rather than length.
_NUMERIC_MARKERS = ("dec", "num", "real", "floa", "doub", "time", "date")
#: Value families of SQLAlchemy's SQLite date and time types.
_TEMPORAL_FAMILIES = frozenset({"datetime", "date", "time"})


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
    declared_name = TYPE_SYNONYMS.get(words, words) or NO_TYPE
    name = family(declared_name)
    args = _arguments(toks[open_at + 1 :]) if open_at < len(toks) else []
    numbers = [_int(a) for a in args]
    if not args:
        return TypeSpec(name=name)
    if len(args) > 2 or any(n is None for n in numbers):
        return TypeSpec(name=name, options=options_of({"args": ", ".join(args)}))
    if name in _TEMPORAL_FAMILIES:
        # ``datetime(6)`` (what Rails writes for every timestamp): SQLite ignores the
        # fractional-second digits, and SQLAlchemy's SQLite date/time types, which
        # decide the stored text, cannot declare them; so they are no part of the type.
        return TypeSpec(name=name)
    if affinity(declared_name) == "integer" or any(m in declared_name for m in _NUMERIC_MARKERS):
        return TypeSpec(
            name=name, precision=numbers[0], scale=numbers[1] if len(numbers) > 1 else None
        )
    # A text type: SQLite ignores the arguments; SQLAlchemy reads the first as the
    # length (and a second as a collation, which it is not: COLLATE is a clause).
    return TypeSpec(name=name, length=numbers[0])


@lru_cache(maxsize=1)
def _resolver() -> _AffinityResolver:
    """SQLAlchemy's SQLite dialect, for its pure name -> type resolution."""
    return cast(_AffinityResolver, SQLiteDialect())


def family(declared_name: str) -> str:
    """The canonical name of a declared base name: its SQLAlchemy value family.

    ``decimal``, ``numeric``, ``dec`` and names SQLite does not know (NUMERIC affinity)
    are ``numeric``; every integer name is ``integer``; every text name (``text``,
    ``nchar``, ``clob``, ``varying character``) is ``varchar``, the name
    ``create_all`` writes for a ``String``; and so on.  A name with
    no family (no type at all) keeps its own name.
    """
    if declared_name == NO_TYPE:
        return NO_TYPE
    resolved = _resolver()._resolve_type_affinity(declared_name.upper())
    for kind, canonical in _FAMILIES:
        if isinstance(resolved, kind):
            return canonical
    return declared_name


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
