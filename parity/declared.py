"""The model side: SQLAlchemy ``Table`` objects reduced to a :class:`SchemaSnapshot`.

Everything is read from the ``Table`` (never from pydantic field names, so an attribute
``metadata_json`` mapped to a column ``metadata`` is one column named ``metadata``) and
rendered with the bound dialect's own compilers, i.e. as ``create_all`` would create it.
Python-side defaults (``default=``, ``default_factory=``) never reach the snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from sqlalchemy import (
    CheckConstraint,
    Column,
    Constraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Table,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.schema import CreateIndex, FetchedValue
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import DDLCompiler

from parity.gcpause import paused_gc
from parity.hooks import ModelHooks
from parity.indexmembers import Member, split_text, unwrap
from parity.placement import Placement
from parity.snapshot import (
    UNKNOWN_TYPE,
    CheckSnapshot,
    ColumnSnapshot,
    ComputedSpec,
    ForeignKeySnapshot,
    IndexSnapshot,
    Options,
    PrimaryKeySnapshot,
    SchemaSnapshot,
    TableSnapshot,
    UniqueSnapshot,
    options_of,
)
from parity.sqltext import tokens

#: Marks a model default that is declared only as "the database has one" (``FetchedValue``):
#: whatever the database holds is accepted.
ANY_DEFAULT = "<any server default>"

#: The DDL compiler of the snapshot being built in this thread/task, reused by
#: :func:`declared_default_text` (which adapters call with only a column and a dialect).
#: ``create_all`` itself renders every column of a table with one compiler; a fresh one
#: per column cost more than rendering the default.  A context variable, so concurrent
#: comparisons (``parity.many`` runs them on threads) never share a compiler.
_CURRENT_DDL: ContextVar[DDLCompiler | None] = ContextVar("parity_current_ddl", default=None)

#: Facts about one model table that adapters need for every column of it (a table-level
#: collation, the rowid column), computed once per table while a snapshot is built
#: (:func:`table_fact`), and each column's rendered server default
#: (:func:`declared_default_text`).  Keyed by ``(id(table or column), function)``; each
#: entry keeps its object alive so an id is never reused within the snapshot.  Created by
#: :func:`snapshot_from_tables` and dropped when it returns: nothing outlives the call.
_TableFacts = dict[tuple[int, Callable[..., Any]], tuple[Any, Any]]
_TABLE_FACTS: ContextVar[_TableFacts | None] = ContextVar("parity_table_facts", default=None)

_T = TypeVar("_T")


def snapshot_from_tables(
    adapter: ModelHooks,
    tables: Iterable[Table],
    dialect: Dialect,
    *,
    schema: str | None = None,
    placement: Placement | None = None,
) -> SchemaSnapshot:
    """Reduce model tables to the snapshot ``create_all`` on ``dialect`` would produce.

    ``schema``: the real schema these tables are read from.  ``placement``: how the
    connection resolves the model's schema names (default schema, translate map); a
    foreign key's referred schema is then written as the catalog side writes it
    (``None`` for the table's own schema and for the default schema).
    """
    where = placement if placement is not None else Placement(requested=schema)
    with paused_gc(), _shared_ddl_compiler(dialect) as ddl, _table_facts():
        snapshots = [_table(adapter, table, dialect, ddl, schema, where) for table in tables]
    return SchemaSnapshot(
        dialect=dialect.name,
        tables=tuple(sorted(snapshots, key=lambda t: t.name)),
        schema=schema,
        unchecked=tuple(
            (
                f"type of column {table.name}.{column.name}",
                "the model declares no type SQLAlchemy can write (NullType): not compared",
            )
            for table in snapshots
            for column in table.columns
            if column.type.name == UNKNOWN_TYPE
        ),
    )


def ddl_compiler(dialect: Dialect) -> DDLCompiler:
    """A DDL compiler not tied to one statement, as Alembic uses to render defaults."""
    # SQLAlchemy types the statement as required, but only visit_* methods read it.
    return dialect.ddl_compiler(dialect, None)  # type: ignore[arg-type]


@contextmanager
def _shared_ddl_compiler(dialect: Dialect) -> Iterator[DDLCompiler]:
    """One DDL compiler for a whole snapshot, visible to :func:`declared_default_text`."""
    ddl = ddl_compiler(dialect)
    token = _CURRENT_DDL.set(ddl)
    try:
        yield ddl
    finally:
        _CURRENT_DDL.reset(token)


@contextmanager
def _table_facts() -> Iterator[None]:
    """A fresh per-table memo for one snapshot, visible to :func:`table_fact`."""
    token = _TABLE_FACTS.set({})
    try:
        yield
    finally:
        _TABLE_FACTS.reset(token)


def table_fact(table: Table, compute: Callable[[Table], _T]) -> _T:
    """``compute(table)``, computed once per table while a snapshot is being built.

    For facts of a whole table that an adapter's per-column hook needs (reading
    ``table.kwargs`` costs a raised and caught ``KeyError`` per miss, 20,000 times at
    1,000 tables).  ``compute`` must depend on the table only, and be one module-level
    function per fact (it is part of the key).  Outside :func:`snapshot_from_tables`
    it is simply called.
    """
    facts = _TABLE_FACTS.get()
    if facts is None:
        return compute(table)
    return _remembered(facts, table, compute, table)


def _remembered(facts: _TableFacts, owner: Any, compute: Callable[..., _T], *args: Any) -> _T:
    """``compute(*args)``, once per ``(owner, compute)`` in this snapshot's ``facts``."""
    key = (id(owner), compute)
    entry = facts.get(key)
    if entry is None:
        entry = facts[key] = (owner, compute(*args))
    value: _T = entry[1]
    return value


