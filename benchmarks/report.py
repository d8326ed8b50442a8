"""Turn benchmark results into the merged JSON, a text table, the targets, a plot, the README.

Runs are partial (one database, one size, a quick CI-like run), so every run is merged
into ``benchmarks/results/results.json``: a newer measurement of the same
(database, size, approach) replaces the older one, everything else is kept.  The README
is generated from the merged file, so it always shows the newest number of every cell
together with the environment it was measured in.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any, NamedTuple

LABELS = {"postgresql": "PostgreSQL", "mysql": "MariaDB", "sqlite": "SQLite"}
ORDER = ("floor", "floor_is", "floor_show", "get_multi", "compare", "alembic")
#: The targets of issue 17, verbatim (the README quotes them above the targets table).
ISSUE_TARGETS = (
    "Targets (medians, ratios from one interleaved run, `nox -s bench`): MariaDB ≤ 3× its "  # noqa: RUF001
    "bulk floor at 1,000 and 5,000 tables and ≥ 8× faster than alembic; PostgreSQL and "  # noqa: RUF001
    "SQLite ≤ 2× the floor at 1,000 and 10,000 tables; statements constant in the table "  # noqa: RUF001
    "count on all three; guard cold start ≤ 100 ms over the bare-SQLAlchemy baseline; "
    "memory still linear."
)
#: compare / floor, per database: (the floor approach, the bound, the sizes).  MariaDB's
#: "bulk floor" is ``floor_is`` (the information_schema bulk reads), not the faster of
#: its two floors that the results table's */ floor* column uses.
FLOOR_TARGETS: dict[str, tuple[str, float, tuple[int, ...]]] = {
    "mysql": ("floor_is", 3.0, (1000, 5000)),
    "postgresql": ("floor", 2.0, (1000, 10000)),
    "sqlite": ("floor", 2.0, (1000, 10000)),
}
#: alembic / compare at every measured size from ``ALEMBIC_FROM`` tables on; the databases
#: not listed get the ratio as an informational row (the issue sets them no target).
ALEMBIC_TARGET = {"mysql": 8.0}
ALEMBIC_FROM = 1000
#: The guard's cold start (``benchmarks/coldstart.py``) over the bare-SQLAlchemy baseline.
COLDSTART_TARGET_MS = 100.0
COLDSTART_PATH = Path(__file__).resolve().parent / "results" / "coldstart.json"
GUARD_TARGET = 2.0
#: compare's time may grow at most this much faster than the table count.
SCALING_SLACK = 1.1
#: peak memory per table at the largest size over the same at 1,000 tables.
MEMORY_SLACK = 1.5


def merge(path: Path, run: dict[str, Any]) -> dict[str, Any]:
    """Merge ``run`` into the results file at ``path`` and return the merged content."""
    merged: dict[str, Any] = (
        json.loads(path.read_text())
        if path.exists()
        else {"environments": {}, "cells": [], "guard": {}, "recursion": {}, "profiles": {}}
    )
    dbs = {c["db"] for c in run["cells"]} | {g["db"] for g in run["guard"]}
    for db in dbs:
        merged["environments"][db] = run["environment"]
    for cell in run["cells"]:  # which code and when, per cell: runs are partial
        cell.setdefault("when", run["environment"]["when"])
        cell.setdefault("code", run["environment"].get("code", "?"))
    fresh = {(c["db"], c["size"], c["approach"]) for c in run["cells"]}
    merged["cells"] = [
        c for c in merged["cells"] if (c["db"], c["size"], c["approach"]) not in fresh
    ] + run["cells"]
    merged["cells"].sort(key=lambda c: (c["db"], c["size"], _rank(c["approach"])))
    for key in ("guard", "recursion", "profiles"):
        for item in run[key]:
            merged[key][item["db"]] = item
    path.write_text(json.dumps(merged, indent=1, default=str))
    return merged


def _rank(approach: str) -> int:
    return ORDER.index(approach) if approach in ORDER else len(ORDER)


def _median(cell: dict[str, Any]) -> float | None:
    times: list[float] = sorted(cell["times"])
    return statistics.median(times) if times else None


#: ``{(db, size): {approach: cell}}``
Table = dict[tuple[str, int], dict[str, dict[str, Any]]]


def index(cells: list[dict[str, Any]]) -> Table:
    """``{(db, size): {approach: cell}}``."""
    table: Table = defaultdict(dict)
    for cell in cells:
        table[(cell["db"], cell["size"])][cell["approach"]] = cell
    return table


def floor_median(row: dict[str, dict[str, Any]]) -> float | None:
    """The floor of one (db, size): the fastest floor variant measured."""
    values = [
        m for name, c in row.items() if name.startswith("floor") and (m := _median(c)) is not None
    ]
    return min(values) if values else None


def rows(cells: list[dict[str, Any]]) -> list[list[str]]:
    """The results table as text cells, one row per (db, size, approach)."""
    out: list[list[str]] = []
    for (db, size), row in sorted(index(cells).items()):
        base = floor_median(row)
        compare = _median(row["compare"]) if "compare" in row else None
        for name in sorted(row, key=_rank):
            cell = row[name]
            median = _median(cell)
            if median is None:
                out.append([LABELS.get(db, db), f"{size:,}", name, "-", "-", "-", "-", "-", "-"])
                out[-1][-1] = cell.get("skipped") or "not run"
                continue
            peak = cell.get("peak_bytes")
            vs_floor = f"{median / base:.2f}x" if base else "-"
            vs_compare = f"{median / compare:.1f}x" if compare and name != "compare" else "-"
            out.append(
                [
                    LABELS.get(db, db),
                    f"{size:,}",
                    name,
                    f"{median:.3f}",
                    str(len(cell["times"])),
                    f"{cell['statements']:,}" if cell["statements"] is not None else "-",
                    f"{peak / 2**20:.1f}" if peak is not None else "-",
                    vs_floor,
                    vs_compare,
                ]
            )
    return out


HEADER = ["database", "tables", "approach", "median s", "runs", "statements", "peak MiB",
          "/ floor", "/ compare"]  # fmt: skip


def text_table(cells: list[dict[str, Any]]) -> str:
    body = rows(cells)
    widths = [max(len(r[i]) for r in [HEADER, *body]) for i in range(len(HEADER))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADER, widths, strict=True))]
    lines.extend("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in body)
    return "\n".join(lines)


def markdown_table(cells: list[dict[str, Any]]) -> str:
    body = rows(cells)
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    lines.extend("| " + " | ".join(r) + " |" for r in body)
    return "\n".join(lines)


# -- targets -----------------------------------------------------------------------------
class Target(NamedTuple):
    """One row of the targets table.  ``met`` is None when the target was not measured,
    or when the row is ``informational`` (a number the issue sets no target for)."""

    target: str
    database: str
    measured: str
    met: bool | None
    informational: bool = False


def load_coldstart(path: Path = COLDSTART_PATH) -> dict[str, Any] | None:
    """``benchmarks/results/coldstart.json`` (written by ``benchmarks/coldstart.py``), or
    None when it has not been run."""
    return json.loads(path.read_text()) if path.exists() else None


def _coldstart_by_db(coldstart: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {r["db"]: r for r in (coldstart or {}).get("results", [])}


def _floor_rows(db: str, label: str, table: Table) -> list[Target]:
    if db not in FLOOR_TARGETS:
        return []
    approach, bound, sizes = FLOOR_TARGETS[db]
    which = "the bulk floor (floor_is)" if approach == "floor_is" else "the floor"
    out: list[Target] = []
    for size in sizes:
        row = table.get((db, size), {})
        base = _median(row[approach]) if approach in row else None
        value = _median(row["compare"]) if "compare" in row else None
        name = f"compare within {bound:.0f}x of {which} at {size:,}"
        if base and value:
            ratio = value / base
            measured = f"{ratio:.2f}x ({value:.3f} s / {base:.3f} s)"
            out.append(Target(name, label, measured, ratio <= bound))
        else:
            out.append(Target(name, label, "not run", None))
    return out


def _alembic_rows(db: str, label: str, table: Table) -> list[Target]:
    goal = ALEMBIC_TARGET.get(db)
    out: list[Target] = []
    for size in sorted(s for d, s in table if d == db and s >= ALEMBIC_FROM):
        row = table[(db, size)]
        value = _median(row["compare"]) if "compare" in row else None
        alembic = row.get("alembic")
        a_median = _median(alembic) if alembic else None
        if goal is None:
            if a_median and value:  # informational: only where both ran
                out.append(
                    Target(
                        f"alembic / compare at {size:,}",
                        label,
                        f"{a_median / value:.1f}x",
                        None,
                        informational=True,
                    )
                )
            continue
        name = f">= {goal:.0f}x faster than alembic at {size:,}"
        if a_median and value:
            ratio = a_median / value
            out.append(Target(name, label, f"{ratio:.1f}x", ratio >= goal))
        elif value:
            out.append(Target(name, label, "alembic not run", None))
    return out


def targets(merged: dict[str, Any], coldstart: dict[str, Any] | None = None) -> list[Target]:
    """The issue's targets against the merged results and, when given, the cold-start
    results (``load_coldstart()``); a target without a measurement reads "not measured"."""
    table = index(merged["cells"])
    cold = _coldstart_by_db(coldstart)
    out: list[Target] = []
    for db in sorted({db for db, _ in table} | set(cold)):
        sizes = sorted(size for d, size in table if d == db)
        label = LABELS.get(db, db)
        compare_cells = {s: table[(db, s)]["compare"] for s in sizes if "compare" in table[(db, s)]}
        compare_at = {s: _median(c) for s, c in compare_cells.items()}
        big = [s for s in sizes if s >= 1000]
        out.extend(_floor_rows(db, label, table))
        out.extend(_alembic_rows(db, label, table))
        code = {s: c.get("code", "?") for s, c in compare_cells.items()}
        counts = {
            s: c["statements"] for s, c in compare_cells.items() if c["statements"] is not None
        }
        constant: bool | None = len(set(counts.values())) == 1 if len(counts) > 1 else None
        text = ", ".join(f"{c:,} at {s:,}" for s, c in counts.items()) or "not run"
        if len({code[s] for s in counts}) > 1:
            constant = None  # measured on different code: not comparable
            text += " (different code: " + ", ".join(sorted({code[s] for s in counts})) + ")"
        out.append(Target("statements constant in table count", label, text, constant))
        if 1000 in compare_at and len(big) > 1:
            top = big[-1]
            low, high = compare_at[1000], compare_at.get(top)
            if low and high:
                growth = high / low
                allowed = top / 1000 * SCALING_SLACK
                same = code[1000] == code[top]
                out.append(
                    Target(
                        f"time at {top:,} <= {allowed:.1f}x time at 1,000",
                        label,
                        f"{growth:.1f}x" + ("" if same else " (different code)"),
                        growth <= allowed if same else None,
                    )
                )
            peaks: dict[int, int | None] = {
                s: compare_cells[s].get("peak_bytes") if s in compare_cells else None
                for s in (1000, top)
            }
            if all(peaks.values()):
                per_table = {s: (peaks[s] or 0) / s for s in peaks}
                ratio = per_table[top] / per_table[1000]
                out.append(
                    Target(
                        "memory linear (peak/table at largest vs at 1,000)",
                        label,
                        f"{per_table[1000] / 1024:.0f} KiB -> {per_table[top] / 1024:.0f} KiB "
                        f"per table ({ratio:.2f}x)",
                        ratio <= MEMORY_SLACK,
                    )
                )
        guard = merged["guard"].get(db)
        if guard:
            out.append(
                Target(
                    f"five-table guard on {guard['other_tables']:,}+5 tables within "
                    f"{GUARD_TARGET:.0f}x of 5 tables",
                    label,
                    f"{guard['big']['median'] * 1000:.1f} ms vs "
                    f"{guard['small']['median'] * 1000:.1f} ms = {guard['ratio']:.2f}x",
                    guard["ratio"] <= GUARD_TARGET,
                )
            )
        name = f"guard cold start <= {COLDSTART_TARGET_MS:.0f} ms over bare SQLAlchemy"
        start = cold.get(db)
        if start:
            measured = f"+{start['over_ms']:.0f} ms over bare SQLAlchemy"
            if start.get("over_app_ms") is not None:
                measured += f" (+{start['over_app_ms']:.0f} ms over a SQLModel-importing baseline)"
            out.append(Target(name, label, measured, start["over_ms"] <= COLDSTART_TARGET_MS))
        else:
            out.append(Target(name, label, "not run (python benchmarks/coldstart.py)", None))
        rec = merged["recursion"].get(db)
        if rec:
            out.append(
                Target(
                    f"{rec['depth']:,}-deep FK chain, recursion limit {rec['recursion_limit']}",
                    label,
                    rec["outcome"],
                    rec["passed"],
                )
            )
    return out


MARKS: dict[bool | None, str] = {True: "met", False: "**missed**", None: "not measured"}


def targets_markdown(merged: dict[str, Any], coldstart: dict[str, Any] | None = None) -> str:
    lines = ["| target | database | measured | verdict |", "|---|---|---|---|"]
    lines.extend(
        f"| {t.target} | {t.database} | {t.measured} | "
        f"{'no target' if t.informational else MARKS[t.met]} |"
        for t in targets(merged, coldstart)
    )
    return "\n".join(lines)


def coldstart_markdown(coldstart: dict[str, Any]) -> str:
    """The cold-start table as ``benchmarks/coldstart.py`` renders it, without its title."""
    from benchmarks import coldstart as script  # imports SQLAlchemy: only when needed

    results = [{**r, "db": LABELS.get(r["db"], r["db"])} for r in coldstart["results"]]
    lines = script.markdown(results, coldstart["command"], coldstart["when"]).splitlines()
    if lines and lines[0].startswith("# "):  # the section has its own heading
        lines = lines[2:] if len(lines) > 1 and not lines[1].strip() else lines[1:]
    return "\n".join(lines)


def _connect_floor(guard: dict[str, Any]) -> str:
    big, small = guard["big"].get("connect_floor"), guard["small"].get("connect_floor")
    if big is None or small is None:
        return "-"
    return f"{big * 1000:.1f} / {small * 1000:.1f} ms"


# -- plot --------------------------------------------------------------------------------
def plot(merged: dict[str, Any], path: Path) -> str:
    """Median time against table count, one panel per database, one line per approach."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib is not installed: no plot (pip install matplotlib)"
    table = index(merged["cells"])
    dbs = [db for db in ("postgresql", "mysql", "sqlite") if any(d == db for d, _ in table)]
    fig, axes = plt.subplots(1, len(dbs), figsize=(5 * len(dbs), 4.2), squeeze=False)
    styles = {"floor": "k--", "floor_is": "k:", "floor_show": "k--", "get_multi": "b-s",
              "compare": "g-o", "alembic": "r-^"}  # fmt: skip
    for ax, db in zip(axes[0], dbs, strict=True):
        sizes = sorted(s for d, s in table if d == db)
        names = sorted({n for s in sizes for n in table[(db, s)]}, key=_rank)
        for name in names:
            points = [
                (s, m)
                for s in sizes
                if name in table[(db, s)] and (m := _median(table[(db, s)][name])) is not None
            ]
            if points:
                xs, ys = zip(*points, strict=True)
                ax.plot(xs, ys, styles.get(name, "-"), label=name, markersize=4)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(LABELS[db])
        ax.set_xlabel("tables")
        ax.set_ylabel("median seconds")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return str(path)


