"""The ``parity`` command line.

Exit codes (README "Command line"): 0 no error-level difference, 1 drift, 2 bad usage or a
models module that cannot be imported, 3 the database cannot be reached or inspected.
With several targets (``--url`` repeated, ``--urls-file``, ``--schema`` globs): 3 if any
target could not be inspected, else 1 if any drifted, else 0.  A URL's password never
appears in any output.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from parity import __version__, diff_cmd, migrations_cli
from parity.api import compare
from parity.cli_options import add_compare_options, add_timeout_option, names
from parity.connect import mask_urls, safe_url
from parity.errors import InspectionError, ParityUsageError, PluginLoadError
from parity.escape import printable
from parity.formats import render, render_many
from parity.inspect_cmd import inspect_database, render_snapshot_json, render_snapshot_text
from parity.loading import load_models
from parity.many import TargetResult, compare_many, is_glob, overall_exit_code
from parity.progress import reporting

EXIT_OK, EXIT_DRIFT, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse exits with 2 too, but one line, in our voice.
        self.exit(EXIT_USAGE, f"parity: error: {message} (see {self.prog} --help)\n")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="parity", description="Prove models and a live database agree.")
    parser.add_argument("--version", action="version", version=f"schema-parity {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="compare models with live databases")
    check.add_argument(
        "--url",
        action="append",
        default=[],
        dest="urls",
        metavar="URL",
        help="database URL; repeatable (default: $PARITY_DATABASE_URL, then $DATABASE_URL)",
    )
    check.add_argument(
        "--snapshot",
        metavar="FILE",
        default=None,
        help="check against a snapshot file (parity inspect --format json) instead of a "
        "database: offline, no connection",
    )
    check.add_argument(
        "--urls-file",
        metavar="FILE",
        default=None,
        help="a file of database URLs, one per line; blank lines and # comments are skipped",
    )
    check.add_argument(
        "--models",
        required=True,
        help="MODULE[:ATTR]: a module whose import registers the models, or the MetaData, "
        "declarative base or list of classes in it",
    )
    check.add_argument(
        "--schema",
        action="append",
        default=[],
        dest="schemas",
        metavar="S",
        help="schema (PostgreSQL) or database (MySQL) to inspect; a shell glob such as "
        "'tenant_*' checks every matching one; repeatable",
    )
    add_compare_options(check)
    add_timeout_option(check)
    check.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="targets checked at the same time (default: min(4, number of targets))",
    )

    inspect = commands.add_parser(
        "inspect", help="print the normalised snapshot of a live database"
    )
    inspect.add_argument(
        "--url", help="database URL (default: $PARITY_DATABASE_URL, then $DATABASE_URL)"
    )
    inspect.add_argument("--schema", default=None, help="schema (PostgreSQL) or database (MySQL)")
    inspect.add_argument("--tables", type=names, default=None, help="only these tables")
    inspect.add_argument("--format", choices=("text", "json"), default="text", dest="fmt")
    add_timeout_option(inspect)

    commands.add_parser("demo", help="run a real check on a temporary SQLite database with drift")
    migrations_cli.register(commands)
    diff_cmd.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            return _demo()
        if args.command == "inspect":
            return _inspect(args)
        if args.command == "migrations":
            return migrations_cli.run(args)
        if args.command == "diff":
            return diff_cmd.run(args)
        return _check(args)
    except ParityUsageError as exc:
        print(f"parity: error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except (InspectionError, PluginLoadError) as exc:
        print(f"parity: cannot inspect the database: {printable(str(exc))}", file=sys.stderr)
        return EXIT_UNREACHABLE
    except Exception as exc:
        # Whatever else went wrong (a driver error SQLAlchemy did not wrap, a bug), the
        # check did not happen: exit 3, never 1 ("drift") and never a traceback that
        # could carry a password.
        text = mask_urls(f"{type(exc).__name__}: {exc}", _given_urls(args))
        print(f"parity: the check could not run: {printable(text)}", file=sys.stderr)
        return EXIT_UNREACHABLE


def _given_urls(args: argparse.Namespace) -> list[str]:
    urls = [*getattr(args, "urls", []), getattr(args, "url", None), _env_url()]
    return [url for url in urls if url]


def _env_url() -> str | None:
    return os.environ.get("PARITY_DATABASE_URL") or os.environ.get("DATABASE_URL") or None


def read_urls_file(path: str) -> list[str]:
    """The URLs of a ``--urls-file``: one per line, blank lines and ``#`` comments skipped."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError as exc:
        raise ParityUsageError(f"--urls-file {path!r}: cannot read it ({exc.strerror})") from exc
    urls = [line.strip() for line in lines]
    urls = [url for url in urls if url and not url.startswith("#")]
    if not urls:
        raise ParityUsageError(f"--urls-file {path!r} lists no URL")
    return urls


