"""Index members: what is indexed, and in which collation, direction and NULLS placement.

An index member is a column or an expression followed by optional modifiers
(``name COLLATE NOCASE``, ``created DESC``, ``score DESC NULLS LAST``).  The model spells
them as SQLAlchemy elements (``t.c.c.desc()``, ``.nulls_first()``, ``.collate(...)``) or
as text (``text("b DESC")``); a catalog reports them as flags beside the member
(``column_sorting``, and the parity extension ``column_collations``).  Both sides are
reduced here to the same two parts: the member itself, and one normalised modifier text
that is empty when everything is the database's default.

Policy: sort order and NULLS placement are part of an index (a lost ``DESC`` after a
SQLite table rebuild is a real drift), so they are compared; a placement that is the
default for its direction is dropped on both sides, so PostgreSQL's ``ASC NULLS LAST``
equals ``ASC`` and ``DESC NULLS FIRST`` equals ``DESC``.  Which placement is the default
is the adapter's fact (:attr:`parity.adapter.DialectAdapter.nulls_sort_high`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, CollationClause, UnaryExpression

from parity.sqltext import tokens

_DIRECTIONS = {operators.asc_op: False, operators.desc_op: True}
_NULLS = {operators.nulls_first_op: "first", operators.nulls_last_op: "last"}


@dataclass(frozen=True, slots=True)
class Member:
    """One index member with its modifiers separated from it.

    ``element`` is what is indexed (a ``Column``, another SQL element, or SQL text);
    ``collation`` is the collation written for it, ``descending`` its direction and
    ``nulls`` an explicit placement (``"first"``/``"last"``) or ``None``.
    """

    element: Any
    collation: str | None = None
    descending: bool = False
    nulls: str | None = None


def unwrap(expression: Any) -> Member:
    """Take ``.desc()``/``.asc()``/``.nulls_first()``/``.collate()`` off a model element."""
    collation: str | None = None
    descending = False
    nulls: str | None = None
    element = expression
    for _ in range(8):  # at most a few wrappers; never loop on a malformed tree
        if isinstance(element, UnaryExpression) and element.modifier in _DIRECTIONS:
            descending = _DIRECTIONS[element.modifier]
            element = element.element
        elif isinstance(element, UnaryExpression) and element.modifier in _NULLS:
            nulls = _NULLS[element.modifier]
            element = element.element
        elif (
            isinstance(element, BinaryExpression)
            and element.operator is operators.collate
            and isinstance(element.right, CollationClause)
        ):
            collation = str(element.right.collation)
            element = element.left
        else:
            break
    return Member(element=element, collation=collation, descending=descending, nulls=nulls)


def split_text(sql: str) -> Member:
    """Split trailing ``COLLATE x``, ``ASC``/``DESC`` and ``NULLS FIRST|LAST`` off SQL text.

    ``element`` is the text of the member alone, its tokens joined by single spaces (the
    expression normaliser re-tokenises it, so the spacing does not matter).  Text that
    is nothing but modifiers is returned unchanged.
    """
    toks = tokens(sql)
    end = len(toks)
    nulls: str | None = None
    descending = False
    collation: str | None = None
    words = [text.upper() if kind == "word" else "" for kind, text in toks]
    if end >= 3 and words[end - 2] == "NULLS" and words[end - 1] in ("FIRST", "LAST"):
        nulls = words[end - 1].lower()
        end -= 2
    if end >= 2 and words[end - 1] in ("ASC", "DESC"):
        descending = words[end - 1] == "DESC"
        end -= 1
    if end >= 3 and words[end - 2] == "COLLATE" and toks[end - 1][0] != "op":
        collation = toks[end - 1][1]
        end -= 2
    if end == len(toks):
        return Member(element=sql)
    return Member(
        element=" ".join(text for _kind, text in toks[:end]),
        collation=collation,
        descending=descending,
        nulls=nulls,
    )


def modifier_text(
    *, collation: str | None, descending: bool, nulls: str | None, nulls_sort_high: bool
) -> str:
    """The normalised modifiers of one member; ``""`` when all are the defaults.

    ``collation`` must already be normalised, and ``None`` when it is the member's
    default.  A NULLS placement equal to the default for the direction is dropped:
    where NULLs sort high (PostgreSQL) ``ASC`` puts them last and ``DESC`` first.
    """
    parts: list[str] = []
    if collation is not None:
        parts.append(f"collate {collation}")
    if descending:
        parts.append("desc")
    if nulls is not None:
        default = "first" if descending == nulls_sort_high else "last"
        if nulls != default:
            parts.append(f"nulls {nulls}")
    return " ".join(parts)
