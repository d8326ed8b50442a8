"""The SQLite adapter: SQLite's rules, written as a difference from the generic adapter.

SQLite keeps declared types verbatim and gives them only an affinity, has no comments,
compares table names ASCII case-insensitively, makes a one-column ``INTEGER PRIMARY
KEY`` an alias of the rowid, and converts default values through the column's
affinity.  Each of those facts is one hook below.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache
from typing import Any, ClassVar

from sqlalchemy import Column, Index, Table
from sqlalchemy.engine import URL, Connection, Dialect
from sqlalchemy.engine.interfaces import ReflectedColumn, ReflectedIndex
from sqlalchemy.exc import CompileError, UnsupportedCompilationError
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.type_api import TypeEngine

from dialects.sqlite import defaults
from dialects.sqlite.ddl_parse import fold_ascii, tokenize
from dialects.sqlite.reader import read_catalog
from dialects.sqlite.readonly import read_only_filename
from dialects.sqlite.types import NO_TYPE, TYPE_SYNONYMS, parse_declared_type
from parity.adapter import DialectAdapter
from parity.catalog import Catalog, read_with_inspector
from parity.declared import table_fact
from parity.gcpause import paused_gc
from parity.report import DiffKind
from parity.snapshot import Options, TypeSpec, options_of
from parity.sqltext import normalise_sql

#: Table-valued pragmas with the ``hidden`` column (generated columns) need 3.31.
_MIN_BULK_VERSION = (3, 31)

#: Operators SQLite accepts under two spellings, folded to the one SQLAlchemy renders.
_OPERATOR_SPELLINGS = {"==": "=", "!=": "<>"}


class SQLiteAdapter(DialectAdapter):
    """Compare models with SQLite databases (``main`` or an ATTACHed schema).

    The type tables below replace rather than extend the generic ones: type names are
    already folded to one name per SQLAlchemy family and SQLite affinity
    (:func:`dialects.sqlite.types.family`); every integer stores the same 64-bit values
    and text is unbounded.
    """

    name: ClassVar[str] = "sqlite"
    is_generic: ClassVar[bool] = False

    type_synonyms: ClassVar[Mapping[str, str]] = TYPE_SYNONYMS
    integer_widths: ClassVar[Mapping[str, int]] = {"integer": 8}
    float_widths: ClassVar[Mapping[str, int]] = {"real": 8}
    text_capacity: ClassVar[Mapping[str, int | None]] = {"varchar": None}

    # ------------------------------------------------------------------ scratch databases
    def create_database_sql(self, name: str) -> str | None:
        """None: a SQLite database is a file, so ``parity migrations`` uses a temporary one."""
        return None

    # ------------------------------------------------------------------ reading
    def read_catalog(
        self, conn: Connection, schema: str | None, names: Collection[str] | None
    ) -> Catalog:
        """Four catalog statements, between two schema_version reads, for any number of
        tables (see :mod:`dialects.sqlite.reader`)."""
        if (conn.dialect.server_version_info or (0,)) < _MIN_BULK_VERSION:
            return read_with_inspector(conn, schema, names)
        with paused_gc():  # tens of thousands of small records: see parity.gcpause
            return read_catalog(conn, schema, names)

    def unchecked_facts(self, server_version: tuple[int, ...]) -> list[tuple[str, str]]:
        """SQLite stores no comments, so a declared comment can never be verified; and a
        ``STRICT`` table (type checks on every insert) is a table-level fact no report kind
        holds, so whether model and database agree on it is not claimed."""
        return [
            ("comments", "SQLite has no table or column comments"),
            (
                "STRICT tables (sqlite_strict)",
                "read, but no report kind holds a table option: not compared",
            ),
        ]

    def uncomparable_kinds(self, server_version: tuple[int, ...]) -> frozenset[DiffKind]:
        return frozenset({DiffKind.COMMENT_MISMATCH})

    # ------------------------------------------------------------------ safety
    def connect_args_for_timeout(self, url: URL, seconds: float) -> dict[str, Any]:
        """Nothing: :meth:`begin_inspection` sets ``busy_timeout`` for the inspection.

        A connect argument would make the core open (and then discard) a fresh
        connection per check, and a fresh SQLite connection parses the whole schema:
        886 ms per guard call on a 10,000-table file, against 3 ms on a reused one.
        """
        return {}

    def open_read_only(self, cargs: list[Any], cparams: dict[str, Any]) -> bool:
        """Open the file as a ``mode=ro`` URI (never created; see :mod:`.readonly`)."""
        if cargs:
            filename, positional = cargs[0], True
        else:
            filename, positional = cparams.get("database"), False
        if not isinstance(filename, str):
            return False
        read_only = read_only_filename(filename, uri=bool(cparams.get("uri")))
        if read_only is None:
            return False
        if positional:
            cargs[0] = read_only
        else:
            cparams["database"] = read_only
        cparams["uri"] = True
        return True

    @contextlib.contextmanager
    def begin_inspection(
        self, conn: Connection, *, statement_timeout: float | None, own_transaction: bool
    ) -> Iterator[None]:
        """``PRAGMA query_only`` (and ``busy_timeout``) for the inspection, then restored.

        SQLite has no read-only transaction; ``query_only`` makes the connection refuse
        every write, and a URL is opened ``mode=ro`` besides.  Both pragmas are
        connection-level, so their previous values are put back.
        """
        saved = {"query_only": int(conn.exec_driver_sql("PRAGMA query_only").scalar() or 0)}
        wanted = {"query_only": 1}
        if statement_timeout is not None:
            saved["busy_timeout"] = int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0)
            wanted["busy_timeout"] = max(1, math.ceil(statement_timeout * 1000))
        try:
            for pragma, value in wanted.items():
                conn.exec_driver_sql(f"PRAGMA {pragma} = {int(value)}")
            yield
        finally:
            for pragma, value in saved.items():
                conn.exec_driver_sql(f"PRAGMA {pragma} = {int(value)}")

    # ------------------------------------------------------------------ types
    def declared_type(self, column: Column[Any], dialect: Dialect) -> TypeSpec:
        """Parse exactly the type text ``create_all`` writes for this column."""
        declared = self._compile(column.type, dialect, column)
        return parse_declared_type(declared) if declared is not None else TypeSpec(name=NO_TYPE)

    def reflected_type(self, column: ReflectedColumn, dialect: Dialect) -> TypeSpec:
        """Parse the declared type as stored; compile it back for an inspector catalog."""
        declared = column.get("dialect_options", {}).get("sqlite_declared_type")
        if declared is None:
            declared = self._compile(column["type"], dialect, None)
        return parse_declared_type(declared) if declared is not None else TypeSpec(name=NO_TYPE)

    def _compile(
        self, type_: TypeEngine[Any], dialect: Dialect, column: Column[Any] | None
    ) -> str | None:
        try:
            return dialect.type_compiler_instance.process(type_, type_expression=column)
        except (CompileError, UnsupportedCompilationError, NotImplementedError):
            return None  # NullType: SQLAlchemy cannot write it, the catalog has no type

    # ------------------------------------------------------------------ text
    def normalise_default(self, sql: str, type_: TypeSpec) -> str:
        """Spell a default the way SQLite would store the value (see :mod:`.defaults`)."""
        if type(self).normalise_expression is SQLiteAdapter.normalise_expression:
            return _normalise_default(sql, type_)  # memoised: pure in (sql, type_)
        return defaults.normalise_default(sql, type_, self.normalise_expression)

    def declared_default(
        self, table: Table, column: Column[Any], dialect: Dialect, type_: TypeSpec
    ) -> str | None:
        """As the generic adapter (``DEFAULT NULL`` is no default there, as here)."""
        if column.server_default is None:
            return None  # what the generic adapter answers too, one call sooner
        return super().declared_default(table, column, dialect, type_)

    def normalise_expression(self, sql: str) -> str:
        """Fold ``==``/``!=`` to ``=``/``<>`` and quoted names' case, then normalise."""
        return normalise_expression(sql)

    def normalise_collation(self, name: str) -> str:
        """Collation names are case-insensitive identifiers in any SQLite quote style."""
        return normalise_collation(name)

    def reflected_collation(self, column: ReflectedColumn) -> str | None:
        """The declared COLLATE, which the bulk reader puts in ``sqlite_collation``."""
        options = column.get("dialect_options", {})
        collation = options.get("sqlite_collation")
        if collation:
            return self.normalise_collation(str(collation))
        if "sqlite_declared_type" in options:
            # Read by this adapter: no COLLATE clause means none.  SQLAlchemy's type
            # would call the second argument of ``VARCHAR(10, 20)`` a collation.
            return None
        return super().reflected_collation(column)

    # ------------------------------------------------------------------ nullability
    def declared_nullable(
        self, table: Table, column: Column[Any], dialect: Dialect, autoincrement: str | None
    ) -> bool:
        """SQLite lets a primary-key column hold NULL, except where it cannot.

        A legacy of early versions kept for compatibility (sqlite.org/lang_createtable:
        "PRIMARY KEY should always imply NOT NULL ... this is not the case in SQLite").
        The exceptions are the rowid alias (``INTEGER PRIMARY KEY``: a rowid is never
        NULL) and the key of a ``WITHOUT ROWID`` table, which both refuse NULL whatever
        the model's ``nullable`` says.
        """
        if not column.nullable:
            return False
        if not column.primary_key:
            return True
        if autoincrement is not None and autoincrement.startswith("rowid"):
            return False
        return table.dialect_options["sqlite"].get("with_rowid", True) is not False

    # ------------------------------------------------------------------ generation
    def declared_autoincrement(
        self, table: Table, column: Column[Any], dialect: Dialect
    ) -> str | None:
        """Predict what ``create_all`` makes: a rowid alias, with or without AUTOINCREMENT.

        A column is the rowid when it is the table's only primary-key column, its type
        compiles to exactly ``INTEGER`` and the table keeps its rowid.  SQLAlchemy adds
        the AUTOINCREMENT keyword for ``sqlite_autoincrement=True`` under the
        conditions of ``SQLiteDDLCompiler.get_column_specification``.
        """
        candidate = table_fact(table, _rowid_candidate)
        if candidate is None or candidate[0] is not column:
            return None
        declared = self._compile(column.type, dialect, column)
        if declared is None or declared.strip().upper() != "INTEGER":
            return None
        if candidate[1] and not column.foreign_keys:
            return "rowid autoincrement"
        return "rowid"

    def reflected_autoincrement(
        self, table: str, column: ReflectedColumn, catalog: Catalog
    ) -> str | None:
        """``"rowid"`` for a rowid alias, plus ``" autoincrement"`` when the keyword is used.

        The bulk reader marks the alias (``autoincrement=True``).  For a catalog read by
        SQLAlchemy's inspector the alias is inferred from the primary key and the
        ``INTEGER`` type, which cannot tell ``INT`` from ``INTEGER`` nor see the keyword.
        """
        options = catalog.options.get(table, {})
        if "sqlite_declared_type" in column.get("dialect_options", {}):
            if column.get("autoincrement") is not True:
                return None
            return "rowid autoincrement" if options.get("sqlite_autoincrement") else "rowid"
        primary_key = catalog.primary_keys.get(table)
        pk = primary_key["constrained_columns"] if primary_key else []
        if (
            pk == [column["name"]]
            and options.get("sqlite_with_rowid", True)
            and type(column["type"]).__name__ == "INTEGER"
        ):
            return "rowid"
        return None

    # ------------------------------------------------------------------ indexes
    #: SQLite sorts NULLs below every value; it reads each member's collation
    #: (``pragma_index_xinfo.coll``), BINARY unless the column or the member says else.
    nulls_sort_high: ClassVar[bool] = False
    reads_index_collations: ClassVar[bool] = True
    default_collation: ClassVar[str | None] = "binary"

    def declared_index_options(self, index: Index, dialect: Dialect) -> Options:
        """The partial-index WHERE, compiled the way SQLite's CREATE INDEX renders it."""
        where = index.dialect_options["sqlite"].get("where")
        if where is None:
            return ()
        if isinstance(where, ClauseElement):
            text = str(
                where.compile(
                    dialect=dialect,
                    compile_kwargs={"include_table": False, "literal_binds": True},
                )
            )
        else:
            text = str(where)
        return options_of({"where": self.normalise_expression(text)})

    def reflected_index_options(self, index: ReflectedIndex) -> Options:
        where = index.get("dialect_options", {}).get("sqlite_where")
        if where is None:
            return ()
        return options_of({"where": self.normalise_expression(str(where))})

    def is_implicit_index(self, table: str, index: ReflectedIndex, catalog: Catalog) -> bool:
        """SQLite's own indexes for UNIQUE and PRIMARY KEY are named ``sqlite_autoindex_*``."""
        name = index.get("name") or ""
        return name.startswith("sqlite_autoindex_") or super().is_implicit_index(
            table, index, catalog
        )

    # ------------------------------------------------------------------ names
    def fold_table_name(self, name: str) -> str:
        """SQLite compares table names case-insensitively, for ASCII letters only."""
        return fold_ascii(name)

    #: Column names too (``REFERENCES USERS(ID)`` is ``users.id``).
    folds_column_names: ClassVar[bool] = True

    def fold_column_name(self, name: str) -> str:
        return fold_ascii(name)


