"""Measure multi-tenant checking: ``parity.compare_many`` with a schema glob vs a loop.

Usage (from the repository root; the machine is shared, so run it niced)::

    nice -n 10 python benchmarks/tenants.py                    # 1,000 PG schemas, 100 MariaDB dbs
    nice -n 10 python benchmarks/tenants.py --db postgresql --tenants 200

Each tenant holds the same ``--tables`` generated tables (``benchmarks/schema_gen.py``,
about 20 columns, a foreign key, two indexes, a unique and a check each).  On
PostgreSQL the tenants are schemas ``tenant_0001``… of one cached database
``parity_bench_pg_tenants_<N>_t<T>_s<seed>``; on MariaDB, where a schema *is* a
database, they are databases ``parity_bench_my_tenants_<N>_t<T>_s<seed>_0001``… next to
an empty database of that name without the suffix, which carries the marker.  As in
``benchmarks/databases.py`` the marker (``COMMENT ON DATABASE`` / the schema comment)
is written last, so a half-created set is rebuilt rather than measured.  One tenant in
the middle drifts (a column dropped), so every run must report exactly one drift.

Three ways to check every tenant, each run once timed and once under ``tracemalloc``
(peak Python allocations; tracing slows a run, so it is never the timed one):

* ``loop``: ``parity.compare(engine, models, schema=s)`` for each schema, the naive way;
* ``many_j1``: ``parity.compare_many([engine], models, schemas=[glob], jobs=1)``;
* ``many_j2``: the same with ``jobs=2``.

Statements are counted with a ``before_cursor_execute`` listener.  Results go to
``benchmarks/results/tenants.json`` and ``benchmarks/results/tenants.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

import parity  # noqa: E402
from benchmarks import databases, schema_gen  # noqa: E402
from parity.many import list_schemas  # noqa: E402

RESULTS_DIR = Path(__file__).resolve().parent / "results"
APPROACHES = ("loop", "many_j1", "many_j2")
PG_SCHEMAS_PER_TXN = 20


# -- the cached tenant databases ----------------------------------------------------------
def tenant_model(tables: int, seed: int) -> sa.MetaData:
    """The schema-less model every tenant holds."""
    return schema_gen.generate(tables, seed)


def _base_name(db: str, tenants: int, tables: int, seed: int) -> str:
    short = {"postgresql": "pg", "mysql": "my"}[db]
    return f"{databases.PREFIX}{short}_tenants_{tenants}_t{tables}_s{seed}"


def _marker(tenants: int, tables: int, seed: int) -> str:
    return f"parity-bench v{schema_gen.GENERATOR_VERSION} tenants {tenants}x{tables} s{seed}"


def tenant_names(db: str, tenants: int, tables: int, seed: int) -> list[str]:
    if db == "postgresql":
        return [f"tenant_{i:04d}" for i in range(1, tenants + 1)]
    base = _base_name(db, tenants, tables, seed)
    return [f"{base}_{i:04d}" for i in range(1, tenants + 1)]


def tenant_glob(db: str, tenants: int, tables: int, seed: int) -> str:
    return "tenant_*" if db == "postgresql" else f"{_base_name(db, tenants, tables, seed)}_*"


def _drift_statement(db: str, schema: str, model: sa.MetaData) -> str:
    """Drop the first column no index or key uses, from the first table of ``schema``."""
    table = next(iter(model.tables.values()))
    used = {c.name for index in table.indexes for c in index.columns}
    used |= {c.name for c in table.primary_key.columns}
    used |= {fk.parent.name for fk in table.foreign_keys}
    used |= {"tenant_id", "code", "qty"}
    column = next(c.name for c in table.columns if c.name not in used)
    quote = '"' if db == "postgresql" else "`"
    return f"ALTER TABLE {quote}{schema}{quote}.{table.name} DROP COLUMN {column}"


def _admin(db: str) -> Engine:
    return sa.create_engine(
        databases.server_url(db), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )


def _engine(db: str, name: str, **kwargs: Any) -> Engine:
    return sa.create_engine(databases.server_url(db).set(database=name), **kwargs)


def is_ready(db: str, tenants: int, tables: int, seed: int) -> bool:
    """The marker is there and every tenant holds all its tables."""
    base = _base_name(db, tenants, tables, seed)
    marker = _marker(tenants, tables, seed)
    admin = _admin(db)
    try:
        with admin.connect() as conn:
            if db == "postgresql":
                comment = conn.exec_driver_sql(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                    f"WHERE datname = '{base}'"
                ).scalar()
            else:
                comment = conn.exec_driver_sql(
                    "SELECT schema_comment FROM information_schema.schemata "
                    f"WHERE schema_name = '{base}'"
                ).scalar()
            if comment != marker:
                return False
            if db == "mysql":
                count = conn.execute(
                    sa.text(
                        "SELECT count(*) FROM information_schema.tables "
                        "WHERE table_schema LIKE :pattern"
                    ),
                    {"pattern": base.replace("_", "\\_") + "\\_%"},
                ).scalar()
                return count == tenants * tables
    finally:
        admin.dispose()
    engine = _engine(db, base, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            count = conn.execute(
                sa.text(
                    "SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                    "ON n.oid = c.relnamespace "
                    "WHERE c.relkind = 'r' AND n.nspname LIKE :pattern"
                ),
                {"pattern": "tenant\\_%"},
            ).scalar()
        return count == tenants * tables
    finally:
        engine.dispose()


def ensure(db: str, tenants: int, tables: int, seed: int) -> float:
    """Create the tenant set unless a complete one is cached; the seconds it took."""
    if is_ready(db, tenants, tables, seed):
        return 0.0
    started = time.perf_counter()
    base = _base_name(db, tenants, tables, seed)
    print(f"  creating {base} ({tenants} tenants x {tables} tables) ...", flush=True)
    model = tenant_model(tables, seed)
    names = tenant_names(db, tenants, tables, seed)
    drifted = names[len(names) // 2]
    if db == "postgresql":
        _create_postgresql(base, names, model, drifted)
    else:
        _create_mysql(base, names, model, drifted)
    with _admin(db).connect() as conn:
        marker = _marker(tenants, tables, seed)
        if db == "postgresql":
            conn.exec_driver_sql(f"COMMENT ON DATABASE {base} IS '{marker}'")
        else:
            conn.exec_driver_sql(f"CREATE DATABASE {base} COMMENT '{marker}'")
    seconds = time.perf_counter() - started
    print(f"  created {base} in {seconds:.1f} s", flush=True)
    return seconds


def _schema_ddl(model: sa.MetaData, schema: str, dialect: sa.engine.Dialect) -> list[str]:
    moved = sa.MetaData()
    for table in model.tables.values():
        table.to_metadata(moved, schema=schema)
    return [s for table in moved.tables.values() for s in schema_gen.table_ddl(table, dialect)]


def _create_postgresql(base: str, names: list[str], model: sa.MetaData, drifted: str) -> None:
    databases.drop_by_name("postgresql", base)
    with _admin("postgresql").connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {base}")
    engine = _engine("postgresql", base, poolclass=NullPool)
    try:
        for start in range(0, len(names), PG_SCHEMAS_PER_TXN):
            statements: list[str] = []
            for name in names[start : start + PG_SCHEMAS_PER_TXN]:
                statements.append(f"CREATE SCHEMA {name}")
                statements.extend(_schema_ddl(model, name, engine.dialect))
            with engine.begin() as conn:
                conn.exec_driver_sql(";\n".join(statements))
        with engine.begin() as conn:
            conn.exec_driver_sql(_drift_statement("postgresql", drifted, model))
    finally:
        engine.dispose()


def _create_mysql(base: str, names: list[str], model: sa.MetaData, drifted: str) -> None:
    from pymysql.constants import CLIENT  # type: ignore[import-untyped]

    for name in [base, *names]:
        databases.drop_by_name("mysql", name)
    engine = sa.create_engine(
        databases.server_url("mysql"),
        poolclass=NullPool,
        connect_args={"client_flag": CLIENT.MULTI_STATEMENTS},
    )
    try:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("SET SESSION foreign_key_checks = 0")
            for name in names:
                statements = [f"CREATE DATABASE {name} CHARACTER SET utf8mb4"]
                statements.extend(_schema_ddl(model, name, engine.dialect))
                cursor.execute(";\n".join(statements))
                while cursor.nextset():  # drain every result: errors surface here
                    pass
            cursor.execute(_drift_statement("mysql", drifted, model))
            cursor.close()
        finally:
            raw.close()
    finally:
        engine.dispose()


# -- measuring ---------------------------------------------------------------------------
def _runners(
    engine: Engine, model: sa.MetaData, schemas: list[str], glob: str
) -> dict[str, Callable[[], list[int]]]:
    """Each approach returns the exit code of every tenant, in schema order."""

    def loop() -> list[int]:
        codes = []
        for schema in schemas:
            report = parity.compare(engine, model, schema=schema)
            codes.append(0 if report.ok else 1)
        return codes

    def many(jobs: int) -> Callable[[], list[int]]:
        def run() -> list[int]:
            results = parity.compare_many([engine], model, schemas=[glob], jobs=jobs)
            return [result.exit_code for result in results]

        return run

    return {"loop": loop, "many_j1": many(1), "many_j2": many(2)}


def _peak(runner: Callable[[], list[int]]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        runner()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(db: str, tenants: int, tables: int, seed: int, memory: bool) -> dict[str, Any]:
    created = ensure(db, tenants, tables, seed)
    model = tenant_model(tables, seed)
    database = _base_name(db, tenants, tables, seed) if db == "postgresql" else None
    url = databases.server_url(db)
    engine = sa.create_engine(url.set(database=database) if database else url, pool_size=2)
    glob = tenant_glob(db, tenants, tables, seed)
    schemas = [s for s in list_schemas(engine) if s.startswith(glob[:-1])]
    assert len(schemas) == tenants, f"{len(schemas)} tenants found, expected {tenants}"
    statements = [0]

    def count(*_args: Any) -> None:
        statements[0] += 1

    sa.event.listen(engine, "before_cursor_execute", count)
    cells: dict[str, Any] = {}
    expected: list[int] | None = None
    try:
        for name, runner in _runners(engine, model, schemas, glob).items():
            statements[0] = 0
            gc.collect()
            started = time.perf_counter()
            codes = runner()
            seconds = time.perf_counter() - started
            if expected is None:
                expected = codes
            assert codes == expected, f"{name} disagrees with loop"
            assert codes.count(1) == 1 and set(codes) <= {0, 1}, f"{name}: {codes.count(1)} drifts"
            cells[name] = {
                "seconds": round(seconds, 3),
                "statements": statements[0],
                "peak_bytes": _peak(runner) if memory else None,
            }
            print(
                f"  {db} {tenants}x{tables} {name:8s} {seconds:8.2f} s "
                f"{cells[name]['statements']:7d} statements"
                + (f" {cells[name]['peak_bytes'] / 2**20:7.1f} MiB peak" if memory else ""),
                flush=True,
            )
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
        engine.dispose()
    loop = cells["loop"]
    for name in ("many_j1", "many_j2"):
        cells[name]["speedup_vs_loop"] = round(loop["seconds"] / cells[name]["seconds"], 2)
    return {
        "db": db,
        "tenants": tenants,
        "tables_per_tenant": tables,
        "seed": seed,
        "created_seconds": round(created, 1),
        "server": ".".join(str(p) for p in _server_version(db, database)),
        "approaches": cells,
    }


def _server_version(db: str, database: str | None) -> tuple[int, ...]:
    url = databases.server_url(db)
    engine = sa.create_engine(url.set(database=database) if database else url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            info = conn.dialect.server_version_info or ()
        return tuple(p for p in info if isinstance(p, int))
    finally:
        engine.dispose()


def markdown(runs: list[dict[str, Any]]) -> str:
    lines = [
        "# Multi-tenant checks: `compare_many` with a schema glob vs a `compare` loop",
        "",
        "Generated by `nice -n 10 python benchmarks/tenants.py`; each tenant holds the same "
        "generated tables (`benchmarks/schema_gen.py`) and one tenant drifts.  One timed run "
        "per approach; peak memory from a separate `tracemalloc` run.",
        "",
        "| database | tenants x tables | approach | seconds | statements | peak MiB "
        "| speed-up vs loop |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    labels = {
        "loop": "`compare` per schema",
        "many_j1": "`compare_many` jobs=1",
        "many_j2": "`compare_many` jobs=2",
    }
    for run in runs:
        for name in APPROACHES:
            cell = run["approaches"][name]
            peak = cell["peak_bytes"]
            lines.append(
                f"| {run['db']} {run['server']} | {run['tenants']:,} x {run['tables_per_tenant']} "
                f"| {labels[name]} | {cell['seconds']:.2f} | {cell['statements']:,} "
                f"| {'' if peak is None else f'{peak / 2**20:.1f}'} "
                f"| {cell.get('speedup_vs_loop', 1.0):.1f}x |"
            )
    lines += [
        "",
        "Notes: on PostgreSQL `compare_many` splits the schemas into batches (one or more "
        "per job, at most 250 schemas each) and reads each batch with the same four "
        "catalog statements (five with enums or domains) whatever the number of schemas, "
        "then diffs each schema: 1,000 schemas are four batches, 21 statements in all.  "
        "The peak memory is that of the batches in flight (2,500 tables per batch here), "
        "where the loop holds one tenant's catalog at a time.  On MariaDB a tenant is a "
        "database, and `read_catalogs` stays a loop over the databases on purpose: "
        "`information_schema` looks one schema up by name, but `TABLE_SCHEMA IN (...)` "
        'scans every database on the server (EXPLAIN: "Scanned all databases"); the '
        "gain there is the shared connection and transaction and the model reduced once.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", action="append", choices=("postgresql", "mysql"))
    parser.add_argument("--tenants", type=int, default=1000, help="PostgreSQL tenant schemas")
    parser.add_argument("--mysql-tenants", type=int, default=100, help="MariaDB tenant dbs")
    parser.add_argument("--tables", type=int, default=10, help="tables per tenant")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    options = parser.parse_args(argv)
    runs = []
    for db in options.db or ["postgresql", "mysql"]:
        tenants = options.tenants if db == "postgresql" else options.mysql_tenants
        runs.append(measure(db, tenants, options.tables, options.seed, not options.no_memory))
    result = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "sqlalchemy": sa.__version__,
        "machine": platform.platform(),
        "runs": runs,
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "tenants.json").write_text(json.dumps(result, indent=1) + "\n")
    (RESULTS_DIR / "tenants.md").write_text(markdown(runs))
    print(markdown(runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
