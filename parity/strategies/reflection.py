"""The reflection round trip, and the one list of what SQLAlchemy's reflection loses.

A user with a legacy database starts with ``MetaData().reflect(engine)`` (or
sqlacodegen, which reads the same reflection) and compares: the answer must be "no
difference".  Whatever the comparison reports then is either a fact SQLAlchemy's
reflection cannot carry into a ``Table`` (listed here, once, with the reason) or a
false drift of schema-parity.

Each :class:`ReflectionLoss` names the DDL that shows it (``pin``):
``tests/properties/test_reflection_losses.py`` runs that DDL, checks that SQLAlchemy
still loses the fact (so a SQLAlchemy release that fixes it makes the entry fail,
to be removed) and that the entry explains exactly what the round trip reports.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SAWarning

import parity
from parity.report import Difference, DiffKind, ParityReport

_SKIPPED_INDEX = re.compile(r"Skipped unsupported reflection of expression-based index (.+)$")
#: The parts of a rendered foreign key SQLite's reflection drops from a column-level one.
_ACTIONS = re.compile(
    r" on (?:delete|update) (?:CASCADE|SET NULL|SET DEFAULT|RESTRICT|NO ACTION)"
    r"| deferrable=\S+| initially=\S+"
)


@dataclass(frozen=True)
class RoundTrip:
    """One reflection round trip: the reflected model, the report, what explains it."""

    metadata: sa.MetaData
    report: ParityReport
    #: Expression indexes SQLAlchemy said it skipped (its ``SAWarning``).
    skipped_indexes: frozenset[str]
    #: The database's own text of each table (SQLite ``sqlite_master.sql``, MySQL
    #: ``SHOW CREATE TABLE``), where a loss depends on how a clause was written.
    table_ddl: dict[str, str]
    explained: tuple[tuple[Difference, ReflectionLoss], ...]
    unexplained: tuple[Difference, ...]


@dataclass(frozen=True)
class ReflectionLoss:
    """A fact SQLAlchemy's reflection does not carry into the reflected ``Table``."""

    key: str
    dialect: str
    reason: str
    #: Whether this loss explains one difference of a round trip's report.
    explains: Callable[[Difference, RoundTrip], bool]
    #: DDL that shows the loss, run on an empty database by the pin test.
    pin: tuple[str, ...]


def _kind(*kinds: DiffKind) -> Callable[[Difference], bool]:
    return lambda d: d.kind in kinds


def _skipped_index(d: Difference, trip: RoundTrip) -> bool:
    return d.kind is DiffKind.INDEX_EXTRA and d.name in trip.skipped_indexes


def _fk_actions_lost(d: Difference, trip: RoundTrip) -> bool:
    """A foreign key reported missing and extra, the same but for actions and deferrability."""
    same_table = [o for o in trip.report.differences if o.table == d.table]
    if d.kind is DiffKind.FOREIGN_KEY_EXTRA and d.actual:
        bare = _ACTIONS.sub("", d.actual)
        return bare != d.actual and any(
            o.kind is DiffKind.FOREIGN_KEY_MISSING and o.expected == bare for o in same_table
        )
    if d.kind is DiffKind.FOREIGN_KEY_MISSING and d.expected:
        return any(
            o.kind is DiffKind.FOREIGN_KEY_EXTRA
            and o.actual is not None
            and _ACTIONS.sub("", o.actual) == d.expected
            and o.actual != d.expected
            for o in same_table
        )
    return False


#: A column definition line (not a table-level clause) carrying ``UNIQUE`` / ``CHECK``.
_COLUMN_LINE = (
    r"^\s*(?!(?:CONSTRAINT\s+\S+\s+)?(?:UNIQUE|PRIMARY|FOREIGN|CHECK|KEY|INDEX)\b)\S.*\b{}\b"
)
_COLUMN_UNIQUE = re.compile(_COLUMN_LINE.format("UNIQUE"), re.I | re.M)
_COLUMN_CHECK = re.compile(_COLUMN_LINE.format("CHECK"), re.I | re.M)


