"""The dialect-neutral snapshot both sides of a comparison reduce to.

A model's ``Table`` objects and a live database's catalog are turned into the same
frozen records by an adapter (see :mod:`parity.adapter`); :func:`parity.diff.diff_snapshots`
then compares two snapshots without touching a database.  Every field is already
normalised: two snapshots that are equal field by field describe the same schema.

It also writes the snapshot file's data (:func:`snapshot_to_json`, the format
:mod:`parity.snapshot_file` loads and validates), so that ``SchemaSnapshot.to_json``
imports nothing back from a module that builds on this one.

Option tuples (``options``) are sorted ``(key, value)`` pairs so that records stay
hashable and their equality does not depend on the order a catalog returned them in.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Options = tuple[tuple[str, str], ...]


def options_of(items: Mapping[str, object] | Iterable[tuple[str, object]]) -> Options:
    """Freeze option pairs into a sorted tuple, dropping ``None`` values."""
    pairs = items.items() if isinstance(items, Mapping) else items
    return tuple(sorted((str(key), str(value)) for key, value in pairs if value is not None))


def default_or_none(normalised: str | None) -> str | None:
    """A normalised server default, with ``DEFAULT NULL`` as no default at all.

    A row inserted without the column gets NULL either way, and databases keep the two
    apart only in their catalogs: PostgreSQL stores ``DEFAULT NULL`` on a varchar as
    ``NULL::character varying``, which DBA-written and ported DDL is full of.
    """
    if normalised is not None and normalised.strip().lower() == "null":
        return None
    return normalised


#: ``TypeSpec.name`` of a type neither SQLAlchemy nor the adapter can read (a NullType):
#: never compared, never equal to anything, and listed in the report's ``unchecked``.
UNKNOWN_TYPE = "unknown"


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeSpec:
    """A column type reduced to the facts that decide what values it can hold.

    ``name`` is the adapter's canonical lower-case family name (``"varchar"``,
    ``"integer"``, ``"timestamp"``, ``"enum"``…).  ``length`` is a character or byte
    length, ``precision``/``scale`` apply to numbers and fractional seconds,
    ``values`` are enum or set labels in declaration order, ``item`` is an array's
    element type.  ``options`` keeps anything else that changes behaviour (e.g. a
    MySQL ``SET`` marker or a PostgreSQL domain's name).
    """

    name: str
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    timezone: bool = False
    unsigned: bool = False
    values: tuple[str, ...] | None = None
    item: TypeSpec | None = None
    dimensions: int | None = None
    options: Options = ()

    def render(self) -> str:
        """The type as a person would write it, e.g. ``varchar(255)``."""
        if self.item is not None:
            return self.item.render() + "[]" * (self.dimensions or 1)
        text = self.name
        if self.values is not None:
            text += "(" + ", ".join(repr(v) for v in self.values) + ")"
        elif self.length is not None:
            text += f"({self.length})"
        elif self.precision is not None and self.scale is not None:
            text += f"({self.precision}, {self.scale})"
        elif self.precision is not None:
            text += f"({self.precision})"
        if self.unsigned:
            text += " unsigned"
        if self.timezone:
            text += " with time zone"
        for key, value in self.options:
            text += f" {key}={value}"
        return text


@dataclass(frozen=True, slots=True, kw_only=True)
class ComputedSpec:
    """A generated column: its normalised expression and whether it is stored."""

    expression: str
    persisted: bool | None = None

    def render(self) -> str:
        stored = {True: " stored", False: " virtual", None: ""}[self.persisted]
        return f"generated as ({self.expression}){stored}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ColumnSnapshot:
    """One column.

    On the model side ``collation`` and ``comment`` are ``None`` when the model does not
    declare them, and then they are not compared.  ``autoincrement`` is a short
    adapter-defined description of how the database generates values (``"identity
    always"``, ``"serial"``, ``"rowid"``, ``"auto_increment"``) or ``None`` for none.
    """

    name: str
    type: TypeSpec
    nullable: bool
    default: str | None = None
    autoincrement: str | None = None
    computed: ComputedSpec | None = None
    collation: str | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PrimaryKeySnapshot:
    name: str | None
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ForeignKeySnapshot:
    """A foreign key; ``options`` holds deferrable / initially / match where declared."""

    name: str | None
    columns: tuple[str, ...]
    referred_schema: str | None
    referred_table: str
    referred_columns: tuple[str, ...]
    ondelete: str | None = None
    onupdate: str | None = None
    options: Options = ()

    def signature(self) -> tuple[object, ...]:
        """What identifies this key for comparison (the name never does)."""
        return (
            self.columns,
            self.referred_schema,
            self.referred_table,
            self.referred_columns,
            self.ondelete,
            self.onupdate,
            self.options,
        )

    def render(self) -> str:
        target = (
            f"{self.referred_schema}.{self.referred_table}"
            if self.referred_schema
            else (self.referred_table)
        )
        text = f"({', '.join(self.columns)}) -> {target}({', '.join(self.referred_columns)})"
        if self.ondelete:
            text += f" on delete {self.ondelete}"
        if self.onupdate:
            text += f" on update {self.onupdate}"
        for key, value in self.options:
            text += f" {key}={value}"
        return text


@dataclass(frozen=True, slots=True, kw_only=True)
class UniqueSnapshot:
    """A uniqueness guarantee over plain columns, from a constraint or a unique index."""

    name: str | None
    columns: tuple[str, ...]

    def render(self) -> str:
        return f"unique ({', '.join(self.columns)})"


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexSnapshot:
    """An index. ``expressions`` are column names or normalised expression texts, in order.

    ``modifiers`` holds, per member, its normalised collation, direction and NULLS
    placement where they are not the database's defaults (``"desc"``, ``"collate
    nocase"``, ``"nulls first"``; see :mod:`parity.indexmembers`), or is empty when
    every member is plain.  ``options`` carries behaviour-changing options such as
    ``where`` (partial index), ``using`` (method) or ``include`` (covering columns).
    ``implicit`` marks an index the database made by itself (InnoDB's index for a
    foreign key, PostgreSQL's behind a constraint): a model index identical to it
    matches it, and it is never reported extra.  It is not part of equality.
    """

    name: str | None
    expressions: tuple[str, ...]
    unique: bool = False
    options: Options = ()
    modifiers: tuple[str, ...] = ()
    implicit: bool = field(default=False, compare=False)

    def signature(self) -> tuple[object, ...]:
        return (self.expressions, self.modifiers, self.unique, self.options)

    def members(self) -> list[str]:
        """Each member with its modifiers, as a person would write it."""
        if not self.modifiers:
            return list(self.expressions)
        return [
            f"{expression} {modifier}" if modifier else expression
            for expression, modifier in zip(self.expressions, self.modifiers, strict=False)
        ]

    def render(self) -> str:
        text = ("unique index" if self.unique else "index") + f" ({', '.join(self.members())})"
        for key, value in self.options:
            text += f" {key} {value}"
        return text


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckSnapshot:
    name: str | None
    sqltext: str

    def render(self) -> str:
        return f"check ({self.sqltext})"


@dataclass(frozen=True, slots=True, kw_only=True)
class TableSnapshot:
    """One table. Constraint tuples are sorted so equal tables compare equal."""

    name: str
    schema: str | None = None
    columns: tuple[ColumnSnapshot, ...] = ()
    primary_key: PrimaryKeySnapshot | None = None
    foreign_keys: tuple[ForeignKeySnapshot, ...] = ()
    uniques: tuple[UniqueSnapshot, ...] = ()
    indexes: tuple[IndexSnapshot, ...] = ()
    checks: tuple[CheckSnapshot, ...] = ()
    comment: str | None = None
    column_map: Mapping[str, ColumnSnapshot] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )

    def __post_init__(self) -> None:
        if not self.column_map:
            object.__setattr__(self, "column_map", {c.name: c for c in self.columns})

    def column(self, name: str) -> ColumnSnapshot | None:
        return self.column_map.get(name)


@dataclass(frozen=True, slots=True, kw_only=True)
class SchemaSnapshot:
    """A whole schema as one side of a comparison sees it.

    ``unchecked`` lists ``(what, why)`` facts this side could not reveal, e.g. check
    constraints on a server that does not report them.
    """

    dialect: str
    tables: tuple[TableSnapshot, ...]
    schema: str | None = None
    server_version: tuple[int, ...] = ()
    unchecked: tuple[tuple[str, str], ...] = ()
    #: Tables owned by another database object (partitions, shadow tables): never
    #: reported as extra tables (:attr:`parity.catalog.Catalog.owned_tables`).
    owned_tables: tuple[str, ...] = ()

    def table_map(self) -> dict[str, TableSnapshot]:
        return {t.name: t for t in self.tables}

    def to_json(self) -> str:
        """The snapshot file's text (:mod:`parity.snapshot_file`): stable, versioned.

        ``parity.load_snapshot(snapshot.to_json()) == snapshot``.
        """
        return snapshot_to_json(self)


#: Version of the snapshot file layout (``parity inspect --format json`` writes it).
SNAPSHOT_FORMAT_VERSION = 1


def snapshot_to_dict(snapshot: SchemaSnapshot) -> dict[str, Any]:
    """The file's data: the version, then the snapshot's fields, tables sorted."""
    data = dataclasses.asdict(snapshot)
    for table in data["tables"]:
        table.pop("column_map", None)
    data["tables"] = sorted(data["tables"], key=lambda t: (t["schema"] or "", t["name"]))
    return {"format_version": SNAPSHOT_FORMAT_VERSION, **data}


def snapshot_to_json(snapshot: SchemaSnapshot) -> str:
    """The snapshot file's text: stable, so equal snapshots give identical bytes."""
    return json.dumps(snapshot_to_dict(snapshot), indent=2, ensure_ascii=False) + "\n"
