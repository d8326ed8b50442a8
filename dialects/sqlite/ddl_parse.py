"""Read the facts SQLite's pragmas do not report out of the stored CREATE statements.

SQLite keeps every ``CREATE TABLE`` / ``CREATE INDEX`` verbatim in ``sqlite_master``.
The table-valued pragmas give columns, keys and index members, but not constraint
names, CHECK bodies, generated-column expressions, declared collations, DEFERRABLE,
AUTOINCREMENT, table options, or the text of index expressions and partial-index
WHEREs.  Those are read here from the stored text.

The parser is a small tokenizer plus a walk over the top-level items of the statement,
so quoted identifiers in every SQLite style (``"x"``, ``[x]``, `` `x` ``, even
``'x'``), comments, string literals containing parentheses or keywords, and nested
parentheses cannot derail it the way regular expressions over the raw text do.
Expressions are returned as the exact source slice, so nothing is re-spelt here;
normalising them is the adapter's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import count, pairwise
from typing import NamedTuple

# White space and comments are consumed as a prefix of every match, so each match is
# one real token (or the end of the text): half the matches of a separate space token.
_TOKEN = re.compile(
    r"""
    \s*(?:(?:--[^\n]*|/\*.*?(?:\*/|\Z))\s*)*
    (?:
      (?P<word>[A-Za-z_\x80-\U0010ffff][A-Za-z0-9_$\x80-\U0010ffff]*)
    | (?P<op>\|\||<<|>>|<=|>=|==|!=|<>|->>|->|[^\w\s'"\[`.])
    | (?P<string>[xX]'(?:[^']|'')*'|'(?:[^']|'')*')
    | (?P<dquote>"(?:[^"]|"")*")
    | (?P<bracket>\[[^\]]*\])
    | (?P<backtick>`(?:[^`]|``)*`)
    | (?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<other>.)
    | \Z
    )
    """,
    re.VERBOSE | re.DOTALL,
)
_NEW_TOKEN = tuple.__new__


class Token(NamedTuple):
    """One lexical token: its kind, source text, position, and keyword spelling.

    A named tuple rather than a dataclass: a catalog read tokenizes thousands of
    statements, and tuple construction is the cheapest record Python has.
    """

    kind: str
    text: str
    start: int
    end: int
    #: The upper-case spelling of a bare word (keywords are case-insensitive), else "".
    upper: str

    @property
    def value(self) -> str:
        """The identifier this token names, with quotes removed and escapes undone."""
        if self.kind == "dquote":
            return self.text[1:-1].replace('""', '"')
        if self.kind == "backtick":
            return self.text[1:-1].replace("``", "`")
        if self.kind == "bracket":
            return self.text[1:-1]
        if self.kind == "string":
            return self.text[1:-1].replace("''", "'")
        return self.text


