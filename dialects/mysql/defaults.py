"""Server-default text from the model and from MySQL/MariaDB, brought to one spelling.

The same default reads differently depending on who prints it:

=====================  ===============================  ==========================
model (create_all)     MariaDB 10.2.7+                  MySQL 8
=====================  ===============================  ==========================
``'abc'``              ``'abc'``                        ``'abc'`` (``abc`` in I_S)
``'0'`` on an INT      ``0``                            ``'0'``
``false`` (false())    ``0``                            ``'0'``
``now()``              ``current_timestamp()``          ``CURRENT_TIMESTAMP``
``'0'`` on DECIMAL     ``0.00``                         ``'0.00'``
``(1+2)``              ``(1 + 2)``                      ``((1 + 2))``
``NULL``               none                             none
``1.5`` on an INT      ``2``                            ``'2'``
``1.25`` DECIMAL(5,1)  ``1.3``                          ``'1.3'``
=====================  ===============================  ==========================

So the canonical form depends on the column's type family: numbers for numeric columns
(a quoted ``'0'`` and a bare ``0`` are one value there), quoted literals for string and
temporal columns, ``current_timestamp[(fsp)]`` for every spelling of "now", and the
expression normaliser for anything else.  ``ON UPDATE CURRENT_TIMESTAMP`` stays part of
the default text (``current_timestamp on update current_timestamp``) so that a missing
or extra ON UPDATE is a ``default_mismatch``.

A number is canonicalised to the value the server *stores*: rounded half away from
zero to a whole number on integer columns and to the scale on DECIMAL ones (FLOAT and
DOUBLE keep it as written).  Both sides go through the same rounding, so a model's
``DEFAULT 1.5`` on an INTEGER predicts the stored ``2`` instead of reporting drift.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache

from parity.snapshot import TypeSpec
from parity.sqltext import NORMALISE_CACHE_SIZE, strip_outer_parens

from .expressions import ESCAPES, normalise_expression

NUMERIC_FAMILIES = frozenset(
    {
        "boolean",
        "tinyint",
        "smallint",
        "mediumint",
        "integer",
        "bigint",
        "decimal",
        "float",
        "double",
        "bit",
        "year",
    }
)
#: Numeric families whose defaults the server stores as whole numbers.
WHOLE_FAMILIES = frozenset(
    {"boolean", "tinyint", "smallint", "mediumint", "integer", "bigint", "bit", "year"}
)
#: Enough digits for DECIMAL(65, 30) and BIGINT UNSIGNED, so rounding is exact.
_EXACT = Context(prec=100)
DATETIME_FAMILIES = frozenset({"datetime", "timestamp"})
#: Families whose literal defaults carry a fraction of a second the server pads with zeros.
FRACTION_FAMILIES = DATETIME_FAMILIES | {"time"}
#: Every spelling of "the current time" a default may use.
_NOW = re.compile(
    r"^(?:current_timestamp|now|localtime|localtimestamp)\s*(?:\(\s*(\d*)\s*\))?$", re.I
)
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_BIT = re.compile(r"^b'([01]*)'$", re.I)
#: One MySQL string literal, optionally after a charset introducer (``_utf8mb4'x'``).
_LITERAL = re.compile(r"^(?:_\w+\s*)?('(?:[^'\\]|''|\\.)*')$", re.S)
#: A sign before one parenthesised atom: ``-(1.5)``.
_SIGNED_GROUP = re.compile(r"^([+-])\s*\(\s*([^()]*?)\s*\)$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRAILING_FRACTION = re.compile(r"\.0*$|(\.\d*?)0+$")
#: The value a NULL default normalises to; the generic adapter makes it "no default".
NULL = "null"


def unquote(literal: str) -> str:
    """The value of a MySQL string literal: ``''`` and backslash escapes resolved."""
    body = literal[1:-1]
    out: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            nxt = body[index + 1]
            out.append(ESCAPES.get(nxt, nxt))
            index += 2
            continue
        if char == "'" and body[index + 1 : index + 2] == "'":
            out.append("'")
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def quote(value: str) -> str:
    """A canonical literal: quotes doubled, everything else as is (display only)."""
    return "'" + value.replace("'", "''") + "'"


def _number(text: str) -> str | None:
    if text.lower() in {"true", "false"}:
        return "1" if text.lower() == "true" else "0"
    bit = _BIT.match(text)
    if bit:
        return str(int(bit.group(1) or "0", 2))
    if not _NUMBER.match(text.strip()):
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(_EXACT), "f")  # the default context keeps 28 digits


def _stored(number: str, type_: TypeSpec) -> str:
    """The canonical ``number`` as a column of ``type_`` stores it (see the module doc).

    ``ROUND_HALF_UP`` rounds ties away from zero, as the server does (``-1.5`` is ``-2``).
    """
    if type_.name in WHOLE_FAMILIES:
        places = 0
    elif type_.name == "decimal" and type_.scale is not None:
        places = type_.scale
    else:
        return number
    step = Decimal(1).scaleb(-places)
    rounded = Decimal(number).quantize(step, rounding=ROUND_HALF_UP, context=_EXACT)
    return _number(str(rounded)) or number


def _now(text: str) -> str | None:
    match = _NOW.match(text.strip())
    if not match:
        return None
    fsp = int(match.group(1)) if match.group(1) else 0
    return f"current_timestamp({fsp})" if fsp else "current_timestamp"


def _temporal_literal(value: str, type_: TypeSpec) -> str:
    """``'2020-01-01'`` on a DATETIME is stored as ``'2020-01-01 00:00:00'``; zeros trimmed.

    Only from the fraction of a second of a DATETIME, TIMESTAMP or TIME (``.500`` on a
    DATETIME(3) is ``.5``): on any other column the zeros are part of the text, and
    ``'v1.10'`` is not ``'v1.1'``.
    """
    if type_.name in DATETIME_FAMILIES and _DATE_ONLY.match(value):
        value += " 00:00:00"
    if type_.name in FRACTION_FAMILIES and "." in value:
        value = _TRAILING_FRACTION.sub(lambda m: m.group(1) or "", value)
    return value


def _literal_value(text: str) -> str | None:
    """The value of one string literal (optionally with an introducer), else ``None``."""
    match = _LITERAL.match(text)
    return unquote(match.group(1)) if match else None


def _value(text: str, type_: TypeSpec) -> str:
    # (0) -> 0, ('a') -> 'a', (-1.5) -> -1.5, (now()) -> now(): the server folds a
    # parenthesised constant to the value it stores (MariaDB 10.11 prints -2 for an INT
    # DEFAULT (-1.5), current_timestamp() for DEFAULT (now())), so the model's spelling
    # must reach the same canonical form; (1) + (2) is not wrapped as a whole.
    text = strip_outer_parens(text)
    signed = _SIGNED_GROUP.match(text)  # -(1.5) -> -1.5, as MySQL prints a negation
    if signed and _number(signed.group(2)) is not None:
        text = signed.group(1) + signed.group(2)
    if text.upper() == "NULL":
        return NULL
    now = _now(text)
    if now is not None:
        return now
    literal = _literal_value(text)
    numeric = type_.name in NUMERIC_FAMILIES
    if numeric:
        number = _number(literal if literal is not None else text)
        if number is not None:
            return _stored(number, type_)
    if literal is not None:
        return quote(_temporal_literal(literal, type_))
    number = _number(text)
    if number is not None:
        # A bare number on a string or temporal column is stored as that text.
        return (
            quote(text.strip())
            if text.strip().lower() not in {"true", "false"}
            else (quote(number))
        )
    return normalise_expression(text)


def _split_on_update(sql: str) -> tuple[str, str | None]:
    """Split ``X ON UPDATE Y`` at the top level (never inside a literal)."""
    spans = list(re.finditer(r"\bon\s+update\b", sql, re.I))
    for match in reversed(spans):
        before = sql[: match.start()]
        if before.count("'") % 2 == 0 and before.count("(") == before.count(")"):
            return before, sql[match.end() :]
    return sql, None


@lru_cache(maxsize=NORMALISE_CACHE_SIZE)
def normalise_default(sql: str, type_: TypeSpec) -> str:
    """Canonical text of a server default for a column of type ``type_``.

    Memoised: a pure function of the text and the (frozen) type, and the same few
    defaults (``0``, ``''``, ``current_timestamp()``) repeat across thousands of columns.
    """
    value, on_update = _split_on_update(sql)
    text = _value(value, type_)
    if on_update is not None:
        text += " on update " + (_now(on_update) or normalise_expression(on_update))
    return text
