"""What a service pays at boot for the guard: a fresh process, end to end.

Usage (from the repository root, or ``nox -s bench -- ...`` with ``benchmarks/coldstart.py``)::

    python benchmarks/coldstart.py                       # every database, 11 runs each
    python benchmarks/coldstart.py --db sqlite --repeat 21

A service runs ``check_m26_cost_tables`` once, in a process that has just started, so
what matters is not a warm call (``benchmarks/run.py``'s guard scenario) but the whole
cold path: the interpreter, ``import parity``, SQLAlchemy and the driver, the first
connection, the catalog statements and the comparison.  Two kinds of fresh process are
timed on the same five-table database (the cost tables, made once by
``benchmarks.databases``), interleaved run by run:

* ``baseline``: ``import sqlalchemy``, the driver, one connection and the floor's raw
  catalog statements (``benchmarks/floor.py``) — what any check must pay at least;
* ``app_baseline``: the same after ``import sqlmodel``, as in a service whose models are
  SQLModel classes (they import SQLModel, pydantic and ``sqlalchemy.orm`` before any guard);
* ``guard``: ``import parity`` and ``parity.check_m26_cost_tables(engine)``.

Each child prints its own time from its first line to its last (so the interpreter's
start, equal for both, is left out) and the parent also times the whole child.  The
table gives medians and the guard's cost over the baseline; the target is at most
100 ms over it.  ``--modules`` also lists what ``import parity`` plus the guard loads
that the baseline does not (the CLI, hypothesis, alembic and the pytest plugin must not
be among them).

Results go to ``benchmarks/results/coldstart.json`` and ``benchmarks/results/coldstart.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(ROOT))

from benchmarks import databases, floor  # noqa: E402
from benchmarks.databases import Layout  # noqa: E402

RESULTS_DIR = Path(__file__).resolve().parent / "results"
KINDS = ("baseline", "app_baseline", "guard")
DRIVERS = {"sqlite": "sqlite3", "postgresql": "psycopg", "mysql": "pymysql"}
#: Modules the guard's process must never load: they serve other doors.
FORBIDDEN = ("parity.cli", "hypothesis", "alembic", "parity.pytest_plugin", "_pytest", "argparse")

_PRELUDE = "import time\n_t0 = time.perf_counter()\n"
_REPORT = (
    "import json, sys\n"
    "_t1 = time.perf_counter()\n"
    "print(json.dumps({{'seconds': _t1 - _t0, 'outcome': _outcome,"
    " 'modules': sorted(sys.modules) if _modules else []}}))\n"
)

BASELINE = (
    _PRELUDE + "import sqlalchemy\n"
    "import {driver}\n"
    "from sqlalchemy.pool import NullPool\n"
    "engine = sqlalchemy.create_engine({url!r}, poolclass=NullPool)\n"
    "with engine.connect() as conn:\n"
    "    rows = {statements}\n"
    "_outcome = f'{{sum(len(v) for v in rows.values())}} rows'\n"
    "_modules = {modules}\n" + _REPORT
)

#: A service's own models already import SQLModel (and so ``sqlalchemy.orm`` and pydantic)
#: before the guard runs; this baseline charges the guard only for what it adds to that.
APP_BASELINE = BASELINE.replace("import sqlalchemy\n", "import sqlalchemy\nimport sqlmodel\n", 1)

GUARD = (
    _PRELUDE + "import parity\n"
    "import sqlalchemy\n"
    "from sqlalchemy.pool import NullPool\n"
    "engine = sqlalchemy.create_engine({url!r}, poolclass=NullPool)\n"
    "ok, errors = parity.check_m26_cost_tables(engine)\n"
    "_outcome = 'passed' if ok else 'failed'\n"
    "_modules = {modules}\n" + _REPORT
)


def floor_call(db: str) -> str:
    """The floor's bulk statements inlined as one expression, so that the baseline child
    does not import ``benchmarks`` (it would be charged for modules the guard never loads)."""
    pairs = ", ".join(
        f"{name!r}: [tuple(r) for r in conn.exec_driver_sql({sql!r}).fetchall()]"
        for name, sql in floor.BULK_STATEMENTS[db].items()
    )
    return "{" + pairs + "}"


def child_source(kind: str, db: str, url: str, *, modules: bool = False) -> str:
    template = {"baseline": BASELINE, "app_baseline": APP_BASELINE, "guard": GUARD}[kind]
    return template.format(driver=DRIVERS[db], url=url, statements=floor_call(db), modules=modules)


def run_child(source: str) -> tuple[float, dict[str, Any]]:
    """Run one fresh interpreter; return its wall time and what it printed about itself."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", source],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["(no output)"]
        raise RuntimeError(f"child process failed: {tail[0]}")
    return wall, json.loads(done.stdout.strip().splitlines()[-1])