def _ddl_for(dialect: Dialect) -> DDLCompiler:
    """The snapshot's shared compiler when it is for ``dialect``, else a fresh one."""
    shared = _CURRENT_DDL.get()
    if shared is not None and shared.dialect is dialect:
        return shared
    return ddl_compiler(dialect)


def compile_sql(element: Any, ddl: DDLCompiler) -> str:
    """Render a SQL expression as DDL would: no table prefixes, literals inlined."""
    if isinstance(element, str):
        return element
    if isinstance(element, ClauseElement):
        text = str(ddl.sql_compiler.process(element, include_table=False, literal_binds=True))
        return unescape_percent(text, ddl.dialect)
    return str(element)


def unescape_percent(text: str, dialect: Dialect) -> str:
    """Undo the ``%%`` escaping of format-paramstyle drivers: the server stores one ``%``."""
    if dialect.paramstyle in {"format", "pyformat"}:
        return text.replace("%%", "%")
    return text


def _table(
    adapter: ModelHooks,
    table: Table,
    dialect: Dialect,
    ddl: DDLCompiler,
    schema: str | None,
    placement: Placement,
) -> TableSnapshot:
    table_columns = list(table.columns)  # iterating a ColumnCollection copies it: once
    columns = tuple([_column(adapter, table, column, dialect, ddl) for column in table_columns])
    pk_columns = tuple(column.name for column in table.primary_key.columns)
    primary_key = (
        PrimaryKeySnapshot(name=_name(table.primary_key.name), columns=pk_columns)
        if pk_columns
        else None
    )
    constraints = [c for c in table.constraints if emitted(c, ddl)]
    checks = [c for c in constraints if isinstance(c, CheckConstraint)]
    for column in table_columns:
        if column.constraints:  # mostly empty: no generator per column
            checks.extend(
                c for c in column.constraints if isinstance(c, CheckConstraint) and emitted(c, ddl)
            )
    return TableSnapshot(
        name=table.name,
        # Unqualified: the report's schema; qualified: where the application writes it.
        schema=placement.translated(table.schema) if table.schema is not None else None,
        columns=columns,
        primary_key=primary_key,
        foreign_keys=tuple(
            sorted(
                (
                    _foreign_key(adapter, fk, table, schema, placement)
                    for fk in table.foreign_key_constraints
                    if emitted(fk, ddl)
                ),
                key=lambda fk: (repr(fk.signature()), fk.name or ""),
            )
        ),
        uniques=tuple(
            sorted(
                (
                    UniqueSnapshot(name=_name(c.name), columns=tuple(col.name for col in c.columns))
                    for c in constraints
                    if isinstance(c, UniqueConstraint)
                ),
                key=lambda u: (u.columns, u.name or ""),
            )
        ),
        indexes=tuple(
            sorted(
                (
                    _index(adapter, index, dialect, ddl)
                    for index in table.indexes
                    if emitted(index, ddl)
                ),
                key=lambda i: (repr(i.signature()), i.name or ""),
            )
        ),
        checks=tuple(
            sorted(
                (
                    CheckSnapshot(
                        name=_name(c.name),
                        sqltext=adapter.normalise_expression(compile_sql(c.sqltext, ddl)),
                    )
                    for c in checks
                ),
                key=lambda c: (c.sqltext, c.name or ""),
            )
        ),
        comment=table.comment or None,  # an empty comment is no comment anywhere
    )


