"""Drifts of one column: dropped or added, its type, nullability, default and generation.

Database-side changes are ``ALTER TABLE … ALTER/MODIFY COLUMN`` (the table rebuilt on
SQLite); model-side ones render the model from a changed spec.  Enum labels changed
by ``ALTER TYPE`` are in :mod:`~parity.strategies.drifts.enums`.
"""

from __future__ import annotations

from dataclasses import replace

from parity.report import DiffKind
from parity.strategies import menus
from parity.strategies.drifts.record import Drift, DriftState, alter, make
from parity.strategies.drifts.rules import free_columns, generated_key, set_null_columns
from parity.strategies.spec import ColumnSpec, Dialect, TableSpec, TypeChoice


def column_missing(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    for table in state.untouched():
        if len(table.columns) < 2:
            continue
        for column in free_columns(table):
            changed = replace(table, columns=tuple(c for c in table.columns if c is not column))
            out.append(
                make(
                    state,
                    DiffKind.COLUMN_MISSING,
                    f"ALTER TABLE {table.name!r} DROP COLUMN {column.name!r}",
                    action="drop_column",
                    table=table.name,
                    column=column.name,
                    db=state.db.replace_table(changed),
                )
            )
    return out


def column_extra(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        taken = {menus.fold(c.name) for c in table.columns}
        name = menus.fresh("extra", taken, dialect)
        added = ColumnSpec(name=name, type=TypeChoice(kind="integer"))
        out.append(
            make(
                state,
                DiffKind.COLUMN_EXTRA,
                f"ALTER TABLE {table.name!r} ADD COLUMN {name!r}",
                action="add_column",
                table=table.name,
                column=name,
                db=state.db.replace_table(replace(table, columns=(*table.columns, added))),
            )
        )
        if len(table.columns) >= 2:
            for column in free_columns(table):
                model_table = state.model.table(table.name)
                forgotten = replace(
                    model_table,
                    columns=tuple(c for c in model_table.columns if c.name != column.name),
                )
                out.append(
                    make(
                        state,
                        DiffKind.COLUMN_EXTRA,
                        f"model forgets column {table.name!r}.{column.name!r}",
                        action="model",
                        table=table.name,
                        column=column.name,
                        model=state.model.replace_table(forgotten),
                    )
                )
    return out


def _other_types(choice: TypeChoice, dialect: Dialect) -> list[tuple[TypeChoice, str]]:
    """Types certainly different from ``choice`` under the contract, with a label."""
    out: list[tuple[TypeChoice, str]] = []
    if choice.kind in menus.NUMBER_KINDS or (dialect == "mysql" and choice.kind == "uuid"):
        # MariaDB refuses to cast a UUID column to an integer (error 4078).
        out.append((TypeChoice(kind="varchar", length=20), "to varchar(20)"))
    else:
        out.append((TypeChoice(kind="integer"), "to integer"))
    if choice.kind in {"varchar", "char"} and choice.length is not None:
        out.append((replace(choice, length=choice.length + 1), "length + 1"))
    if choice.kind == "numeric" and choice.precision is not None:
        out.append((replace(choice, precision=choice.precision + 1), "precision + 1"))
    if dialect == "postgresql" and choice.kind in {"timestamp", "time"}:
        out.append((replace(choice, timezone=not choice.timezone), "time zone toggled"))
    if dialect == "mysql" and choice.kind in menus.INTEGER_KINDS:
        out.append((replace(choice, unsigned=not choice.unsigned), "signedness toggled"))
    if dialect == "mysql" and choice.kind in {"enum", "set"} and choice.values is not None:
        out.append((replace(choice, values=(*choice.values, "zz")), "label added"))
    return out


def type_mismatch(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        for column in free_columns(table):
            if column.default is not None or column.collation is not None:
                continue
            for choice, label in _other_types(column.type, dialect):
                out.append(
                    alter(
                        state,
                        DiffKind.TYPE_MISMATCH,
                        table,
                        column,
                        replace(column, type=choice),
                        f"type {column.type.describe()} -> {choice.describe()} ({label})",
                    )
                )
    return out


def nullable_mismatch(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        for column in table.columns:
            if column.name in table.primary_key or column.computed is not None:
                continue
            if dialect == "mysql" and column.nullable and column.name in set_null_columns(table):
                continue  # InnoDB: a SET NULL key's column cannot become NOT NULL
            out.append(
                alter(
                    state,
                    DiffKind.NULLABLE_MISMATCH,
                    table,
                    column,
                    replace(column, nullable=not column.nullable),
                    "SET NOT NULL" if column.nullable else "DROP NOT NULL",
                )
            )
    return out


def default_mismatch(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        for column in table.columns:
            if column.computed is not None or generated_key(table, column, dialect):
                continue
            menu = menus.default_menu(column.type, dialect)
            if column.default is not None:
                changed, what = replace(column, default=None), "DROP DEFAULT"
            elif menu:
                changed, what = replace(column, default=menu[0]), f"SET DEFAULT {menu[0]}"
            else:
                continue
            out.append(alter(state, DiffKind.DEFAULT_MISMATCH, table, column, changed, what))
    return out


def autoincrement_mismatch(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    for table in state.untouched():
        if len(table.primary_key) != 1:
            continue
        column = table.column(table.primary_key[0])
        if column.type.kind not in menus.INTEGER_KINDS:
            continue
        expected = {(DiffKind.AUTOINCREMENT_MISMATCH, table.name, column.name)}
        if dialect == "sqlite":
            if column.type.kind == "integer" and column.autoincrement == "auto":
                toggled = replace(table, sqlite_autoincrement=not table.sqlite_autoincrement)
                out.append(
                    make(
                        state,
                        DiffKind.AUTOINCREMENT_MISMATCH,
                        f"recreate {table.name!r} with AUTOINCREMENT "
                        + ("removed" if table.sqlite_autoincrement else "added"),
                        action="alter_column",
                        table=table.name,
                        column=column.name,
                        db=state.db.replace_table(toggled),
                        expected=expected,
                    )
                )
            continue
        if column.autoincrement == "off":
            mode = "identity" if dialect == "postgresql" else "auto"
            if column.default is not None:
                continue
            if dialect == "mysql" and any(c.column == column.name for c in table.checks):
                continue  # MySQL refuses a CHECK on an AUTO_INCREMENT column
        else:
            mode = "off"
        out.append(
            alter(
                state,
                DiffKind.AUTOINCREMENT_MISMATCH,
                table,
                column,
                replace(column, autoincrement=mode),  # type: ignore[arg-type]
                f"autoincrement {column.autoincrement} -> {mode}",
            )
        )
    return out


def computed_mismatch(state: DriftState) -> list[Drift]:
    mysql = state.db.dialect == "mysql"
    return [
        alter(
            state,
            DiffKind.COMPUTED_MISMATCH,
            table,
            column,
            replace(column, computed=None),
            "DROP EXPRESSION",
        )
        for table in state.untouched()
        for column in table.columns
        if column.computed is not None
        and not (mysql and _virtual(column) and column.name in table.constrained_columns())
    ]


def _virtual(column: ColumnSpec) -> bool:
    """A MySQL/MariaDB generated column not stored (``VIRTUAL``, the default there).

    MariaDB cannot turn one into a plain column in place (error 1907), so the drift
    drops and re-adds it (see ``apply``), which only a column nothing depends on allows.
    """
    return column.computed is not None and column.computed.persisted is not True


def collation_mismatch(state: DriftState) -> list[Drift]:
    out: list[Drift] = []
    dialect = state.db.dialect
    choices = menus.COLLATIONS[dialect]
    for table in state.untouched():
        keyed = _foreign_key_columns(state, table) if dialect == "mysql" else set()
        for column in table.columns:
            if column.type.kind not in menus.STRING_KINDS:
                continue
            if column.name in keyed:
                # InnoDB refuses a collation change on a key's column (1833), and a key
                # between columns of different collations (1005, errno 150): the model
                # side of this drift is built as a database too (diff_databases).
                continue
            if column.collation is not None:
                other = next(c for c in choices if c != column.collation)
                out.append(
                    alter(
                        state,
                        DiffKind.COLLATION_MISMATCH,
                        table,
                        column,
                        replace(column, collation=other),
                        f"COLLATE {column.collation} -> {other}",
                    )
                )
            else:
                declared = menus.NON_DEFAULT_COLLATION[dialect]
                model_table = state.model.table(table.name)
                model_column = replace(model_table.column(column.name), collation=declared)
                out.append(
                    make(
                        state,
                        DiffKind.COLLATION_MISMATCH,
                        f"model declares COLLATE {declared} on {table.name!r}.{column.name!r}",
                        action="model",
                        table=table.name,
                        column=column.name,
                        model=state.model.replace_table(model_table.replace_column(model_column)),
                    )
                )
    return out


def _foreign_key_columns(state: DriftState, table: TableSpec) -> set[str]:
    """Columns of ``table`` a foreign key constrains or refers to."""
    own = {c for fk in table.foreign_keys for c in fk.columns}
    referred = {
        c
        for other in state.db.tables
        for fk in other.foreign_keys
        if fk.referred_table == table.name
        for c in fk.referred_columns
    }
    return own | referred
