"""Command-line options shared by ``parity check`` and ``parity migrations``.

Both end in one ``compare()`` call, so the options that shape it (which tables, how
strict, what to ignore, how to print) are declared once, here.
"""

from __future__ import annotations

import argparse

from parity.connect import parse_timeout
from parity.errors import ParityUsageError
from parity.formats import FORMATS
from parity.policy import MODES

#: Seconds the command line waits to connect and for each catalog statement, unless
#: ``--timeout`` says otherwise: a command in CI must never wait forever.
DEFAULT_CLI_TIMEOUT = 30.0


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


def seconds(text: str) -> float:
    """An argparse type for ``--timeout SECONDS`` (validated by ``check_timeout``)."""
    try:
        return parse_timeout(text, name="--timeout")
    except ParityUsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_timeout_option(parser: argparse.ArgumentParser) -> None:
    """``--timeout SECONDS``: bounds connecting and each catalog statement (default 30)."""
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_CLI_TIMEOUT,
        metavar="SECONDS",
        help="bound connecting and each catalog statement "
        f"(default: {DEFAULT_CLI_TIMEOUT:g} s; at most 2,147,483)",
    )