def _column_unique(d: Difference, trip: RoundTrip) -> bool:
    """A unique the database has and SQLAlchemy's reflected table lacks entirely."""
    if d.kind is not DiffKind.UNIQUE_EXTRA or d.actual is None:
        return False
    table = trip.metadata.tables.get(d.table)
    if table is None:
        return False
    found = re.search(r"\((.*)\)", d.actual)
    wanted = {c.strip().lower() for c in found.group(1).split(",")} if found else set()
    reflected = [
        {c.name.lower() for c in u.columns}
        for u in table.constraints
        if isinstance(u, sa.UniqueConstraint)
    ] + [
        {c.name.lower() for c in i.columns}
        for i in table.indexes
        # A partial unique index is not a unique constraint.
        if i.unique
        and not any(k.endswith("_where") and v is not None for k, v in i.dialect_kwargs.items())
    ]
    return bool(wanted) and wanted not in reflected


#: A sort modifier in a rendered index member.
_SORTED = re.compile(r" (?:desc|asc|nulls (?:first|last)|collate \S+)\b")


def _sort_order_lost(d: Difference, trip: RoundTrip) -> bool:
    """An index the database keeps with DESC/COLLATE members, reflected without them: the
    database's index is extra, and the reflected index on the same columns is missing."""
    same_table = [o for o in trip.report.differences if o.table == d.table]
    if d.kind is DiffKind.INDEX_EXTRA and d.actual and _SORTED.search(d.actual):
        table = trip.metadata.tables.get(d.table)
        # (MySQL's parser keeps a doubled backtick in an index name: mysql-backtick-name.)
        reflected = [
            i for i in (table.indexes if table is not None else ()) if _name(i.name) == d.name
        ]
        # The same index reflected ascending, which the model may count as a unique
        # constraint it already has; or a missing one on the same columns.
        return any(all(isinstance(e, sa.Column) for e in i.expressions) for i in reflected) or any(
            o.kind in _MISSING_INDEXES and o.expected == _plain_members(d.actual)
            for o in same_table
        )
    if d.kind in _MISSING_INDEXES and d.expected:
        return any(
            o.kind is DiffKind.INDEX_EXTRA
            and o.actual is not None
            and _SORTED.search(o.actual) is not None
            and _plain_members(o.actual) == d.expected
            for o in same_table
        )
    return False


def _name(name: object) -> str:
    return str(name).replace("``", "`")


_MISSING_INDEXES = frozenset({DiffKind.INDEX_MISSING, DiffKind.UNIQUE_MISSING})


def _plain_members(rendered: str) -> str:
    """A rendered index as SQLAlchemy's reflection brings it back: ascending, no
    collation; a plain unique index reads as the unique constraint it counts as."""
    plain = _SORTED.sub("", rendered)
    return (
        "unique " + plain[len("unique index ") :]
        if plain.startswith("unique index (") and " where " not in plain
        else plain
    )


def _text_default(d: Difference, trip: RoundTrip) -> bool:
    """A TEXT/BLOB default the reflected model lacks, written with a quote in it."""
    return (
        d.kind is DiffKind.DEFAULT_MISMATCH
        and d.expected is None
        and d.actual is not None
        and "''" in d.actual
    )


def _empty_generated(d: Difference, trip: RoundTrip) -> bool:
    """A generated column SQLAlchemy reflected with an empty expression."""
    if d.kind is not DiffKind.COMPUTED_MISMATCH or d.column is None:
        return False
    table = trip.metadata.tables.get(d.table)
    column = table.c.get(d.column) if table is not None else None
    computed = column.computed if column is not None else None
    return computed is not None and not str(computed.sqltext).strip()


def _case_stub(d: Difference, trip: RoundTrip) -> bool:
    """A difference on a table the reflected MetaData holds twice, in two cases."""
    folded = d.table.lower()
    return sum(name.lower() == folded for name in trip.metadata.tables) > 1


def _sqlite_autoincrement(d: Difference, trip: RoundTrip) -> bool:
    return (
        d.kind is DiffKind.AUTOINCREMENT_MISMATCH
        and d.expected == "rowid"
        and d.actual == "rowid autoincrement"
    )


def _column_check(d: Difference, trip: RoundTrip) -> bool:
    """A CHECK the reflected model lacks, where the table has a column-level one."""
    return (
        d.kind is DiffKind.CHECK_EXTRA
        and _COLUMN_CHECK.search(trip.table_ddl.get(d.table, "")) is not None
    )


def _mariadb_json(d: Difference, trip: RoundTrip) -> bool:
    if d.kind is DiffKind.TYPE_MISMATCH:
        return d.expected == "longtext" and d.actual == "json"
    if d.kind is DiffKind.COLLATION_MISMATCH and d.column is not None:
        table = trip.metadata.tables.get(d.table)
        column = table.c.get(d.column) if table is not None else None
        return (
            column is not None
            and type(column.type).__name__.upper() == "LONGTEXT"
            and d.expected == "utf8mb4_bin"
            and d.actual in {None, "none"}
        )
    return False