def emitted(item: Constraint | Index, ddl: DDLCompiler) -> bool:
    """Whether ``create_all`` on ``ddl``'s dialect creates this constraint or index.

    SQLAlchemy's own decision, not a copy of it: a constraint's ``ddl_if()`` and the
    create rule of the CHECK a schema type adds (``Boolean(create_constraint=True)``
    emits none where booleans are native, ``Enum`` none where enums are) are both
    answered by ``Constraint._should_create_for_compiler``, which ``CREATE TABLE``
    itself asks; an index's ``ddl_if()`` is the condition its ``CREATE INDEX`` is
    executed under.  Present in SQLAlchemy 2.0 and 2.1.
    """
    if isinstance(item, Constraint):
        return bool(item._should_create_for_compiler(ddl))
    condition = item._ddl_if
    if condition is None:
        return True
    return bool(condition._should_execute(CreateIndex(item), item, None, compiler=ddl))


def _name(name: object) -> str | None:
    # Naming-convention placeholders (``_NONE_NAME``) and None both mean "unnamed".
    return name if isinstance(name, str) and name else None


def _column(
    adapter: ModelHooks, table: Table, column: Column[Any], dialect: Dialect, ddl: DDLCompiler
) -> ColumnSnapshot:
    type_spec = adapter.declared_type(column, dialect)
    computed = None
    if column.computed is not None:
        computed = ComputedSpec(
            expression=adapter.normalise_expression(compile_sql(column.computed.sqltext, ddl)),
            persisted=adapter.declared_computed_persisted(column, dialect),
        )
    autoincrement = adapter.declared_autoincrement(table, column, dialect)
    return ColumnSnapshot(
        name=column.name,
        type=type_spec,
        nullable=adapter.declared_nullable(table, column, dialect, autoincrement),
        default=adapter.declared_default(table, column, dialect, type_spec)
        if computed is None
        else None,
        autoincrement=autoincrement,
        computed=computed,
        collation=adapter.declared_collation(column, dialect),
        comment=column.comment or None,
    )


def declared_default_text(column: Column[Any], dialect: Dialect) -> str | None:
    """The DEFAULT clause ``create_all`` writes for ``column``, or a marker, or ``None``.

    Rendered once per column while a snapshot is built for ``dialect``: several hooks
    ask (PostgreSQL's serial detection, the default itself), and compiling the clause
    is most of what they cost.
    """
    if column.server_default is None or column.identity is not None:
        return None
    shared = _CURRENT_DDL.get()
    facts = _TABLE_FACTS.get()
    if shared is None or shared.dialect is not dialect or facts is None:
        return _default_text(column, dialect)
    return _remembered(facts, column, _default_text, column, dialect)


def _default_text(column: Column[Any], dialect: Dialect) -> str | None:
    default = column.server_default
    # Literal binds only: rendering a default leaves no state in the compiler that a
    # later column could see (no bind parameters are collected).
    text = _ddl_for(dialect).get_column_default_string(column)
    if text is None and isinstance(default, FetchedValue):
        return ANY_DEFAULT
    return None if text is None else unescape_percent(text, dialect)