def _rowid_candidate(table: Table) -> tuple[Column[Any], bool] | None:
    """The column that may alias the rowid and the table's ``sqlite_autoincrement``.

    ``None`` unless the table has exactly one primary-key column and keeps its rowid.
    A fact of the table, read once per table (iterating ``primary_key.columns`` copies
    it, so doing this per column cost a copy per column).
    """
    pk = table.primary_key.columns
    if len(pk) != 1:
        return None
    sqlite_options = table.dialect_options["sqlite"]
    if sqlite_options.get("with_rowid", True) is False:
        return None
    return next(iter(pk)), bool(sqlite_options.get("autoincrement"))


# Pure functions of their arguments, memoised: a large schema repeats the same few dozen
# defaults, expressions and collations thousands of times (bounded LRU, thread-safe).
@lru_cache(maxsize=8192)
def normalise_expression(sql: str) -> str:
    """:meth:`SQLiteAdapter.normalise_expression`: ``==``/``!=`` folded, quoted names
    case-folded, then normalised.

    SQLite compares identifiers case-insensitively (ASCII letters), quoted or not, so
    ``"QTY"``, ``[Qty]`` and ``qty`` name one column: a quoted name is written again
    in ASCII lower case with double quotes (``normalise_sql`` then drops quotes it does
    not need, and lower-cases bare words).  String literals are left as they are.
    """
    return _respell(sql, fold_names=True)


