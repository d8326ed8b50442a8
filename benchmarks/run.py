"""Measure ``parity.compare`` on large schemas against the floor, the inspector and alembic.

Usage (from the repository root, or ``nox -s bench -- ARGS``)::

    python benchmarks/run.py                              # quick: 100 and 1,000 tables
    python benchmarks/run.py --db postgresql --sizes 5000 --repeat 5
    python benchmarks/run.py --full --plot                # 100..10,000 (5,000 on MariaDB)

For every database x size it interleaves, repetition by repetition (the order rotates, so
no approach always runs on a cold or a warm server), four ways of learning the same
schema:

* ``floor``: hand-written bulk catalog queries returning raw rows (``benchmarks/floor.py``),
  the lower bound any reader can reach; on MariaDB the faster of two variants;
* ``get_multi``: SQLAlchemy's ``Inspector.get_multi_*`` (``parity.catalog.read_with_inspector``);
* ``compare``: ``parity.compare(engine, metadata)`` end to end, as a user calls it;
* ``alembic``: ``alembic.autogenerate.compare_metadata`` on the same metadata.

Per approach it records the median wall time, the statements executed (a
``before_cursor_execute`` listener) and the peak of Python allocations (``tracemalloc``,
in one extra run of its own so that tracing does not slow the timed runs).  Then the
startup-guard scenario (``check_m26_cost_tables`` on the largest database versus a
database holding only the five cost tables), a recursion check (a 2,000-deep foreign-key
chain compared at the default recursion limit), and optionally a cProfile of ``compare``.

Results go to ``benchmarks/results/`` (one JSON per run, merged into ``results.json``)
and ``benchmarks/README.md`` is regenerated from the merged results (and the guard's cold
start, ``benchmarks/results/coldstart.json``, written by ``benchmarks/coldstart.py``).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import hashlib
import importlib.util
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

import parity  # noqa: E402
from benchmarks import databases, floor, report  # noqa: E402
from benchmarks.databases import Layout  # noqa: E402
from parity import overlap  # noqa: E402
from parity.catalog import read_with_inspector  # noqa: E402

RESULTS_DIR = Path(__file__).resolve().parent / "results"
QUICK_SIZES = (100, 1000)
FULL_SIZES = (100, 1000, 5000, 10000)
#: ``--full`` stops here on these databases: 10,000 tables take too long to create
#: (MariaDB: InnoDB makes a file per table).  SQLite's reference inspector is quadratic:
#: cap it with ``--inspector-max``.
FULL_CAP = {"mysql": 5000}
CHAIN_DEPTH = 2000
APPROACH_ORDER = ("floor", "get_multi", "compare", "alembic")


@dataclass
class Cell:
    """One approach on one database at one size."""

    db: str
    size: int
    approach: str
    times: list[float] = field(default_factory=list)
    statements: int | None = None
    peak_bytes: int | None = None
    skipped: str | None = None
    outcome: str = ""
    #: Median 1-minute load average during the timed runs: the machine is shared, and a
    #: load above the core count slows every approach (absolute times, not only ratios).
    load: float | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


class StatementCounter:
    """Counts every statement sent through an engine (``before_cursor_execute``)."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, *_args: Any) -> None:
        self.count += 1


# -- approaches --------------------------------------------------------------------------
Runner = Callable[[], str]


def approaches(db: str, engine: Engine, metadata: sa.MetaData) -> dict[str, Runner]:
    """Each approach as a no-argument callable returning a one-line outcome."""

    def make_floor(reader: floor.FloorReader) -> Runner:
        def run() -> str:
            with engine.connect() as conn:
                return f"{floor.row_count(reader(conn))} rows"

        return run

    def get_multi() -> str:
        with engine.connect() as conn:
            catalog = read_with_inspector(conn, None, None)
        return f"{len(catalog.tables)} tables"

    def compare() -> str:
        result = parity.compare(engine, metadata)
        return f"ok={result.ok} differences={len(result.differences)}"

    def alembic() -> str:
        from alembic.autogenerate import compare_metadata
        from alembic.migration import MigrationContext

        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), metadata)
        return f"{len(diffs)} differences"

    runners = {name: make_floor(reader) for name, reader in floor.FLOORS[db].items()}
    runners.update(get_multi=get_multi, compare=compare, alembic=alembic)
    return runners


