"""``parity diff LEFT RIGHT``: one database (or snapshot file) against another.

``parity/cli.py`` wires this in with two lines (``register(commands)`` in its parser,
``run(args)`` for ``args.command == "diff"``).  LEFT plays the model's role (expected),
RIGHT the database's (actual); each is a database URL or a snapshot file written by
``parity inspect --format json``.

Exit codes (as for ``parity check``): 0 no error-level difference, 1 drift (``--mode
exact`` makes every difference one), 2 bad usage (including an unreadable, corrupted or
foreign snapshot file, or two sides of different dialects), 3 a side that cannot be
reached or read.  A URL's password never appears in any output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from parity.cli_options import names
from parity.connect import safe_url
from parity.formats import FORMATS, render
from parity.policy import MODES

EXIT_OK, EXIT_DRIFT = 0, 1


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, got {text}")
    return value


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``diff`` command to ``parity``'s sub-command parsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "diff",
        help="compare two databases or snapshot files (LEFT expected, RIGHT actual)",
        description="Compare the schema of RIGHT with LEFT, each a database URL or a "
        "snapshot file (parity inspect --format json). LEFT plays the model's role: what "
        "RIGHT lacks is reported *_missing, what only RIGHT has *_extra. Only reads.",
    )
    parser.add_argument("left", metavar="LEFT", help="database URL or snapshot file (expected)")
    parser.add_argument("right", metavar="RIGHT", help="database URL or snapshot file (actual)")
    parser.add_argument(
        "--schema", default=None, help="schema (PostgreSQL) or database (MySQL) read on each URL"
    )
    parser.add_argument("--tables", type=names, default=None, help="only these tables")
    parser.add_argument("--mode", choices=MODES, default="compatible")
    parser.add_argument("--format", choices=FORMATS, default="text", dest="fmt")
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="PATTERN",
        help="TABLE[.COLUMN][:KIND] glob to ignore; repeatable",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="bound connecting and each catalog statement on each URL (default: no limit)",
    )
    return parser


def _label(side: str) -> str:
    return safe_url(side) if "://" in side else side


def run(args: argparse.Namespace) -> int:
    """Diff LEFT and RIGHT and print the report; the usage/inspection errors propagate."""
    from parity.databases import diff_databases

    report = diff_databases(
        _as_file(args.left),
        _as_file(args.right),
        schema=args.schema,
        tables=args.tables,
        mode=args.mode,
        ignore=args.ignore,
        timeout=args.timeout,
    )
    target = f"{_label(args.left)} -> {_label(args.right)}" if args.fmt == "text" else ""
    print(render(report, args.fmt, stream=sys.stdout, target=target))
    return EXIT_OK if report.ok else EXIT_DRIFT


def _as_file(side: str) -> str | Path:
    """A side without ``://`` is a snapshot file, whatever its name ends with."""
    return side if "://" in side else Path(side)
