"""Tenant schemas read at once: ``DialectAdapter.read_catalogs`` and ``compare_many``.

What is proven here, against live servers:

* PostgreSQL's multi-schema read gives every schema the same snapshot as a read of that
  schema alone (tables, enums, domains, expression indexes, a drifted schema, an empty
  and a non-existent one, and pairs of schemas drawn by ``parity.strategies``), in the
  same number of statements whatever the number of schemas;
* ``compare_many`` with a schema glob returns, per schema, the very report
  ``parity.compare`` gives for that schema, with ``jobs`` 1 and 2, and its statement
  count does not grow with the number of tenants;
* a failure while diffing one schema fails that schema only, the rest of its batch is
  checked one by one; a failure of the shared read fails every schema of the batch.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

import parity
from parity.adapter import DialectAdapter
from parity.many import compare_many
from parity.reflected import snapshot_from_catalog
from parity.registry import dialect_for
from parity.strategies import create_schema, schemas
from tests.backends import ThrowawayDatabase
from tests.cli.conftest import DRIFTED_SOURCE, MODELS_SOURCE, metadata_of
from tests.statements import counting

#: Extra objects in one tenant, so the comparison of reads covers named types and indexes.
_RICH = [
    "CREATE TYPE {s}.mood AS ENUM ('sad', 'ok', 'happy')",
    "CREATE DOMAIN {s}.positive AS integer CHECK (VALUE > 0)",
    "CREATE TABLE {s}.extras (id serial PRIMARY KEY, m {s}.mood DEFAULT 'ok', "
    "p {s}.positive, tags text[], code varchar(9) UNIQUE, "
    "CONSTRAINT extras_code CHECK (length(code) > 2))",
    "CREATE INDEX extras_lower ON {s}.extras (lower(code)) WHERE p IS NOT NULL",
    "COMMENT ON TABLE {s}.extras IS 'extra'",
]


def _tenants(backend_db: ThrowawayDatabase, suffixes: list[str]) -> tuple[str, list[str]]:
    """Schemas (MySQL: databases) ``tenant_<hex>_<suffix>``, dropped at teardown."""
    prefix = f"tenant_{uuid.uuid4().hex[:8]}_"
    names = [prefix + suffix for suffix in suffixes]
    for name in names:
        backend_db.backend.create_schema(backend_db.engine, name, backend_db.workdir)
        backend_db.schemas.append(name)
    return prefix, names


def _populate(engine: Engine, names: list[str], *, drifted: str, rich: str | None) -> None:
    for name in names:
        source = DRIFTED_SOURCE if name == drifted else MODELS_SOURCE
        metadata_of(source, schema=name).create_all(engine)
    if rich is not None:
        with engine.begin() as conn:
            for statement in _RICH:
                conn.exec_driver_sql(statement.format(s=rich))


def _snapshots(
    adapter: DialectAdapter, conn: Connection, catalogs: dict[str, Any]
) -> dict[str, Any]:
    return {
        schema: snapshot_from_catalog(adapter, catalog, conn.dialect)
        for schema, catalog in catalogs.items()
    }


@pytest.mark.backends("postgresql")
def test_one_read_gives_each_schema_its_own_snapshot(
    backend_name: str, backend_db: ThrowawayDatabase
) -> None:
    engine = backend_db.engine
    _prefix, names = _tenants(backend_db, ["a", "b", "c", "empty"])
    _populate(engine, names[:3], drifted=names[1], rich=names[2])
    schemas = [*names, "no_such_schema"]
    with engine.connect() as conn:
        adapter = dialect_for(conn)
        together = _snapshots(adapter, conn, adapter.read_catalogs(conn, schemas, None))
        alone = _snapshots(adapter, conn, {s: adapter.read_catalog(conn, s, None) for s in schemas})
        narrowed = _snapshots(adapter, conn, adapter.read_catalogs(conn, schemas, ["users"]))
        narrowed_alone = _snapshots(
            adapter, conn, {s: adapter.read_catalog(conn, s, ["users"]) for s in schemas}
        )
    assert together == alone
    assert narrowed == narrowed_alone
    assert [len(together[s].tables) for s in schemas] == [2, 3, 3, 0, 0]
    assert together[names[2]].unchecked  # the domain's own constraints, for that schema only
    assert not together[names[0]].unchecked
    assert together[names[0]] != together[names[1]]  # the drift is seen, not averaged away


@pytest.mark.backends("postgresql")
def test_the_multi_schema_read_runs_as_many_statements_as_one_schema(
    backend_name: str, backend_db: ThrowawayDatabase
) -> None:
    engine = backend_db.engine
    _prefix, names = _tenants(backend_db, ["a", "b", "c", "d"])
    _populate(engine, names, drifted=names[1], rich=names[3])
    counts = []
    with engine.connect() as conn:
        adapter = dialect_for(conn)
        for schemas in ([names[3]], names[2:], names):
            with counting(engine) as statements:
                adapter.read_catalogs(conn, schemas, None)
            assert all(s.lstrip().upper().startswith(("SELECT", "WITH", "--")) for s in statements)
            counts.append(len(statements))
    # tables, columns, types, keys, indexes, and the look for tables dropped meanwhile
    assert counts[0] == counts[1] == counts[2] == 6


@pytest.mark.backends("postgresql", "mysql")
@pytest.mark.parametrize("jobs", [1, 2])
def test_compare_many_reports_what_compare_reports_for_each_schema(
    backend_name: str, backend_db: ThrowawayDatabase, backend_url: str, jobs: int
) -> None:
    prefix, names = _tenants(backend_db, ["1", "2", "3"])
    _populate(backend_db.engine, names, drifted=names[1], rich=None)
    models = metadata_of(MODELS_SOURCE)
    seen: list[tuple[str | None, int, int]] = []
    results = compare_many(
        [backend_url],
        models,
        schemas=[f"{prefix}*"],
        jobs=jobs,
        on_result=lambda result, done, total: seen.append((result.target.schema, done, total)),
        mode="exact",
        ignore=["audit_*"],
    )
    assert [r.target.schema for r in results] == names
    assert [r.exit_code for r in results] == [0, 1, 0]
    assert sorted(done for _, done, _ in seen) == [1, 2, 3]
    assert {schema for schema, _, _ in seen} == set(names)
    for name, result in zip(names, results, strict=True):
        alone = parity.compare(backend_url, models, schema=name, mode="exact", ignore=["audit_*"])
        assert result.report is not None
        assert result.report.to_dict() == alone.to_dict()


@pytest.mark.backends("postgresql")
def test_compare_many_statements_do_not_grow_with_the_tenants(
    backend_name: str, backend_db: ThrowawayDatabase
) -> None:
    engine = backend_db.engine
    prefix, names = _tenants(backend_db, ["a1", "a2", "b1", "b2", "b3", "b4"])
    _populate(engine, names, drifted=names[1], rich=None)
    counts = []
    for pattern in (f"{prefix}a*", f"{prefix}*"):
        with counting(engine) as statements:
            results = compare_many([engine], metadata_of(MODELS_SOURCE), schemas=[pattern], jobs=1)
        assert [r.exit_code for r in results].count(1) == 1
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


@pytest.mark.backends("postgresql")
def test_a_failure_in_one_schema_spares_the_others(
    backend_name: str,
    backend_db: ThrowawayDatabase,
    backend_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefix, names = _tenants(backend_db, ["1", "2", "3"])
    _populate(backend_db.engine, names, drifted=names[0], rich=None)
    with backend_db.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE {names[1]}.orders")  # asks invisible_tables
    adapter_class = type(dialect_for(backend_db.engine))
    original = adapter_class.invisible_tables

    def failing(self: Any, conn: Connection, schema: str | None, names_: Any) -> dict[str, str]:
        if schema == names[1]:
            raise OperationalError("SELECT", {}, Exception("permission denied for pg_class"))
        return original(self, conn, schema, names_)

    monkeypatch.setattr(adapter_class, "invisible_tables", failing)
    results = compare_many(
        [backend_url], metadata_of(MODELS_SOURCE), schemas=[f"{prefix}*"], jobs=1
    )
    assert [r.exit_code for r in results] == [1, 3, 0]
    assert results[1].error is not None and "permission denied" in results[1].error


@pytest.mark.backends("postgresql")
def test_a_failed_shared_read_fails_every_schema_of_the_batch(
    backend_name: str,
    backend_db: ThrowawayDatabase,
    backend_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefix, names = _tenants(backend_db, ["1", "2"])
    _populate(backend_db.engine, names, drifted=names[0], rich=None)
    adapter_class = type(dialect_for(backend_db.engine))

    def failing(self: Any, conn: Connection, schemas: Any, names_: Any) -> dict[str, Any]:
        raise OperationalError("SELECT", {}, Exception("canceling statement due to timeout"))

    monkeypatch.setattr(adapter_class, "read_catalogs", failing)
    results = compare_many(
        [backend_url], metadata_of(MODELS_SOURCE), schemas=[f"{prefix}*"], jobs=1
    )
    assert [r.exit_code for r in results] == [3, 3]
    assert all("cannot read the catalogs of 2 schemas" in (r.error or "") for r in results)


def test_the_generic_adapter_reads_schema_by_schema(tmp_path: Any) -> None:
    """The default hook is a loop over ``read_catalog`` on the one connection given."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'one.sqlite3'}")
    metadata_of(MODELS_SOURCE).create_all(engine)
    with engine.connect() as conn:
        catalogs = DialectAdapter().read_catalogs(conn, ["main"], ["users"])
    assert list(catalogs) == ["main"] and catalogs["main"].tables == ["users"]


