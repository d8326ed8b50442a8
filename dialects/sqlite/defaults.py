"""Server defaults compared by the value SQLite would store, not by their spelling.

A constant default goes through the column's affinity when a row takes it
(https://www.sqlite.org/datatype3.html §3), so several spellings store the same value:

* ``'1'`` and ``1`` (and ``1.0``, ``TRUE``) in an INTEGER or NUMERIC column all store
  the integer 1; in a REAL column they store 1.0.  A text that is not a well-formed
  number (``'1 apple'``, ``'abc'``) stays text, so it stays a string literal here.
* in a TEXT column the number 1 is stored as the text ``'1'``.
* a column without type affinity (BLOB/none) converts nothing: ``'1'`` and ``1`` differ.
* ``TRUE``/``FALSE`` are the integers 1/0 (SQLAlchemy renders ``false()`` as ``0``,
  before 2.0.40 as ``(0)``: a constant in parentheses is the constant).
* a double-quoted ``"abc"`` in a DEFAULT cannot name a column, so SQLite reads it as
  the string ``'abc'``.

Anything else (``CURRENT_TIMESTAMP``, ``(datetime('now'))``, arithmetic) is compared
as normalised SQL text: evaluating expressions would be guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from dialects.sqlite.ddl_parse import tokenize
from dialects.sqlite.types import affinity
from parity.snapshot import TypeSpec

#: What SQLite accepts as a number when converting text through affinity.
_NUMERIC_TEXT = re.compile(r"^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$")
_INT64 = (-(2**63), 2**63 - 1)


def normalise_default(sql: str, type_: TypeSpec, normalise: Callable[[str], str]) -> str:
    """Canonical text of a default expression for a column of ``type_``.

    Constants are recognised on the raw text (``normalise`` would turn ``"abc"`` into
    the bare word ``abc``); anything else is left to ``normalise``.
    """
    literal = _constant(sql)
    if literal is None:
        return normalise(sql)
    kind, value = literal
    column_affinity = affinity(type_.name)
    if kind == "text":
        if column_affinity in ("integer", "numeric", "real") and _NUMERIC_TEXT.match(value):
            return _number(value, column_affinity)
        return _quote(value)
    if column_affinity == "text":
        number = _number(value, "numeric")
        return _quote(number) if "e" not in number and "inf" not in number else number
    if column_affinity == "blob":
        return value
    return _number(value, column_affinity)


def _constant(sql: str) -> tuple[str, str] | None:
    """``("text", value)`` or ``("number", text)`` for a constant default, else ``None``."""
    toks = tokenize(sql)
    while len(toks) >= 2 and toks[0].text == "(" and toks[-1].text == ")":
        toks = toks[1:-1]  # (x) -> x: only a one- or two-token constant is unwrapped here
    sign = ""
    if len(toks) == 2 and toks[0].kind == "op" and toks[0].text in "+-":
        sign = "-" if toks[0].text == "-" else ""
        toks = toks[1:]
    if len(toks) != 1:
        return None
    tok = toks[0]
    if tok.kind == "number":
        return "number", sign + tok.text
    if sign:
        return None
    if tok.kind == "string" and tok.text[:1] not in "xX":
        return "text", tok.value
    if tok.kind == "dquote":
        return "text", tok.value
    if tok.upper in ("TRUE", "FALSE"):
        return "number", "1" if tok.upper == "TRUE" else "0"
    return None


def _number(text: str, column_affinity: str) -> str:
    """The number SQLite stores for ``text`` under an INTEGER, NUMERIC or REAL affinity."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:  # pragma: no cover - guarded by _NUMERIC_TEXT / the tokenizer
        return text
    if column_affinity != "real" and value == value.to_integral_value():
        as_int = int(value)
        if _INT64[0] <= as_int <= _INT64[1]:
            return str(as_int)
    return repr(float(value))


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
