"""Respelling the database's names as the model spells them, where the database folds case.

SQLite compares column and table names ASCII case-insensitively, MySQL and MariaDB
column names always (and table names under ``lower_case_table_names``).  A table
created as ``CREATE TABLE Users (ID INTEGER, Email TEXT)`` or a key written
``REFERENCES USERS(id)`` is then the same table, column and key as the model's
``users.id`` / ``users.email``.  How a database folds names is the adapter's fact
(:meth:`~parity.adapter.DialectAdapter.fold_table_name`,
:meth:`~parity.adapter.DialectAdapter.fold_column_name`); this module only applies it:
every name of the database snapshot that folds to a model name is replaced by the
model's spelling, in columns, keys, uniques, indexes and foreign-key targets, so the
comparison and its report speak the model's names.  PostgreSQL folds nothing (a
quoted ``"Email"`` is another column than ``email``), so there nothing changes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from parity.snapshot import ForeignKeySnapshot, SchemaSnapshot, TableSnapshot

Fold = Callable[[str], str]


def _identity(name: str) -> str:
    return name


def align_names(
    expected: SchemaSnapshot,
    actual: SchemaSnapshot,
    *,
    fold_table: Fold = _identity,
    fold_column: Fold = _identity,
) -> SchemaSnapshot:
    """``actual`` with each name that folds to a model name spelt as the model spells it."""
    if fold_table is _identity and fold_column is _identity:
        return actual
    model_tables = {fold_table(t.name): t for t in expected.tables}
    table_names = {key: table.name for key, table in model_tables.items()}
    column_names: dict[str, dict[str, str]] = {}

    def columns_of(model_table: str) -> dict[str, str]:
        found = column_names.get(model_table)
        if found is None:
            table = model_tables.get(fold_table(model_table))
            found = {} if table is None else {fold_column(c.name): c.name for c in table.columns}
            column_names[model_table] = found
        return found

    tables = []
    changed = False
    for table in actual.tables:
        model_name = table_names.get(fold_table(table.name), table.name)
        aligned = _align_table(table, model_name, columns_of, table_names, fold_table, fold_column)
        changed = changed or aligned is not table
        tables.append(aligned)
    return dataclasses.replace(actual, tables=tuple(tables)) if changed else actual


def _align_table(
    table: TableSnapshot,
    model_name: str,
    columns_of: Callable[[str], dict[str, str]],
    table_names: dict[str, str],
    fold_table: Fold,
    fold_column: Fold,
) -> TableSnapshot:
    own = columns_of(model_name)
    spelt = set(own.values())

    def column(name: str) -> str:
        return name if name in spelt else own.get(fold_column(name), name)

    def names(items: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(column(name) for name in items)

    respelt = any(column(c.name) != c.name for c in table.columns)
    keys = [
        _align_key(fk, names, columns_of, table_names, fold_table, fold_column)
        for fk in table.foreign_keys
    ]
    keys_changed = any(new is not old for new, old in zip(keys, table.foreign_keys, strict=True))
    if not respelt and not keys_changed and model_name == table.name:
        return table
    if not respelt:
        return dataclasses.replace(table, name=model_name, foreign_keys=tuple(keys))
    return dataclasses.replace(
        table,
        name=model_name,
        columns=tuple(dataclasses.replace(c, name=column(c.name)) for c in table.columns),
        column_map={},  # rebuilt from the respelt columns
        primary_key=None
        if table.primary_key is None
        else dataclasses.replace(table.primary_key, columns=names(table.primary_key.columns)),
        foreign_keys=tuple(keys),
        uniques=tuple(dataclasses.replace(u, columns=names(u.columns)) for u in table.uniques),
        indexes=tuple(
            dataclasses.replace(i, expressions=names(i.expressions)) for i in table.indexes
        ),
    )


def _align_key(
    fk: ForeignKeySnapshot,
    names: Callable[[tuple[str, ...]], tuple[str, ...]],
    columns_of: Callable[[str], dict[str, str]],
    table_names: dict[str, str],
    fold_table: Fold,
    fold_column: Fold,
) -> ForeignKeySnapshot:
    """A key with its columns, referred table and referred columns spelt as the model's."""
    referred = fk.referred_table
    if fk.referred_schema is None:  # another schema's table is no model table of this one
        referred = table_names.get(fold_table(referred), referred)
    targets = columns_of(referred)
    referred_columns = tuple(targets.get(fold_column(name), name) for name in fk.referred_columns)
    constrained = names(fk.columns)
    if (referred, referred_columns, constrained) == (
        fk.referred_table,
        fk.referred_columns,
        fk.columns,
    ):
        return fk
    return dataclasses.replace(
        fk, referred_table=referred, referred_columns=referred_columns, columns=constrained
    )
