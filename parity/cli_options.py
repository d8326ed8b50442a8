"""Command-line options shared by ``parity check`` and ``parity migrations``.

Both end in one ``compare()`` call, so the options that shape it (which tables, how
strict, what to ignore, how to print) are declared once, here.
"""

from __future__ import annotations

import argparse

from parity.formats import FORMATS
from parity.policy import MODES


def names(text: str) -> list[str]:
    """A comma-separated list of table names, blanks dropped."""
    return [name.strip() for name in text.split(",") if name.strip()]


def add_compare_options(parser: argparse.ArgumentParser) -> None:
    """``--critical``, ``--tables``, ``--mode``, ``--format`` and ``--ignore``."""
    parser.add_argument(
        "--critical", type=names, default=[], help="tables that must match exactly, comma-separated"
    )
    parser.add_argument(
        "--tables", type=names, default=None, help="restrict the check to these tables"
    )
    parser.add_argument("--mode", choices=MODES, default="compatible")
    parser.add_argument("--format", choices=FORMATS, default="text", dest="fmt")
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="PATTERN",
        help="TABLE[.COLUMN][:KIND] glob to ignore; repeatable",
    )