def show_progress(fmt: str, stream: TextIO) -> bool:
    """Progress lines only for people: text format on a terminal, never in machine formats."""
    return fmt == "text" and hasattr(stream, "isatty") and stream.isatty()


@contextlib.contextmanager
def _stage_lines(fmt: str) -> Iterator[None]:
    """Print the stages of one inspection ("reading the catalog…") where progress shows.

    A check of 10,000 tables reads and compares for seconds; on a terminal the person
    waiting sees which stage it is in.  Several targets report per target instead.
    """
    if not show_progress(fmt, sys.stderr):
        yield
        return

    def say(message: str) -> None:
        print(f"parity: {message}", file=sys.stderr, flush=True)

    with reporting(say):
        yield


def _check(args: argparse.Namespace) -> int:
    if args.snapshot is not None:
        return _check_snapshot(args)
    urls: list[str] = list(args.urls)
    if args.urls_file:
        urls.extend(read_urls_file(args.urls_file))
    if not urls:
        env = _env_url()
        if not env:
            raise ParityUsageError("no database URL: pass --url or set PARITY_DATABASE_URL")
        urls = [env]
    schemas: list[str] = args.schemas
    many = (
        len(urls) > 1
        or args.urls_file is not None
        or len(schemas) > 1
        or any(is_glob(schema) for schema in schemas)
    )
    target = load_models(args.models)
    options: dict[str, Any] = {
        "tables": args.tables,
        "critical": args.critical,
        "mode": args.mode,
        "ignore": args.ignore,
        "timeout": args.timeout,
    }
    if many:
        return _check_many(args, urls, schemas, target, options)
    (url,) = urls
    with _stage_lines(args.fmt):
        report = compare(url, target, schema=schemas[0] if schemas else None, **options)
    print(
        render(
            report, args.fmt, stream=sys.stdout, target=safe_url(url) if args.fmt == "text" else ""
        )
    )
    return EXIT_OK if report.ok else EXIT_DRIFT


def _check_snapshot(args: argparse.Namespace) -> int:
    """``check --snapshot FILE``: the models against a snapshot file, offline."""
    from parity.snapshot_file import load_snapshot

    if args.urls or args.urls_file or len(args.schemas) > 1:
        raise ParityUsageError(
            "--snapshot replaces --url/--urls-file: check one snapshot file at a time"
        )
    snapshot = load_snapshot(Path(args.snapshot))
    report = compare(
        snapshot,
        load_models(args.models),
        schema=args.schemas[0] if args.schemas else None,
        tables=args.tables,
        critical=args.critical,
        mode=args.mode,
        ignore=args.ignore,
    )
    target = f"snapshot {args.snapshot}" if args.fmt == "text" else ""
    print(render(report, args.fmt, stream=sys.stdout, target=target))
    return EXIT_OK if report.ok else EXIT_DRIFT


def _check_many(
    args: argparse.Namespace,
    urls: list[str],
    schemas: list[str],
    target: Any,
    options: dict[str, Any],
) -> int:
    progress = show_progress(args.fmt, sys.stderr)

    def report_progress(result: TargetResult, done: int, total: int) -> None:
        if progress:
            print(f"[{done}/{total}] {result.target.short} {result.status}", file=sys.stderr)

    jobs = args.jobs or min(4, max(1, len(urls) * max(1, len(schemas))))
    if args.jobs is None and any(is_glob(schema) for schema in schemas):
        jobs = 4  # a glob may expand to many targets
    results = compare_many(
        urls, target, schemas=schemas or None, jobs=jobs, on_result=report_progress, **options
    )
    print(render_many(results, args.fmt, stream=sys.stdout))
    return overall_exit_code(results)


def _inspect(args: argparse.Namespace) -> int:
    url = args.url or _env_url()
    if not url:
        raise ParityUsageError("no database URL: pass --url or set PARITY_DATABASE_URL")
    snapshot = inspect_database(url, schema=args.schema, tables=args.tables, timeout=args.timeout)
    if args.fmt == "json":
        print(render_snapshot_json(snapshot), end="")
    else:
        print(render_snapshot_text(snapshot))
    return EXIT_OK


def _demo() -> int:
    from parity.demo import run_demo

    url, report = run_demo()
    print(
        f"Checked the five cost tables against a drifted SQLite database ({url}, "
        "deleted afterwards)\n"
    )
    print(render(report, "text", stream=sys.stdout))
    print(
        "\nThe startup guard (parity.check_m26_cost_tables) would refuse to start on this database."
        if not report.ok
        else "\nNo drift."
    )
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
