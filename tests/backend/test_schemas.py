"""Schemas as the application's engine resolves them (issue 12 item 4).

What is proven here, against each live database where it applies:

* a model naming the default schema explicitly (``MetaData(schema="public")``,
  ``Table.to_metadata(schema=...)``, ``ForeignKey("public.plans.id")``; MariaDB's own
  database name; SQLite's ``main``) is the same model as an unqualified one: no table
  is reported extra *and* missing, and a real drift is still reported;
* an engine's ``execution_options(schema_translate_map=...)`` is honoured: parity reads
  the schema the application writes (a drift there is reported even though the default
  schema holds a healthy copy -- before, that passed: a fail-open), for an Engine, a
  Connection and ``create_engine(..., execution_options=...)``, and through the startup
  guard; the report names the schema read;
* PostgreSQL with a ``search_path`` of several schemas: an unqualified model table the
  server finds in a later schema of the path is compared there (not ``table_missing``),
  a drift in it is reported, a table in no schema of the path is still missing, and
  resolving costs one statement only when some table is absent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

import parity
from parity.errors import SchemaParityError
from parity.guard import check_schema_parity
from parity.strategies.handwritten import default_schema_name
from tests.statements import counting


def _models(schema: str | None = None, *, target: str | None = None) -> sa.MetaData:
    """``plans`` and ``orders`` (a key to plans); ``target`` qualifies the key's target."""
    metadata = sa.MetaData(schema=schema)
    sa.Table(
        "plans",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
    )
    where = target if target is not None else schema
    sa.Table(
        "orders",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "plan_id",
            sa.Integer,
            sa.ForeignKey(f"{where}.plans.id" if where else "plans.id"),
            nullable=False,
        ),
    )
    return metadata


def _default(engine: Engine) -> str:
    with engine.connect() as conn:
        name = default_schema_name(conn)
    assert name is not None
    return name


def _q(conn: Connection, schema: str) -> str:
    return conn.dialect.identifier_preparer.quote_schema(schema)


def _messages(report: parity.ParityReport) -> list[str]:
    return [d.message for d in report.differences]


# --------------------------------------------------------------------- explicit default
def test_model_naming_the_default_schema_is_the_unqualified_model(
    backend_engine: Engine,
) -> None:
    _models().create_all(backend_engine)
    default = _default(backend_engine)

    named = _models(default)
    copied = sa.MetaData()
    for table in _models().sorted_tables:
        table.to_metadata(copied, schema=default)
    key_named = _models(target=default)  # unqualified tables, ForeignKey("public.plans.id")

    for model in (named, copied, key_named):
        report = parity.compare(backend_engine, model)
        assert report.differences == (), _messages(report)
        assert set(report.tables_checked) == {"plans", "orders"}
    # Naming the default schema as schema= too changes nothing.
    assert parity.compare(backend_engine, named, schema=default).differences == ()


def test_a_drift_is_still_found_when_the_model_names_the_default_schema(
    backend_engine: Engine,
) -> None:
    _models().create_all(backend_engine)
    with backend_engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE stray (id INTEGER PRIMARY KEY)")
    model = _models(_default(backend_engine))
    sa.Table("gone", model, sa.Column("id", sa.Integer, primary_key=True))

    report = parity.compare(backend_engine, model)

    kinds = sorted((d.kind.value, d.table) for d in report.differences)
    assert kinds == [("table_extra", "stray"), ("table_missing", "gone")], _messages(report)


@pytest.mark.backends("postgresql", "mysql")
def test_another_schema_keying_the_default_schema_by_name(
    backend_engine: Engine, create_schema: Callable[[], str]
) -> None:
    """``compare(schema=tenant)`` of orders whose key names the default schema's plans."""
    default = _default(backend_engine)
    tenant = create_schema()
    created = sa.MetaData()
    _models().tables["plans"].to_metadata(created, schema=default)
    _models(tenant, target=default).tables[f"{tenant}.orders"].to_metadata(created)
    created.create_all(backend_engine)

    model = sa.MetaData()
    _models().tables["plans"].to_metadata(model, schema=default)
    _models(target=default).tables["orders"].to_metadata(model)

    report = parity.compare(backend_engine, model, schema=tenant)

    assert report.differences == (), _messages(report)
    assert report.schema == tenant


# --------------------------------------------------------------------- translate map
def test_schema_translate_map_reads_where_the_application_writes(
    backend_engine: Engine, create_schema: Callable[[], str]
) -> None:
    tenant = create_schema()
    _models().create_all(backend_engine)  # a healthy copy in the default schema
    app = backend_engine.execution_options(schema_translate_map={None: tenant})
    _models().create_all(app)

    healthy = parity.compare(app, _models())
    assert healthy.differences == (), _messages(healthy)
    assert healthy.schema == tenant

    with backend_engine.begin() as conn:
        conn.exec_driver_sql(f"ALTER TABLE {_q(conn, tenant)}.plans ADD COLUMN note INTEGER")
    # Before the fix the default schema was read: this passed although the app's differs.
    drifted = parity.compare(app, _models())
    assert [(d.kind.value, d.table, d.column) for d in drifted.differences] == [
        ("column_extra", "plans", "note")
    ], _messages(drifted)
    assert drifted.schema == tenant
    # The same through a Connection of that engine, and through create_engine's options.
    with app.connect() as conn:
        assert parity.compare(conn, _models()).differences == drifted.differences
    configured = sa.create_engine(
        backend_engine.url, execution_options={"schema_translate_map": {None: tenant}}
    )
    _attach_like(backend_engine, configured)
    try:
        assert parity.compare(configured, _models()).differences == drifted.differences
    finally:
        configured.dispose()
    # A snapshot of the app's engine is of the schema it writes.
    snapshot = parity.take_snapshot(app)
    assert snapshot.schema == tenant
    assert snapshot.table_map()["plans"].column("note") is not None
    # The explicit schema= names a real schema: the default copy is healthy.
    assert parity.compare(app, _models(), schema=_default(backend_engine)).differences == ()


