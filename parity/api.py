"""``parity.compare``: resolve the target, reflect, normalise, diff, apply policy, report."""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import SQLAlchemyError

from parity.adapter import DialectAdapter
from parity.catalog import Catalog
from parity.connect import (
    first_line,
    inspection_connection,
    inspection_transaction,
    require_schema,
)
from parity.declared import ANY_DEFAULT, snapshot_from_tables
from parity.diff import Finding, diff_snapshots
from parity.errors import InspectionError
from parity.gcpause import paused_gc
from parity.offline import compare_snapshot
from parity.overlap import beside
from parity.placement import Placement, translate_map
from parity.progress import count, stage
from parity.reflected import snapshot_from_catalog
from parity.registry import dialect_for
from parity.report import DiffKind, ParityReport
from parity.request import Inspected, Request, Server, build_report, build_request
from parity.snapshot import SchemaSnapshot, TypeSpec
from parity.snapshot_file import is_snapshot_source

#: How an ``unchecked`` entry for a table this account cannot see begins its ``why``;
#: a hard-failing guard fails closed on such an entry (README "Safety").
NOT_VISIBLE = "not visible to this account"
#: The risk tag of a ``table_missing`` finding for such a table (always an error).
NOT_VISIBLE_RISK = "not_visible"


def compare(
    bind: Any,
    target: Any = None,
    *,
    tables: Iterable[str] | None = None,
    schema: str | None = None,
    critical: Iterable[str] = (),
    mode: str = "compatible",
    ignore: Iterable[str] = (),
    timeout: float | None = None,
) -> ParityReport:
    """Compare the model ``target`` with the live database behind ``bind``.

    Only reads: never writes, commits or runs DDL, and leaves a given connection as it
    found it.  See the README ("Comparing") for every argument.  ``timeout``
    (seconds) bounds connecting and each catalog statement; ``None`` keeps the
    driver's and server's defaults.  The inspection runs in a read-only transaction
    where the database has one.  ``bind`` may instead be a snapshot (a
    :class:`SchemaSnapshot`, a snapshot file's path or its JSON text): the same report,
    offline (:mod:`parity.offline`).
    """
    if is_snapshot_source(bind):
        return compare_snapshot(
            bind,
            target,
            tables=tables,
            schema=schema,
            critical=critical,
            mode=mode,
            ignore=ignore,
            timeout=timeout,
        )
    request = build_request(
        target, tables=tables, critical=critical, mode=mode, ignore=ignore, timeout=timeout
    )
    # paused_gc: millions of small acyclic records are built; see parity.gcpause
    with _inspection(bind, timeout, [schema]) as (conn, adapter, server), paused_gc():
        placement = _placement(conn, server, schema)
        if placement.main != schema:
            require_schema(conn, placement.main)  # the translate map's schema for None
        inspected = _inspect(conn, adapter, request, placement, server)
    return build_report(conn.dialect.name, adapter, request, placement.main, server, inspected)


