"""Normalising SQL expressions the way MySQL and MariaDB rewrite them.

The server stores a CHECK body, a generated column or a functional index in its own
spelling: MySQL 8 wraps every operation in parentheses and prefixes string literals
with a charset introducer (``(`s` <> _utf8mb4'x')``), MariaDB keeps the user's
parentheses but backticks identifiers and writes ``<>`` for ``!=``.  The model side is
SQLAlchemy's compilation.  Both go through :func:`normalise_expression`: introducers
dropped, operators unified, and the expression re-printed with only the parentheses
its operator precedence needs.  Anything the small parser does not understand is left
to the generic text normaliser, so an unknown construct can only make a difference
appear, never hide one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from parity.sqltext import NORMALISE_CACHE_SIZE, normalise_sql, tokens

#: Introducers MySQL puts before string literals (``_utf8mb4'x'``).
_INTRODUCER_PREFIX = "_"
_SYNONYMS = {"!=": "<>", "&&": "and", "mod": "%"}
#: Functions MariaDB stores under another of their names (a generated column written
#: ``lower(title)`` reads back ``lcase(`title`)``, ``mid(a, 1, 2)`` as ``substr(...)``):
#: each to one name, on both sides.
_FUNCTION_SYNONYMS = {
    "lcase": "lower",
    "ucase": "upper",
    "substr": "substring",
    "mid": "substring",
    "character_length": "char_length",
    "pow": "power",
    "octet_length": "length",
    "ceil": "ceiling",
}

# Binary operators by precedence, lowest first (MySQL manual, "Operator Precedence").
_LEVELS: tuple[frozenset[str], ...] = (
    frozenset({"or"}),
    frozenset({"xor"}),
    frozenset({"and"}),
    # level 3 is prefix NOT, handled in _parse_not
    frozenset({"=", "<=>", ">=", ">", "<=", "<", "<>", "like", "regexp", "rlike"}),
    frozenset({"|"}),
    frozenset({"&"}),
    frozenset({"<<", ">>"}),
    frozenset({"+", "-"}),
    frozenset({"*", "/", "%", "div"}),
    frozenset({"^"}),
)
_COMPARISON = 3
_NOT_LEVEL = 2.5
_ASSOCIATIVE = frozenset({"or", "and", "xor"})
_ATOM = 100.0


#: What a backslash escape in a MySQL string literal stands for (others: the character).
ESCAPES = {"0": "\0", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a", "b": "\b"}
#: Escapes MySQL keeps with their backslash (they matter to LIKE patterns).
_KEPT_ESCAPES = frozenset("%_")
#: Quotes of identifiers, skipped whole (``"`` is one in the normalised output).
_IDENTIFIER_QUOTES = frozenset('`"')


def standard_literals(sql: str) -> str:
    """``sql`` with every ``'...'`` literal in one spelling: ``''`` for a quote, ``\\\\``
    for a backslash, other escapes resolved.

    MariaDB stores ``'it''s'`` as ``'it\\'s'``; a tokenizer that knows only doubled
    quotes would end that literal at the backslash and misread the rest.  Quoted
    identifiers are copied untouched (they may hold a quote); ``"`` quotes an identifier
    here, as in the tokenizer of :mod:`parity.sqltext` and in the normalised output.
    """
    out: list[str] = []
    index, size = 0, len(sql)
    while index < size:
        char = sql[index]
        if char in _IDENTIFIER_QUOTES:
            end = index + 1
            while end < size and (sql[end] != char or sql[end + 1 : end + 2] == char):
                end += 2 if sql[end] == char else 1
            out.append(sql[index : end + 1])
            index = end + 1
        elif char == "'":
            value: list[str] = []
            end = index + 1
            while end < size:
                current = sql[end]
                if current == "\\" and end + 1 < size:
                    escaped = sql[end + 1]
                    kept = "\\" + escaped if escaped in _KEPT_ESCAPES else None
                    value.append(kept or ESCAPES.get(escaped, escaped))
                    end += 2
                elif current == "'" and sql[end + 1 : end + 2] == "'":
                    value.append("'")
                    end += 2
                elif current == "'":
                    break
                else:
                    value.append(current)
                    end += 1
            text = "".join(value).replace("\\", "\\\\").replace("'", "''")
            out.append(f"'{text}'")  # a backslash stays escaped: a fixpoint
            index = end + 1
        else:
            out.append(char)
            index += 1
    return "".join(out)


class _Unparsable(Exception):
    """The expression uses syntax this parser does not model."""


@dataclass(frozen=True, slots=True)
class _Node:
    text: str
    level: float


def _clean_tokens(sql: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    raw = tokens(sql)
    for index, (raw_kind, text) in enumerate(raw):
        # A backticked identifier is a word to the parser; its quotes go later.
        kind = "word" if raw_kind == "backtick" else raw_kind
        following = raw[index + 1][0] if index + 1 < len(raw) else ""
        if raw_kind == "word" and text.startswith(_INTRODUCER_PREFIX) and following == "string":
            continue  # _utf8mb4'x' -> 'x'
        if kind == "op" and out and out[-1] == ("op", "!") and text == "=":
            out[-1] = ("op", "<>")
            continue
        if (
            kind == "op"
            and out
            and out[-1][0] == "op"
            and out[-1][1] + text
            in {
                "<=>",
                "<<",
                ">>",
                "&&",
                "<=",
                ">=",
                "<>",
            }
        ):
            out[-1] = ("op", out[-1][1] + text)
            continue
        low = text.lower() if kind == "word" else text
        out.append((kind, _SYNONYMS.get(low, text)))
    return _without_cast_charsets(out)


def _without_cast_charsets(toks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop the character set of ``CAST(x AS CHAR[(n)] CHARSET cs)``.

    A cast to CHAR that names no character set takes the connection's, and the server
    stores it spelled out: ``create_all``'s ``(cast(1 as char))`` reads back as
    ``(cast(1 as char charset utf8mb4))``.  Which one it was is not in the text the
    model renders, so the charset of a CHAR cast is not compared (README, MariaDB).
    """
    out: list[tuple[str, str]] = []
    index = 0
    while index < len(toks):
        out.append(toks[index])
        index += 1
        if not (
            len(out) >= 2
            and out[-1][1].lower() == "char"
            and out[-2][1].lower() == "as"
            and out[-1][0] == out[-2][0] == "word"
        ):
            continue
        if index < len(toks) and toks[index][1] == "(":
            close = next((i for i in range(index, len(toks)) if toks[i][1] == ")"), None)
            if close is None:
                continue
            out.extend(toks[index : close + 1])
            index = close + 1
        words = [t[1].lower() for t in toks[index : index + 3]]
        if words[:1] == ["charset"] and len(words) >= 2:
            index += 2
        elif words[:2] == ["character", "set"] and len(words) == 3:
            index += 3
    return out


