"""The ``parity`` command line.

Exit codes (CONTRACT.md §4): 0 no error-level difference, 1 drift, 2 bad usage or a
models module that cannot be imported, 3 the database cannot be reached or inspected.
A URL's password never appears in any output.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from parity import __version__
from parity.api import compare
from parity.connect import safe_url
from parity.errors import InspectionError, ParityUsageError, PluginLoadError
from parity.formats import FORMATS, render
from parity.loading import load_models
from parity.policy import MODES

EXIT_OK, EXIT_DRIFT, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse exits with 2 too, but one line, in our voice.
        self.exit(
            EXIT_USAGE, f"parity: error: {message} (see parity {self.prog.split()[-1]} --help)\n"
        )


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="parity", description="Prove models and a live database agree.")
    parser.add_argument("--version", action="version", version=f"schema-parity {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="compare models with a live database")
    check.add_argument(
        "--url",
        help="database URL (default: $PARITY_DATABASE_URL, then $DATABASE_URL)",
    )
    check.add_argument(
        "--models",
        required=True,
        help="MODULE[:ATTR]: a module whose import registers the models, or the MetaData, "
        "declarative base or list of classes in it",
    )
    check.add_argument(
        "--critical",
        type=_names,
        default=[],
        help="tables that must match exactly, comma-separated",
    )
    check.add_argument(
        "--tables", type=_names, default=None, help="restrict the check to these tables"
    )
    check.add_argument("--mode", choices=MODES, default="compatible")
    check.add_argument("--format", choices=FORMATS, default="text", dest="fmt")
    check.add_argument(
        "--schema", default=None, help="schema (PostgreSQL) or database (MySQL) to inspect"
    )
    check.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="PATTERN",
        help="TABLE[.COLUMN][:KIND] glob to ignore; repeatable",
    )

    commands.add_parser("demo", help="run a real check on a temporary SQLite database with drift")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            return _demo()
        return _check(args)
    except ParityUsageError as exc:
        print(f"parity: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (InspectionError, PluginLoadError) as exc:
        print(f"parity: cannot inspect the database: {exc}", file=sys.stderr)
        return EXIT_UNREACHABLE


def _check(args: argparse.Namespace) -> int:
    url = args.url or os.environ.get("PARITY_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url:
        raise ParityUsageError("no database URL: pass --url or set PARITY_DATABASE_URL")
    target = load_models(args.models)
    report = compare(
        url,
        target,
        tables=args.tables,
        schema=args.schema,
        critical=args.critical,
        mode=args.mode,
        ignore=args.ignore,
    )
    print(
        render(
            report, args.fmt, stream=sys.stdout, target=safe_url(url) if args.fmt == "text" else ""
        )
    )
    return EXIT_OK if report.ok else EXIT_DRIFT


def _demo() -> int:
    from parity.demo import run_demo

    url, report = run_demo()
    print(f"Checked the five cost tables against a drifted SQLite database at {url}\n")
    print(render(report, "text", stream=sys.stdout))
    print(
        "\nThe startup guard (parity.check_m26_cost_tables) would refuse to start on this database."
        if not report.ok
        else "\nNo drift."
    )
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