def measure(db: str, repeat: int) -> dict[str, Any]:
    layout = Layout("cost5")
    databases.ensure(db, layout)
    url = databases.database_url(db, layout).render_as_string(hide_password=False)
    sources = {kind: child_source(kind, db, url) for kind in KINDS}
    for source in sources.values():  # warm the page cache and the server once
        run_child(source)
    inner: dict[str, list[float]] = {kind: [] for kind in KINDS}
    wall: dict[str, list[float]] = {kind: [] for kind in KINDS}
    outcome: dict[str, str] = {}
    for i in range(repeat):
        for kind in KINDS[i % len(KINDS) :] + KINDS[: i % len(KINDS)]:
            seconds, printed = run_child(sources[kind])
            wall[kind].append(seconds)
            inner[kind].append(printed["seconds"])
            outcome[kind] = printed["outcome"]
    loaded = {
        kind: set(run_child(child_source(kind, db, url, modules=True))[1]["modules"])
        for kind in ("baseline", "guard")
    }
    extra = sorted(loaded["guard"] - loaded["baseline"])
    medians = {kind: statistics.median(inner[kind]) for kind in inner}
    walls = {kind: statistics.median(wall[kind]) for kind in wall}
    result = {
        "db": db,
        "repeat": repeat,
        "baseline_ms": medians["baseline"] * 1000,
        "guard_ms": medians["guard"] * 1000,
        "app_baseline_ms": medians["app_baseline"] * 1000,
        "over_ms": (medians["guard"] - medians["baseline"]) * 1000,
        "over_app_ms": (medians["guard"] - medians["app_baseline"]) * 1000,
        "ratio": medians["guard"] / medians["baseline"],
        "baseline_process_ms": walls["baseline"] * 1000,
        "guard_process_ms": walls["guard"] * 1000,
        "outcome": outcome,
        "extra_modules": len(extra),
        "extra_top_level": sorted({m.split(".")[0] for m in extra}),
        "forbidden_loaded": [m for m in extra if m.startswith(FORBIDDEN)],
    }
    print(
        f"[{db}] baseline {result['baseline_ms']:.0f} ms, guard {result['guard_ms']:.0f} ms: "
        f"+{result['over_ms']:.0f} ms ({result['ratio']:.2f}x); over a baseline that imported "
        f"sqlmodel ({result['app_baseline_ms']:.0f} ms): +{result['over_app_ms']:.0f} ms; process "
        f"{result['baseline_process_ms']:.0f} vs {result['guard_process_ms']:.0f} ms; "
        f"guard {outcome['guard']}; {len(extra)} more modules "
        f"({', '.join(result['extra_top_level'])}); forbidden: "
        f"{result['forbidden_loaded'] or 'none'}",
        flush=True,
    )
    return result


def markdown(results: list[dict[str, Any]], command: str, when: str) -> str:
    lines = [
        "# Guard cold start",
        "",
        f"`{command}`, {when}. Medians of fresh processes, baseline and guard interleaved.",
        "*in-process* is from the child's first line to its last (the interpreter's own",
        "start is left out); *process* is the whole child as the parent saw it.",
        "",
        "| database | baseline | guard | guard over baseline | ratio | baseline + sqlmodel "
        "| guard over that | baseline process | guard process | modules only the guard loads |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['db']} | {r['baseline_ms']:.0f} ms | {r['guard_ms']:.0f} ms | "
            f"+{r['over_ms']:.0f} ms | {r['ratio']:.2f}x | {r['app_baseline_ms']:.0f} ms | "
            f"+{r['over_app_ms']:.0f} ms | {r['baseline_process_ms']:.0f} ms | "
            f"{r['guard_process_ms']:.0f} ms | {r['extra_modules']} "
            f"({', '.join(r['extra_top_level'])}) |"
        )
    lines += [
        "",
        "Target: the guard at most 100 ms over the baseline. *baseline + sqlmodel* is the",
        "same baseline in a process that has imported SQLModel, as a service whose models",
        "are SQLModel classes has before its guard runs; the shipped cost tables are",
        "SQLModel classes, so a bare process pays for SQLModel, pydantic and",
        "``sqlalchemy.orm`` on the guard's account.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sqlite,postgresql,mysql", help="comma-separated")
    parser.add_argument("--repeat", type=int, default=11, help="fresh processes per kind")
    options = parser.parse_args(argv)
    dbs = [d.strip() for d in options.db.split(",") if d.strip()]
    unknown = [d for d in dbs if d not in databases.DB_KINDS]
    if unknown:
        print(f"unknown database(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    results = [measure(db, options.repeat) for db in dbs]
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = "python benchmarks/coldstart.py " + " ".join(argv or sys.argv[1:])
    (RESULTS_DIR / "coldstart.json").write_text(
        json.dumps({"when": when, "command": command.strip(), "results": results}, indent=1)
    )
    (RESULTS_DIR / "coldstart.md").write_text(markdown(results, command.strip(), when))
    print(f"wrote {(RESULTS_DIR / 'coldstart.md').relative_to(ROOT)}")
    bad = [r["db"] for r in results if r["forbidden_loaded"]]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