def test_schema_translate_map_of_a_named_schema(
    backend_engine: Engine, create_schema: Callable[[], str]
) -> None:
    """A model schema ``"billing"`` the application maps to a real schema."""
    real = create_schema()
    app = backend_engine.execution_options(schema_translate_map={"billing": real})
    _models("billing").create_all(app)

    assert parity.compare(app, _models("billing")).differences == ()
    with backend_engine.begin() as conn:
        conn.exec_driver_sql(f"ALTER TABLE {_q(conn, real)}.orders ADD COLUMN note INTEGER")
    report = parity.compare(app, _models("billing"))
    assert [(d.kind.value, d.table, d.column) for d in report.differences] == [
        ("column_extra", "orders", "note")
    ], _messages(report)


def test_the_guard_honours_the_translate_map(
    backend_engine: Engine, create_schema: Callable[[], str]
) -> None:
    tenant = create_schema()
    _models().create_all(backend_engine)
    app = backend_engine.execution_options(schema_translate_map={None: tenant})
    _models().create_all(app)
    with backend_engine.begin() as conn:
        conn.exec_driver_sql(f"ALTER TABLE {_q(conn, tenant)}.plans DROP COLUMN name")

    with pytest.raises(SchemaParityError, match="name"):
        check_schema_parity(app, _models(), hard_fail=True)


def _attach_like(source: Engine, engine: Engine) -> None:
    """Attach to ``engine``'s connections the files ``source`` attaches (SQLite schemas)."""
    if source.dialect.name != "sqlite":
        return
    with source.connect() as conn:
        attached = [
            (str(row[1]), str(row[2]))
            for row in conn.exec_driver_sql("PRAGMA database_list")
            if row[1] not in {"main", "temp"}
        ]

    def attach(dbapi_conn: Any, _record: object) -> None:
        cursor = dbapi_conn.cursor()
        for name, path in attached:
            cursor.execute(f"ATTACH DATABASE '{path}' AS \"{name}\"")
        cursor.close()

    event.listen(engine, "connect", attach)


# --------------------------------------------------------------------- search path
@pytest.mark.backends("postgresql")
def test_search_path_of_several_schemas(
    backend_engine: Engine, create_schema: Callable[[], str]
) -> None:
    app_schema = create_schema()
    _models().tables["plans"].create(backend_engine)  # public.plans
    pathed = sa.create_engine(
        backend_engine.url, connect_args={"options": f"-csearch_path={app_schema},public"}
    )
    try:
        orders = _models().tables["orders"]
        with pathed.begin() as conn:
            orders.create(conn)  # app.orders, keyed to public.plans
        assert sa.inspect(backend_engine).get_table_names(schema=app_schema) == ["orders"]

        report = parity.compare(pathed, _models())
        assert report.differences == (), _messages(report)
        assert set(report.tables_checked) == {"plans", "orders"}

        with backend_engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE public.plans ALTER COLUMN name DROP NOT NULL")
        model = _models()
        sa.Table("gone", model, sa.Column("id", sa.Integer, primary_key=True))
        report = parity.compare(pathed, model)
        assert sorted((d.kind.value, d.table) for d in report.differences) == [
            ("nullable_mismatch", "plans"),
            ("table_missing", "gone"),
        ], _messages(report)
    finally:
        pathed.dispose()


@pytest.mark.backends("postgresql")
def test_search_path_resolution_costs_a_statement_only_when_a_table_is_absent(
    backend_engine: Engine,
) -> None:
    _models().create_all(backend_engine)
    with counting(backend_engine) as healthy:
        assert parity.compare(backend_engine, _models()).differences == ()
    model = _models()
    sa.Table("gone", model, sa.Column("id", sa.Integer, primary_key=True))
    with counting(backend_engine) as missing:
        parity.compare(backend_engine, model)
    resolving = [s for s in missing if "current_schemas" in s]
    assert not [s for s in healthy if "current_schemas" in s]
    assert len(resolving) == 1


@pytest.mark.backends("postgresql")
def test_a_table_naming_the_default_schema_is_not_looked_up_along_the_path(
    backend_engine: Engine, create_schema: Callable[[], str]
) -> None:
    """``app.plans`` named explicitly means ``app``, even when ``public`` holds a plans."""
    app_schema = create_schema()
    _models().tables["plans"].create(backend_engine)  # public.plans
    pathed = sa.create_engine(
        backend_engine.url, connect_args={"options": f"-csearch_path={app_schema},public"}
    )
    try:
        model = sa.MetaData()
        _models().tables["plans"].to_metadata(model, schema=app_schema)
        report = parity.compare(pathed, model)
        assert [(d.kind.value, d.table) for d in report.differences] == [
            ("table_missing", "plans")
        ], _messages(report)
    finally:
        pathed.dispose()