def compare_schemas(
    bind: Any,
    target: Any,
    schemas: Sequence[str],
    on_report: Callable[[str, ParityReport], None],
    *,
    tables: Iterable[str] | None = None,
    critical: Iterable[str] = (),
    mode: str = "compatible",
    ignore: Iterable[str] = (),
    timeout: float | None = None,
) -> None:
    """:func:`compare` for each of ``schemas`` (tenants) of one database, read at once.

    One connection and one read-only transaction; the catalogs of all ``schemas``
    come from one :meth:`~parity.DialectAdapter.read_catalogs` call (on PostgreSQL the
    same few statements as for one schema), and the model side is reduced once and
    re-targeted per schema when it names no schema itself.  ``on_report(schema,
    report)`` receives each report, equal to ``compare(bind, target, schema=schema,
    ...)``'s, as soon as it is ready.  An :class:`InspectionError` ends the call; the
    schemas not yet reported are then unchecked (the caller may retry them one by one).
    """
    request = build_request(
        target, tables=tables, critical=critical, mode=mode, ignore=ignore, timeout=timeout
    )
    with _inspection(bind, timeout) as (conn, adapter, server):
        names = sorted(request.wanted) if request.wanted is not None else None
        # One listing for the batch; a schema that is not there fails when its turn comes
        # (require_schema's rule), the schemas before it are reported as usual.
        existing = _existing(conn, schemas)
        stage(f"reading the catalogs of {count(len(schemas), 'schema')}...")
        try:
            with paused_gc():
                catalogs = adapter.read_catalogs(conn, [s for s in schemas if s in existing], names)
        except SQLAlchemyError as exc:
            raise InspectionError(
                f"cannot read the catalogs of {count(len(schemas), 'schema')}: "
                f"{first_line(exc, conn.engine.url)}"
            ) from exc
        shared = _retargetable(adapter, request.model_tables, conn.dialect)
        for schema in dict.fromkeys(schemas):
            if schema not in existing:
                require_schema(conn, schema)  # raises, naming the missing schema
            expected = None if shared is None else dataclasses.replace(shared, schema=schema)
            catalog = catalogs.pop(schema)  # each read catalog is freed once diffed
            placement = _placement(conn, server, schema)
            with paused_gc():
                inspected = _inspect(conn, adapter, request, placement, server, catalog, expected)
            on_report(
                schema, build_report(conn.dialect.name, adapter, request, schema, server, inspected)
            )


def _existing(conn: Connection, schemas: Sequence[str]) -> set[str]:
    try:
        listed = set(sa_inspect(conn).get_schema_names())
    except SQLAlchemyError as exc:
        raise InspectionError(
            f"cannot list the schemas: {first_line(exc, conn.engine.url)}"
        ) from exc
    return {s for s in schemas if s in listed}


def _retargetable(
    adapter: DialectAdapter, model_tables: list[Table], dialect: Dialect
) -> SchemaSnapshot | None:
    """The model snapshot, if it is the same whichever schema it is compared with.

    True when no model table and no foreign key names a schema: then the target schema
    only appears as the snapshot's ``schema`` field.
    """
    if any(table.schema is not None for table in model_tables):
        return None
    snapshot = snapshot_from_tables(adapter, model_tables, dialect, schema=None)
    if any(fk.referred_schema is not None for t in snapshot.tables for fk in t.foreign_keys):
        return None
    return snapshot


def _placement(conn: Connection, server: Server, schema: str | None) -> Placement:
    """How this connection resolves the model's schema names (:mod:`parity.placement`)."""
    return Placement(
        default_schema=server.default_schema, translate=translate_map(conn), requested=schema
    )


@contextmanager
def _inspection(
    bind: Any, timeout: float | None, schemas: Sequence[str | None] = ()
) -> Iterator[tuple[Connection, DialectAdapter, Server]]:
    """One connection, its adapter and server facts, inside the read-only transaction."""
    with inspection_connection(bind, timeout=timeout) as conn:
        adapter = dialect_for(conn)
        with inspection_transaction(conn, adapter, timeout=timeout):
            for name in schemas:
                require_schema(conn, name)
            yield conn, adapter, _server(conn, adapter)


def _server(conn: Connection, adapter: DialectAdapter) -> Server:
    try:
        return Server(adapter.server_version(conn), adapter.default_schema(conn))
    except SQLAlchemyError as exc:
        raise InspectionError(
            f"cannot read the server version: {first_line(exc, conn.engine.url)}"
        ) from exc


def _settle_defaults(
    conn: Connection,
    adapter: DialectAdapter,
    findings: list[Finding],
    expected: SchemaSnapshot,
) -> list[Finding]:
    """Drop default differences the server itself says are the same value.

    Text cannot decide some constants (a zoned time literal is stored with the session's
    offset); the adapter may let the server compare both in one read-only statement.
    """
    tables = expected.table_map()
    asked: list[tuple[int, tuple[str, str, TypeSpec]]] = []
    for position, finding in enumerate(findings):
        if finding.kind is not DiffKind.DEFAULT_MISMATCH:
            continue
        if finding.expected in {None, ANY_DEFAULT} or finding.actual is None:
            continue
        table = tables.get(finding.table)
        column = table.column(finding.column) if table and finding.column else None
        if column is not None and finding.expected is not None:
            asked.append((position, (finding.expected, finding.actual, column.type)))
    if not asked:
        return findings
    answers = adapter.server_equal_defaults(conn, [pair for _, pair in asked])
    equal = {
        position for (position, _), answer in zip(asked, answers, strict=True) if answer is True
    }
    return [f for position, f in enumerate(findings) if position not in equal]


