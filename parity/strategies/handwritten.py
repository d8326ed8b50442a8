"""A spec written as hand-written DDL text, in one :class:`~.spelling.Spelling`.

``create_all`` is one spelling among many: migrations, DBAs, pg_dump and mysqldump
write the same schema with other type names, constraint placements, default and CHECK
spellings and qualified names.  This module writes a spec the way they do, so that the
properties meet those spellings.  The facts never change: a spelling offered here must
be equivalent on the database it is offered for (a rowid ``INTEGER PRIMARY KEY`` is
never written ``INT``, which SQLite would not alias to the rowid; MySQL never gets an
inline ``REFERENCES``, which it parses and ignores).

Pieces whose text is not varied (generated-column clauses, identity, comments, enum
types, expression and partial indexes) come from SQLAlchemy's own DDL compiler, so the
plain spelling (every dial at 0) is what ``create_all`` writes.  Statements are in
the driver's own form (``%`` doubled for pyformat drivers, as the identifier preparer
writes it): run them with ``exec_driver_sql``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.engine import Dialect as SADialect
from sqlalchemy.schema import CreateColumn, CreateIndex, SetColumnComment, SetTableComment

from parity.strategies import menus, render
from parity.strategies.spec import CheckSpec, ColumnSpec, SchemaSpec, TableSpec
from parity.strategies.spelling import Spelling, pick

#: Type-name synonyms per dialect: a pattern on the head of SQLAlchemy's type text and
#: the replacements the database accepts for exactly the same type (documented
#: synonyms; SQLite: names of the same affinity with the same declared arguments).
_SYNONYMS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "postgresql": (
        (r"^INTEGER\b", ("INT", "INT4", "integer")),
        (r"^SMALLINT\b", ("INT2",)),
        (r"^BIGINT\b", ("INT8",)),
        (r"^BOOLEAN\b", ("BOOL",)),
        (r"^VARCHAR\b", ("CHARACTER VARYING", "varchar")),
        (r"^CHAR\b", ("CHARACTER",)),
        (r"^NUMERIC\b", ("DECIMAL",)),
        (r"^DOUBLE PRECISION\b", ("FLOAT8",)),
        (r"^REAL\b", ("FLOAT4",)),
        (r"^TIMESTAMP(\(\d+\))? WITHOUT TIME ZONE\b", (r"TIMESTAMP\1",)),
        (r"^TIMESTAMP(\(\d+\))? WITH TIME ZONE\b", (r"TIMESTAMPTZ\1",)),
        (r"^TIME(\(\d+\))? WITHOUT TIME ZONE\b", (r"TIME\1",)),
        (r"^TIME(\(\d+\))? WITH TIME ZONE\b", (r"TIMETZ\1",)),
        (r"^TEXT\b", ("text",)),
    ),
    "mysql": (
        (r"^INTEGER\b", ("INT", "integer")),
        (r"^SMALLINT\b", ("INT2",)),
        (r"^BIGINT\b", ("INT8",)),
        (r"^MEDIUMINT\b", ("MIDDLEINT", "INT3")),
        (r"^TINYINT\b", ("INT1",)),
        (r"^BOOL\b", ("BOOLEAN", "TINYINT(1)")),
        (r"^NUMERIC\b", ("DECIMAL", "DEC", "FIXED")),
        (r"^DOUBLE\b", ("DOUBLE PRECISION",)),
        (r"^VARCHAR\b", ("CHARACTER VARYING",)),
        (r"^CHAR\b", ("CHARACTER",)),
        (r"^TEXT\b", ("text",)),
    ),
    "sqlite": (
        (r"^INTEGER\b", ("integer", "INT")),
        (r"^BOOLEAN\b", ("BOOL",)),
        (r"^NUMERIC\b", ("DECIMAL",)),
        (r"^VARCHAR\b", ("varchar", "NVARCHAR")),
        (r"^DATETIME\b", ("datetime",)),
        (r"^TEXT\b", ("text",)),
    ),
}

#: PostgreSQL serial pseudo-types: their ``SERIALn`` synonym and their integer type.
_SERIALS = {"SERIAL": ("SERIAL4", "INTEGER"), "BIGSERIAL": ("SERIAL8", "BIGINT"),
            "SMALLSERIAL": ("SERIAL2", "SMALLINT")}  # fmt: skip

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_QUOTED = re.compile(r"^'.*'$", re.S)

#: Where a constraint may be written, option 0 first (SQLAlchemy's placement).
_PLACEMENTS = ("table", "inline", "alter", "index")


@dataclass
class _Script:
    """The statements of one schema, in the order they must run."""

    before: list[str] = field(default_factory=list)  # enum types, sequences
    tables: list[str] = field(default_factory=list)
    alters: list[str] = field(default_factory=list)  # ALTER TABLE ... ADD, by phase
    after: list[str] = field(default_factory=list)  # indexes, comments, OWNED BY

    def statements(self) -> list[str]:
        return [*self.before, *self.tables, *self.alters, *self.after]


def spelled_ddl(
    spec: SchemaSpec, spelling: Spelling, dialect: SADialect, default_schema: str | None
) -> list[str]:
    """The DDL statements that create ``spec`` written in ``spelling``."""
    writer = _Writer(spec, spelling, dialect, default_schema)
    return writer.write()


def default_schema_name(conn: Connection) -> str | None:
    """The schema unqualified names mean: ``public``, the current database, ``main``."""
    if conn.dialect.name in {"mysql", "mariadb"}:
        name = conn.exec_driver_sql("SELECT DATABASE()").scalar()
        return str(name) if name is not None else None
    if conn.dialect.name == "sqlite":
        return "main"
    return conn.dialect.default_schema_name


def create_spelled(conn: Connection, spec: SchemaSpec, spelling: Spelling) -> list[str]:
    """Create ``spec`` on ``conn`` in ``spelling``; return the statements run."""
    statements = spelled_ddl(spec, spelling, conn.dialect, default_schema_name(conn))
    for statement in statements:
        conn.exec_driver_sql(statement)
    return statements


class _Writer:
    """Writes one spec; one instance per call (it holds the rendered ``MetaData``)."""

    def __init__(
        self, spec: SchemaSpec, spelling: Spelling, dialect: SADialect, schema: str | None
    ) -> None:
        self.spec = spec
        self.spelling = spelling
        self.dialect = dialect
        self.kind = "mysql" if dialect.name in {"mysql", "mariadb"} else dialect.name
        self.schema = schema if spelling.qualified else None
        self.metadata = render.to_metadata(spec)
        self.preparer = dialect.identifier_preparer
        # A compiler with no statement: only its per-clause methods are used.
        self.compiler = dialect.ddl_compiler(dialect, None)  # type: ignore[arg-type]
        self.script = _Script()
        #: (phase, statement) of the ALTER TABLE ... ADD statements.
        self.alters: list[tuple[int, str]] = []
        #: Tables whose primary key is added by ALTER TABLE (after every CREATE TABLE).
        self.keys_altered: set[str] = set()

    # -- names ---------------------------------------------------------------------------
    def name(self, name: str, key: str, *, reference: bool = True) -> str:
        """An identifier: quoted only if needed (0), always quoted (1), other case (2).

        Another case only where the database folds it: PostgreSQL folds unquoted
        names to lower case; MySQL column names and every SQLite name (ASCII only)
        compare case-insensitively, so there only references get another case (MySQL
        table names are case-sensitive on Linux: :meth:`table_name` never varies them).
        """
        quoted = self.preparer.quote_identifier(name)
        option = pick(self.spelling.names, key, 3)
        if option == 1:
            return quoted
        if option == 2:
            plain = not self.preparer._requires_quotes(name)
            if self.kind == "postgresql" and plain:
                return name.upper()
            if reference and self.kind in {"sqlite", "mysql"} and name.isascii():
                return self.preparer.quote_identifier(name.upper())
        return self.preparer.quote(name)

    def table_name(self, table: str, *, reference: bool = False) -> str:
        """A table name, qualified with the default schema when the spelling says so.

        MySQL table names are case-sensitive on Linux, so only SQLite varies their case
        (``REFERENCES USERS``), and only in references.
        """
        if self.kind == "mysql":
            text = self.preparer.quote(table)
        else:
            text = self.name(table, f"table:{table}", reference=reference)
        if self.schema is not None and not (reference and self.kind == "sqlite"):
            # SQLite refuses a qualified REFERENCES target.
            return f"{self.preparer.quote(self.schema)}.{text}"
        return text

    def column_ref(self, table: str, column: str) -> str:
        return self.name(column, f"ref:{table}.{column}", reference=True)

    def columns(self, table: str, names: Sequence[str]) -> str:
        return ", ".join(self.column_ref(table, c) for c in names)

    # -- whole schema ----------------------------------------------------------------
    def write(self) -> list[str]:
        self.enum_types()
        for table in self.spec.tables:
            self.table(table)
        self.script.alters = [s for _, s in sorted(self.alters, key=lambda p: p[0])]
        return self.script.statements()

    def enum_types(self) -> None:
        if self.kind != "postgresql":
            return
        for spec_table in self.spec.tables:
            for spec_column in spec_table.columns:
                if spec_column.sequence is not None:
                    self.script.before.append(
                        f"CREATE SEQUENCE {self.preparer.quote(spec_column.sequence)}"
                    )
        from sqlalchemy.dialects.postgresql import CreateEnumType

        for table in self.metadata.tables.values():
            for column in table.columns:
                if isinstance(column.type, sa.Enum) and column.type.name:
                    self.script.before.append(
                        str(CreateEnumType(column.type).compile(dialect=self.dialect))
                    )

    def placement(self, key: str, allowed: Sequence[str]) -> str:
        options = [p for p in _PLACEMENTS if p in allowed]
        return options[pick(self.spelling.placement, key, len(options))]

    def table(self, table: TableSpec) -> None:
        sa_table = self.metadata.tables[table.name]
        inline: dict[str, list[str]] = {c.name: [] for c in table.columns}
        items: list[str] = []
        self.primary_key(table, inline, items)
        for fk in table.foreign_keys:
            self.foreign_key(table, fk.name, inline, items)
        for unique in table.uniques:
            self.unique(table, unique.name, unique.columns, inline, items)
        for check in table.checks:
            self.check(table, check, inline, items)
        items.extend(self.type_checks(sa_table))
        columns = [self.column(table, c, sa_table) + "".join(inline[c.name]) for c in table.columns]
        body = ",\n\t".join([*columns, *items])
        options = self.compiler.post_create_table(sa_table)
        self.script.tables.append(
            f"CREATE TABLE {self.table_name(table.name)} (\n\t{body}\n){options}"
        )
        self.indexes(table, sa_table)
        self.comments(table, sa_table)

    # -- columns -------------------------------------------------------------------------
    def column(self, table: TableSpec, column: ColumnSpec, sa_table: sa.Table) -> str:
        sa_column = sa_table.c[column.name]
        text = str(CreateColumn(sa_column).compile(dialect=self.dialect)).strip()
        head = self.preparer.format_column(sa_column)
        assert text.startswith(head + " "), text
        rest = text[len(head) + 1 :]
        rest = self.serial(table, column, rest)
        rest = self.type_synonym(table, column, rest)
        rest = self.default(table, column, sa_column, rest)
        return (
            f"{self.name(column.name, f'col:{table.name}.{column.name}', reference=False)} {rest}"
        )

    def type_synonym(self, table: TableSpec, column: ColumnSpec, rest: str) -> str:
        if self.rowid_key(table, column):
            # ``INT PRIMARY KEY`` is not a rowid alias: only the case may change.
            options: tuple[str, ...] = ("integer",)
            pattern = r"^INTEGER\b"
        else:
            found = next(((p, o) for p, o in _SYNONYMS[self.kind] if re.match(p, rest)), None)
            if found is None:
                return rest
            pattern, options = found
        option = pick(self.spelling.types, f"type:{table.name}.{column.name}", len(options) + 1)
        if option == 0:
            return rest
        return re.sub(pattern, options[option - 1], rest, count=1)

    def rowid_key(self, table: TableSpec, column: ColumnSpec) -> bool:
        return (
            self.kind == "sqlite"
            and table.primary_key == (column.name,)
            and column.type.kind == "integer"
        )

    def serial(self, table: TableSpec, column: ColumnSpec, rest: str) -> str:
        """PostgreSQL's SERIAL as SERIALn, an identity column, or pg_dump's ``nextval()``."""
        word = rest.split(" ", 1)[0]
        if self.kind != "postgresql" or word not in _SERIALS:
            return rest
        synonym, integer = _SERIALS[word]
        tail = rest[len(word) :]
        option = pick(self.spelling.serial, f"serial:{table.name}.{column.name}", 4)
        if option == 1:
            return synonym + tail
        if option == 2:
            return f"{integer} GENERATED BY DEFAULT AS IDENTITY" + tail
        if option == 3:
            position = self.spec.tables.index(table)
            number = table.columns.index(column)
            sequence = f"s{position}_{number}_seq"
            self.script.before.append(
                f"CREATE SEQUENCE {sequence} AS {integer.lower()} START WITH 1 INCREMENT BY 1 "
                "NO MINVALUE NO MAXVALUE CACHE 1"
            )
            owner = f"{self.table_name(table.name)}.{self.preparer.quote(column.name)}"
            self.script.after.append(f"ALTER SEQUENCE {sequence} OWNED BY {owner}")
            return f"{integer} DEFAULT nextval('{sequence}'::regclass)" + tail
        return rest

    def default(
        self, table: TableSpec, column: ColumnSpec, sa_column: sa.Column[object], rest: str
    ) -> str:
        if column.default is None:
            return rest
        rendered = self.compiler.get_column_default_string(sa_column)
        if rendered is None or f"DEFAULT {rendered}" not in rest:
            return rest
        variants = self.default_variants(column)
        option = pick(
            self.spelling.defaults, f"default:{table.name}.{column.name}", len(variants) + 1
        )
        if option == 0:
            return rest
        return rest.replace(f"DEFAULT {rendered}", f"DEFAULT {variants[option - 1]}", 1)

    def default_variants(self, column: ColumnSpec) -> list[str]:
        """Other spellings of the same default on this database."""
        raw = column.default or ""
        kind = column.type.kind
        upper = raw.upper()
        out: list[str] = []
        if self.kind == "postgresql":
            cast_type = self.dialect.type_compiler_instance.process(
                render.sa_type(column.type, "postgresql")
            )
            if kind == "boolean":
                out += [upper, f"'{raw[0]}'", f"'{raw}'::boolean"]
            elif _NUMBER.match(raw):
                out += [f"({raw})", f"'{raw}'", f"'{raw}'::{cast_type}"]
            elif kind == "enum" and column.type.enum_name and _QUOTED.match(raw):
                out += [f"{raw}::{self.preparer.quote(column.type.enum_name)}"]
            elif _QUOTED.match(raw):
                out += [f"{raw}::{cast_type}", f"({raw})"]
                if kind in menus.STRING_KINDS:
                    out += [f"{raw}::text", f"{raw}::character varying"]
            elif upper == "CURRENT_TIMESTAMP":
                out += ["current_timestamp", "now()"]
            elif upper == "CURRENT_DATE":
                out += ["current_date", "CURRENT_DATE::date", "(current_date)::DATE"]
        elif self.kind == "mysql":
            if kind == "boolean":
                out += ["FALSE" if raw == "0" else "TRUE", f"'{raw}'"]
            elif _NUMBER.match(raw) or kind == "year":
                out += [f"'{raw}'", raw]
            elif upper == "CURRENT_TIMESTAMP":
                out += ["current_timestamp()", "NOW()"]
        elif _NUMBER.match(raw):
            out += [f"({raw})", raw]
        elif _QUOTED.match(raw):
            out += [f"({raw})"]
        elif upper in {"CURRENT_TIMESTAMP", "CURRENT_DATE"}:
            out += [raw.lower(), f"({raw})"]
        return out

    # -- constraints -------------------------------------------------------------------
    def primary_key(self, table: TableSpec, inline: dict[str, list[str]], items: list[str]) -> None:
        if not table.primary_key:
            return
        q = self.preparer.quote
        named = f"CONSTRAINT {q(table.pk_name)} " if table.pk_name else ""
        clause = f"{named}PRIMARY KEY ({self.columns(table.name, table.primary_key)})"
        allowed = ["table"]
        if len(table.primary_key) == 1:
            allowed.append("inline")
        column = table.column(table.primary_key[0])
        generated = column.type.kind in menus.INTEGER_KINDS and column.autoincrement != "off"
        if self.kind == "postgresql" or (self.kind == "mysql" and not generated):
            allowed.append("alter")
        if self.kind == "sqlite" and table.sqlite_autoincrement:
            return  # SQLAlchemy writes it inline, with AUTOINCREMENT, in the column itself
        where = self.placement(f"pk:{table.name}", allowed)
        if where == "inline":
            # MySQL takes no constraint name on a column-level key.
            inline[column.name].append(
                " PRIMARY KEY" if self.kind == "mysql" else f" {named}PRIMARY KEY"
            )
        elif where == "alter":
            self.alters.append((0, f"ALTER TABLE {self.table_name(table.name)} ADD {clause}"))
            self.keys_altered.add(table.name)
        else:
            items.append(clause)

    def foreign_key(
        self, table: TableSpec, name: str, inline: dict[str, list[str]], items: list[str]
    ) -> None:
        fk = next(f for f in table.foreign_keys if f.name == name)
        q = self.preparer.quote
        target = self.table_name(fk.referred_table, reference=True)
        actions = ""
        if fk.ondelete:
            actions += f" ON DELETE {fk.ondelete}"
        if fk.onupdate:
            actions += f" ON UPDATE {fk.onupdate}"
        refs = f"REFERENCES {target} ({self.columns(fk.referred_table, fk.referred_columns)})"
        allowed = ["table"]
        if len(fk.columns) == 1 and self.kind != "mysql":
            allowed.append("inline")  # MySQL parses an inline REFERENCES and ignores it
        if self.kind != "sqlite":
            allowed.append("alter")
        where = self.placement(f"fk:{table.name}.{name}", allowed)
        if fk.referred_table in self.keys_altered:
            where = "alter"  # the referred key exists only after its own ALTER
        clause = f"CONSTRAINT {q(name)} FOREIGN KEY ({self.columns(table.name, fk.columns)}) {refs}"
        if where == "inline":
            inline[fk.columns[0]].append(f" CONSTRAINT {q(name)} {refs}{actions}")
        elif where == "alter":
            self.alters.append(
                (2, f"ALTER TABLE {self.table_name(table.name)} ADD {clause}{actions}")
            )
        else:
            items.append(clause + actions)

    def unique(
        self,
        table: TableSpec,
        name: str,
        columns: tuple[str, ...],
        inline: dict[str, list[str]],
        items: list[str],
    ) -> None:
        q = self.preparer.quote
        clause = f"CONSTRAINT {q(name)} UNIQUE ({self.columns(table.name, columns)})"
        allowed = ["table", "index"]
        if len(columns) == 1 and not self.clashes_with_mysql_key_name(table, columns[0]):
            allowed.append("inline")
        if self.kind != "sqlite":
            allowed.append("alter")
        where = self.placement(f"unique:{table.name}.{name}", allowed)
        if where == "inline":
            inline[columns[0]].append(f" CONSTRAINT {q(name)} UNIQUE" if self.kind != "mysql"
                                      else " UNIQUE")  # fmt: skip
        elif where == "alter":
            self.alters.append((1, f"ALTER TABLE {self.table_name(table.name)} ADD {clause}"))
        elif where == "index":
            on = self.table_name(table.name)
            index = q(name)
            if self.schema is not None and self.kind == "sqlite":
                index, on = (
                    f"{q(self.schema)}.{index}",
                    self.name(table.name, f"table:{table.name}"),
                )
            self.script.after.append(
                f"CREATE UNIQUE INDEX {index} ON {on} ({self.columns(table.name, columns)})"
            )
        else:
            items.append(clause)

    def clashes_with_mysql_key_name(self, table: TableSpec, column: str) -> bool:
        """MySQL names a column-level UNIQUE (MariaDB: CHECK) after its column: not when
        a key, index or check of the table already has that name."""
        if self.kind != "mysql":
            return False
        names = [i.name for i in table.indexes] + [u.name for u in table.uniques]
        names += [f.name for f in table.foreign_keys] + [c.name for c in table.checks]
        return menus.fold(column) in {menus.fold(n) for n in names}

    def check(
        self, table: TableSpec, check: CheckSpec, inline: dict[str, list[str]], items: list[str]
    ) -> None:
        q = self.preparer.quote
        body = self.check_body(table, check)
        allowed = ["table", "inline"]
        if self.kind == "mysql":
            # MariaDB names a column-level CHECK after its column: one per column, and
            # none on a JSON column (its json_valid() CHECK already is that one).
            alone = sum(c.column == check.column for c in table.checks) == 1
            clash = self.clashes_with_mysql_key_name(table, check.column)
            if not alone or clash or table.column(check.column).type.kind == "json":
                allowed.remove("inline")
        if self.kind != "sqlite":
            allowed.append("alter")
        where = self.placement(f"check:{table.name}.{check.name}", allowed)
        clause = f"CONSTRAINT {q(check.name)} CHECK ({body})"
        if where == "inline":
            named = "" if self.kind == "mysql" else f" CONSTRAINT {q(check.name)}"
            inline[check.column].append(f"{named} CHECK ({body})")
        elif where == "alter":
            self.alters.append((3, f"ALTER TABLE {self.table_name(table.name)} ADD {clause}"))
        else:
            items.append(clause)

    def type_checks(self, sa_table: sa.Table) -> list[str]:
        """The CHECKs ``create_constraint`` types add, where SQLAlchemy emits them."""
        out: list[str] = []
        for constraint in sa_table.constraints:
            if not isinstance(constraint, sa.CheckConstraint) or not getattr(
                constraint, "_type_bound", False
            ):
                continue
            rule = constraint._create_rule
            if rule is None or rule(self.compiler):
                out.append(str(self.compiler.process(constraint)))
        return out

    def check_body(self, table: TableSpec, check: CheckSpec) -> str:
        """The predicate of ``render.check_clause``, in one of several spellings."""
        sa_table = self.metadata.tables[table.name]
        constraint = sa.CheckConstraint(render.check_clause(check, table, sa_table))
        plain = self.compiler.sql_compiler.process(
            constraint.sqltext, include_table=False, literal_binds=True
        )
        option = pick(self.spelling.checks, f"check:{table.name}.{check.name}", 4)
        if option == 0:
            return str(plain)
        column = self.column_ref(table.name, check.column)
        ops: dict[str, Callable[[bool], str]] = {
            "not_null": lambda lower: f"{column} {'is not null' if lower else 'IS NOT NULL'}",
            "non_negative": lambda lower: f"{column}>=0" if lower else f"{column} >= 0",
            "non_empty": lambda lower: f"{column} <> ''" if lower else f"{column}<>''",
            "in_values": lambda lower: (
                f"{column} {'in' if lower else 'IN'} ("
                + ",".join(
                    self.literal(v) for v in (table.column(check.column).type.values or ("a",))
                )
                + ")"
            ),
        }
        text = ops[check.op](option != 1)
        return f"({text})" if option == 3 else text

    def literal(self, value: str) -> str:
        return str(
            sa.literal(value).compile(dialect=self.dialect, compile_kwargs={"literal_binds": True})
        )

    # -- indexes and comments ------------------------------------------------------------
    def indexes(self, table: TableSpec, sa_table: sa.Table) -> None:
        q = self.preparer.quote
        for spec in table.indexes:
            index = next(i for i in sa_table.indexes if i.name == spec.name)
            plain = all(kind == "column" for kind, _ in spec.elements) and spec.where is None
            option = pick(self.spelling.placement, f"index:{table.name}.{spec.name}", 2)
            if not plain or (option == 0 and self.schema is None):
                self.script.after.append(str(CreateIndex(index).compile(dialect=self.dialect)))
                continue
            columns = self.columns(table.name, [c for _, c in spec.elements])
            unique = "UNIQUE " if spec.unique else ""
            if self.kind == "mysql" and option == 1:
                keyword = "UNIQUE KEY" if spec.unique else "INDEX"
                add = f"ADD {keyword} {q(spec.name)} ({columns})"
                self.alters.append((4, f"ALTER TABLE {self.table_name(table.name)} {add}"))
                continue
            on, name = self.table_name(table.name), q(spec.name)
            if self.schema is not None and self.kind == "sqlite":
                on, name = self.name(table.name, f"table:{table.name}"), f"{q(self.schema)}.{name}"
            self.script.after.append(f"CREATE {unique}INDEX {name} ON {on} ({columns})")

    def comments(self, table: TableSpec, sa_table: sa.Table) -> None:
        if self.kind != "postgresql":
            return  # MySQL writes comments in the table; SQLite has none
        if sa_table.comment is not None:
            self.script.after.append(str(SetTableComment(sa_table).compile(dialect=self.dialect)))
        for column in sa_table.columns:
            if column.comment is not None:
                self.script.after.append(
                    str(SetColumnComment(column).compile(dialect=self.dialect))
                )


__all__ = ["create_spelled", "default_schema_name", "spelled_ddl"]