# -- README ------------------------------------------------------------------------------
README_HEAD = """\
# Benchmarks: `parity.compare` on large schemas

*Generated by `python benchmarks/run.py` from `benchmarks/results/results.json`; edit the
template in `benchmarks/report.py`, not this file.*

What is measured, on PostgreSQL, MariaDB and SQLite, for schemas of 100 to 10,000
generated tables (`benchmarks/schema_gen.py`: ~20 columns of mixed types, a primary key,
two indexes of which one composite, a unique constraint, a foreign key to an earlier
table, server defaults and a check constraint per table, plus the five cost tables):

* **floor**: hand-written bulk catalog queries returning raw rows for the same facts
  (`benchmarks/floor.py`), the lower bound of any reader. MariaDB has two:
  `floor_is` (six `information_schema` statements) and `floor_show` (one
  `SHOW CREATE TABLE` per table); the */ floor* column uses the faster, the issue's
  MariaDB target its bulk floor, `floor_is`.
* **get_multi**: SQLAlchemy's `Inspector.get_multi_*` (`parity.catalog.read_with_inspector`).
* **compare**: `parity.compare(engine, metadata)` end to end (reflection, normalisation,
  diff, policy, report) against the generator's `MetaData`.
* **alembic**: `alembic.autogenerate.compare_metadata(MigrationContext.configure(conn), metadata)`.

The approaches are interleaved within each repetition (the order rotates), with
`gc.collect()` before each timed run. *median s* is the median of *runs* timed runs;
*statements* counts `before_cursor_execute` events of one run; *peak MiB* is the peak
of Python allocations (`tracemalloc`) in one extra, untimed run (memory held by the
database driver in C, e.g. libpq result buffers, is not included). */ floor* is the
median over the fastest floor; */ compare* is how many times slower than `compare`.

## Running

```sh
nox -s bench                                    # quick: 100 and 1,000 tables, all databases
nox -s bench -- --full --plot                   # 100..10,000 (MariaDB stops at 5,000)
python benchmarks/run.py --db postgresql --sizes 5000 --repeat 5 --profile 1000 --plot
python benchmarks/run.py --drop-cached          # drop every parity_bench_* database
python benchmarks/coldstart.py                  # the guard's cold start, fresh processes
```

Servers come from `PARITY_BENCH_POSTGRESQL_URL` / `PARITY_BENCH_MYSQL_URL` (default: the
loopback servers, `postgres@127.0.0.1:5432`, `root@127.0.0.1:3306`). Benchmark databases
are named after their content (`parity_bench_pg_1000_s0`: dialect, tables, seed), carry
a completion marker written last, and are reused by later runs; SQLite files live in
`benchmarks/.cache/`. Creating them once (measured): SQLite 5,000 / 10,000 tables 26 s /
107 s (one transaction), PostgreSQL 5,000 / 10,000 41 s / 110 s (200 tables per
transaction), MariaDB 1,000 / 5,000 20 s / 102 s (multi-statement batches; InnoDB makes
a file per table). Slow approaches are capped: alembic runs up
to `--alembic-max` tables (default 5,000), and an approach whose first run takes more
than `--slow-seconds` (20 s) gets only `--slow-repeat` (3) runs; the table says so.
"""