class _Parser:
    def __init__(self, toks: list[tuple[str, str]]) -> None:
        self.toks = toks
        self.pos = 0

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        if index >= len(self.toks):
            return ""
        kind, text = self.toks[index]
        return text.lower() if kind == "word" else text

    def take(self) -> str:
        text = self.toks[self.pos][1]
        self.pos += 1
        return text

    def expect(self, word: str) -> None:
        if self.peek() != word:
            raise _Unparsable(word)
        self.pos += 1

    def parse(self) -> _Node:
        node = self.expr(0)
        if self.pos != len(self.toks):
            raise _Unparsable("trailing tokens")
        return node

    def expr(self, level: int) -> _Node:
        if level == _COMPARISON:
            return self.not_expr()
        if level >= len(_LEVELS):
            return self.unary()
        left = self.expr(level + 1)
        while self.peek() in _LEVELS[level]:
            op = self.take().lower()
            right = self.expr(level + 1)
            left = _Node(
                f"{_wrap(left, level, False)} {op} {_wrap(right, level, op not in _ASSOCIATIVE)}",
                level,
            )
        return left

    def not_expr(self) -> _Node:
        if self.peek() == "not":
            self.take()
            operand = self.not_expr()
            return _Node(f"not {_wrap(operand, _NOT_LEVEL, False)}", _NOT_LEVEL)
        return self.comparison()

    def comparison(self) -> _Node:
        left = self.expr(_COMPARISON + 1)
        while True:
            word = self.peek()
            negated = ""
            if word == "not" and self.peek(1) in {"in", "like", "between", "regexp", "rlike"}:
                self.take()
                negated, word = "not ", self.peek()
            if word == "is":
                self.take()
                neg = "not " if self.peek() == "not" else ""
                if neg:
                    self.take()
                right = self.unary()
                left = _Node(f"{_wrap(left, _COMPARISON, False)} is {neg}{right.text}", _COMPARISON)
            elif word == "in":
                self.take()
                items = self.paren_items()
                subject = _wrap(left, _COMPARISON, False)
                if len(items) == 1:
                    # MariaDB stores "x IN ('a')" as "x = 'a'" (and NOT IN as <>).
                    op = "<>" if negated else "="
                    left = _Node(f"{subject} {op} {items[0]}", _COMPARISON)
                else:
                    left = _Node(f"{subject} {negated}in ({', '.join(items)})", _COMPARISON)
            elif word == "between":
                self.take()
                low = self.expr(_COMPARISON + 1)
                self.expect("and")
                high = self.expr(_COMPARISON + 1)
                left = _Node(
                    f"{_wrap(left, _COMPARISON, False)} {negated}between "
                    f"{_wrap(low, _COMPARISON, True)} and {_wrap(high, _COMPARISON, True)}",
                    _COMPARISON,
                )
            elif word in _LEVELS[_COMPARISON]:
                op = self.take().lower()
                right = self.expr(_COMPARISON + 1)
                left = _Node(
                    f"{_wrap(left, _COMPARISON, False)} {negated}{op} "
                    f"{_wrap(right, _COMPARISON, True)}",
                    _COMPARISON,
                )
            else:
                if negated:
                    raise _Unparsable("not")
                return left

    def paren_items(self) -> list[str]:
        self.expect("(")
        items: list[str] = []
        if self.peek() != ")":
            items.append(self.expr(0).text)
            while self.peek() == ",":
                self.take()
                items.append(self.expr(0).text)
        self.expect(")")
        return items

    def unary(self) -> _Node:
        if self.peek() in {"-", "+", "~", "!"}:
            op = self.take()
            operand = self.unary()
            return _Node(f"{op}{_wrap(operand, _ATOM - 1, False)}", _ATOM - 1)
        return self.atom()

    def atom(self) -> _Node:
        if self.pos >= len(self.toks):
            raise _Unparsable("end")
        kind, text = self.toks[self.pos]
        if text == "(":
            self.take()
            inner = self.expr(0)
            if self.peek() == ",":
                raise _Unparsable("row constructor")
            self.expect(")")
            return inner  # parentheses are re-added by the parent only where needed
        if kind == "word" and text.lower() == "case":
            return _Node(self.raw_until_end(), _ATOM)
        if kind in {"string", "number", "dquote", "bracket"}:
            self.take()
            return _Node(text, _ATOM)
        if kind == "word":
            self.take()
            name = text
            while self.peek() == "." and self.pos + 1 < len(self.toks):
                self.take()
                name += "." + self.take()
            if self.peek() == "(" and name == "%":
                return self.mod_call()
            if self.peek() == "(":
                name = _FUNCTION_SYNONYMS.get(name.lower(), name)
                return _Node(f"{name}({self.call_args()})", _ATOM)
            return _Node(name, _ATOM)
        raise _Unparsable(text)

    def mod_call(self) -> _Node:
        """``MOD(a, b)``, which MariaDB stores as the operator: ``a MOD b``."""
        level = next(i for i, ops in enumerate(_LEVELS) if "%" in ops)
        self.expect("(")
        left = self.expr(0)
        self.expect(",")
        right = self.expr(0)
        self.expect(")")
        return _Node(f"{_wrap(left, level, False)} % {_wrap(right, level, True)}", level)

    def call_args(self) -> str:
        start = self.pos
        try:
            return ", ".join(self.paren_items())
        except _Unparsable:
            self.pos = start  # e.g. CAST(x AS CHAR): keep the arguments as written
            return self.raw_group()[1:-1]

    def raw_group(self) -> str:
        depth = 0
        parts: list[str] = []
        while self.pos < len(self.toks):
            text = self.take()
            parts.append(text)
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
                if depth == 0:
                    return " ".join(parts)
        raise _Unparsable("unbalanced")

    def raw_until_end(self) -> str:
        depth = 0
        parts: list[str] = []
        while self.pos < len(self.toks):
            text = self.take()
            parts.append(text)
            word = text.lower()
            if word == "case":
                depth += 1
            elif word == "end":
                depth -= 1
                if depth == 0:
                    return " ".join(parts)
        raise _Unparsable("case without end")


def _wrap(node: _Node, level: float, strict: bool) -> str:
    """Parenthesise a child that binds less tightly than its parent needs."""
    if node.level < level or (strict and node.level == level):
        return f"({node.text})"
    return node.text


@lru_cache(maxsize=NORMALISE_CACHE_SIZE)
def normalise_expression(sql: str) -> str:
    """One canonical spelling for an expression from the model or from the server.

    Memoised: a pure function of the text, and the same bodies (``json_valid(`c`)``,
    generated columns) repeat across thousands of tables.
    """
    cleaned = _clean_tokens(standard_literals(sql))
    try:
        text = _Parser(cleaned).parse().text
    except (_Unparsable, IndexError):
        text = " ".join(tok for _kind, tok in cleaned)
    return normalise_sql(text)
