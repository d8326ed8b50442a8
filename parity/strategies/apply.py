"""Applying drifts to a live database, and creating the starting schema.

The only impure part of :mod:`parity.strategies`: everything here issues DDL through
the connection it is given.  PostgreSQL and MySQL get the statement a DBA would write
(``ALTER TABLE … ALTER COLUMN``, ``MODIFY COLUMN``, ``DROP CONSTRAINT``…); SQLite,
whose ``ALTER TABLE`` cannot change a column or a constraint, gets the table recreated
from the changed spec, which is still a real change of its catalog.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.schema import AddConstraint, DropConstraint

from parity.strategies import render
from parity.strategies.drifts import Drift
from parity.strategies.spec import ColumnSpec, SchemaSpec, TableSpec


def apply_drift(conn: Connection, drift: Drift) -> None:
    """Make the database-side change of ``drift`` for real; model-side drifts do nothing.

    PostgreSQL and MySQL get the ``ALTER``/``DROP``/``CREATE`` statement a DBA would
    write.  SQLite, whose ``ALTER TABLE`` cannot change a column or a constraint,
    gets the table recreated from the changed spec (a real change of its catalog);
    ``ADD COLUMN``, ``DROP COLUMN``, indexes and whole tables use real statements there too.
    """
    if drift.side == "model":
        return
    before = render.to_metadata(drift.before.db)
    after = render.to_metadata(drift.after.db)
    table = drift.table
    action = drift.action
    if action == "drop_table":
        before.tables[table].drop(conn)
    elif action == "create_table":
        after.tables[table].create(conn)
    elif action == "add_index":
        next(i for i in after.tables[table].indexes if i.name == drift.target).create(conn)
    elif action == "drop_index":
        next(i for i in before.tables[table].indexes if i.name == drift.target).drop(conn)
    elif conn.dialect.name == "sqlite" and action not in {"add_column", "drop_column"}:
        before.tables[table].drop(conn)
        after.tables[table].create(conn)
    else:
        for statement in _alter_statements(conn, drift, before, after):
            if isinstance(statement, str):
                # Identifiers come quoted by the dialect's preparer, which doubles "%"
                # for pyformat drivers: run the text as the driver's own SQL.
                conn.exec_driver_sql(statement)
            else:
                conn.execute(statement)


Statement = str | sa.schema.ExecutableDDLElement


def _alter_statements(
    conn: Connection, drift: Drift, before: sa.MetaData, after: sa.MetaData
) -> list[Statement]:
    dialect = conn.dialect
    mysql = dialect.name in {"mysql", "mariadb"}
    q = render.quote
    name = drift.table
    prefix = f"ALTER TABLE {q(dialect, name)}"
    old = drift.before.db.table(name)
    new = drift.after.db.table(name)
    if drift.action == "drop_column":
        assert drift.column is not None
        return [f"{prefix} DROP COLUMN {q(dialect, drift.column)}"]
    if drift.action == "add_column":
        added = new.columns[-1]
        return [f"{prefix} ADD COLUMN {render.column_ddl(added, new, dialect)}"]
    if drift.action == "table_comment":
        text = _literal(conn, new.comment)
        return [
            f"{prefix} COMMENT = {text}"
            if mysql
            else f"COMMENT ON TABLE {q(dialect, name)} IS {text}"
        ]
    if drift.action == "drop_primary_key":
        return [DropConstraint(before.tables[name].primary_key)]
    if drift.action == "alter_primary_key":
        return [_rekey_statement(conn, prefix, old, new)]
    if drift.action == "alter_enum":
        assert drift.column is not None
        return [_enum_statement(conn, old.column(drift.column), new.column(drift.column))]
    if drift.action == "alter_column":
        assert drift.column is not None
        column = new.column(drift.column)
        if mysql:
            ddl = render.column_ddl(column, new, dialect)
            was = old.column(drift.column).computed
            if was is not None and column.computed is None and was.persisted is not True:
                # MariaDB cannot make a VIRTUAL column plain in place (error 1907): a DBA
                # drops and re-adds it where it was.
                names = [c.name for c in new.columns]
                at = names.index(column.name)
                where = f"AFTER {q(dialect, names[at - 1])}" if at else "FIRST"
                return [f"{prefix} DROP COLUMN {q(dialect, column.name)}, ADD COLUMN {ddl} {where}"]
            return [f"{prefix} MODIFY COLUMN {ddl}"]
        return _postgresql_alter(conn, prefix, old.column(drift.column), column, new)
    statements: list[Statement] = []
    old_constraint = _constraint(before.tables[name], drift.target)
    new_constraint = _constraint(after.tables[name], drift.target)
    if old_constraint is not None:
        statements.append(DropConstraint(old_constraint))
        if mysql and isinstance(old_constraint, sa.ForeignKeyConstraint):
            statements.extend(_mysql_implicit_index(conn, name, old_constraint.name))
    if new_constraint is not None:
        statements.append(AddConstraint(new_constraint))
    return statements


def _postgresql_alter(
    conn: Connection, prefix: str, old: ColumnSpec, new: ColumnSpec, table: TableSpec
) -> list[Statement]:
    dialect = conn.dialect
    column = f"{prefix} ALTER COLUMN {render.quote(dialect, new.name)}"
    out: list[Statement] = []
    if old.type != new.type or old.collation != new.collation:
        type_sql = dialect.type_compiler_instance.process(
            render.sa_type(new.type, "postgresql", new.collation)
        )
        out.append(f"{column} TYPE {type_sql} USING NULL")
    if old.nullable != new.nullable:
        out.append(f"{column} {'DROP' if new.nullable else 'SET'} NOT NULL")
    if old.default != new.default:
        out.append(
            f"{column} SET DEFAULT {new.default}" if new.default else f"{column} DROP DEFAULT"
        )
    if old.autoincrement != new.autoincrement:
        if old.autoincrement == "identity":
            out.append(f"{column} DROP IDENTITY")
        elif old.autoincrement == "auto":
            out.append(f"{column} DROP DEFAULT")
        if new.autoincrement == "identity":
            out.append(f"{column} ADD GENERATED BY DEFAULT AS IDENTITY")
    if old.computed != new.computed:
        out.append(f"{column} DROP EXPRESSION")
    if old.comment != new.comment:
        text = _literal(conn, new.comment)
        out.append(
            f"COMMENT ON COLUMN {render.quote(dialect, table.name)}."
            f"{render.quote(dialect, new.name)} IS {text}"
        )
    return out


def _rekey_statement(conn: Connection, prefix: str, old: TableSpec, new: TableSpec) -> str:
    """One ``ALTER TABLE`` dropping the old key and adding the new one.

    One statement, because InnoDB refuses a moment without a key on an AUTO_INCREMENT
    column.  PostgreSQL names the constraint to drop; a key created without a name got
    the server's, read back from the catalog.
    """
    dialect = conn.dialect
    q = render.quote
    actions: list[str] = []
    if old.primary_key:
        if dialect.name in {"mysql", "mariadb"}:
            actions.append("DROP PRIMARY KEY")
        else:
            current = old.pk_name or sa.inspect(conn).get_pk_constraint(old.name)["name"]
            actions.append(f"DROP CONSTRAINT {q(dialect, str(current))}")
    columns = ", ".join(q(dialect, c) for c in new.primary_key)
    named = f"CONSTRAINT {q(dialect, new.pk_name)} " if new.pk_name else ""
    actions.append(f"ADD {named}PRIMARY KEY ({columns})")
    return f"{prefix} " + ", ".join(actions)


def _enum_statement(conn: Connection, old: ColumnSpec, new: ColumnSpec) -> str:
    """``ALTER TYPE`` adding (at the end or in front) or renaming one enum label."""
    before, after = old.type.values or (), new.type.values or ()
    assert new.type.enum_name is not None
    prefix = f"ALTER TYPE {render.quote(conn.dialect, new.type.enum_name)}"
    if len(after) == len(before) + 1:
        added = next(label for label in after if label not in before)
        where = f" BEFORE {_literal(conn, before[0])}" if after[0] == added else ""
        return f"{prefix} ADD VALUE {_literal(conn, added)}{where}"
    renamed, to = next((a, b) for a, b in zip(before, after, strict=True) if a != b)
    return f"{prefix} RENAME VALUE {_literal(conn, renamed)} TO {_literal(conn, to)}"


def _constraint(table: sa.Table, name: str | None) -> sa.Constraint | None:
    for constraint in table.constraints:
        if constraint.name == name and name is not None:
            return constraint
    return None


def _mysql_implicit_index(conn: Connection, table: str, name: object) -> list[Statement]:
    """Dropping a key leaves the index InnoDB made for it; a DBA drops that too."""
    found = conn.execute(
        sa.text(
            "SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE() "
            "AND table_name = :t AND index_name = :n LIMIT 1"
        ),
        {"t": table, "n": str(name)},
    ).first()
    if found is None:
        return []
    q = render.quote
    return [f"DROP INDEX {q(conn.dialect, str(name))} ON {q(conn.dialect, table)}"]


def _literal(conn: Connection, value: str | None) -> str:
    if value is None:
        return "NULL"
    return str(
        sa.literal(value).compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    )


def create_schema(conn: Connection, schema: SchemaSpec) -> sa.MetaData:
    """``create_all`` of the rendered spec: the starting point of every property."""
    metadata = render.to_metadata(schema)
    metadata.create_all(conn)
    return metadata