def _inspect(
    conn: Connection,
    adapter: DialectAdapter,
    request: Request,
    placement: Placement,
    server: Server,
    main_catalog: Catalog | None = None,
    main_expected: SchemaSnapshot | None = None,
) -> Inspected:
    """Read each schema the model uses once, in bulk, and diff it.

    Model tables are grouped by the real schema they live in (:mod:`parity.placement`):
    the main group (``placement.main``) is read whole, to find extra tables; another
    schema only for the tables the model declares there.  ``main_catalog`` /
    ``main_expected``: the catalog of the main schema and its model snapshot when
    already at hand (:func:`compare_schemas`).
    """
    main_key = placement.canonical(placement.main)
    groups: dict[str | None, list[Table]] = {main_key: []}
    for table in request.model_tables:
        groups.setdefault(placement.home(table.schema), []).append(table)
    inspected: Inspected = ([], set(), list(adapter.unchecked_facts(server.version)))
    names = sorted(request.wanted) if request.wanted is not None else None
    main = _Group(placement.main, groups.pop(main_key), names, main_catalog, main_expected)
    absent = _read_group(conn, adapter, placement, main)
    if placement.main is None:
        # Unqualified tables the default schema lacks may be found further along the
        # search path (PostgreSQL); they are read where the server finds them.
        found = _elsewhere(conn, adapter, main, absent)
        for table, home in found:
            groups.setdefault(home, []).append(table)
        main = main.without({table.name for table, _ in found})
    _diff_group(conn, adapter, server, placement, main, True, inspected)
    for group_schema, group_tables in groups.items():
        group = _Group(group_schema, group_tables, [t.name for t in group_tables])
        _read_group(conn, adapter, placement, group)
        _diff_group(conn, adapter, server, placement, group, False, inspected)
    return inspected


@dataclass(slots=True)
class _Group:
    """The model tables of one real schema, and (once read) both sides of them."""

    schema: str | None
    tables: list[Table]
    names: list[str] | None
    catalog: Catalog | None = None
    expected: SchemaSnapshot | None = None

    def without(self, names: set[str]) -> _Group:
        """This group less the model tables ``names`` (found in another schema)."""
        if not names:
            return self
        assert self.expected is not None
        expected = dataclasses.replace(
            self.expected, tables=tuple(t for t in self.expected.tables if t.name not in names)
        )
        tables = [t for t in self.tables if t.name not in names]
        return _Group(self.schema, tables, self.names, self.catalog, expected)


def _read_group(
    conn: Connection, adapter: DialectAdapter, placement: Placement, group: _Group
) -> set[str]:
    """Fill ``group``'s catalog and model snapshot; return the model tables not found."""
    with beside(
        functools.partial(
            snapshot_from_tables,
            adapter,
            group.tables,
            conn.dialect,
            schema=group.schema,
            placement=placement,
        ),
        size=(
            len(group.tables)
            if adapter.overlap_model_with_read and group.expected is None and group.catalog is None
            else 0
        ),
    ) as model:
        if group.catalog is None:
            group.catalog = _read(conn, adapter, group.schema, group.names)
        if group.expected is None:
            group.expected = model.result()
    seen = {adapter.fold_table_name(name) for name in group.catalog.tables}
    return {t.name for t in group.tables if adapter.fold_table_name(t.name) not in seen}


def _elsewhere(
    conn: Connection, adapter: DialectAdapter, main: _Group, absent: set[str]
) -> list[tuple[Table, str]]:
    """Unqualified model tables absent from the default schema that the server finds
    in another (a table naming its schema means that schema only).

    Asked only when some are absent, so a healthy comparison costs no statement more.
    """
    absent = {t.name for t in main.tables if t.name in absent and t.schema is None}
    if not absent:
        return []
    try:
        homes = adapter.search_path_tables(conn, sorted(absent))
    except SQLAlchemyError as exc:
        raise InspectionError(
            f"cannot resolve {', '.join(sorted(absent))} along the search path: "
            f"{first_line(exc, conn.engine.url)}"
        ) from exc
    return [(t, homes[t.name]) for t in main.tables if t.name in absent and t.name in homes]


