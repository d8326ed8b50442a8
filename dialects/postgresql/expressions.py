"""Normalise PostgreSQL expression text: CHECK bodies, index expressions, defaults.

PostgreSQL never hands back the text a model wrote; it stores a parse tree and
deparses it (``pg_get_expr`` / ``pg_get_constraintdef``), which:

* wraps every operator expression in parentheses: ``a > 0 AND b < 5`` comes back as
  ``((a > 0) AND (b < 5))`` and ``a + b > 0`` as ``((a + b) > 0)``;
* adds casts: ``lower(v)`` on a ``varchar`` becomes ``lower((v)::text)``, ``n > 1`` on
  a ``numeric`` becomes ``n > (1)::numeric`` and negative constants ``'-1'::integer``;
* rewrites ``x IN ('a', 'b')`` as ``x = ANY (ARRAY['a'::text, 'b'::text])`` (a
  one-element list as ``x = 'a'``), ``NOT IN`` as ``<> ALL (...)``, ``BETWEEN`` as
  ``x >= a AND x <= b`` and ``LIKE`` as ``~~``.

So both sides are parsed into a small tree (precedence-aware, so grouping is kept
where it changes meaning and dropped where it does not) and printed in one canonical
form with the minimum of parentheses.  Constructs the little parser does not know
(``CASE``, ``EXTRACT(... FROM ...)``, ``COLLATE``...) fall back to
:func:`parity.sqltext.normalise_sql` on the cast-stripped text, which is still the
same function of the input on both sides.

Casts are stripped everywhere in CHECK/index text (a body that differs from the model
*only* by a cast is reported equal), but in defaults only after a literal: there the
column's own type applies the same cast, while ``now()::date`` must stay different
from ``now()``.  A cast PostgreSQL itself drops on store goes too: a clock or session
value cast to its own type (``CURRENT_DATE::date`` is stored ``CURRENT_DATE``,
``now()::timestamptz`` as ``now()``), and a parenthesised literal's (``(0)::bigint``,
how ``0::bigint`` comes back); a cast that stays is named as the catalog names its type
(``now()::timestamp`` comes back ``(now())::timestamp without time zone``).  Defaults
additionally fold ``CURRENT_TIMESTAMP`` and
``transaction_timestamp()`` to ``now()`` (PostgreSQL documents them as the same
value), quoted numbers and booleans to their values (``'0'`` on an integer column is
``0``, ``'f'`` on a boolean is ``false``) and equal decimals to one spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from parity.sqltext import normalise_sql

_TOKEN = re.compile(
    r"""
    (?P<str>[Ee]?'(?:[^']|'')*')
    | (?P<qid>"(?:[^"]|"")*")
    | (?P<space>\s+)
    | (?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<id>[A-Za-z_][A-Za-z0-9_$]*)
    | (?P<op>::|!~~\*|!~~|~~\*|~~|!~\*|!~|~\*|<>|!=|<=|>=|\|\||.)
    """,
    re.VERBOSE | re.DOTALL,
)
_SAFE_ID = re.compile(r"^[a-z_][a-z0-9_$]*$")

NUMERIC_TYPES = frozenset(
    {
        "smallint", "integer", "bigint", "int", "int2", "int4", "int8", "numeric",
        "decimal", "real", "float4", "float8", "double precision", "float",
        "oid",
    }
)  # fmt: skip
BOOLEAN_TYPES = frozenset({"boolean", "bool"})
_TRUE = frozenset({"t", "true", "y", "yes", "on", "1"})
_FALSE = frozenset({"f", "false", "n", "no", "off", "0"})
_TYPE_WORDS = frozenset({"varying", "precision", "with", "without", "time", "zone"})
_NOW_ALIASES = frozenset({"current_timestamp", "transaction_timestamp()", "now()"})
_COMPARE = {"=": "=", "<>": "<>", "!=": "<>", "<": "<", ">": ">", "<=": "<=", ">=": ">="}
_LIKE = {"~~": "like", "!~~": "not like", "~~*": "ilike", "!~~*": "not ilike"}
_NEGATED = {"=": "<>", "<>": "="}
_KEYWORD_VALUES = frozenset(
    {
        "true", "false", "null", "current_timestamp", "current_date", "current_time",
        "localtimestamp", "localtime", "current_user", "session_user", "current_role",
        "current_catalog", "current_schema", "user",
    }
)  # fmt: skip
_RESERVED = frozenset(
    {
        "and", "or", "not", "is", "in", "like", "ilike", "between", "case", "when", "then",
        "else", "end", "from", "as", "any", "all", "some", "array", "collate", "at",
        "distinct", "similar", "escape", "for", "over", "filter", "within", "symmetric",
    }
)  # fmt: skip

# Binding power, lowest first (PostgreSQL 9.5+ operator precedence).
_OR, _AND, _NOT, _IS, _CMP, _LIKE_IN, _OTHER, _ADD, _MUL, _UNARY, _POSTFIX, _ATOM = range(12)


class Token(NamedTuple):
    kind: str  # str | qid | num | id | op
    text: str

    @property
    def word(self) -> str:
        return self.text.lower() if self.kind == "id" else ""


class _Unparsable(Exception):
    """The expression uses syntax the canonical printer does not model."""


def tokenize(sql: str) -> list[Token]:
    return [
        Token(m.lastgroup or "op", m.group())
        for m in _TOKEN.finditer(sql)
        if m.lastgroup != "space"
    ]


def canonical_number(text: str) -> str:
    """One spelling per decimal value: ``1.50`` and ``1.5`` agree, ``100`` stays."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _number_text(text: str) -> str | None:
    stripped = text.strip()
    try:
        Decimal(stripped)
    except InvalidOperation:
        return None
    return canonical_number(stripped) if re.fullmatch(r"[+-]?[\d.eE+-]+", stripped) else None


