"""The raw result of one bulk catalog read, in SQLAlchemy's own reflection shapes.

An adapter's :meth:`~parity.adapter.DialectAdapter.read_catalog` fills one
:class:`Catalog` for all the tables a comparison needs, with as few statements as the
database allows.  The shapes are exactly those of ``Inspector.get_multi_*`` (keyed by
table name instead of ``(schema, table)``), so SQLAlchemy's reflection stays the
reference that every fast path is tested against, and the conversion into the
neutral snapshot (:mod:`parity.reflected`) is written once.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import (
    ReflectedCheckConstraint,
    ReflectedColumn,
    ReflectedForeignKeyConstraint,
    ReflectedIndex,
    ReflectedPrimaryKeyConstraint,
    ReflectedUniqueConstraint,
)
from sqlalchemy.engine.reflection import Inspector


@dataclass(slots=True, kw_only=True)
class Catalog:
    """Everything read about a set of tables of one schema.

    ``tables`` lists the tables that exist (restricted to the requested names when a
    filter was given).  Per-table maps may lack a table that has no such object.
    ``unchecked`` lists ``(what, why)`` facts the reader could not obtain.
    ``owned_tables`` (see below) are read like any table.
    """

    schema: str | None
    tables: list[str]
    columns: dict[str, list[ReflectedColumn]] = field(default_factory=dict)
    primary_keys: dict[str, ReflectedPrimaryKeyConstraint] = field(default_factory=dict)
    foreign_keys: dict[str, list[ReflectedForeignKeyConstraint]] = field(default_factory=dict)
    indexes: dict[str, list[ReflectedIndex]] = field(default_factory=dict)
    uniques: dict[str, list[ReflectedUniqueConstraint]] = field(default_factory=dict)
    checks: dict[str, list[ReflectedCheckConstraint]] = field(default_factory=dict)
    comments: dict[str, str | None] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    unchecked: list[tuple[str, str]] = field(default_factory=list)
    #: Tables that belong to another object of the database (a PostgreSQL partition, a
    #: SQLite virtual table's shadow table), with what they are: compared when a model
    #: declares them, never reported as extra tables.
    owned_tables: dict[str, str] = field(default_factory=dict)


def _by_table(multi: dict[tuple[str | None, str], Any]) -> dict[str, Any]:
    return {name: value for (_schema, name), value in multi.items()}


def read_with_inspector(
    conn: Connection,
    schema: str | None,
    names: Collection[str] | None,
    inspector: Inspector | None = None,
) -> Catalog:
    """Read a catalog through SQLAlchemy's ``Inspector.get_multi_*`` methods.

    This is the reference reader and the default for any dialect: one call per kind of
    object, each filtered to ``names`` in the catalog query where the dialect supports it.
    An adapter may pass its own ``inspector`` to read more out of its cache afterwards.
    """
    if inspector is None:
        inspector = inspect(conn)
    existing = inspector.get_table_names(schema=schema)
    if names is not None:
        wanted = set(names)
        existing = [t for t in existing if t in wanted]
    catalog = Catalog(schema=schema, tables=sorted(existing))
    if not existing:
        return catalog
    kw: dict[str, Any] = {"schema": schema, "filter_names": existing}
    catalog.columns = _by_table(inspector.get_multi_columns(**kw))
    catalog.primary_keys = _by_table(inspector.get_multi_pk_constraint(**kw))
    catalog.foreign_keys = _by_table(inspector.get_multi_foreign_keys(**kw))
    catalog.indexes = _by_table(inspector.get_multi_indexes(**kw))
    catalog.uniques = _by_table(
        _optional(inspector.get_multi_unique_constraints, kw, catalog, "unique constraints")
    )
    catalog.checks = _by_table(
        _optional(inspector.get_multi_check_constraints, kw, catalog, "check constraints")
    )
    comments = _optional(inspector.get_multi_table_comment, kw, catalog, "comments")
    catalog.comments = {name: value.get("text") for name, value in _by_table(comments).items()}
    catalog.options = _by_table(
        _optional(inspector.get_multi_table_options, kw, catalog, "table options")
    )
    return catalog


def _optional(
    method: Any, kw: dict[str, Any], catalog: Catalog, what: str
) -> dict[tuple[str | None, str], Any]:
    """Call a reflection method the dialect may not implement, recording the gap."""
    try:
        result: dict[tuple[str | None, str], Any] = method(**kw)
    except NotImplementedError:
        catalog.unchecked.append(
            (what, "this dialect's SQLAlchemy reflection does not report them")
        )
        return {}
    return result