ANALYSIS_START, ANALYSIS_END = "<!-- analysis -->", "<!-- /analysis -->"


def kept_analysis(previous: str) -> str:
    """The hand-written block between the analysis markers of the previous README."""
    start, end = previous.find(ANALYSIS_START), previous.find(ANALYSIS_END)
    if start < 0 or end < start:
        return f"{ANALYSIS_START}\n{ANALYSIS_END}"
    return previous[start : end + len(ANALYSIS_END)]


def readme(
    merged: dict[str, Any],
    plot: Path,
    previous: str = "",
    coldstart: dict[str, Any] | None = None,
) -> str:
    """The README text; the analysis block of ``previous`` (written by hand) is kept.
    ``coldstart`` is ``benchmarks/coldstart.py``'s results, read from
    ``benchmarks/results/coldstart.json`` when not given."""
    if coldstart is None:
        coldstart = load_coldstart()
    parts = [README_HEAD, "## Analysis\n", kept_analysis(previous), "\n## Environment\n"]
    for db, env in sorted(merged["environments"].items()):
        parts.append(
            f"* {LABELS.get(db, db)} {env['servers'].get(db, '?')}: measured {env['when']}, "
            f"commit `{env['commit']}`, Python {env['python']}, SQLAlchemy "
            f"{env['sqlalchemy']}, alembic {env['alembic']}, {env['cpus']} CPUs "
            f"({env['machine']})"
        )
    measured: dict[str, set[tuple[int, str, str, str]]] = defaultdict(set)
    for cell in merged["cells"]:
        load = cell.get("load")
        measured[cell["db"]].add(
            (
                cell["size"],
                cell.get("when", "?"),
                cell.get("code", "?"),
                f"{load:.1f}" if load is not None else "?",
            )
        )
    parts.append(
        "\nCells measured per database and size: when, fingerprint of the `parity/` + "
        "`dialects/` sources (the adapters change between runs), median 1-minute load "
        "average during the timed runs (above the CPU count, other work shared the "
        "machine and every time is inflated):\n"
    )
    for db, items in sorted(measured.items()):
        text = "; ".join(
            f"{size:,}: {when} `{code}` load {load}" for size, when, code, load in sorted(items)
        )
        parts.append(f"* {LABELS.get(db, db)}: {text}")
    parts.append("\n## Results\n")
    parts.append(markdown_table(merged["cells"]))
    if plot.exists():
        parts.append(f"\n![time against table count]({plot.parent.name}/{plot.name})\n")
    parts.append("## Targets (from the issue)\n")
    parts.append(f"> {ISSUE_TARGETS}\n")
    parts.append(targets_markdown(merged, coldstart))
    if merged["guard"]:
        parts.append("\n## Startup guard on a large database\n")
        parts.append(
            "`check_m26_cost_tables(engine)` (five tables, `exact` mode) on a database "
            "holding the generated tables plus the five, against a database holding only "
            "the five. Median of the runs listed in `results.json`.\n"
        )
        lines = ["| database | other tables | with others | alone | ratio | statements "
                 "(with / alone) | new connection + 1 read (with / alone) | outcome |",
                 "|---|---|---|---|---|---|---|---|"]  # fmt: skip
        for db, g in sorted(merged["guard"].items()):
            lines.append(
                f"| {LABELS.get(db, db)} | {g['other_tables']:,} | "
                f"{g['big']['median'] * 1000:.1f} ms | {g['small']['median'] * 1000:.1f} ms | "
                f"{g['ratio']:.2f}x | {g['big']['statements']} / {g['small']['statements']} | "
                f"{_connect_floor(g)} | {g['big']['outcome']} |"
            )
        parts.append("\n".join(lines))
    parts.append("\n## Guard cold start\n")
    if coldstart:
        parts.append(
            "What a service pays at boot for the guard: fresh processes timed by "
            "`python benchmarks/coldstart.py` on the five-table database "
            "(`benchmarks/results/coldstart.json`).\n"
        )
        parts.append(coldstart_markdown(coldstart))
    else:
        parts.append("Not measured: run `python benchmarks/coldstart.py`.")
    if merged["recursion"]:
        parts.append("\n## Recursion depth\n")
        lines = ["| database | FK chain depth | recursion limit | outcome | seconds |",
                 "|---|---|---|---|---|"]  # fmt: skip
        for db, r in sorted(merged["recursion"].items()):
            lines.append(
                f"| {LABELS.get(db, db)} | {r['depth']:,} | {r['recursion_limit']} | "
                f"{r['outcome']} | {r['seconds']:.2f} |"
            )
        parts.append("\n".join(lines))
    if merged["profiles"]:
        parts.append("\n## Where `compare` spends its time (cProfile)\n")
        parts.append(
            "Cumulative seconds per phase of one `compare` under cProfile (which inflates "
            "Python-heavy code roughly 1.5-2x), then the top functions by own time.\n"
        )
        for db, p in sorted(merged["profiles"].items()):
            parts.append(f"### {LABELS.get(db, db)}, {p['size']:,} tables\n")
            phases = p.get("phases") or {}
            if phases:
                lines = ["| phase | seconds |", "|---|---|"]
                lines.extend(f"| {name} | {sec:.3f} |" for name, sec in phases.items())
                parts.append("\n".join(lines) + "\n")
            parts.append("```\n" + p["tottime"] + "\n```\n")
        parts.append(
            "Full profiles (also by cumulative time): `benchmarks/results/profile_*.txt`.\n"
        )
    return "\n".join(parts).rstrip() + "\n"
