"""Behaviour-changing options of PostgreSQL indexes and foreign keys.

Only options that change what the database accepts or how a query can use the
object are compared; options left at PostgreSQL's defaults are dropped on both sides
(``USING btree``, ``MATCH SIMPLE``, ``NOT DEFERRABLE``, ``INITIALLY IMMEDIATE``) so a
model that does not mention them agrees with a catalog that always reports them.

Index options (keys of ``IndexSnapshot.options``):

``where``   partial-index predicate, normalised like a CHECK body;
``using``   access method other than btree (``gin``, ``gist``, ``hash``, ``brin``…);
``include`` covering columns, in order;
``ops``     non-default operator classes, ``"col opclass"`` sorted by column;
``nulls_not_distinct``  ``"true"`` when NULLs collide (PostgreSQL 15+).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import ForeignKeyConstraint, Index
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.interfaces import ReflectedForeignKeyConstraint, ReflectedIndex
from sqlalchemy.sql.elements import ClauseElement

from dialects.postgresql.expressions import normalise_expression
from parity.snapshot import Options, options_of


def compile_expression(expression: object, dialect: Dialect) -> str:
    """SQL text of a model expression as PostgreSQL receives it in DDL.

    The compiler doubles ``%`` for ``format``/``pyformat`` drivers (psycopg) and the
    driver halves it again, so the doubling is undone here: ``LIKE 'a%'`` stays so.
    """
    if isinstance(expression, str):
        return expression
    if isinstance(expression, ClauseElement):
        compiled = expression.compile(
            dialect=dialect, compile_kwargs={"literal_binds": True, "include_table": False}
        )
        text = str(compiled)
        if dialect.paramstyle in {"format", "pyformat"}:
            text = text.replace("%%", "%")
        return text
    return str(expression)


def _names(items: Iterable[Any]) -> str | None:
    names = [str(getattr(item, "name", item)) for item in items]
    return ", ".join(names) if names else None


def _ops(ops: Mapping[str, str] | None) -> str | None:
    if not ops:
        return None
    return ", ".join(f"{column} {opclass.lower()}" for column, opclass in sorted(ops.items()))


def _using(method: object) -> str | None:
    if not method:
        return None
    text = str(method).lower()
    return None if text == "btree" else text


def index_options(
    *,
    where: str | None,
    using: object,
    include: Iterable[Any],
    ops: Mapping[str, str] | None,
    nulls_not_distinct: object,
) -> Options:
    return options_of(
        {
            "where": normalise_expression(where) if where else None,
            "using": _using(using),
            "include": _names(include),
            "ops": _ops(ops),
            "nulls_not_distinct": "true" if nulls_not_distinct else None,
        }
    )


def declared_index_options(index: Index, dialect: Dialect) -> Options:
    """Options of ``Index(..., postgresql_where=..., postgresql_using=..., ...)``."""
    kw = index.dialect_options["postgresql"]
    where = kw.get("where")
    return index_options(
        where=compile_expression(where, dialect) if where is not None else None,
        using=kw.get("using"),
        include=kw.get("include") or (),
        ops=kw.get("ops"),
        nulls_not_distinct=kw.get("nulls_not_distinct"),
    )


def reflected_index_options(index: ReflectedIndex) -> Options:
    kw: Mapping[str, Any] = index.get("dialect_options") or {}
    include = kw.get("postgresql_include") or index.get("include_columns") or ()
    return index_options(
        where=kw.get("postgresql_where"),
        using=kw.get("postgresql_using"),
        include=include,
        ops=kw.get("postgresql_ops"),
        nulls_not_distinct=kw.get("postgresql_nulls_not_distinct"),
    )


def foreign_key_options(*, deferrable: object, initially: object, match: object) -> Options:
    initially_text = str(initially).lower() if initially else None
    match_text = str(match).lower() if match else None
    return options_of(
        {
            "deferrable": "true" if deferrable or initially_text == "deferred" else None,
            "initially": "deferred" if initially_text == "deferred" else None,
            "match": match_text if match_text not in {None, "simple"} else None,
        }
    )


def declared_foreign_key_options(fk: ForeignKeyConstraint) -> Options:
    """``deferrable`` / ``initially`` / ``match`` of a model foreign key."""
    return foreign_key_options(deferrable=fk.deferrable, initially=fk.initially, match=fk.match)


def reflected_foreign_key_options(fk: ReflectedForeignKeyConstraint) -> Options:
    options: Mapping[str, Any] = fk.get("options") or {}
    return foreign_key_options(
        deferrable=options.get("deferrable"),
        initially=options.get("initially"),
        match=options.get("match"),
    )