def _backtick_column(d: Difference, trip: RoundTrip) -> bool:
    """The column itself, and every key or index naming it (model side: doubled)."""
    if d.kind in {DiffKind.COLUMN_MISSING, DiffKind.COLUMN_EXTRA}:
        return "`" in (d.column or "")
    if d.expected is not None and "``" in d.expected:
        return True
    same_table = [o for o in trip.report.differences if o.table == d.table]
    lost_whole = d.kind is DiffKind.FOREIGN_KEY_EXTRA and "`" in (d.actual or "")
    if lost_whole and not any(o.kind is DiffKind.FOREIGN_KEY_MISSING for o in same_table):
        return True  # a key to or from a backtick name: the parser lost it whole
    return d.actual is not None and any(
        o.expected is not None and "``" in o.expected and o.expected.replace("``", "`") == d.actual
        for o in same_table
    )


#: Every known loss of SQLAlchemy's reflection (checked on SQLAlchemy 2.0.40 and 2.1).
LOSSES: tuple[ReflectionLoss, ...] = (
    ReflectionLoss(
        key="sqlite-expression-index",
        dialect="sqlite",
        reason="SQLAlchemy's SQLite reflection skips expression-based indexes "
        "(SAWarning 'Skipped unsupported reflection of expression-based index')",
        explains=_skipped_index,
        pin=("CREATE TABLE t (a TEXT)", "CREATE INDEX ix ON t (lower(a))"),
    ),
    ReflectionLoss(
        key="sqlite-inline-fk-options",
        dialect="sqlite",
        reason="SQLAlchemy reads ON DELETE / ON UPDATE and DEFERRABLE / INITIALLY from "
        "table-level FOREIGN KEY clauses only: a column-level REFERENCES (Django writes "
        "them) loses them",
        explains=_fk_actions_lost,
        pin=(
            "CREATE TABLE p (id INTEGER NOT NULL PRIMARY KEY)",
            "CREATE TABLE c (p_id INTEGER REFERENCES p (id) ON DELETE CASCADE "
            "DEFERRABLE INITIALLY DEFERRED)",
        ),
    ),
    ReflectionLoss(
        key="sqlite-column-unique",
        dialect="sqlite",
        reason="SQLAlchemy parses SQLite UNIQUE constraints out of the CREATE TABLE text "
        "and skips SQLite's autoindexes: a column-level UNIQUE after CHAR(10), a quoted "
        'COLLATE or NOT NULL CONSTRAINT "x", or a table-level UNIQUE naming its columns '
        'in another case (UNIQUE ("A") for column a), is lost',
        explains=_column_unique,
        pin=("CREATE TABLE t (a CHAR(10) UNIQUE)",),
    ),
    ReflectionLoss(
        key="sqlite-index-sort-order",
        dialect="sqlite",
        reason="SQLAlchemy's SQLite reflection does not return an index member's DESC or "
        "COLLATE, so the reflected Index is ascending with the column's collation",
        explains=_sort_order_lost,
        pin=("CREATE TABLE t (a INTEGER)", "CREATE INDEX ix ON t (a DESC)"),
    ),
    ReflectionLoss(
        key="mysql-index-sort-order",
        dialect="mysql",
        reason="SQLAlchemy's MySQL reflection does not return an index member's DESC "
        "(MariaDB 10.8+ keeps it), so the reflected Index is ascending",
        explains=_sort_order_lost,
        pin=("CREATE TABLE t (a INT)", "CREATE INDEX ix ON t (a DESC)"),
    ),
    ReflectionLoss(
        key="sqlite-reference-case",
        dialect="sqlite",
        reason="SQLAlchemy reflects a REFERENCES target written in another case "
        '(REFERENCES "T" for table t) as a second Table "T" holding only the referred '
        "columns, beside t: the model then declares one database table twice",
        explains=_case_stub,
        pin=(
            "CREATE TABLE t (c INTEGER NOT NULL, CONSTRAINT k PRIMARY KEY (c))",
            'CREATE TABLE o (g INTEGER, CONSTRAINT x FOREIGN KEY (g) REFERENCES "T" (c))',
        ),
    ),
    ReflectionLoss(
        key="sqlite-generated-quoted-name",
        dialect="sqlite",
        reason="SQLAlchemy's SQLite reflection finds a generated column's expression with "
        'a pattern on the column name: for a name with a doubled quote ("quo""te") it '
        "returns an empty expression",
        explains=_empty_generated,
        pin=('CREATE TABLE t (a INTEGER, "quo""te" INTEGER GENERATED ALWAYS AS (a * 2))',),
    ),
    ReflectionLoss(
        key="sqlite-autoincrement",
        dialect="sqlite",
        reason="SQLAlchemy does not reflect the table option sqlite_autoincrement "
        "(INTEGER PRIMARY KEY AUTOINCREMENT)",
        explains=_sqlite_autoincrement,
        pin=("CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT)",),
    ),
    ReflectionLoss(
        key="mysql-column-check",
        dialect="mysql",
        reason="SQLAlchemy's MySQL reflection parses CONSTRAINT … CHECK lines of SHOW CREATE "
        "TABLE only: a column-level CHECK (MariaDB) is lost",
        explains=_column_check,
        pin=("CREATE TABLE t (a INT CHECK (a >= 0))",),
    ),
    ReflectionLoss(
        key="mariadb-json",
        dialect="mysql",
        reason="MariaDB shows JSON as LONGTEXT COLLATE utf8mb4_bin with a json_valid() CHECK: "
        "SQLAlchemy reflects LONGTEXT with that collation",
        explains=_mariadb_json,
        pin=("CREATE TABLE t (a JSON)",),
    ),
    ReflectionLoss(
        key="mariadb-text-default-quote",
        dialect="mysql",
        reason="MariaDB shows a TEXT/BLOB default as an expression with backslash escapes "
        "('it\\'s'); SQLAlchemy's SHOW CREATE TABLE parser then drops the default",
        explains=_text_default,
        pin=("CREATE TABLE t (a TEXT NOT NULL DEFAULT 'it''s')",),
    ),
    ReflectionLoss(
        key="mysql-backtick-name",
        dialect="mysql",
        reason="SQLAlchemy's SHOW CREATE TABLE parser keeps the doubled backtick of a column "
        "name that contains one (in the column, its keys and indexes) and loses a foreign "
        "key naming such a table or column",
        explains=_backtick_column,
        pin=("CREATE TABLE t (`a``b` INT)",),
    ),
)


