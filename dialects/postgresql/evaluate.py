"""Let the server decide whether two constant default expressions are equal.

Text normalisation cannot tell that ``'2020-01-01'`` and ``'2020-01-01
00:00:00'::timestamp`` are the same timestamp, or ``'1 day'`` and ``'24:00:00'`` the
same interval.  The server can: :func:`server_equal` casts both expressions to the
column's type and compares them with ``IS NOT DISTINCT FROM`` — all pairs in **one**
``SELECT``.

Only constant expressions are sent (see
:func:`dialects.postgresql.expressions.is_volatile_free`): anything that calls a
function, reads a clock or session value (``now()``, ``random()``, ``nextval()``,
``CURRENT_USER``) or contains a subquery gets ``None`` and stays compared by text —
evaluating ``random()`` twice would report a difference on every run, and
``nextval()`` would consume a sequence value (a write).

The statement runs inside a SAVEPOINT (or a transaction this function opens and
rolls back), so a literal the type rejects cannot leave the caller's transaction
aborted.  If the batch fails, each pair is retried alone, in its own savepoint, so one
bad literal only costs its own answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from dialects.postgresql.expressions import is_volatile_free
from dialects.postgresql.types import type_sql
from parity.snapshot import TypeSpec

DefaultPair = tuple[str, str, TypeSpec]


def _select(items: Sequence[tuple[int, str, str, str]]) -> str:
    columns = [
        f"(CAST(({left}) AS {sql_type}) IS NOT DISTINCT FROM CAST(({right}) AS {sql_type})) "
        f"AS c{index}"
        for index, left, right, sql_type in items
    ]
    return "SELECT " + ", ".join(columns)


def _run(conn: Connection, items: Sequence[tuple[int, str, str, str]]) -> list[bool] | None:
    try:
        with conn.begin_nested():
            row = conn.execute(text(_select(items)).execution_options(no_parameters=True))
            values = row.one()
    except DBAPIError:
        return None
    return [bool(value) for value in values]


def server_equal(conn: Connection, pairs: Sequence[DefaultPair]) -> list[bool | None]:
    """For each ``(model_sql, catalog_sql, type)``: equal, different, or ``None`` (unknown).

    ``None`` means "compare by normalised text": the expressions are not constant,
    the type cannot be written as a cast target, or the server rejected them.
    """
    answers: list[bool | None] = [None] * len(pairs)
    items: list[tuple[int, str, str, str]] = []
    for index, (left, right, spec) in enumerate(pairs):
        sql_type = type_sql(spec)
        if sql_type and is_volatile_free(left) and is_volatile_free(right):
            items.append((index, left.replace(":", r"\:"), right.replace(":", r"\:"), sql_type))
    if not items:
        return answers
    opened = not conn.in_transaction()
    try:
        batch = _run(conn, items)
        if batch is not None:
            for (index, *_rest), value in zip(items, batch, strict=True):
                answers[index] = value
        else:
            for item in items:
                single = _run(conn, [item])
                answers[item[0]] = single[0] if single else None
    finally:
        if opened and conn.in_transaction():
            conn.rollback()
    return answers
