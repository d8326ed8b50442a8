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
    """``actual`` with each name that folds to a model name spelt as the model spells it.

    Names already spelt as the model's are looked up as they are: folding happens only
    for a name that differs, so a schema written as the model spells it costs one
    dictionary look-up per name.
    """
    if fold_table is _identity and fold_column is _identity:
        return actual
    spelling = _Spelling(expected, fold_table, fold_column)
    tables = []
    changed = False
    for table in actual.tables:
        aligned = _align_table(table, spelling)
        changed = changed or aligned is not table
        tables.append(aligned)
    return dataclasses.replace(actual, tables=tuple(tables)) if changed else actual


class _Spelling:
    """The model's spelling of table and column names, folded maps built on demand."""

    def __init__(self, expected: SchemaSnapshot, fold_table: Fold, fold_column: Fold) -> None:
        self.fold_table = fold_table
        self.fold_column = fold_column
        self.tables = {t.name: t for t in expected.tables}
        self._folded_tables: dict[str, str] | None = None
        self._folded_columns: dict[str, dict[str, str]] = {}

    def table(self, name: str) -> str:
        """The model's spelling of table ``name`` (``name`` itself when none folds to it)."""
        if name in self.tables:
            return name
        if self._folded_tables is None:
            self._folded_tables = {self.fold_table(n): n for n in self.tables}
        return self._folded_tables.get(self.fold_table(name), name)

    def column(self, table: str, name: str) -> str:
        """The model's spelling of column ``name`` of the model table ``table``."""
        model = self.tables.get(table)
        if model is None or name in model.column_map:
            return name
        folded = self._folded_columns.get(table)
        if folded is None:
            folded = {self.fold_column(c.name): c.name for c in model.columns}
            self._folded_columns[table] = folded
        return folded.get(self.fold_column(name), name)


def _align_table(table: TableSnapshot, spelling: _Spelling) -> TableSnapshot:
    model_name = spelling.table(table.name)

    def names(items: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(spelling.column(model_name, name) for name in items)

    model = spelling.tables.get(model_name)
    # Only names the model table lacks can need respelling (a set difference, in C).
    odd = table.column_map.keys() - model.column_map.keys() if model is not None else ()
    respelt = any(spelling.column(model_name, name) != name for name in odd)
    keys = [_align_key(fk, names, spelling) for fk in table.foreign_keys]
    keys_changed = any(new is not old for new, old in zip(keys, table.foreign_keys, strict=True))
    if not respelt and not keys_changed and model_name == table.name:
        return table
    if not respelt:
        return dataclasses.replace(table, name=model_name, foreign_keys=tuple(keys))
    return dataclasses.replace(
        table,
        name=model_name,
        columns=tuple(
            dataclasses.replace(c, name=spelling.column(model_name, c.name)) for c in table.columns
        ),
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
    spelling: _Spelling,
) -> ForeignKeySnapshot:
    """A key with its columns, referred table and referred columns spelt as the model's."""
    referred = fk.referred_table
    if fk.referred_schema is None:  # another schema's table is no model table of this one
        referred = spelling.table(referred)
    referred_columns = tuple(spelling.column(referred, name) for name in fk.referred_columns)
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
