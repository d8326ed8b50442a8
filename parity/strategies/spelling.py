"""How a schema is *written*: the equivalent spellings migrations, DBAs and dumps use.

A :class:`Spelling` changes the text of the DDL, never the facts: ``INT4`` for
``INTEGER``, a foreign key written inline, in the table or by ``ALTER TABLE … ADD``, a
default written ``'0'`` or ``0::integer``, ``SERIAL`` written as an identity column or
as pg_dump's ``nextval()`` with an owned sequence, ``public.t`` for ``t``.  Every
spelling of one spec must compare identical to the model, and a drift must be caught
in every spelling (``tests/properties/test_spellings.py``).

A spelling is a handful of *dials*: short tuples of small integers.  Each object (a
column's type, a table's foreign keys…) reads the dial of its aspect at a position
derived from its name (:func:`pick`), so a spelling applies to any spec, including the
changed spec of a drift, and hypothesis shrinks it towards the empty tuple, which
picks option 0 everywhere: the way SQLAlchemy's ``create_all`` writes it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from parity.strategies.spec import _Compact

Dial = tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Spelling(_Compact):
    """The dials of one way of writing a schema (empty dial: ``create_all``'s spelling).

    * ``types``: type-name synonyms (``INT``/``INT4``, ``DECIMAL``, ``BOOL``…);
    * ``defaults``: a server default quoted, parenthesised or cast differently;
    * ``names``: identifiers quoted when they need not be, or in another case where
      the database folds it (references only on MySQL and SQLite);
    * ``placement``: a constraint inline, in the table, by ``ALTER TABLE … ADD``, or a
      unique constraint as a ``CREATE UNIQUE INDEX`` (where the database can);
    * ``checks``: a CHECK body with other spacing, parentheses, keyword case, ``<>``;
    * ``serial``: PostgreSQL ``SERIAL`` as ``SERIAL4``, an identity column, or pg_dump's
      ``nextval()`` default with an owned sequence;
    * ``qualified``: every table named with the default schema (``public.t``,
      ``db.t``, ``main.t``).
    """

    types: Dial = ()
    defaults: Dial = ()
    names: Dial = ()
    placement: Dial = ()
    checks: Dial = ()
    serial: Dial = ()
    qualified: bool = False

    @property
    def is_plain(self) -> bool:
        """Whether this is ``create_all``'s own spelling."""
        return self == Spelling()


def pick(dial: Dial, key: str, options: int) -> int:
    """The option (``0 <= n < options``) the dial gives to the object called ``key``.

    crc32, not ``hash``: string hashing is salted per process, and a failing example
    must replay identically.
    """
    if not dial or options <= 1:
        return 0
    return dial[zlib.crc32(key.encode()) % len(dial)] % options


def _dial() -> st.SearchStrategy[Dial]:
    return st.lists(st.integers(0, 5), max_size=3).map(tuple)


@st.composite
def spellings(draw: Any) -> Spelling:
    """A spelling; shrinks towards ``Spelling()``, the spelling of ``create_all``."""
    return Spelling(
        types=draw(_dial(), label="types"),
        defaults=draw(_dial(), label="defaults"),
        names=draw(_dial(), label="names"),
        placement=draw(_dial(), label="placement"),
        checks=draw(_dial(), label="checks"),
        serial=draw(_dial(), label="serial"),
        qualified=draw(st.booleans(), label="qualified"),
    )


__all__ = ["Dial", "Spelling", "pick", "spellings"]
