"""A deterministic generator of large, realistic schemas for the benchmarks.

Why a generator and not a dump of some real application: the issue asks for the same
schema at 100, 1,000, 5,000 and 10,000 tables on three databases, and a rerun months
later must measure the same thing.  A seeded generator gives exactly that, and its
tables carry every fact ``parity.compare`` reads (so no reader can look fast by having
nothing to read):

* about 20 columns of mixed types: Integer, BigInteger, String(n), Text, Numeric(p, s),
  Float, Boolean, DateTime (with and without time zone), Date, JSON;
* a primary key (an integer identity on most tables, a String(36) natural key on some);
* a foreign key to an earlier table (table 0 refers to itself), with mixed ON DELETE;
* two indexes, one of them composite and led by the foreign-key column (MySQL would
  otherwise add an implicit index for the foreign key that the model does not declare);
* a unique constraint on two columns, a check constraint, and server defaults.

Everything random comes from one ``random.Random(seed)``, so the same ``(n, seed)``
gives the same DDL on every run and every machine.  Bump :data:`GENERATOR_VERSION`
whenever the output changes: cached benchmark databases carry it in their marker and
are rebuilt when it differs.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.schema import CreateIndex, CreateTable

#: Part of every cached database's marker: change it when the generated DDL changes.
GENERATOR_VERSION = 1
#: Columns of a generated table besides the six fixed ones.
RANDOM_COLUMNS = 14
#: One table in this many has a String(36) natural primary key instead of an identity.
NATURAL_KEY_EVERY = 10


def table_name(index: int) -> str:
    """``bt_00042``: fixed width so that name order is creation order."""
    return f"bt_{index:05d}"


@dataclass(frozen=True)
class _ColumnKind:
    """One entry of the random column pool: a type factory and an optional default."""

    tag: str
    make_type: Callable[[random.Random], sa.types.TypeEngine[Any]]
    default: Callable[[random.Random], Any] | None
    weight: int


def _string(rng: random.Random) -> sa.types.TypeEngine[Any]:
    return sa.String(rng.choice((16, 32, 64, 128, 255)))


def _numeric(rng: random.Random) -> sa.types.TypeEngine[Any]:
    precision = rng.choice((10, 12, 18))
    return sa.Numeric(precision, rng.choice((2, 4)))


def _datetime(rng: random.Random) -> sa.types.TypeEngine[Any]:
    return sa.DateTime(timezone=rng.random() < 0.5)


def _zero(_rng: random.Random) -> Any:
    return sa.text("0")


def _word(rng: random.Random) -> Any:
    return sa.text(rng.choice(("'new'", "'n/a'", "''", "'pending'")))


def _boolean_default(rng: random.Random) -> Any:
    return sa.false() if rng.random() < 0.5 else sa.true()


def _now(_rng: random.Random) -> Any:
    return sa.text("CURRENT_TIMESTAMP")


#: The random column pool, weighted roughly like a business application's tables.
COLUMN_KINDS: tuple[_ColumnKind, ...] = (
    _ColumnKind("int", lambda _r: sa.Integer(), _zero, 4),
    _ColumnKind("big", lambda _r: sa.BigInteger(), _zero, 2),
    _ColumnKind("str", _string, _word, 5),
    _ColumnKind("txt", lambda _r: sa.Text(), None, 2),
    _ColumnKind("num", _numeric, _zero, 2),
    _ColumnKind("flt", lambda _r: sa.Float(), None, 1),
    _ColumnKind("bool", lambda _r: sa.Boolean(), _boolean_default, 2),
    _ColumnKind("ts", _datetime, _now, 2),
    _ColumnKind("date", lambda _r: sa.Date(), None, 1),
    _ColumnKind("json", lambda _r: sa.JSON(), None, 1),
)
_WEIGHTS = [kind.weight for kind in COLUMN_KINDS]


def _primary_key(index: int) -> sa.Column[Any]:
    if index % NATURAL_KEY_EVERY == NATURAL_KEY_EVERY - 1:
        return sa.Column("id", sa.String(36), primary_key=True, autoincrement=False)
    return sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True)


def _random_column(rng: random.Random, position: int) -> sa.Column[Any]:
    kind = rng.choices(COLUMN_KINDS, weights=_WEIGHTS)[0]
    type_ = kind.make_type(rng)
    name = f"c{position:02d}_{kind.tag}"
    if kind.default is not None and rng.random() < 0.5:
        return sa.Column(name, type_, nullable=False, server_default=kind.default(rng))
    return sa.Column(name, type_, nullable=rng.random() < 0.7)


def add_table(metadata: sa.MetaData, rng: random.Random, index: int) -> sa.Table:
    """Add generated table number ``index`` (its parent must already be in ``metadata``)."""
    name = table_name(index)
    parent_index = rng.randrange(index) if index else 0
    parent = table_name(parent_index)
    parent_key_is_text = parent_index % NATURAL_KEY_EVERY == NATURAL_KEY_EVERY - 1
    parent_type: sa.types.TypeEngine[Any] = sa.String(36) if parent_key_is_text else sa.Integer()
    on_delete = rng.choice((None, "CASCADE", "SET NULL"))
    columns: list[sa.Column[Any]] = [
        _primary_key(index),
        sa.Column("parent_id", parent_type, nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.Column("qty", sa.Integer(), nullable=False, server_default=sa.text("0")),
    ]
    columns.extend(_random_column(rng, position) for position in range(7, 7 + RANDOM_COLUMNS))
    return sa.Table(
        name,
        metadata,
        *columns,
        sa.ForeignKeyConstraint(
            ["parent_id"], [f"{parent}.id"], name=f"fk_{name}_parent", ondelete=on_delete
        ),
        sa.UniqueConstraint("tenant_id", "code", name=f"uq_{name}_tenant_code"),
        sa.CheckConstraint("qty >= 0", name=f"ck_{name}_qty"),
        sa.Index(f"ix_{name}_tenant", "tenant_id"),
        sa.Index(f"ix_{name}_parent_created", "parent_id", "created_at"),
    )


def generate(n_tables: int, seed: int = 0, *, cost_tables: bool = False) -> sa.MetaData:
    """A ``MetaData`` with ``n_tables`` generated tables (and the five cost tables).

    Deterministic in ``(n_tables, seed)``; a smaller schema is a prefix of a larger one
    with the same seed.  Tables are added in creation order: every foreign key points
    to an earlier table, so emitting the DDL in ``metadata.tables`` order needs no sort.
    """
    if n_tables < 0:
        raise ValueError("n_tables must be >= 0")
    metadata = sa.MetaData()
    rng = random.Random(seed)
    for index in range(n_tables):
        add_table(metadata, rng, index)
    if cost_tables:
        add_cost_tables(metadata)
    return metadata


def add_cost_tables(metadata: sa.MetaData) -> None:
    """Copy the five cost tables that ship with ``parity`` into ``metadata``."""
    from parity import cost_tables as shipped

    for table in shipped.metadata.sorted_tables:
        table.to_metadata(metadata)


def cost_tables_only() -> sa.MetaData:
    """A ``MetaData`` holding only the five cost tables (the guard's small database)."""
    metadata = sa.MetaData()
    add_cost_tables(metadata)
    return metadata


def fk_chain(depth: int) -> sa.MetaData:
    """``depth`` tables, each with a foreign key to the one before: ``ch_0001 -> ch_0000``.

    A reader or differ that recurses along foreign keys (to sort tables, or to follow
    referred tables) needs a stack as deep as this chain; at 2,000 it exceeds Python's
    default recursion limit of 1,000.
    """
    metadata = sa.MetaData()
    for index in range(depth):
        columns: list[Any] = [
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("label", sa.String(32), nullable=True),
        ]
        if index:
            columns.append(
                sa.Column(
                    "prev_id",
                    sa.Integer(),
                    sa.ForeignKey(f"ch_{index - 1:04d}.id", name=f"fk_ch_{index:04d}_prev"),
                    nullable=True,
                )
            )
        sa.Table(f"ch_{index:04d}", metadata, *columns)
    return metadata


def table_ddl(table: sa.Table, dialect: Dialect) -> list[str]:
    """``CREATE TABLE`` and ``CREATE INDEX`` statements of one table, compiled for ``dialect``."""
    statements = [str(CreateTable(table).compile(dialect=dialect)).strip()]
    statements.extend(
        str(CreateIndex(index).compile(dialect=dialect)).strip()
        for index in sorted(table.indexes, key=lambda ix: ix.name or "")
    )
    return statements


def ddl_batches(
    tables: Sequence[sa.Table], dialect: Dialect, tables_per_batch: int
) -> Iterator[list[str]]:
    """The DDL of ``tables`` in order, grouped so that each batch covers whole tables.

    Batches are what makes creating 10,000 tables fast: one round trip and (where the
    database has transactional DDL) one transaction per batch instead of per statement.
    """
    batch: list[str] = []
    for count, table in enumerate(tables, start=1):
        batch.extend(table_ddl(table, dialect))
        if count % tables_per_batch == 0:
            yield batch
            batch = []
    if batch:
        yield batch