def timed(runner: Runner, counter: StatementCounter) -> tuple[float, int, str]:
    """Wall time, statements and outcome of one run (after a full collection)."""
    gc.collect()
    before = counter.count
    started = time.perf_counter()
    outcome = runner()
    seconds = time.perf_counter() - started
    return seconds, counter.count - before, outcome


def traced_peak(runner: Runner) -> int:
    """Peak bytes of Python allocations during one run (tracemalloc, in a run of its own)."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        runner()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# -- one database x size -----------------------------------------------------------------
def measure_size(db: str, size: int, options: argparse.Namespace) -> list[Cell]:
    layout = Layout("gen", size, options.seed)
    databases.ensure(db, layout)
    metadata = layout.metadata()
    engine = databases.bench_engine(db, layout)
    counter = StatementCounter(engine)
    runners = approaches(db, engine, metadata)
    if options.approaches:
        chosen = options.approaches.split(",")
        runners = {
            n: r
            for n, r in runners.items()
            if n in chosen or (n.startswith("floor") and "floor" in chosen)
        }
    cells = {name: Cell(db, size, name) for name in runners}
    if "alembic" in cells and importlib.util.find_spec("alembic") is None:
        cells["alembic"].skipped = "alembic is not installed (benchmarks/requirements.txt)"
    limits = {
        "alembic": (options.alembic_max, "--alembic-max"),
        "get_multi": (options.inspector_max, "--inspector-max"),
    }
    for name, (limit, flag) in limits.items():
        if name in cells and limit is not None and size > limit and cells[name].skipped is None:
            cells[name].skipped = f"skipped above {limit:,} tables ({flag})"
    active = [n for n in runners if cells[n].skipped is None]
    try:
        # Warm-up: the first connection (dialect initialisation), plugin loading and
        # server caches are paid here, not by whichever approach happens to run first.
        for name in active:
            if name.startswith("floor") or name == "compare":
                runners[name]()
        loads: list[float] = []
        for rep in range(options.repeat):
            order = active[rep % len(active) :] + active[: rep % len(active)]
            for name in order:
                cell = cells[name]
                if len(cell.times) >= _runs_allowed(cell, options):
                    continue
                seconds, statements, outcome = timed(runners[name], counter)
                cell.times.append(seconds)
                cell.statements, cell.outcome = statements, outcome
            line = "  ".join(
                f"{n}={cells[n].times[-1]:.3f}s" for n in order if len(cells[n].times) > rep
            )
            loads.append(os.getloadavg()[0])
            print(f"  [{db} {size}] rep {rep + 1}: {line} (load {loads[-1]:.1f})", flush=True)
        for cell in cells.values():
            cell.load = statistics.median(loads) if loads else None
        if not options.no_memory:
            traced = options.memory_approaches.split(",") if options.memory_approaches else None
            for name in active:
                if (
                    traced is None
                    or name in traced
                    or (name.startswith("floor") and "floor" in traced)
                ):
                    cells[name].peak_bytes = traced_peak(runners[name])
    finally:
        engine.dispose()
    return list(cells.values())


def _runs_allowed(cell: Cell, options: argparse.Namespace) -> int:
    """``--repeat``, or fewer for an approach whose first run took over ``--slow-seconds``."""
    repeat: int = options.repeat
    if cell.times and cell.times[0] > options.slow_seconds:
        return min(repeat, int(options.slow_repeat))
    return repeat


# -- scenarios ---------------------------------------------------------------------------
def guard_scenario(db: str, size: int, options: argparse.Namespace) -> dict[str, Any]:
    """``check_m26_cost_tables`` on a database with ``size`` other tables vs only the five."""
    big_layout, small_layout = Layout("gen", size, options.seed), Layout("cost5")
    databases.ensure(db, big_layout)
    databases.ensure(db, small_layout)
    result: dict[str, Any] = {"db": db, "other_tables": size}
    engines = {
        "big": databases.bench_engine(db, big_layout),
        "small": databases.bench_engine(db, small_layout),
    }
    counters = {key: StatementCounter(engine) for key, engine in engines.items()}
    times: dict[str, list[float]] = {"big": [], "small": []}
    statements: dict[str, int] = {}
    outcome: dict[str, str] = {}

    def guard(engine: Engine) -> Runner:
        def run() -> str:
            try:
                parity.check_m26_cost_tables(engine)
            except parity.SchemaParityError as exc:
                return f"raised: {str(exc).splitlines()[0]}"
            return "passed"

        return run

    try:
        for engine in engines.values():
            guard(engine)()  # warm-up
        for _ in range(max(options.repeat, 5)):
            for key, engine in engines.items():
                seconds, count, text = timed(guard(engine), counters[key])
                times[key].append(seconds)
                statements[key], outcome[key] = count, text
    finally:
        for engine in engines.values():
            engine.dispose()
    floors = {key: connect_floor(db, layout) for key, layout in
              (("big", big_layout), ("small", small_layout))}  # fmt: skip
    for key in engines:
        result[key] = {
            "connect_floor": floors[key],
            "median": statistics.median(times[key]),
            "times": times[key],
            "statements": statements[key],
            "outcome": outcome[key],
        }
    result["ratio"] = result["big"]["median"] / result["small"]["median"]
    result["connect_floor_ratio"] = floors["big"] / floors["small"]
    print(
        f"  [{db}] guard: {size}+5 tables {result['big']['median'] * 1000:.1f} ms "
        f"({statements['big']} stmts, {outcome['big']}) vs 5 tables "
        f"{result['small']['median'] * 1000:.1f} ms ({statements['small']} stmts): "
        f"{result['ratio']:.2f}x; a new connection and one catalog read cost "
        f"{floors['big'] * 1000:.1f} ms vs {floors['small'] * 1000:.1f} ms",
        flush=True,
    )
    return result


def connect_floor(db: str, layout: Layout, repeat: int = 5) -> float:
    """Median cost of a new connection plus one catalog statement, on its own.

    The guard runs once, at startup, on a connection of its own: it pays for opening
    a connection, and on SQLite a new connection parses the whole schema (every
    ``sqlite_master`` row) before its first statement, whatever that statement reads.
    That is a floor no reader can go below, so the guard's ratio is judged against it.
    """
    engine = sa.create_engine(databases.database_url(db, layout), poolclass=NullPool)
    times: list[float] = []
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            with engine.connect() as conn:
                conn.exec_driver_sql(CONNECT_FLOOR_SQL[db]).fetchall()
            times.append(time.perf_counter() - started)
    finally:
        engine.dispose()
    return statistics.median(times)


CONNECT_FLOOR_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE name = 'feature_tags'",
    "postgresql": "SELECT relname FROM pg_class WHERE relname = 'feature_tags'",
    "mysql": "SHOW CREATE TABLE feature_tags",
}


def recursion_scenario(db: str) -> dict[str, Any]:
    """Compare a 2,000-deep foreign-key chain at the default recursion limit."""
    layout = Layout("chain", CHAIN_DEPTH)
    databases.ensure(db, layout)
    engine = databases.bench_engine(db, layout)
    limit = sys.getrecursionlimit()
    started = time.perf_counter()
    try:
        report_ = parity.compare(engine, layout.metadata())
        outcome = f"ok={report_.ok} differences={len(report_.differences)}"
        passed = True
    except RecursionError as exc:
        outcome, passed = f"RecursionError: {exc}", False
    finally:
        engine.dispose()
    seconds = time.perf_counter() - started
    print(f"  [{db}] FK chain {CHAIN_DEPTH} deep (recursion limit {limit}): {outcome}")
    return {
        "db": db,
        "depth": CHAIN_DEPTH,
        "recursion_limit": limit,
        "passed": passed,
        "outcome": outcome,
        "seconds": seconds,
    }


def profile_compare(db: str, size: int, options: argparse.Namespace) -> dict[str, Any]:
    """cProfile one ``compare`` run; keep the top entries by own time and by cumulative."""
    layout = Layout("gen", size, options.seed)
    databases.ensure(db, layout)
    metadata = layout.metadata()
    engine = databases.bench_engine(db, layout)
    # cProfile sees only the calling thread: the model is reduced inline here, where the
    # timed runs reduce it beside the catalog read on PostgreSQL (parity/overlap.py).
    beside_from = overlap.MIN_TABLES_BESIDE
    overlap.MIN_TABLES_BESIDE = sys.maxsize
    try:
        parity.compare(engine, metadata)  # warm-up
        profiler = cProfile.Profile()
        profiler.enable()
        parity.compare(engine, metadata)
        profiler.disable()
    finally:
        overlap.MIN_TABLES_BESIDE = beside_from
        engine.dispose()
    texts: dict[str, str] = {}
    for key in ("tottime", "cumulative"):
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.sort_stats(key).print_stats(options.profile_top)
        texts[key] = _trim_profile(_short_paths(buffer.getvalue()))
    phases = profile_phases(pstats.Stats(profiler))
    path = RESULTS_DIR / f"profile_{db}_{size}.txt"
    summary = "\n".join(f"{name:<40} {seconds:8.3f} s" for name, seconds in phases.items())
    path.write_text(
        f"# {db}, {size} tables (model reduced inline: cProfile sees one thread)\n\n"
        f"{summary}\n\n{texts['tottime']}\n\n{texts['cumulative']}\n"
    )
    print(f"  [{db}] profile of compare at {size} tables -> {path.relative_to(ROOT)}")
    return {"db": db, "size": size, "phases": phases, **texts}


#: The phases of ``compare`` as (label, file suffix, function); the time is cumulative.
PHASES = (
    ("compare (total, under the profiler)", "parity/api.py", "compare"),
    ("read_catalog: the adapter's catalog read", "adapter.py", "read_catalog"),
    (
        "snapshot_from_catalog: reflected -> snapshot",
        "parity/reflected.py",
        "snapshot_from_catalog",
    ),
    ("snapshot_from_tables: model -> snapshot", "parity/declared.py", "snapshot_from_tables"),
    ("diff_snapshots", "parity/diff.py", "diff_snapshots"),
    ("apply_policy", "parity/policy.py", "apply_policy"),
)


def profile_phases(stats: pstats.Stats) -> dict[str, float]:
    """Cumulative seconds of each phase of ``compare`` (the outermost matching frame)."""
    table: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    phases: dict[str, float] = {}
    for label, suffix, function in PHASES:
        found = [
            value[3]
            for (filename, _line, name), value in table.items()
            if name == function and filename.endswith(suffix)
        ]
        if found:
            phases[label] = max(found)
    return phases


def _short_paths(text: str) -> str:
    """Paths relative to the repository or to site-packages, so ``types.py`` says whose."""
    import sysconfig

    for prefix in (sysconfig.get_paths()["purelib"], str(ROOT)):
        text = text.replace(prefix + "/", "")
    return text


def _trim_profile(text: str) -> str:
    """pstats output from the header line of the table on (drop the preamble)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if "ncalls" in line:
            total = next((x.strip() for x in lines[:index] if "function calls" in x), "")
            return "\n".join([total, *lines[index:]]).rstrip()
    return text.rstrip()