def _foreign_key(
    adapter: ModelHooks,
    fk: ForeignKeyConstraint,
    table: Table,
    schema: str | None,
    placement: Placement,
) -> ForeignKeySnapshot:
    referred_schema: str | None = None
    referred_table = ""
    referred_columns: list[str] = []
    for element in fk.elements:
        schema_name, table_name, column_name = _target(element)
        referred_columns.append(column_name)
        referred_table = table_name
        referred_schema = schema_name
    # Written as the catalog side writes it: no schema for the table's own schema (the
    # one read, or the one it is declared in) nor for the default schema, however the
    # model spells them (unqualified, "public", through the translate map).
    target = placement.home(referred_schema)
    own = {placement.canonical(schema), placement.home(table.schema), None}
    referred_schema = None if target in own else placement.real(referred_schema)
    return ForeignKeySnapshot(
        name=_name(fk.name),
        columns=tuple(element.parent.name for element in fk.elements),
        referred_schema=referred_schema,
        referred_table=referred_table,
        referred_columns=tuple(referred_columns),
        ondelete=adapter.referential_action(fk.ondelete),
        onupdate=adapter.referential_action(fk.onupdate),
        options=adapter.declared_foreign_key_options(fk),
    )


def _target(element: ForeignKey) -> tuple[str | None, str, str]:
    """``(schema, table, column)`` a model foreign key refers to, dots in names and all.

    The referred Column when the model holds its table; otherwise SQLAlchemy's own parse
    of the "[schema.]table.column" spec, which knows about quoting.
    """
    try:
        column = element.column
    except Exception:  # the referred table is not part of this model: parse the spec
        tokens = element._column_tokens
        return tokens[0], tokens[1], str(tokens[2])
    return column.table.schema, column.table.name, column.name


def referential_action(action: str | None) -> str | None:
    """ON DELETE/UPDATE, upper case; ``NO ACTION`` is the default and reads as ``None``."""
    if action is None:
        return None
    action = " ".join(action.upper().split())
    return None if action == "NO ACTION" else action


def foreign_key_options(*, deferrable: object, initially: object, match: object) -> Options:
    """Only what differs from the default behaviour (NOT DEFERRABLE, MATCH SIMPLE) is kept."""
    initially_text = str(initially).lower() if initially else None
    match_text = str(match).lower() if match else None
    return options_of(
        {
            "deferrable": "true" if deferrable or initially_text == "deferred" else None,
            "initially": "deferred" if initially_text == "deferred" else None,
            "match": match_text if match_text not in {None, "simple"} else None,
        }
    )


def _index(adapter: ModelHooks, index: Index, dialect: Dialect, ddl: DDLCompiler) -> IndexSnapshot:
    expressions: list[str] = []
    modifiers: list[str] = []
    table = index.table
    for expression in index.expressions:
        member = unwrap(expression)
        element = member.element
        if not isinstance(element, Column):
            # text("b DESC"), literal_column(...): the modifiers are in the text.
            written = split_text(compile_sql(element, ddl))
            member = _merged(member, written)
            named = _column_named(table, written.element)
            element = written.element if named is None else named
        if isinstance(element, Column):
            expressions.append(element.name)
            column_collation = adapter.declared_collation(element, dialect)
        else:
            expressions.append(adapter.normalise_expression(str(element)))
            column_collation = None
        modifiers.append(
            adapter.index_member_modifiers(
                collation=member.collation,
                default_collation=column_collation,
                descending=member.descending,
                nulls=member.nulls,
            )
        )
    return IndexSnapshot(
        name=_name(index.name),
        expressions=tuple(expressions),
        unique=bool(index.unique),
        options=adapter.declared_index_options(index, dialect),
        modifiers=tuple(modifiers) if any(modifiers) else (),
    )


def _merged(outer: Member, inner: Member) -> Member:
    """Modifiers given as elements around text that has its own: the outer ones win."""
    return Member(
        element=inner.element,
        collation=outer.collation or inner.collation,
        descending=outer.descending or inner.descending,
        nulls=outer.nulls or inner.nulls,
    )


def _column_named(table: Table | None, text: str) -> Column[Any] | None:
    """The table's column when member text is just its (possibly quoted) name."""
    toks = tokens(text)
    if table is None or len(toks) != 1 or toks[0][0] == "op":
        return None
    kind, word = toks[0]
    candidates = [word, word.lower()] if kind == "word" else []
    if kind in {"dquote", "backtick"}:
        candidates = [word[1:-1].replace(word[0] * 2, word[0])]
    elif kind == "bracket":
        candidates = [word[1:-1]]
    for candidate in candidates:
        column = table.columns.get(candidate)
        if column is not None:
            return column
    return None
