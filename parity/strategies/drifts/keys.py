"""Drifts of primary and foreign keys."""

from __future__ import annotations

from dataclasses import replace

from parity.report import DiffKind
from parity.strategies import menus
from parity.strategies.drifts.record import Drift, DriftState, Expected, make
from parity.strategies.drifts.rules import generated_key, referential_action, set_null_columns
from parity.strategies.spec import ColumnSpec, Dialect, TableSpec


def primary_key_mismatch(state: DriftState) -> list[Drift]:
    """Drop the key, add a column to it, drop one from it, reorder it, or add one.

    The key's new column list is all a drift chooses; :func:`_rekey` derives what else
    the database changes along with it.  A table another table refers to keeps its key
    (the foreign key needs it).
    """
    out: list[Drift] = []
    dialect = state.db.dialect
    referenced = state.db.referenced_tables()
    used = state.used_names()
    for table in state.untouched():
        if table.name in referenced:
            continue
        key = table.primary_key
        eligible = [c.name for c in table.columns if _may_join_key(table, c, dialect)]
        if not key:
            name = menus.fresh("pk_extra", set(used), dialect)
            out.extend(
                _rekey(state, table, (c,), f"ADD PRIMARY KEY ({c!r})", name) for c in eligible
            )
            continue
        lone = table.column(key[0]) if len(key) == 1 else None
        if not (dialect == "mysql" and lone is not None and generated_key(table, lone, dialect)):
            out.append(_rekey(state, table, (), "DROP PRIMARY KEY"))  # AUTO_INCREMENT needs a key
        out.extend(_rekey(state, table, (*key, c), f"primary key {key} + {c!r}") for c in eligible)
        if len(key) > 1:
            out.extend(
                _rekey(state, table, tuple(k for k in key if k != c), f"primary key {key} - {c!r}")
                for c in key
            )
            out.append(_rekey(state, table, key[::-1], f"primary key {key} reordered"))
    return out


def _may_join_key(table: TableSpec, column: ColumnSpec, dialect: Dialect) -> bool:
    """Whether ``ALTER TABLE … ADD PRIMARY KEY`` may take this column in.

    Key types are the ones keys are drawn from; InnoDB refuses NOT NULL (which a key
    implies) on the column of a SET NULL foreign key.
    """
    if column.name in table.primary_key or column.computed is not None:
        return False
    if column.type.kind not in menus.KEY_KINDS:
        return False
    return not (dialect == "mysql" and column.nullable and column.name in set_null_columns(table))


def _rowid_alias(table: TableSpec, key: tuple[str, ...]) -> str | None:
    """SQLite's rowid alias under ``key``: a lone INTEGER key column (whatever its flags)."""
    if len(key) == 1 and table.column(key[0]).type.kind == "integer":
        return key[0]
    return None


def _rekey(
    state: DriftState,
    table: TableSpec,
    key: tuple[str, ...],
    what: str,
    pk_name: str | None = None,
) -> Drift:
    """The database's primary key becomes ``key``, with every fact that moves with it.

    * a column entering the key becomes NOT NULL (every database implies it);
    * on SQLite the rowid alias follows the key: a lone INTEGER key column is
      generated, any other is not (the table is recreated from the spec);
    * PostgreSQL folded the UNIQUEs listing the old key's columns in its order into
      that key at CREATE TABLE; they go with it.  A guarantee no UNIQUE, plain unique
      index or the new key still gives is missing (the contract compares by column set).
    """
    dialect = state.db.dialect
    old = table.primary_key
    expected: set[Expected] = {(DiffKind.PRIMARY_KEY_MISMATCH, table.name, None)}
    columns: list[ColumnSpec] = []
    for column in table.columns:
        moved = column
        if column.name in key and column.name not in old and column.nullable:
            expected.add((DiffKind.NULLABLE_MISMATCH, table.name, column.name))
            moved = replace(moved, nullable=False)
        if dialect != "sqlite" and key == (column.name,) and old != key:
            moved = replace(moved, autoincrement="off")  # ALTER adds no serial / AUTO_INCREMENT
        columns.append(moved)
    if dialect == "sqlite" and _rowid_alias(table, old) != _rowid_alias(table, key):
        for alias in (_rowid_alias(table, old), _rowid_alias(table, key)):
            if alias is not None:
                expected.add((DiffKind.AUTOINCREMENT_MISMATCH, table.name, alias))
    kept = [u for u in table.uniques if not (dialect == "postgresql" and old and u.columns == old)]
    plain = {frozenset(i.columns) for i in table.indexes if i.is_plain_unique}
    still = {frozenset(u.columns) for u in kept} | plain | ({frozenset(key)} if key else set())
    if ({frozenset(u.columns) for u in table.uniques} | plain) - still:
        expected.add((DiffKind.UNIQUE_MISSING, table.name, None))
    changed = replace(
        table,
        columns=tuple(columns),
        primary_key=key,
        pk_name=(pk_name or table.pk_name) if key else None,
        sqlite_autoincrement=table.sqlite_autoincrement and key == old,
    )
    return make(
        state,
        DiffKind.PRIMARY_KEY_MISMATCH,
        f"ALTER TABLE {table.name!r}: {what}",
        action="drop_primary_key" if not key else "alter_primary_key",
        table=table.name,
        db=state.db.replace_table(changed),
        expected=expected,
    )


def foreign_key_missing(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        for fk in table.foreign_keys:
            changed = replace(
                table, foreign_keys=tuple(f for f in table.foreign_keys if f is not fk)
            )
            out.append(
                make(
                    state,
                    DiffKind.FOREIGN_KEY_MISSING,
                    f"ALTER TABLE {table.name!r} DROP CONSTRAINT {fk.name!r}",
                    action="drop_constraint",
                    table=table.name,
                    target=fk.name,
                    db=state.db.replace_table(changed),
                )
            )
            # CASCADE differs from every "refuse" action; RESTRICT and NO ACTION are
            # not told apart here because InnoDB treats them as one.
            other = "CASCADE" if referential_action(fk.ondelete) in (None, "RESTRICT") else None
            checked = {c.column for c in table.checks}
            if dialect == "mysql" and other is not None and checked & set(fk.columns):
                continue  # MariaDB error 1901: no referential action on CHECKed columns
            rebuilt = replace(
                table,
                foreign_keys=tuple(
                    replace(f, ondelete=other) if f is fk else f for f in table.foreign_keys
                ),
            )
            out.append(
                make(
                    state,
                    DiffKind.FOREIGN_KEY_MISSING,
                    f"foreign key {fk.name!r} recreated with ON DELETE {other}",
                    action="add_constraint",
                    table=table.name,
                    target=fk.name,
                    db=state.db.replace_table(rebuilt),
                    expected={
                        (DiffKind.FOREIGN_KEY_MISSING, table.name, None),
                        (DiffKind.FOREIGN_KEY_EXTRA, table.name, None),
                    },
                )
            )
    return out


def foreign_key_extra(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    for table in state.untouched():
        model_table = state.model.table(table.name)
        for fk in model_table.foreign_keys:
            forgotten = replace(
                model_table, foreign_keys=tuple(f for f in model_table.foreign_keys if f is not fk)
            )
            out.append(
                make(
                    state,
                    DiffKind.FOREIGN_KEY_EXTRA,
                    f"model forgets foreign key {fk.name!r}",
                    action="model",
                    table=table.name,
                    model=state.model.replace_table(forgotten),
                )
            )
    return out