# -- environment, CLI --------------------------------------------------------------------
def environment(dbs: list[str]) -> dict[str, Any]:
    versions: dict[str, str] = {}
    for db in dbs:
        engine = databases.bench_engine(db, Layout("cost5"))
        databases.ensure(db, Layout("cost5"), log=False)
        try:
            with engine.connect() as conn:
                info = conn.dialect.server_version_info or ()
                versions[db] = ".".join(str(p) for p in info)
        finally:
            engine.dispose()
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "code": code_fingerprint(),
        "python": platform.python_version(),
        "sqlalchemy": sa.__version__,
        "alembic": _version("alembic"),
        "cpus": os.cpu_count(),
        "machine": platform.platform(),
        "servers": versions,
        "commit": commit,
    }


def code_fingerprint() -> str:
    """Hash of the measured sources (``parity/``, ``dialects/``): commit + dirty is not enough.

    The adapters change while benchmarks run; two results with the same fingerprint
    measured the same code, whatever the working tree's commit says.
    """
    digest = hashlib.sha256()
    for package in ("parity", "dialects"):
        for path in sorted((ROOT / package).rglob("*")):
            if path.suffix in (".py", ".sql") and path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sqlite,postgresql,mysql", help="comma-separated")
    parser.add_argument("--sizes", help="comma-separated table counts (default 100,1000)")
    parser.add_argument("--full", action="store_true", help="sizes 100,1000,5000,10000")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per approach")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--approaches",
        help="comma-separated subset of floor,get_multi,compare,alembic (default all); "
        "e.g. re-measure compare after an adapter change without rerunning alembic",
    )
    parser.add_argument(
        "--alembic-max", type=int, default=5000, help="skip alembic above this many tables"
    )
    parser.add_argument(
        "--inspector-max", type=int, default=10000, help="skip get_multi above this size"
    )
    parser.add_argument(
        "--slow-seconds",
        type=float,
        default=20.0,
        help="an approach whose first run exceeds this gets only --slow-repeat runs",
    )
    parser.add_argument("--slow-repeat", type=int, default=3)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument(
        "--memory-approaches",
        help="comma-separated approaches to trace (default all; tracing a 40 s run costs 80 s)",
    )
    parser.add_argument("--no-guard", action="store_true", help="skip the guard scenario")
    parser.add_argument("--no-recursion", action="store_true", help="skip the FK chain")
    parser.add_argument("--profile", type=int, metavar="SIZE", help="cProfile compare at this size")
    parser.add_argument("--profile-top", type=int, default=15)
    parser.add_argument(
        "--only-scenarios",
        action="store_true",
        help="run only the guard and recursion scenarios (guard at the largest --sizes)",
    )
    parser.add_argument(
        "--only-profile", action="store_true", help="with --profile: profile, measure nothing"
    )
    parser.add_argument("--plot", action="store_true", help="write results/time_vs_tables.png")
    parser.add_argument(
        "--no-readme", action="store_true", help="do not regenerate benchmarks/README.md"
    )
    parser.add_argument(
        "--drop-cached", action="store_true", help="drop every parity_bench_* database and exit"
    )
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="only create (or verify) the cached databases of --db x --sizes, the cost "
        "tables and the FK chain, then exit: run it early, at low priority, so that the "
        "timed run does not wait for them",
    )
    return parser.parse_args(argv)