def _literal_value(token: Token) -> str:
    return token.text[token.text.index("'") + 1 : -1].replace("''", "'")


def _read_type_name(toks: Sequence[Token], i: int) -> tuple[str, int]:
    """Read a cast's type name starting at ``toks[i]``; return (lower-case name, next)."""
    parts: list[str] = []
    depth = 0
    while i < len(toks):
        tok = toks[i]
        if depth:
            parts.append(tok.text)
            depth += {"(": 1, ")": -1}.get(tok.text, 0)
        elif not parts and tok.kind in {"id", "qid"}:
            parts.append(tok.text.strip('"').lower())
        elif parts and tok.text == "." and i + 1 < len(toks):
            parts.append(".")
        elif parts and parts[-1] == "." and tok.kind in {"id", "qid"}:
            parts.append(tok.text.strip('"').lower())
        elif parts and tok.kind == "id" and tok.word in _TYPE_WORDS:
            parts.append(" " + tok.word)
        elif parts and tok.text == "(":
            parts.append("(")
            depth = 1
        elif parts and tok.text == "[" and i + 1 < len(toks) and toks[i + 1].text == "]":
            parts.append("[]")
            i += 1
        else:
            break
        i += 1
    return "".join(parts).replace(" (", "("), i


def rewrite_cast_calls(toks: Sequence[Token]) -> list[Token]:
    """``CAST(x AS t)`` -> ``(x)::t`` (``x::t`` for a single token), PostgreSQL's spelling."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not (tok.word == "cast" and i + 1 < len(toks) and toks[i + 1].text == "("):
            out.append(tok)
            i += 1
            continue
        depth, split, end = 0, -1, -1
        for j in range(i + 1, len(toks)):
            text = toks[j].text
            depth += {"(": 1, ")": -1}.get(text, 0)
            if depth == 1 and toks[j].word == "as" and split < 0:
                split = j
            if depth == 0:
                end = j
                break
        if split < 0 or end < 0:
            out.append(tok)
            i += 1
            continue
        inner = rewrite_cast_calls(toks[i + 2 : split])
        if len(inner) != 1:
            inner = [Token("op", "("), *inner, Token("op", ")")]
        out.extend([*inner, Token("op", "::"), *toks[split + 1 : end]])
        i = end + 1
    return out


#: Type names that prefix a typed literal (``interval '1 day'``), which PostgreSQL
#: stores as the cast ``'1 day'::interval``.
_TYPED_LITERALS = frozenset(
    {"interval", "date", "time", "timestamp", "timestamptz", "numeric", "text", "json", "jsonb"}
)
_TRIM_FUNCTIONS = {"both": "btrim", "leading": "ltrim", "trailing": "rtrim"}


def _group_end(toks: Sequence[Token], open_at: int) -> int:
    """Index of the ``)`` closing the ``(`` at ``open_at`` (``-1`` if unbalanced)."""
    depth = 0
    for j in range(open_at, len(toks)):
        depth += {"(": 1, ")": -1}.get(toks[j].text, 0)
        if depth == 0:
            return j
    return -1


def _top_level(toks: Sequence[Token], word: str) -> int:
    """Index of ``word`` outside any parentheses of ``toks`` (``-1`` if none)."""
    depth = 0
    for j, tok in enumerate(toks):
        depth += {"(": 1, ")": -1}.get(tok.text, 0)
        if depth == 0 and tok.word == word:
            return j
    return -1


def _call(name: str, *args: Sequence[Token]) -> list[Token]:
    out = [Token("id", name), Token("op", "(")]
    for index, arg in enumerate(a for a in args if a):
        if index:
            out.append(Token("op", ","))
        out.extend(arg)
    return [*out, Token("op", ")")]


def rewrite_special_forms(toks: Sequence[Token]) -> list[Token]:
    """SQL's keyword forms in the spelling PostgreSQL deparses them to.

    ``position(a IN b)`` is stored ``POSITION((a) IN (b))`` (``strpos(b, a)``),
    ``trim([BOTH|LEADING|TRAILING] [c] FROM a)`` as ``TRIM(BOTH FROM a)`` (``btrim``,
    ``ltrim``, ``rtrim``), ``a SIMILAR TO p`` as ``a ~ similar_to_escape(p)`` and a typed
    literal ``interval '1 day'`` as ``'1 day'::interval``.  Each is rewritten to one
    function form on both sides, so the ``IN`` of ``position`` is not read as a list.
    """
    out: list[Token] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        following = toks[i + 1] if i + 1 < len(toks) else None
        if tok.word in {"position", "trim"} and following is not None and following.text == "(":
            end = _group_end(toks, i + 1)
            if end > 0:
                inner = rewrite_special_forms(toks[i + 2 : end])
                rewritten = _position(inner) if tok.word == "position" else _trim(inner)
                if rewritten is not None:
                    out.extend(rewritten)
                    i = end + 1
                    continue
        if tok.word == "similar" and following is not None and following.word == "to":
            negated = bool(out) and out[-1].word == "not"
            if negated:
                out.pop()
            pattern_at = i + 2
            if pattern_at < len(toks) and toks[pattern_at].kind == "str":
                out.append(Token("op", "!~" if negated else "~"))
                out.extend(_call("similar_to_escape", [toks[pattern_at]]))
                i = pattern_at + 1
                continue
            if negated:
                out.append(Token("id", "not"))
        if (
            tok.word in _TYPED_LITERALS
            and following is not None
            and following.kind == "str"
            and not (out and out[-1].text == "::")
        ):
            out.extend([following, Token("op", "::"), Token("id", tok.word)])
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def _position(inner: list[Token]) -> list[Token] | None:
    split = _top_level(inner, "in")
    if split <= 0:
        return None
    return _call("strpos", inner[split + 1 :], inner[:split])


def _trim(inner: list[Token]) -> list[Token] | None:
    mode = "both"
    if inner and inner[0].word in _TRIM_FUNCTIONS:
        mode, inner = inner[0].word, inner[1:]
    split = _top_level(inner, "from")
    characters, target = ([], inner) if split < 0 else (inner[:split], inner[split + 1 :])
    if not target:
        return None
    return _call(_TRIM_FUNCTIONS[mode], target, characters)


def strip_casts(toks: Sequence[Token], *, literals_only: bool) -> list[Token]:
    """Drop ``::type`` casts; a quoted number or boolean cast to its type becomes bare."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.text != "::" or not out:
            out.append(tok)
            i += 1
            continue
        prev = out[-1]
        type_name, end = _read_type_name(toks, i + 1)
        if literals_only and prev.kind not in {"str", "num"} and prev.word != "null":
            out.extend(toks[i:end])
            i = end
            continue
        base = re.sub(r"\(.*\)", "", type_name).split(".")[-1]
        if prev.kind == "str" and base in NUMERIC_TYPES:
            number = _number_text(_literal_value(prev))
            if number is not None:
                out[-1] = Token("num", number)
        elif prev.kind == "str" and base in BOOLEAN_TYPES:
            value = _literal_value(prev).strip().lower()
            if value in _TRUE | _FALSE:
                out[-1] = Token("id", "true" if value in _TRUE else "false")
        i = end
    return out


# ---------------------------------------------------------------- the tree
Node = tuple[object, ...]


class _Parser:
    def __init__(self, toks: Sequence[Token]) -> None:
        self.toks = list(toks)
        self.pos = 0

    def peek(self, offset: int = 0) -> Token | None:
        index = self.pos + offset
        return self.toks[index] if index < len(self.toks) else None

    def word(self, offset: int = 0) -> str:
        tok = self.peek(offset)
        return tok.word if tok else ""

    def text(self, offset: int = 0) -> str:
        tok = self.peek(offset)
        return tok.text if tok else ""

    def take(self, text: str | None = None) -> Token:
        tok = self.peek()
        if tok is None or (text is not None and tok.text.lower() != text):
            raise _Unparsable(text or "end")
        self.pos += 1
        return tok

    def parse(self) -> Node:
        node = self.expr(_OR)
        if self.peek() is not None:
            raise _Unparsable(self.text())
        return node

    def expr(self, min_power: int) -> Node:  # noqa: PLR0915 - one precedence climber
        node = self.prefix()
        while True:
            word, text = self.word(), self.text()
            negated = word == "not" and self.word(1) in {"in", "like", "ilike", "between"}
            op_word = self.word(1) if negated else word
            if word == "or" and min_power <= _OR:
                self.take()
                node = ("or", node, self.expr(_OR + 1))
            elif word == "and" and min_power <= _AND:
                self.take()
                node = ("and", node, self.expr(_AND + 1))
            elif word == "is" and min_power <= _IS:
                self.take()
                neg = self.word() == "not"
                if neg:
                    self.take()
                what = self.take().text.lower()
                if what not in {"null", "true", "false", "unknown"}:
                    raise _Unparsable("is " + what)
                node = ("is", node, ("not " if neg else "") + what)
            elif text in _COMPARE and min_power <= _CMP:
                self.take()
                op = _COMPARE[text]
                if self.word() in {"any", "all", "some"}:
                    quant = "all" if self.take().word == "all" else "any"
                    self.take("(")
                    inner = self.expr(_OR)
                    self.take(")")
                    node = ("quant", op, quant, node, inner)
                else:
                    node = ("bin", _CMP, op, node, self.expr(_CMP + 1))
            elif op_word == "in" and min_power <= _LIKE_IN:
                self.pos += 2 if negated else 1
                self.take("(")
                items = self.items(")")
                node = ("in", node, tuple(items), negated)
            elif op_word == "between" and min_power <= _LIKE_IN:
                self.pos += 2 if negated else 1
                low = self.expr(_LIKE_IN + 1)
                self.take("and")
                high = self.expr(_LIKE_IN + 1)
                if negated:
                    node = ("or", ("bin", _CMP, "<", node, low), ("bin", _CMP, ">", node, high))
                else:
                    node = ("and", ("bin", _CMP, ">=", node, low), ("bin", _CMP, "<=", node, high))
            elif (op_word in {"like", "ilike"} or text in _LIKE) and min_power <= _LIKE_IN:
                if text in _LIKE:
                    op = _LIKE[text]
                    self.take()
                else:
                    op = ("not " if negated else "") + op_word
                    self.pos += 2 if negated else 1
                node = ("bin", _LIKE_IN, op, node, self.expr(_LIKE_IN + 1))
            elif word == "at" and self.word(1) == "time" and min_power <= _OTHER:
                self.pos += 2
                self.take("zone")
                node = ("bin", _OTHER, "at time zone", node, self.expr(_OTHER + 1))
            elif text in {"+", "-"} and min_power <= _ADD:
                self.take()
                node = ("bin", _ADD, text, node, self.expr(_ADD + 1))
            elif text in {"*", "/", "%"} and min_power <= _MUL:
                self.take()
                node = ("bin", _MUL, text, node, self.expr(_MUL + 1))
            elif text == "::" and min_power <= _POSTFIX:
                self.take()
                type_name, end = _read_type_name(self.toks, self.pos)
                if not type_name:
                    raise _Unparsable("::")
                self.pos = end
                type_name = _CAST_TYPE_NAMES.get(type_name, type_name)
                if node[0] in {"num", "lit"} or node == ("kw", "null"):
                    # A parenthesised literal, as PostgreSQL prints ``0::bigint``:
                    # ``(0)::bigint``; its cast goes as the bare literal's does.
                    node = _literal_cast(node, type_name)
                elif _value_type(node) != type_name:
                    node = ("cast", node, type_name)
            elif (
                self.peek() is not None
                and self.peek().kind == "op"  # type: ignore[union-attr]
                and text not in {"(", ")", ",", "[", "]", "."}
                and min_power <= _OTHER
            ):
                self.take()
                node = ("bin", _OTHER, text, node, self.expr(_OTHER + 1))
            else:
                return node

    def items(self, close: str) -> list[Node]:
        items: list[Node] = []
        if self.text() == close:
            self.take()
            return items
        while True:
            items.append(self.expr(_OR))
            if self.text() == ",":
                self.take()
                continue
            self.take(close)
            return items

    def prefix(self) -> Node:
        tok = self.take()
        if tok.kind == "str":
            return ("lit", tok.text)
        if tok.kind == "num":
            return ("num", canonical_number(tok.text))
        if tok.text == "(":
            node = self.expr(_OR)
            self.take(")")
            return node
        if tok.text == "-":
            operand = self.expr(_UNARY)
            if operand[0] == "num":
                return ("num", canonical_number("-" + str(operand[1])))
            return ("neg", operand)
        if tok.text == "+":
            return self.expr(_UNARY)
        if tok.word == "not":
            return ("not", self.expr(_NOT))
        if tok.word == "case":
            return self.case()
        if tok.word == "array" and self.text() == "[":
            self.take()
            return ("array", tuple(self.items("]")))
        if tok.kind in {"id", "qid"}:
            return self.name(tok)
        raise _Unparsable(tok.text)

    def case(self) -> Node:
        """``CASE [subject] WHEN ... THEN ... [ELSE ...] END`` (after ``CASE``)."""
        subject: Node | None = None if self.word() == "when" else self.expr(_OR)
        branches: list[Node] = []
        while self.word() == "when":
            self.take()
            condition = self.expr(_OR)
            self.take("then")
            branches.append((condition, self.expr(_OR)))
        otherwise: Node | None = None
        if self.word() == "else":
            self.take()
            otherwise = self.expr(_OR)
        self.take("end")
        if not branches:
            raise _Unparsable("case")
        return ("case", subject, tuple(branches), otherwise)

    def name(self, tok: Token) -> Node:
        if tok.kind == "id" and tok.word in _RESERVED:
            raise _Unparsable(tok.word)
        parts = [_identifier(tok)]
        while self.text() == "." and self.peek(1) is not None:
            self.take()
            parts.append(_identifier(self.take()))
        name = ".".join(parts)
        if self.text() == "(":
            self.take()
            if self.text() == "*":
                self.take()
                self.take(")")
                return ("call", name, (("star",),))
            return ("call", name, tuple(self.items(")")))
        if tok.kind == "id" and len(parts) == 1 and tok.word in _KEYWORD_VALUES:
            return ("kw", tok.word)
        return ("id", name)


#: A cast's type as ``pg_get_expr`` prints it, for the short names a model may write.
_CAST_TYPE_NAMES = {
    "timestamp": "timestamp without time zone",
    "timestamptz": "timestamp with time zone",
    "time": "time without time zone",
    "timetz": "time with time zone",
    "varchar": "character varying",
    "int": "integer",
    "int4": "integer",
    "int2": "smallint",
    "int8": "bigint",
    "bool": "boolean",
    "float8": "double precision",
    "float4": "real",
    "decimal": "numeric",
}
#: The type of the SQL value functions and clock calls a default is written with.
_KEYWORD_TYPES = {
    "current_date": "date",
    "current_timestamp": "timestamp with time zone",
    "localtimestamp": "timestamp without time zone",
    "current_time": "time with time zone",
    "localtime": "time without time zone",
    "current_user": "name",
    "session_user": "name",
    "current_role": "name",
    "user": "name",
}
_CALL_TYPES = {
    "now": "timestamp with time zone",
    "transaction_timestamp": "timestamp with time zone",
    "statement_timestamp": "timestamp with time zone",
    "clock_timestamp": "timestamp with time zone",
}


def _literal_cast(node: Node, type_name: str) -> Node:
    """A literal without its cast, as :func:`strip_casts` leaves a bare one."""
    if node[0] != "lit":
        return node
    token = Token("str", str(node[1]))
    base = re.sub(r"\(.*\)", "", type_name).split(".")[-1]
    stripped = strip_casts([token, Token("op", "::"), Token("id", base)], literals_only=True)
    only = stripped[0]
    return ("num", canonical_number(only.text)) if only.kind == "num" else ("lit", only.text)


def _value_type(node: Node) -> str | None:
    """The type of a clock or session value, whose cast to that same type PostgreSQL
    drops when it stores a default (``CURRENT_DATE::date`` is kept as ``CURRENT_DATE``,
    ``now()::timestamptz`` as ``now()``); ``None`` for anything else, whose cast stays.
    """
    if node[0] == "kw":
        return _KEYWORD_TYPES.get(str(node[1]))
    if node[0] == "call" and node[2] == ():
        return _CALL_TYPES.get(str(node[1]))
    return None


def _identifier(tok: Token) -> str:
    if tok.kind == "qid":
        inner = tok.text[1:-1].replace('""', '"')
        return inner if _SAFE_ID.match(inner) else '"' + inner.replace('"', '""') + '"'
    if tok.kind == "id":
        return tok.text.lower()
    raise _Unparsable(tok.text)


# ---------------------------------------------------------------- printing
def _power(node: Node) -> int:
    kind = node[0]
    if kind == "or":
        return _OR
    if kind == "and":
        return _AND
    if kind == "not":
        return _NOT
    if kind == "is":
        return _IS
    if kind in {"quant"}:
        return _CMP
    if kind == "in":
        return _LIKE_IN
    if kind == "bin":
        power = node[1]
        assert isinstance(power, int)
        return power
    if kind == "neg":
        return _UNARY
    if kind == "cast":
        return _POSTFIX
    return _ATOM


def _flatten(kind: str, node: Node) -> Iterator[Node]:
    if node[0] == kind:
        for child in node[1:]:
            assert isinstance(child, tuple)
            yield from _flatten(kind, child)
    else:
        yield node


def _wrap(node: Node, min_power: int) -> str:
    text = render(node)
    return f"({text})" if _power(node) < min_power else text


def render(node: Node) -> str:
    """Print a tree in the canonical form: lower case, minimal parentheses."""
    kind = node[0]
    if kind in {"lit", "num", "id", "kw"}:
        return str(node[1])
    if kind == "star":
        return "*"
    if kind in {"or", "and"}:
        parts = [_wrap(child, _power(node) + 1) for child in _flatten(str(kind), node)]
        return f" {kind} ".join(parts)
    if kind == "not":
        inner = node[1]
        assert isinstance(inner, tuple)
        return "not " + _wrap(inner, _ATOM)
    if kind == "is":
        inner = node[1]
        assert isinstance(inner, tuple)
        return f"{_wrap(inner, _IS + 1)} is {node[2]}"
    if kind == "bin":
        _, power, op, left, right = node
        assert isinstance(power, int) and isinstance(left, tuple) and isinstance(right, tuple)
        return f"{_wrap(left, power)} {op} {_wrap(right, power + 1)}"
    if kind == "quant":
        _, op, quant, left, right = node
        assert isinstance(left, tuple) and isinstance(right, tuple)
        if right[0] == "array":
            items = right[1]
            assert isinstance(items, tuple)
            if op == "=" and quant == "any":
                return render(("in", left, items, False))
            if op == "<>" and quant == "all":
                return render(("in", left, items, True))
        return f"{_wrap(left, _CMP + 1)} {op} {quant} ({render(right)})"
    if kind == "in":
        _, left, items, negated = node
        assert isinstance(left, tuple) and isinstance(items, tuple)
        if len(items) == 1:  # PostgreSQL stores a one-element IN as a comparison
            op = "<>" if negated else "="
            return render(("bin", _CMP, op, left, items[0]))
        word = "not in" if negated else "in"
        return f"{_wrap(left, _LIKE_IN + 1)} {word} ({', '.join(render(i) for i in items)})"
    if kind == "neg":
        inner = node[1]
        assert isinstance(inner, tuple)
        return "-" + _wrap(inner, _UNARY)
    if kind == "cast":
        inner = node[1]
        assert isinstance(inner, tuple)
        return f"{_wrap(inner, _POSTFIX)}::{node[2]}"
    if kind == "array":
        items = node[1]
        assert isinstance(items, tuple)
        return "array[" + ", ".join(render(i) for i in items) + "]"
    if kind == "case":
        _, subject, branches, otherwise = node
        assert isinstance(branches, tuple)
        text = "case" + (f" {render(subject)}" if isinstance(subject, tuple) else "")
        for condition, result in branches:
            text += f" when {render(condition)} then {render(result)}"
        if isinstance(otherwise, tuple):
            text += f" else {render(otherwise)}"
        return text + " end"
    if kind == "call":
        _, name, args = node
        assert isinstance(args, tuple)
        return f"{name}({', '.join(render(a) for a in args)})"
    raise _Unparsable(str(kind))  # pragma: no cover - every kind is printed above


def _canonical(toks: Sequence[Token]) -> str:
    try:
        return render(_Parser(toks).parse())
    except (_Unparsable, AssertionError, RecursionError):
        return normalise_sql(" ".join(t.text for t in toks))


#: Normalisation is a pure function of its text; schemas repeat the same defaults and
#: checks on many tables, so results are memoised.
_CACHE_SIZE = 8192


@lru_cache(maxsize=_CACHE_SIZE)
def normalise_expression(sql: str) -> str:
    """Canonical text of a CHECK body, index expression or partial-index WHERE."""
    toks = rewrite_special_forms(rewrite_cast_calls(tokenize(sql)))
    return _canonical(strip_casts(toks, literals_only=False))


@lru_cache(maxsize=_CACHE_SIZE)
def normalise_default(sql: str, type_name: str) -> str:
    """Canonical text of a server default on a column whose ``TypeSpec.name`` is given."""
    toks = strip_casts(rewrite_special_forms(rewrite_cast_calls(tokenize(sql))), literals_only=True)
    if len(toks) == 1 and toks[0].kind == "str":
        value = _literal_value(toks[0])
        if type_name in NUMERIC_TYPES and (number := _number_text(value)) is not None:
            return number
        if type_name in BOOLEAN_TYPES and value.strip().lower() in _TRUE | _FALSE:
            return "true" if value.strip().lower() in _TRUE else "false"
    text = _canonical(toks)
    if text in _NOW_ALIASES:
        return "now()"
    return text


def is_volatile_free(sql: str) -> bool:
    """True when ``sql`` calls no function and reads no clock, session or table.

    Only such constant expressions may be handed to the server for evaluation:
    ``random()``, ``now()``, ``nextval()`` or a subquery would give a different answer
    on each side (or change state), so those are compared by their text.
    """
    toks = tokenize(sql)
    for index, tok in enumerate(toks):
        following = toks[index + 1].text if index + 1 < len(toks) else ""
        if tok.kind in {"id", "qid"} and following == "(":
            return False
        if tok.kind == "id" and tok.word in _KEYWORD_VALUES - {"true", "false", "null"}:
            return False
        if tok.kind == "id" and tok.word in {"select", "from"}:
            return False
        if tok.text == ";":
            return False
    return True