@pytest.mark.backends("postgresql")
def test_a_schema_named_twice_is_reported_for_each_target(
    backend_name: str, backend_db: ThrowawayDatabase, backend_url: str
) -> None:
    _prefix, names = _tenants(backend_db, ["1", "2"])
    _populate(backend_db.engine, names, drifted=names[1], rich=None)
    targets = [(backend_url, names[0]), (backend_url, names[1]), (backend_url, names[0])]
    results = compare_many(targets, metadata_of(MODELS_SOURCE), jobs=1)
    assert [(r.target.schema, r.exit_code) for r in results] == [
        (names[0], 0),
        (names[1], 1),
        (names[0], 0),
    ]


# -- generated schemas: read together exactly as read alone ---------------------------------
@pytest.mark.backends("postgresql")
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_generated_schemas_read_together_give_what_each_gives_alone(
    backend_name: str, backend_engine: Engine, data: st.DataObject
) -> None:
    """Two schemas drawn by ``parity.strategies`` (enums, computed columns, partial and
    expression indexes, keys between tables), each created in its own PostgreSQL schema
    off the search path, so types and referred tables are schema-qualified."""
    specs = [data.draw(schemas("postgresql"), label=f"schema {i}") for i in (1, 2)]
    names = ["tenant_gen_a", "tenant_gen_b"]
    with backend_engine.begin() as conn:
        for name, spec in zip(names, specs, strict=True):
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")
            conn.exec_driver_sql(f"CREATE SCHEMA {name}")
            conn.exec_driver_sql(f"SET LOCAL search_path TO {name}")
            create_schema(conn, spec)
    with backend_engine.connect() as conn:
        adapter = dialect_for(conn)
        schemas_ = [*names, "public"]
        together = _snapshots(adapter, conn, adapter.read_catalogs(conn, schemas_, None))
        alone = _snapshots(
            adapter, conn, {s: adapter.read_catalog(conn, s, None) for s in schemas_}
        )
    assert together == alone
    assert [len(together[name].tables) for name in names] == [len(s.tables) for s in specs]


@pytest.mark.parametrize(
    ("tenants", "jobs", "expected_sizes"),
    [
        (3, 1, [3]),
        (3, 2, [2, 1]),
        (600, 1, [200, 200, 200]),  # capped: 250 per read at most
        (600, 4, [150, 150, 150, 150]),
        (250, 1, [250]),
    ],
)
def test_batches_split_by_jobs_and_cap_schemas_per_read(
    tenants: int, jobs: int, expected_sizes: list[int]
) -> None:
    """A read holds all its schemas' catalogs at once, so no batch exceeds the cap."""
    from parity.many import SCHEMAS_PER_READ, Target, _batches

    assert SCHEMAS_PER_READ == 250
    url = "postgresql://u@127.0.0.1/db"
    pending = {i: Target(url, f"tenant_{i:04d}") for i in range(tenants)}
    batches = _batches(pending, jobs)
    assert [len(batch) for batch in batches] == expected_sizes
    assert [index for batch in batches for index, _ in batch] == list(range(tenants))
