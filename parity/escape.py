"""Showing names that come from the database, safely, in every output format.

A table, column or constraint name is whatever the database holds, and a database can
be hostile: a name with a line break and ``::error ...`` becomes a GitHub Actions
workflow command when printed on its own line, an ANSI escape rewrites the terminal, a
``\\x01`` makes JUnit XML invalid, and bidirectional controls reorder what a reviewer
reads.  :func:`printable` spells every such character as a visible escape (``\\n``,
``\\x1b``, ``\\u202e``), so text, GitHub and JUnit output hold one line per line they
mean to print and only characters XML allows.  JSON output needs nothing: it escapes
control characters itself.
"""

from __future__ import annotations

import unicodedata

#: Categories never shown raw: controls, surrogates, line/paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
#: Bidirectional controls (Cf) that reorder the text around them.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Not characters at all (invalid in XML).
_NONCHARACTERS = frozenset("\ufffe\uffff")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _unsafe(char: str) -> bool:
    return (
        unicodedata.category(char) in _UNSAFE_CATEGORIES or char in _BIDI or char in _NONCHARACTERS
    )


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control, separator and bidi character written as an escape."""
    if text.isprintable():
        return text
    return "".join(_escaped(char) if _unsafe(char) else char for char in text)
