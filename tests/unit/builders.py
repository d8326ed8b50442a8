"""Small builders for hand-made snapshots and findings, so test tables read as data."""

from __future__ import annotations

from collections.abc import Callable

from parity.adapter import DialectAdapter
from parity.diff import Finding, diff_snapshots
from parity.report import DiffKind
from parity.snapshot import (
    CheckSnapshot,
    ColumnSnapshot,
    ComputedSpec,
    ForeignKeySnapshot,
    IndexSnapshot,
    PrimaryKeySnapshot,
    SchemaSnapshot,
    TableSnapshot,
    TypeSpec,
    UniqueSnapshot,
)

GENERIC = DialectAdapter()
INT = TypeSpec(name="integer")


def ty(name: str, **fields: object) -> TypeSpec:
    return TypeSpec(name=name, **fields)  # type: ignore[arg-type]


def col(
    name: str,
    type_: TypeSpec | str = INT,
    *,
    nullable: bool = True,
    default: str | None = None,
    autoincrement: str | None = None,
    computed: ComputedSpec | None = None,
    collation: str | None = None,
    comment: str | None = None,
) -> ColumnSnapshot:
    return ColumnSnapshot(
        name=name,
        type=TypeSpec(name=type_) if isinstance(type_, str) else type_,
        nullable=nullable,
        default=default,
        autoincrement=autoincrement,
        computed=computed,
        collation=collation,
        comment=comment,
    )


def fk(
    columns: tuple[str, ...],
    referred_table: str,
    referred_columns: tuple[str, ...] = ("id",),
    *,
    name: str | None = None,
    ondelete: str | None = None,
    onupdate: str | None = None,
    options: tuple[tuple[str, str], ...] = (),
    referred_schema: str | None = None,
) -> ForeignKeySnapshot:
    return ForeignKeySnapshot(
        name=name,
        columns=columns,
        referred_schema=referred_schema,
        referred_table=referred_table,
        referred_columns=referred_columns,
        ondelete=ondelete,
        onupdate=onupdate,
        options=options,
    )


def unique(*columns: str, name: str | None = None) -> UniqueSnapshot:
    return UniqueSnapshot(name=name, columns=columns)


def index(
    *expressions: str,
    name: str | None = None,
    unique: bool = False,
    options: tuple[tuple[str, str], ...] = (),
) -> IndexSnapshot:
    return IndexSnapshot(name=name, expressions=expressions, unique=unique, options=options)


def check(sqltext: str, name: str | None = None) -> CheckSnapshot:
    return CheckSnapshot(name=name, sqltext=sqltext)


def table(
    name: str,
    *columns: ColumnSnapshot,
    pk: tuple[str, ...] | None = ("id",),
    pk_name: str | None = None,
    foreign_keys: tuple[ForeignKeySnapshot, ...] = (),
    uniques: tuple[UniqueSnapshot, ...] = (),
    indexes: tuple[IndexSnapshot, ...] = (),
    checks: tuple[CheckSnapshot, ...] = (),
    comment: str | None = None,
    schema: str | None = None,
) -> TableSnapshot:
    """A table; an ``id`` integer column (the default primary key) is added unless given."""
    if not any(c.name == "id" for c in columns):
        columns = (col("id", nullable=False, autoincrement="auto"), *columns)
    return TableSnapshot(
        name=name,
        schema=schema,
        columns=columns,
        primary_key=PrimaryKeySnapshot(name=pk_name, columns=pk) if pk else None,
        foreign_keys=foreign_keys,
        uniques=uniques,
        indexes=indexes,
        checks=checks,
        comment=comment,
    )


def schema(*tables: TableSnapshot) -> SchemaSnapshot:
    return SchemaSnapshot(dialect="test", tables=tables)


def diff(
    expected: SchemaSnapshot | TableSnapshot,
    actual: SchemaSnapshot | TableSnapshot,
    *,
    fold_name: Callable[[str], str] | None = None,
    report_extra_tables: bool = True,
    declared_only: bool = True,
) -> list[Finding]:
    """``diff_snapshots`` with the generic adapter's type verdict."""
    if isinstance(expected, TableSnapshot):
        expected = schema(expected)
    if isinstance(actual, TableSnapshot):
        actual = schema(actual)
    if fold_name is None:
        return diff_snapshots(
            expected,
            actual,
            type_verdict=GENERIC.type_verdict,
            report_extra_tables=report_extra_tables,
            declared_only=declared_only,
        )
    return diff_snapshots(
        expected,
        actual,
        type_verdict=GENERIC.type_verdict,
        fold_name=fold_name,
        report_extra_tables=report_extra_tables,
        declared_only=declared_only,
    )


def finding(kind: DiffKind, table: str = "t", **fields: object) -> Finding:
    return Finding(kind=kind, table=table, **fields)  # type: ignore[arg-type]
