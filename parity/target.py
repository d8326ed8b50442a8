"""Resolving ``target=`` to the model's ``Table`` objects.

Accepted: a ``MetaData``; anything with a ``.metadata`` (a declarative base, ``SQLModel``);
a single mapped class or ``Table``; an iterable of mapped classes and ``Table`` objects;
``None`` for ``sqlmodel.SQLModel.metadata``.  Anything else is a usage error that says
what was given and what is expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import MetaData, Table

from parity.errors import ParityUsageError

_EXPECTED = (
    "pass a MetaData, a declarative base or SQLModel class, a mapped class, a Table, "
    "or a list of mapped classes and Tables"
)


def resolve_target(target: Any) -> list[Table]:
    """The tables ``target`` declares, in a stable order."""
    tables = _tables(target)
    if not tables:
        raise ParityUsageError(
            "the target declares no tables: import the modules that define your models "
            "before checking (a model registers its table only when its class is defined)"
        )
    unique = {(t.schema, t.name): t for t in tables}
    return [unique[key] for key in sorted(unique, key=lambda k: (k[0] or "", k[1]))]


def _tables(target: Any) -> list[Table]:
    if target is None:
        try:
            from sqlmodel import SQLModel
        except ImportError as exc:  # pragma: no cover - sqlmodel is a dependency
            raise ParityUsageError("target=None needs sqlmodel installed; " + _EXPECTED) from exc
        return list(SQLModel.metadata.tables.values())
    if isinstance(target, MetaData):
        return list(target.tables.values())
    if isinstance(target, Table):
        return [target]
    table = _mapped_table(target)
    if table is not None:
        return [table]
    metadata = getattr(target, "metadata", None)
    if isinstance(metadata, MetaData):
        return list(metadata.tables.values())
    if isinstance(target, (str, bytes)) or not isinstance(target, Iterable):
        raise ParityUsageError(f"target {target!r} is not a model: {_EXPECTED}")
    tables: list[Table] = []
    for item in target:
        if isinstance(item, Table):
            tables.append(item)
            continue
        table = _mapped_table(item)
        if table is None:
            raise ParityUsageError(
                f"target item {item!r} is not a mapped class or Table: {_EXPECTED}"
            )
        tables.append(table)
    return tables


def _mapped_table(candidate: Any) -> Table | None:
    if not isinstance(candidate, type):
        return None
    table = getattr(candidate, "__table__", None)
    return table if isinstance(table, Table) else None
