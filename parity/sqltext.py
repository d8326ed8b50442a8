"""Normalisation of small SQL fragments: defaults, CHECK bodies, index expressions.

Databases hand back SQL text rewritten in their own way (extra parentheses, upper
case keywords, quoted identifiers, different spacing).  These helpers bring text from
the model and from the catalog to one form without ever changing what it means:
string literals are kept byte for byte, only the text around them is folded.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Distinct fragments a comparison normalises (defaults, CHECK bodies, index expressions)
#: repeat across thousands of tables; the results are pure functions of the text.
NORMALISE_CACHE_SIZE = 8192

_TOKEN = re.compile(
    r"""
    (?P<string>'(?:[^']|'')*')          # 'literal' with '' escapes
    | (?P<dquote>"(?:[^"]|"")*")         # "identifier"
    | (?P<backtick>`(?:[^`]|``)*`)       # `identifier`
    | (?P<bracket>\[[^\]]*\])            # [identifier] (SQLite accepts it)
    | (?P<space>\s+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)
    | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
    | (?P<op>::|<>|!=|<=|>=|\|\||.)
    """,
    re.VERBOSE | re.DOTALL,
)

_SAFE_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_$]*$")
_BINARY = frozenset({"=", "<", ">", "<=", ">=", "<>", "!=", "+", "-", "*", "/", "%", "||"})
_QUOTED = frozenset({"dquote", "backtick", "bracket"})
_OPENING_QUOTES = frozenset({"'", '"', "`", "["})
#: Words that are operators, after which parentheses group rather than call or list.
_OPERATOR_WORDS = frozenset({"and", "or", "not", "when", "then", "else"})
_KEYWORDS_BEFORE_PAREN = frozenset(
    {"and", "or", "not", "in", "is", "when", "then", "else", "exists", "any", "all", "as"}
)


def tokens(sql: str) -> list[tuple[str, str]]:
    """Split SQL into ``(kind, text)`` tokens, dropping white space."""
    out: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(sql):
        kind = match.lastgroup or "op"
        if kind != "space":
            out.append((kind, match.group()))
    return out


def _unquote_identifier(kind: str, text: str) -> str:
    inner = text[1:-1]
    if kind == "dquote":
        inner = inner.replace('""', '"')
    elif kind == "backtick":
        inner = inner.replace("``", "`")
    # An identifier that needs no quoting is written bare; others stay quoted, in one style.
    if _SAFE_IDENTIFIER.match(inner):
        return inner
    return '"' + inner.replace('"', '""') + '"'


@lru_cache(maxsize=NORMALISE_CACHE_SIZE)
def normalise_sql(sql: str) -> str:
    """Fold an SQL fragment to a canonical spelling.

    Keywords and bare identifiers become lower case, quoted identifiers that need no
    quotes lose them, white space collapses to one canonical layout, and redundant
    parentheses around the whole fragment are removed.  String literals are untouched.
    The result depends on ``sql`` alone, so it is memoised (bounded LRU, thread-safe).
    """
    toks = tokens(sql)
    if any(kind == "op" and text in _OPENING_QUOTES for kind, text in toks):
        # An unterminated quote: no token boundary can be trusted, so fold nothing.
        return sql.strip()
    out: list[str] = []
    unary = False
    for raw_kind, text in _drop_atom_parens(toks):
        kind = raw_kind
        if raw_kind in _QUOTED:
            kind, tok = "word", _unquote_identifier(raw_kind, text)
        elif raw_kind == "word":
            tok = text.lower()
        else:
            tok = text
        last = out[-1] if out else ""
        if kind == "op" and tok in {"-", "+"} and (not last or last.endswith(("(", ", ", " "))):
            out.append(tok)  # a sign, not an operator: "-1" stays "-1"
            unary = True
            continue
        if kind == "op" and tok in _BINARY:
            out.append(f" {tok} ")
        elif kind == "op" and tok == ",":
            out.append(", ")
        elif kind == "op" and tok == "(":
            out.append(" (" if last.strip() in _KEYWORDS_BEFORE_PAREN or last == ")" else "(")
        elif kind == "op":
            out.append(tok)
        else:
            if last and last[-1:] not in " (.:" and not unary:
                out.append(" ")
            out.append(tok)
        unary = False
    return strip_outer_parens(_fold_spacing("".join(out)).strip())


# Quoted text first, so the spacing rules never reach inside a literal or an identifier.
_SPACING = re.compile(r"""('(?:[^']|'')*'|"(?:[^"]|"")*")|\( +| +\)| {2,}""")


def _fold_spacing(text: str) -> str:
    def fold(match: re.Match[str]) -> str:
        quoted, found = match.group(1), match.group()
        if quoted is not None:
            return quoted
        if found.startswith("("):
            return "("
        return ")" if found.endswith(")") else " "

    return _SPACING.sub(fold, text)


def _drop_atom_parens(toks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(age) >= (0)`` -> ``age >= 0``: parentheses around one atom mean nothing.

    Not after a word, where they are a call or a list (``lower(x)``, ``in (1)``), unless
    that word is an operator: ``(a) and (b)`` -> ``a and b``.
    """
    changed = True
    while changed:
        changed = False
        for i in range(len(toks) - 2):
            opening, atom, closing = toks[i], toks[i + 1], toks[i + 2]
            if opening != ("op", "(") or closing != ("op", ")") or atom[0] == "op":
                continue
            before = toks[i - 1] if i else ("op", "")
            after_word = before[0] != "op" and before[1].lower() not in _OPERATOR_WORDS
            if after_word or before[1] == ")":
                continue
            toks = [*toks[:i], atom, *toks[i + 3 :]]
            changed = True
            break
    return toks


def strip_outer_parens(text: str) -> str:
    """Remove parentheses that wrap the whole fragment, as many layers as there are."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _wraps_whole(text):
        text = text[1:-1].strip()
    return text


def _wraps_whole(text: str) -> bool:
    toks = tokens(text)
    depth = 0
    for index, (kind, tok) in enumerate(toks):
        if kind != "op":
            continue
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
            if depth == 0 and index != len(toks) - 1:
                return False
    return depth == 0


def unquote_literal(text: str) -> str | None:
    """The value of a single SQL string literal, or ``None`` if ``text`` is not one."""
    toks = tokens(text)
    if len(toks) == 1 and toks[0][0] == "string":
        return toks[0][1][1:-1].replace("''", "'")
    return None