def _normalise_default_expression(sql: str) -> str:
    """Defaults: operators folded, but never a double-quoted word, which SQLite reads as
    a string literal in a DEFAULT when no column has that name."""
    return _respell(sql, fold_names=False)


def _respell(sql: str, *, fold_names: bool) -> str:
    out: list[str] = []
    last = 0
    for tok in tokenize(sql):
        if tok.kind == "op" and tok.text in _OPERATOR_SPELLINGS:
            replacement = _OPERATOR_SPELLINGS[tok.text]
        elif fold_names and tok.kind in _QUOTED_NAMES:
            replacement = '"' + fold_ascii(tok.value).replace('"', '""') + '"'
        else:
            continue
        out.append(sql[last : tok.start] + replacement)
        last = tok.end
    out.append(sql[last:])
    return normalise_sql("".join(out))


#: Token kinds of a quoted identifier in SQLite (all compare case-insensitively).
_QUOTED_NAMES = frozenset({"dquote", "backtick", "bracket"})


@lru_cache(maxsize=1024)
def normalise_collation(name: str) -> str:
    """:meth:`SQLiteAdapter.normalise_collation`: one folded name in any quote style."""
    toks = tokenize(name)
    return fold_ascii(toks[0].value if len(toks) == 1 else name.strip())


@lru_cache(maxsize=8192)
def _normalise_default(sql: str, type_: TypeSpec) -> str:
    return defaults.normalise_default(sql, type_, _normalise_default_expression)