def sizes_for(db: str, options: argparse.Namespace) -> list[int]:
    if options.sizes:
        return [int(s) for s in options.sizes.split(",") if s.strip()]
    if options.full:
        return [s for s in FULL_SIZES if s <= FULL_CAP.get(db, max(FULL_SIZES))]
    return list(QUICK_SIZES)


def prepare(dbs: list[str], options: argparse.Namespace) -> None:
    """Create every database a run with these options would need, and nothing else."""
    for db in dbs:
        layouts = [Layout("gen", size, options.seed) for size in sizes_for(db, options)]
        layouts.append(Layout("cost5"))
        if not options.no_recursion:
            layouts.append(Layout("chain", CHAIN_DEPTH))
        for layout in layouts:
            created, seconds = databases.ensure(db, layout)
            state = f"created in {seconds:.1f} s" if created else "already there"
            print(f"{db} {databases.database_name(db, layout)}: {state}", flush=True)


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    dbs = [d.strip() for d in options.db.split(",") if d.strip()]
    unknown = [d for d in dbs if d not in databases.DB_KINDS]
    if unknown:
        print(f"unknown database(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    if options.drop_cached:
        for db in dbs:
            for name in databases.list_bench_databases(db):
                print(f"dropping {db} {name}")
                databases.drop_by_name(db, name)
        return 0
    if options.prepare:
        prepare(dbs, options)
        return 0
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    run: dict[str, Any] = {
        "environment": environment(dbs),
        "options": vars(options),
        "cells": [],
        "guard": [],
        "recursion": [],
        "profiles": [],
    }
    run_path = RESULTS_DIR / f"run-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.json"

    def save() -> dict[str, Any]:
        """Persist what is measured so far: a timeout or crash later loses nothing."""
        run_path.write_text(json.dumps(run, indent=1, default=str))
        return report.merge(RESULTS_DIR / "results.json", run)

    for db in dbs:
        sizes = sizes_for(db, options)
        print(f"{db}: sizes {sizes}", flush=True)
        if not options.only_profile:
            for size in [] if options.only_scenarios else sizes:
                run["cells"].extend(asdict(c) for c in measure_size(db, size, options))
                save()
            if not options.no_guard:
                run["guard"].append(guard_scenario(db, max(sizes), options))
            if not options.no_recursion:
                run["recursion"].append(recursion_scenario(db))
        if options.profile:
            run["profiles"].append(profile_compare(db, options.profile, options))
        save()
    merged = save()
    print()
    print(report.text_table([c for c in merged["cells"] if c["db"] in dbs]))
    if options.plot:
        print(f"plot: {report.plot(merged, RESULTS_DIR / 'time_vs_tables.png')}")
    if not options.no_readme:
        readme = Path(__file__).resolve().parent / "README.md"
        previous = readme.read_text() if readme.exists() else ""
        readme.write_text(report.readme(merged, RESULTS_DIR / "time_vs_tables.png", previous))
        print(f"wrote {readme.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