def losses_for(dialect: str) -> tuple[ReflectionLoss, ...]:
    name = "mysql" if dialect in {"mysql", "mariadb"} else dialect
    return tuple(loss for loss in LOSSES if loss.dialect == name)


def reflect(engine: Engine) -> tuple[sa.MetaData, frozenset[str]]:
    """``MetaData().reflect(engine)``, and the expression indexes SQLAlchemy skipped."""
    metadata = sa.MetaData()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SAWarning)
        metadata.reflect(engine)
    skipped = set()
    for warning in caught:
        found = _SKIPPED_INDEX.search(str(warning.message))
        if found:
            skipped.add(found.group(1).strip("'\""))
        elif not issubclass(warning.category, SAWarning):
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return metadata, frozenset(skipped)


def round_trip(engine: Engine) -> RoundTrip:
    """Reflect the database, compare it with its own reflection, explain each difference."""
    metadata, skipped = reflect(engine)
    report = parity.compare(engine, metadata)
    ddl = table_ddl(engine, list(metadata.tables))
    trip = RoundTrip(metadata, report, skipped, ddl, (), ())
    known = losses_for(engine.dialect.name)
    explained: list[tuple[Difference, ReflectionLoss]] = []
    unexplained: list[Difference] = []
    for difference in report.differences:
        loss = next((lo for lo in known if lo.explains(difference, trip)), None)
        if loss is None:
            unexplained.append(difference)
        else:
            explained.append((difference, loss))
    return RoundTrip(metadata, report, skipped, ddl, tuple(explained), tuple(unexplained))


def table_ddl(engine: Engine, names: list[str]) -> dict[str, str]:
    """Each table's DDL as the database keeps it (SQLite, MySQL); empty elsewhere."""
    out: dict[str, str] = {}
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
            ).all()
            out = {str(name): str(sql or "") for name, sql in rows if name in names}
        elif conn.dialect.name in {"mysql", "mariadb"}:
            preparer = conn.dialect.identifier_preparer
            for name in names:
                row = conn.exec_driver_sql(
                    f"SHOW CREATE TABLE {preparer.quote_identifier(name)}"
                ).first()
                out[name] = str(row[1]) if row is not None else ""
    return out


__all__ = ["LOSSES", "ReflectionLoss", "RoundTrip", "losses_for", "reflect", "round_trip"]