def _diff_group(
    conn: Connection,
    adapter: DialectAdapter,
    server: Server,
    placement: Placement,
    group: _Group,
    main: bool,
    inspected: Inspected,
) -> None:
    """Diff one read group into ``inspected`` (findings, checked, unchecked)."""
    findings, checked, unchecked = inspected
    assert group.catalog is not None and group.expected is not None
    catalog, expected = group.catalog, group.expected
    dialect = conn.dialect
    blind_to = adapter.uncomparable_kinds(server.version)
    invisible = _invisible(conn, adapter, group.schema, group.tables, catalog.tables)
    actual = snapshot_from_catalog(
        adapter,
        catalog,
        dialect,
        server_version=server.version,
        default_schema=placement.default_schema,
    )
    stage(f"comparing {count(len(expected.tables), 'model table')}...")
    group_findings = [
        _unseen(finding, invisible)
        for finding in diff_snapshots(
            expected,
            actual,
            type_verdict=adapter.type_verdict,
            fold_name=adapter.fold_table_name,
            fold_column=adapter.fold_column_name if adapter.folds_column_names else None,
            report_extra_tables=main,
        )
        if finding.kind not in blind_to
    ]
    findings.extend(_settle_defaults(conn, adapter, group_findings, expected))
    unchecked.extend(
        (f"table {name}", f"{NOT_VISIBLE}: {why}") for name, why in sorted(invisible.items())
    )
    checked.update(t.name for t in expected.tables if t.name not in invisible)
    if main:
        owned = set(actual.owned_tables)
        checked.update(t.name for t in actual.tables if t.name not in owned)
    unchecked.extend(expected.unchecked)
    unchecked.extend(actual.unchecked)


def _unseen(finding: Finding, invisible: dict[str, str]) -> Finding:
    """A model table this account cannot see: an error-level fact of the report itself.

    The catalog did not show it, and the server will not say whether it exists, so
    nothing about it was checked.  The report carries that as a ``table_missing``
    finding with risk ``not_visible`` (always an error, whatever the mode), so every
    door -- ``compare``, the guard, the CLI, the pytest plugin -- fails on it alike.
    """
    if finding.kind is not DiffKind.TABLE_MISSING or finding.table not in invisible:
        return finding
    return dataclasses.replace(
        finding, risk=NOT_VISIBLE_RISK, actual=f"{NOT_VISIBLE}: {invisible[finding.table]}"
    )


def _read(
    conn: Connection, adapter: DialectAdapter, schema: str | None, names: list[str] | None
) -> Catalog:
    where = f"schema {schema!r}" if schema else "the default schema"
    stage(f"reading the catalog of {where}...")
    started = time.perf_counter()
    try:
        catalog = adapter.read_catalog(conn, schema, names)
    except SQLAlchemyError as exc:
        raise InspectionError(
            f"cannot read the catalog of {where}: {first_line(exc, conn.engine.url)}"
        ) from exc
    elapsed = time.perf_counter() - started
    stage(f"read {count(len(catalog.tables), 'table')} in {elapsed:.1f} s")
    return catalog


def _invisible(
    conn: Connection,
    adapter: DialectAdapter,
    schema: str | None,
    model_tables: list[Table],
    found: list[str],
) -> dict[str, str]:
    """The model tables the catalog did not show because this account may not see them."""
    seen = {adapter.fold_table_name(name) for name in found}
    absent = [t.name for t in model_tables if adapter.fold_table_name(t.name) not in seen]
    if not absent:
        return {}
    try:
        return adapter.invisible_tables(conn, schema, absent)
    except SQLAlchemyError as exc:
        raise InspectionError(
            f"cannot tell whether this account may see {', '.join(absent)}: "
            f"{first_line(exc, conn.engine.url)}"
        ) from exc
