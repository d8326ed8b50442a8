"""``parity migrations``: do the Alembic migrations build what the models declare?

``parity/cli.py`` wires this in with two lines (``register(commands)`` in its parser,
``run(args)`` for ``args.command == "migrations"``); :func:`main` runs it on its own.

Exit codes: 0 the migrated database matches the models, 1 drift, 2 bad usage (no ini, a
models module that cannot be imported), 3 the server cannot be reached, the throwaway
database cannot be created, or the migrations fail to apply.  A URL's password never
appears in any output.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from parity.cli_options import add_compare_options, add_timeout_option
from parity.errors import InspectionError, ParityUsageError, PluginLoadError
from parity.escape import printable
from parity.formats import render
from parity.loading import load_models

EXIT_OK, EXIT_DRIFT, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3


def _option(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key.strip(), value


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``migrations`` command to ``parity``'s sub-command parsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "migrations",
        help="upgrade a throwaway database with the Alembic migrations and compare it "
        "with the models",
        description="Create a throwaway database on the server named by --url (a "
        "temporary file for sqlite://), run `alembic upgrade head` on it in a separate "
        "process, compare it with the models and drop it. Writes only to that database.",
    )
    parser.add_argument("--alembic-ini", required=True, help="path to the project's alembic.ini")
    parser.add_argument(
        "--models",
        required=True,
        help="MODULE[:ATTR]: a module whose import registers the models, or the MetaData, "
        "declarative base or list of classes in it",
    )
    parser.add_argument(
        "--url",
        help="server to create the throwaway database on; the user needs the right to "
        "create databases; sqlite:// uses a temporary file "
        "(default: $PARITY_DATABASE_URL, then $DATABASE_URL)",
    )
    parser.add_argument("--revision", default="head", help="revision to upgrade to (head)")
    parser.add_argument(
        "--alembic-option",
        type=_option,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a main option of the Alembic config, e.g. version_locations=...; repeatable",
    )
    add_compare_options(parser)
    add_timeout_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``parity migrations`` for parsed ``args``; returns the exit code."""
    from parity.connect import mask_urls, safe_url
    from parity.migrations import check_migrations

    url: str | None = None
    try:
        url = args.url or os.environ.get("PARITY_DATABASE_URL") or os.environ.get("DATABASE_URL")
        if not url:
            raise ParityUsageError("no server URL: pass --url or set PARITY_DATABASE_URL")
        target = load_models(args.models)
        report = check_migrations(
            args.alembic_ini,
            target,
            url=url,
            revision=args.revision,
            alembic_options=dict(args.alembic_option),
            tables=args.tables,
            critical=args.critical,
            mode=args.mode,
            ignore=args.ignore,
            inspection_timeout=args.timeout,
        )
    except ParityUsageError as exc:
        print(f"parity: error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except (InspectionError, PluginLoadError) as exc:
        print(f"parity: migrations check could not run: {printable(str(exc))}", file=sys.stderr)
        return EXIT_UNREACHABLE
    except Exception as exc:  # not checked: exit 3, one masked line, no traceback
        text = mask_urls(f"{type(exc).__name__}: {exc}", [u for u in [args.url, url] if u])
        print(f"parity: migrations check could not run: {printable(text)}", file=sys.stderr)
        return EXIT_UNREACHABLE
    where = f"migrations of {args.alembic_ini} on {safe_url(url)}"
    print(render(report, args.fmt, stream=sys.stdout, target=where if args.fmt == "text" else ""))
    return EXIT_OK if report.ok else EXIT_DRIFT


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m parity.migrations_cli migrations ...``, until ``parity`` wires it in."""
    parser = argparse.ArgumentParser(prog="parity")
    register(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