def tokenize(sql: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split SQL (or ``sql[start:end]``, positions staying those of ``sql``) into tokens,
    dropping white space and comments.

    A span must start and end on token boundaries (as :func:`_body_items` finds them);
    its tokens are then exactly the tokens of the whole text that lie inside it.
    """
    out: list[Token] = []
    for match in _TOKEN.finditer(sql, start, len(sql) if end is None else end):
        kind = match.lastgroup
        if kind is None:
            continue  # the end of the text, after trailing space or comments
        text = match.group(kind)
        if kind == "other":  # a lone "." or an unterminated quote: punctuation
            kind = "op"
        # tuple.__new__ skips the named tuple's Python-level __new__: same object, faster.
        out.append(
            _NEW_TOKEN(
                Token,
                (
                    kind,
                    text,
                    match.start(kind),
                    match.end(),
                    text.upper() if kind == "word" else "",
                ),
            )
        )
    return out


# --------------------------------------------------------------------------- results
@dataclass(slots=True)
class ParsedForeignKey:
    """A foreign key as written: enough to match it to ``pragma_foreign_key_list``."""

    name: str | None
    columns: list[str]
    referred_table: str
    referred_columns: list[str]
    deferrable: bool | None = None
    initially: str | None = None


@dataclass(slots=True)
class ParsedColumn:
    """What a column definition says beyond what ``pragma_table_xinfo`` reports."""

    name: str
    collation: str | None = None
    computed: str | None = None
    autoincrement: bool = False


@dataclass(slots=True)
class ParsedTable:
    """The parts of a ``CREATE TABLE`` statement the catalog reader needs."""

    columns: dict[str, ParsedColumn] = field(default_factory=dict)
    primary_key_name: str | None = None
    checks: list[tuple[str | None, str]] = field(default_factory=list)
    uniques: list[tuple[str | None, list[str]]] = field(default_factory=list)
    foreign_keys: list[ParsedForeignKey] = field(default_factory=list)
    without_rowid: bool = False
    strict: bool = False

    def column(self, name: str) -> ParsedColumn | None:
        """Look a column up the way SQLite does: ASCII case-insensitively."""
        found = self.columns.get(name)
        if found is None:
            found = self.columns.get(fold_ascii(name))
        return found


@dataclass(slots=True)
class ParsedIndex:
    """A ``CREATE INDEX``: each key item's source text, and the partial-index WHERE."""

    items: list[str]
    where: str | None = None


_ASCII_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold_ascii(name: str) -> str:
    """Fold a name the way SQLite compares identifiers: ASCII letters only."""
    if name.isascii():  # str.lower is then exactly the ASCII fold, and 10x faster
        return name.lower()
    return name.translate(_ASCII_FOLD)


# --------------------------------------------------------------------------- helpers
def _close_paren(toks: list[Token], open_at: int) -> int:
    """Index of the ``)`` matching the ``(`` at ``open_at`` (or the last token)."""
    depth = 0
    for index in range(open_at, len(toks)):
        text = toks[index].text  # only an "op" token's text is a bare "(" or ")"
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
            if depth == 0:
                return index
    return len(toks) - 1


def _split_top_level(toks: list[Token]) -> list[list[Token]]:
    """Split tokens at commas that are not inside parentheses."""
    items: list[list[Token]] = [[]]
    current = items[0]
    depth = 0
    for tok in toks:
        text = tok.text  # a bare "(", ")" or "," is always an "op" token
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "," and depth == 0:
            current = []
            items.append(current)
            continue
        current.append(tok)
    return [item for item in items if item]


def _slice(sql: str, toks: list[Token]) -> str:
    """The source text spanned by ``toks``, with any comment inside it turned into a space.

    Spacing and spelling are kept as written; only comments, which are not part of
    the expression, are dropped.
    """
    if not toks:
        return ""
    parts = [toks[0].text]
    for before, tok in pairwise(toks):
        gap = sql[before.end : tok.start]
        parts.append(" " if gap.strip() else gap)
        parts.append(tok.text)
    return "".join(parts)


def _inner(sql: str, toks: list[Token], open_at: int) -> tuple[str, int]:
    """Source text inside the parenthesised group at ``open_at``, and the index after it."""
    close = _close_paren(toks, open_at)
    return _slice(sql, toks[open_at + 1 : close]).strip(), close + 1


def _names_in_parens(toks: list[Token], open_at: int) -> tuple[list[str], int]:
    """Column names of an ``(a, b COLLATE x DESC)`` list and the index after it."""
    close = _close_paren(toks, open_at)
    names = [item[0].value for item in _split_top_level(toks[open_at + 1 : close])]
    return names, close + 1


def _is(toks: list[Token], index: int, *words: str) -> bool:
    """Whether the tokens from ``index`` on are exactly the keywords ``words``."""
    if index + len(words) > len(toks):
        return False
    return all(toks[index + n].upper == word for n, word in enumerate(words))


def _is_open(toks: list[Token], index: int) -> bool:
    return index < len(toks) and toks[index].text == "("  # only an "op" is a bare "("


# --------------------------------------------------------------------------- CREATE TABLE
#: Keywords that end a column's type name and start its constraints.
_COLUMN_CONSTRAINT_START = frozenset(
    {
        "CONSTRAINT",
        "PRIMARY",
        "NOT",
        "NULL",
        "UNIQUE",
        "CHECK",
        "DEFAULT",
        "COLLATE",
        "REFERENCES",
        "GENERATED",
        "AS",
    }
)
_TABLE_CONSTRAINT_START = frozenset({"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"})


def parse_create_table(sql: str) -> ParsedTable:
    """Parse a stored ``CREATE TABLE`` statement.

    Anything that is not an ordinary column list (``CREATE TABLE … AS SELECT``,
    ``CREATE VIRTUAL TABLE``) yields an empty result rather than an error: the pragmas
    still describe such tables' columns, and they carry no constraints.

    Same result as :func:`parse_create_table_tokens`, faster: most column definitions
    (``qty INTEGER DEFAULT 0 NOT NULL``) say nothing the pragmas do not, so only their
    name is read, and the usual table constraints are read by exact-shape regular
    expressions (:func:`_common_shape`).  Text of any other shape takes the item split
    of :func:`_parse_split`, and what that cannot split takes the token walk.
    """
    fast = _common_shape(sql)
    return fast if fast is not None else _parse_split(sql)


def _parse_split(sql: str) -> ParsedTable:
    """:func:`parse_create_table` for any text: items found by :func:`_body_items`.

    The statement is split into items by a scan that sees only quotes, comments,
    parentheses and commas; an item is tokenized and walked only when it is a table
    constraint or its upper-cased text contains a keyword that matters (a superset
    test: a keyword inside a literal merely takes the slow path).
    """
    layout = _body_items(sql)
    if layout is None:
        return parse_create_table_tokens(sql)
    open_at, items, close_end = layout
    head = tokenize(sql, 0, open_at)
    if len(head) < 3:  # not "CREATE TABLE name (": the token walk's rules decide
        return parse_create_table_tokens(sql)
    result = ParsedTable()
    if not _is(head, 0, "CREATE") or any(t.upper == "VIRTUAL" for t in head[1:3]):
        return result
    if any(t.upper == "AS" for t in head):  # CREATE TABLE … AS SELECT
        return result
    for start, end in items:
        _any_item(sql, start, end, result)
    _table_options(tokenize(sql, close_end), result)
    return result


def _any_item(sql: str, start: int, end: int, result: ParsedTable) -> None:
    """Read the column definition or table constraint ``sql[start:end]`` of any shape."""
    first = tokenize_first(sql, start, end)
    if first is None:
        return  # an empty item, as _split_top_level drops it
    if first.upper in _TABLE_CONSTRAINT_START:
        _table_constraint(sql, tokenize(sql, start, end), result)
    elif _COLUMN_KEYWORDS.search(sql[start:end].upper()):
        _column_definition(sql, tokenize(sql, start, end), result)
    else:
        name = first.value
        result.columns[fold_ascii(name)] = ParsedColumn(name=name)


# ----------------------------------------------------------- CREATE TABLE: common shapes
# Exact-shape patterns for what SQLAlchemy and most hand-written DDL produce.  Each
# accepts only text whose tokens it knows for certain: keywords in upper case, names
# that are plain ASCII words or double-quoted without an escaped quote, white space
# only between tokens (no comments), and no string literals where their content would
# matter.  Anything else does not match and is read by the general path, so these
# patterns may be narrow but never wrong.
_W = r"[A-Za-z_][A-Za-z0-9_]*"  # a bare word; the tokenizer's word is a superset
#: What may follow a bare word inside the tokenizer's word: its end must not be here.
_WORD_GOES_ON = r"[A-Za-z0-9_$\x80-\U0010ffff]"
_NAME = rf'(?:{_W}|"[^"]*")'
#: ``a, "b c"``: names only, no COLLATE / ASC / DESC (those take the general path).
_NAMES = rf"\s*{_NAME}(?:\s*,\s*{_NAME})*\s*"
#: The name in a matched name list, bare or quoted.
_NAME_IN_LIST = re.compile(rf'({_W})|"([^"]*)"')

#: Quoted text and comments exactly as :data:`_STRUCTURE` skips them.
_SKIPPED = r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|--[^\n]*|/\*.*?(?:\*/|\Z)"""


#: Atomic groups are spelt the classic way, a lookahead (which ``re`` never backtracks
#: into) capturing the text, then a back-reference consuming exactly that text: one
#: spelling on every supported Python (``(?>...)`` needs 3.11), tested on each, at
#: about 6% more parse time than the native form.  Each use gets a group name of its own.
_atomic_names = count()


def _atomic(pattern: str) -> str:
    """``(?>pattern)``: once matched, never re-tried with a shorter or other match."""
    name = f"_atomic{next(_atomic_names)}"
    return f"(?=(?P<{name}>{pattern}))(?P={name})"


def _many(pattern: str) -> str:
    """``(?:pattern)*+``: as many as match (maybe none), never given back."""
    return _atomic(f"(?:{pattern})*")


def _some(pattern: str) -> str:
    """``(?:pattern)++``: at least one, as many as match, never given back."""
    return _atomic(f"(?:{pattern})+")


def _group(depth: int) -> str:
    """A parenthesised group nested at most ``depth`` deep, scanned as :data:`_STRUCTURE`
    scans (quotes and comments whole, commas inside it plain).  Atomic: an alternative
    once taken is never retried, so a quote that opens no literal is one plain character
    exactly as for :func:`_body_items`, never a way around a parenthesis."""
    inner = _some(r"""[^'"`\[\-/()]""") + rf"|{_SKIPPED}|[^()]"
    if depth > 1:
        inner += "|" + _group(depth - 1)
    return r"\(" + _many(_atomic(inner)) + r"\)"


#: One item of the column list up to (not including) the "," or ")" that ends it, with
#: its first token when that is a bare word or a simply double-quoted name.  It stops
#: short of the end only at a "(" nested deeper than four levels or never closed.
_ITEM = re.compile(
    rf"""\s*(?:(?P<word>{_W})(?!{_WORD_GOES_ON})|"(?P<quoted>[^"]*)"(?!"))?"""
    + _many(_atomic(_some(r"""[^'"`\[\-/(),]""") + rf"|{_SKIPPED}|{_group(4)}|[^(),]")),
    re.DOTALL,
)

#: ``CREATE TABLE name (`` with a bare or simply quoted name (SQLite stores the two
#: leading keywords upper-cased).
_HEAD = re.compile(rf'CREATE\s+TABLE\s+(?:(?P<word>{_W})|"[^"]*")\s*\(')


def _plain() -> str:
    """Body text that is no literal, quote, comment or parenthesis (a fresh pattern per
    use: the 3.10 spelling of :func:`_atomic` names its group)."""
    return _atomic(_some(r"""[^'"`\[\]()\-/]""") + r"|-(?!-)|/(?!\*)")


#: A CHECK body without literals, quotes or comments, parentheses nested at most three
#: deep: its text is then exactly what the token walk slices out.
_BODY = _plain()
for _ in range(3):
    _BODY = rf"(?:{_plain()}|\(" + _many(_BODY) + r"\))"
_BODY = _many(_BODY)

_TABLE_CONSTRAINT = re.compile(
    rf"""\s*(?:CONSTRAINT(?:\s+(?P<word>{_W})\s+|\s*"(?P<quoted>[^"]*)"\s*))?
    (?:
      (?P<pk>PRIMARY)\s+KEY\s*\({_NAMES}\)
    | (?P<unique>UNIQUE)\s*\((?P<unique_names>{_NAMES})\)
    | (?P<check>CHECK)\s*\((?P<body>{_BODY})\)
    | (?P<fk>FOREIGN)\s+KEY\s*\((?P<fk_names>{_NAMES})\)
      \s*REFERENCES(?:\s+(?P<table>{_W})|\s*"(?P<quoted_table>[^"]*)")
      (?:\s*\((?P<referred>{_NAMES})\))?
      (?:\s+ON\s+(?:DELETE|UPDATE)\s+(?:CASCADE|RESTRICT|SET\s+NULL|SET\s+DEFAULT|NO\s+ACTION))*
      (?:\s+(?P<not>NOT\s+)?(?P<deferrable>DEFERRABLE)
        (?:\s+INITIALLY\s+(?P<initially>DEFERRED|IMMEDIATE))?)?
    )\s*""",
    re.VERBOSE,
)

#: Only white space: nothing for :func:`_table_options` to read.
_BLANK = re.compile(r"\s*")


def _names(listed: str) -> list[str]:
    """The names of a list matched by :data:`_NAMES`."""
    return [bare or quoted for bare, quoted in _NAME_IN_LIST.findall(listed)]


def _common_shape(sql: str) -> ParsedTable | None:
    """:func:`parse_create_table` for ``CREATE TABLE name (…)`` whose items the
    patterns above can split, or ``None`` for any other text.

    One match of :data:`_ITEM` per item replaces the structure scan and the first
    token; a table constraint of a usual shape is one match of
    :data:`_TABLE_CONSTRAINT`.  Items of other shapes are read as :func:`_parse_split`
    reads them.
    """
    head = _HEAD.match(sql)
    if head is None:
        return None
    word = head.group("word")
    if word is not None and word.upper() in ("AS", "VIRTUAL"):
        return None  # the head rules of the general path decide
    result = ParsedTable()
    columns = result.columns
    size = len(sql)
    pos = head.end()
    # ``hit`` is where the next keyword of _COLUMN_KEYWORDS starts (at or after the
    # current item): upper-casing ASCII text keeps every position, so one upper-cased
    # copy serves all items, and it is searched again only past an item holding a hit.
    upper = sql.upper() if sql.isascii() else None
    hit = size
    if upper is not None:
        found = _COLUMN_KEYWORDS.search(upper, pos)
        hit = size if found is None else found.start()
    while True:
        item = _ITEM.match(sql, pos)
        assert item is not None  # every part of the pattern may match nothing
        end = item.end()
        if end >= size:
            return None  # no ")" closes the list
        # the first token, when a bare word or plain "name"
        word, quoted = item.group("word", "quoted")
        if upper is None:  # not ASCII: the keyword test of _any_item, item by item
            hit = pos if _COLUMN_KEYWORDS.search(sql[pos:end].upper()) else size
        if hit >= end and word is not None and word.upper() not in _TABLE_CONSTRAINT_START:
            columns[word.lower()] = ParsedColumn(word)  # ASCII: lower() is fold_ascii()
        elif word is not None and word.upper() in _TABLE_CONSTRAINT_START:
            _table_constraint_item(sql, pos, end, result)
        elif word is None and quoted is None:
            _any_item(sql, pos, end, result)
        elif hit < end:
            _column_definition(sql, tokenize(sql, pos, end), result)
        else:
            columns[fold_ascii(quoted)] = ParsedColumn(quoted)
        if hit < end and upper is not None:  # the hit was in this item: find the next
            found = _COLUMN_KEYWORDS.search(upper, end)
            hit = size if found is None else found.start()
        mark = sql[end]
        if mark == ")":
            break
        if mark != ",":
            return None  # a "(" too deep, or unbalanced: the general path decides
        pos = end + 1
    if not _BLANK.fullmatch(sql, end + 1):
        _table_options(tokenize(sql, end + 1), result)
    return result


def _table_constraint_item(sql: str, start: int, end: int, result: ParsedTable) -> None:
    """Read the table constraint ``sql[start:end]``: by :data:`_TABLE_CONSTRAINT` when it
    has a usual shape, else by the token walk."""
    shape = _TABLE_CONSTRAINT.fullmatch(sql, start, end)
    if shape is None:
        _table_constraint(sql, tokenize(sql, start, end), result)
        return
    word, quoted = shape.group("word", "quoted")
    name = word if word is not None else quoted
    if shape.group("pk") is not None:
        result.primary_key_name = name
    elif shape.group("unique") is not None:
        result.uniques.append((name, _names(shape.group("unique_names"))))
    elif shape.group("check") is not None:
        result.checks.append((name, shape.group("body").strip()))
    else:
        table, quoted_table = shape.group("table", "quoted_table")
        referred = shape.group("referred")
        fk = ParsedForeignKey(
            name=name,
            columns=_names(shape.group("fk_names")),
            referred_table=table if table is not None else quoted_table,
            referred_columns=[] if referred is None else _names(referred),
        )
        if shape.group("deferrable") is not None:
            fk.deferrable = shape.group("not") is None
            fk.initially = shape.group("initially")
        result.foreign_keys.append(fk)


#: Keywords whose presence makes a column definition worth walking token by token
#: (see :func:`_column_definition`); matched anywhere in the upper-cased item text.
_COLUMN_KEYWORDS = re.compile("CONSTRAINT|PRIMARY|AUTOINCREMENT|UNIQUE|COLLATE|CHECK|AS|REFERENCES")

#: Only what delimits items: quoted text and comments (skipped whole), ( ) and commas.
#: Everything else is never matched, so whole runs of words cost nothing.
_STRUCTURE = re.compile(
    r"""
      '(?:[^']|'')*' | "(?:[^"]|"")*" | `(?:[^`]|``)*` | \[[^\]]*\]
    | --[^\n]* | /\*.*?(?:\*/|\Z)
    | (?P<mark>[(),])
    """,
    re.VERBOSE | re.DOTALL,
)


def tokenize_first(sql: str, start: int, end: int) -> Token | None:
    """The first token of ``sql[start:end]`` (see :func:`tokenize`), or ``None``."""
    match = _TOKEN.match(sql, start, end)
    kind = None if match is None else match.lastgroup
    if match is None or kind is None:
        return None  # only white space and comments
    text = match.group(kind)
    if kind == "other":
        kind = "op"
    upper = text.upper() if kind == "word" else ""
    return _NEW_TOKEN(Token, (kind, text, match.start(kind), match.end(), upper))


def _body_items(sql: str) -> tuple[int, list[tuple[int, int]], int] | None:
    """``(position of the body's "(", item spans, position after its ")")``.

    ``None`` when there is no balanced parenthesised body: the token walk then decides
    (it has its own rules for unbalanced text).
    """
    depth = 0
    open_at = -1
    items: list[tuple[int, int]] = []
    item_start = 0
    for match in _STRUCTURE.finditer(sql):
        mark = match.group("mark")
        if mark is None:
            continue
        if mark == "(":
            depth += 1
            if depth == 1 and open_at < 0:
                open_at = match.start()
                item_start = match.end()
        elif open_at < 0:
            continue  # a "," or ")" before the body: leave it to the token walk
        elif mark == ")":
            depth -= 1
            if depth == 0:
                items.append((item_start, match.start()))
                return open_at, items, match.end()
        elif depth == 1:  # a top-level comma
            items.append((item_start, match.start()))
            item_start = match.end()
    return None


def _table_options(toks: list[Token], result: ParsedTable) -> None:
    """``WITHOUT ROWID`` and ``STRICT`` after the column list."""
    for option in _split_top_level(toks):
        words = [t.upper for t in option]
        if words == ["WITHOUT", "ROWID"]:
            result.without_rowid = True
        elif words == ["STRICT"]:
            result.strict = True


def parse_create_table_tokens(sql: str) -> ParsedTable:
    """:func:`parse_create_table` by walking every token (the reference, and the path
    for text without a balanced column list)."""
    toks = tokenize(sql)
    result = ParsedTable()
    if not _is(toks, 0, "CREATE") or any(t.upper == "VIRTUAL" for t in toks[1:3]):
        return result
    open_at = next(
        (i for i, t in enumerate(toks) if _is_open(toks, i) or t.upper == "AS"),
        None,
    )
    if open_at is None or toks[open_at].upper == "AS":
        return result
    close = _close_paren(toks, open_at)
    for item in _split_top_level(toks[open_at + 1 : close]):
        if item[0].upper in _TABLE_CONSTRAINT_START:
            _table_constraint(sql, item, result)
        else:
            _column_definition(sql, item, result)
    _table_options(toks[close + 1 :], result)
    return result


def _column_definition(sql: str, item: list[Token], result: ParsedTable) -> None:
    name = item[0].value
    index = 1
    while index < len(item) and item[index].upper not in _COLUMN_CONSTRAINT_START:
        index = _close_paren(item, index) + 1 if _is_open(item, index) else index + 1
    column = ParsedColumn(name=name)
    result.columns[fold_ascii(name)] = column
    constraint_name: str | None = None  # a CONSTRAINT name applies to what follows it
    while index < len(item):
        word = item[index].upper
        step = 1
        if word == "CONSTRAINT" and index + 1 < len(item):
            constraint_name = item[index + 1].value
            index += 2
            continue
        if word == "PRIMARY":
            result.primary_key_name = constraint_name
        elif word == "AUTOINCREMENT":
            column.autoincrement = True
        elif word == "UNIQUE":
            result.uniques.append((constraint_name, [name]))
        elif word == "COLLATE" and index + 1 < len(item):
            column.collation = item[index + 1].value
            step = 2
        elif word == "CHECK" and _is_open(item, index + 1):
            body, after = _inner(sql, item, index + 1)
            result.checks.append((constraint_name, body))
            step = after - index
        elif word == "AS" and _is_open(item, index + 1):
            column.computed, after = _inner(sql, item, index + 1)
            step = after - index
        elif word == "REFERENCES":
            fk, after = _references(sql, item, index, constraint_name, [name])
            result.foreign_keys.append(fk)
            step = after - index
        elif _is_open(item, index):  # DEFAULT (expr): skip the group whole
            step = _close_paren(item, index) + 1 - index
        if word in _COLUMN_CONSTRAINT_START and word not in ("GENERATED", "AS"):
            constraint_name = None
        index += max(step, 1)


def _table_constraint(sql: str, item: list[Token], result: ParsedTable) -> None:
    name: str | None = None
    index = 0
    if item[0].upper == "CONSTRAINT" and len(item) > 1:
        name = item[1].value
        index = 2
    if index >= len(item):
        return
    word = item[index].upper
    if word == "PRIMARY":
        result.primary_key_name = name
    elif word == "UNIQUE":
        open_at = next((i for i in range(index, len(item)) if _is_open(item, i)), None)
        if open_at is not None:
            result.uniques.append((name, _names_in_parens(item, open_at)[0]))
    elif word == "CHECK" and _is_open(item, index + 1):
        result.checks.append((name, _inner(sql, item, index + 1)[0]))
    elif word == "FOREIGN":
        open_at = next((i for i in range(index, len(item)) if _is_open(item, i)), None)
        if open_at is None:
            return
        columns, after = _names_in_parens(item, open_at)
        if after < len(item) and item[after].upper == "REFERENCES":
            result.foreign_keys.append(_references(sql, item, after, name, columns)[0])


def _references(
    sql: str, item: list[Token], index: int, name: str | None, columns: list[str]
) -> tuple[ParsedForeignKey, int]:
    """Parse ``REFERENCES t [(cols)] [ON …] [MATCH x] [[NOT] DEFERRABLE [INITIALLY …]]``."""
    index += 1
    table = item[index].value if index < len(item) else ""
    index += 1
    referred: list[str] = []
    if _is_open(item, index):
        referred, index = _names_in_parens(item, index)
    fk = ParsedForeignKey(
        name=name, columns=columns, referred_table=table, referred_columns=referred
    )
    while index < len(item):
        if _is(item, index, "ON"):
            index += 2  # ON DELETE | ON UPDATE
            index += 2 if _is(item, index, "SET") or _is(item, index, "NO") else 1
        elif _is(item, index, "MATCH"):
            index += 2
        elif _is(item, index, "NOT", "DEFERRABLE"):
            fk.deferrable = False
            index += 2
        elif _is(item, index, "DEFERRABLE"):
            fk.deferrable = True
            index += 1
        elif _is(item, index, "INITIALLY") and index + 1 < len(item):
            fk.initially = item[index + 1].upper
            index += 2
        else:
            break
    return fk, index


# --------------------------------------------------------------------------- CREATE INDEX
def parse_create_index(sql: str) -> ParsedIndex:
    """Parse a stored ``CREATE [UNIQUE] INDEX … ON t (items) [WHERE expr]``.

    Each item is the source text of the indexed expression with its trailing
    ``COLLATE`` and ``ASC``/``DESC`` removed (those are reported by the pragma).
    """
    toks = tokenize(sql)
    on_at = next((i for i, t in enumerate(toks) if t.upper == "ON"), None)
    if on_at is None:
        return ParsedIndex(items=[])
    open_at = next((i for i in range(on_at, len(toks)) if _is_open(toks, i)), None)
    if open_at is None:
        return ParsedIndex(items=[])
    close = _close_paren(toks, open_at)
    items = []
    for item in _split_top_level(toks[open_at + 1 : close]):
        end = len(item)
        if item[end - 1].upper in ("ASC", "DESC"):
            end -= 1
        if end > 2 and item[end - 2].upper == "COLLATE":
            end -= 2
        items.append(_slice(sql, item[:end]))
    where = None
    if close + 1 < len(toks) and toks[close + 1].upper == "WHERE":
        where = _slice(sql, toks[close + 2 :]).strip() or None
    return ParsedIndex(items=items, where=where)
