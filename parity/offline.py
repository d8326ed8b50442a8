"""Models against a snapshot file, with no database connection at all.

CI often may not reach production.  ``parity.compare("prod-schema.json", Base)`` gives
the report ``parity.compare(prod_url, Base)`` gives, from the committed snapshot: the
database side is the snapshot as read, and the model side is reduced exactly as it is
against the live server, for the snapshot's dialect *and* server version.  SQLAlchemy
learns the server in ``Dialect.initialize`` from a connection; here a never-connected
dialect of the snapshot's dialect name is told the recorded version instead (the
adapter's :meth:`~parity.DialectAdapter.prepare_offline_dialect` sets whatever else its
model side depends on, e.g. MySQL against MariaDB).

What only a live server can answer is not answered: a server default whose two
spellings only the server can tell equal (``_settle_defaults``: a PostgreSQL zoned time
literal) is reported as a ``default_mismatch``; a model table the reading account could
not see is ``table_missing`` (the snapshot holds no tables it could not see).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.dialects import registry
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import NoSuchModuleError

from parity.adapter import DialectAdapter
from parity.declared import snapshot_from_tables
from parity.diff import diff_snapshots
from parity.errors import ParityUsageError
from parity.gcpause import paused_gc
from parity.registry import dialect_for
from parity.report import ParityReport
from parity.request import Server, build_report, build_request
from parity.snapshot import SchemaSnapshot
from parity.snapshot_file import load_snapshot


def offline_dialect(snapshot: SchemaSnapshot) -> tuple[Dialect, DialectAdapter]:
    """A never-connected dialect set up for the snapshot's server, and its adapter."""
    try:
        dialect_class = registry.load(snapshot.dialect)
    except NoSuchModuleError as exc:
        raise ParityUsageError(
            f"the snapshot is of dialect {snapshot.dialect!r}, which no installed SQLAlchemy "
            "dialect provides; install its dialect package"
        ) from exc
    dialect: Dialect = dialect_class()
    adapter = dialect_for(dialect)
    adapter.prepare_offline_dialect(dialect, tuple(snapshot.server_version))
    return dialect, adapter


def narrowed(snapshot: SchemaSnapshot, adapter: DialectAdapter, wanted: set[str] | None) -> Any:
    """The snapshot's tables restricted to ``wanted`` (as ``tables=`` narrows a read)."""
    if wanted is None:
        return snapshot.tables
    folded = {adapter.fold_table_name(name) for name in wanted}
    return tuple(t for t in snapshot.tables if adapter.fold_table_name(t.name) in folded)


def compare_snapshot(
    source: Any,
    target: Any = None,
    *,
    tables: Iterable[str] | None = None,
    schema: str | None = None,
    critical: Iterable[str] = (),
    mode: str = "compatible",
    ignore: Iterable[str] = (),
    timeout: float | None = None,
) -> ParityReport:
    """:func:`parity.compare` with a snapshot (object, file path or JSON text) as the database.

    ``schema`` may be given only as the schema the snapshot was read from; ``timeout``
    is validated and otherwise unused (nothing connects).
    """
    request = build_request(
        target, tables=tables, critical=critical, mode=mode, ignore=ignore, timeout=timeout
    )
    snapshot = load_snapshot(source)
    if schema is not None and schema != snapshot.schema:
        where = repr(snapshot.schema) if snapshot.schema else "the default schema"
        raise ParityUsageError(
            f"schema={schema!r}, but the snapshot was read from {where}; take a snapshot "
            f"of schema {schema!r} ('parity inspect --schema {schema} --format json')"
        )
    for table in request.model_tables:
        if table.schema is not None and table.schema != snapshot.schema:
            raise ParityUsageError(
                f"model table {table.schema}.{table.name} is in another schema than the "
                "snapshot's; a snapshot holds one schema: compare each schema's tables "
                "with its own snapshot (tables=...)"
            )
    dialect, adapter = offline_dialect(snapshot)
    server = Server(tuple(snapshot.server_version), None)
    with paused_gc():
        expected = snapshot_from_tables(
            adapter, request.model_tables, dialect, schema=snapshot.schema
        )
        actual = SchemaSnapshot(
            dialect=snapshot.dialect,
            tables=narrowed(snapshot, adapter, request.wanted),
            schema=snapshot.schema,
            server_version=snapshot.server_version,
            unchecked=snapshot.unchecked,
            owned_tables=snapshot.owned_tables,
        )
        blind_to = adapter.uncomparable_kinds(server.version)
        findings = [
            finding
            for finding in diff_snapshots(
                expected,
                actual,
                type_verdict=adapter.type_verdict,
                fold_name=adapter.fold_table_name,
                report_extra_tables=True,
            )
            if finding.kind not in blind_to
        ]
    unchecked = [*adapter.unchecked_facts(server.version), *actual.unchecked]
    checked = {t.name for t in expected.tables} | {t.name for t in actual.tables}
    return build_report(
        snapshot.dialect, adapter, request, snapshot.schema, server, (findings, checked, unchecked)
    )
