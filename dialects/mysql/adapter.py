"""The MySQL / MariaDB adapter: the hooks, each delegating to one module by concern.

``types`` reduces types, ``defaults`` server defaults, ``expressions`` CHECK and
generated-column bodies, ``reader`` reads the catalog, ``flavour`` tells MySQL from
MariaDB.  This class only wires them to the core's hooks and holds the class tables.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Collection, Iterator
from typing import Any, ClassVar

from sqlalchemy import Column, Identity, Index, Sequence, Table, literal_column, select, table, text
from sqlalchemy.engine import URL, Connection, Dialect
from sqlalchemy.engine.interfaces import (
    ReflectedCheckConstraint,
    ReflectedColumn,
    ReflectedIndex,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.sql import Select
from sqlalchemy.sql.type_api import TypeEngine

from parity.adapter import DialectAdapter, resolve_type
from parity.catalog import Catalog
from parity.declared import table_fact
from parity.report import DiffKind
from parity.snapshot import Options, TypeSpec, options_of

from . import defaults, expressions, reader, types
from .flavour import MARIADB_NATIVE_UUID, Flavour
from .type_memo import TypeSpecMemo

#: Type families that carry a collation (and inherit a table's ``mysql_collate``).
COLLATED_FAMILIES = frozenset(
    {"char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set"}
)
_DUPLICATE_SUFFIX = re.compile(r"_\d+$")

#: Drivers whose ``connect()`` takes connect/read/write timeouts in seconds.
_TIMEOUT_DRIVERS = frozenset({"pymysql", "mysqldb", "mariadbconnector"})
#: ER_TABLEACCESS_DENIED_ERROR and ER_DBACCESS_DENIED_ERROR: no privilege on the table.
_ACCESS_DENIED = frozenset({1142, 1044})
#: Seconds the driver waits past the server's statement limit before it gives up on a
#: read, so that the server cancels a slow statement itself and names the cause.
_DRIVER_GRACE_SECONDS = 2


class MySQLAdapter(DialectAdapter):
    """MySQL 5.7/8.x and MariaDB 10.x/11.x, told apart by :class:`Flavour`."""

    name: ClassVar[str] = "mysql"
    is_generic: ClassVar[bool] = False

    integer_widths = types.INTEGER_WIDTHS
    float_widths = types.FLOAT_WIDTHS
    text_capacity = types.TEXT_CAPACITY

    def __init__(self) -> None:
        super().__init__()
        self._reflected_types = TypeSpecMemo()
        self._declared_types = TypeSpecMemo()

    # ------------------------------------------------------------------ reading
    def read_catalog(
        self, conn: Connection, schema: str | None, names: Collection[str] | None
    ) -> Catalog:
        return reader.read_catalog(conn, schema, names)

    def prepare_offline_dialect(self, dialect: Dialect, server_version: tuple[int, ...]) -> None:
        """MySQL or MariaDB from the version alone, set up as ``initialize`` would.

        A snapshot records ``mysql`` for both servers (SQLAlchemy's dialect name);
        :meth:`Flavour.guess` tells them apart.  SQLAlchemy's own version parser sets
        ``is_mariadb`` (and MariaDB's ``Uuid`` colspec); the version-gated switches that
        change the DDL of a model are then set as ``MySQLDialect._initialize_mysql`` /
        ``_initialize_mariadb`` set them from a live server (they read no connection,
        but the MySQL one needs facts only a connection gives, so they are not called).
        """
        if not server_version:
            return
        flavour = Flavour.guess(server_version)
        text = ".".join(str(part) for part in server_version)
        parse = getattr(dialect, "_parse_server_version", None)
        if parse is not None:
            parse(f"{text}-MariaDB" if flavour.is_mariadb else text)
        dialect.server_version_info = server_version
        switches: dict[str, bool]
        if flavour.is_mariadb:
            switches = {
                # SQLAlchemy 2.1's MariaDB initializer sets it (2.0 has no native UUID)
                "supports_native_uuid": server_version >= MARIADB_NATIVE_UUID
                and hasattr(dialect, "_initialize_mariadb"),
                "supports_sequences": server_version >= (10, 3),
                "_support_default_function": server_version >= (10, 2, 1),
                "_support_float_cast": server_version >= (10, 4, 5),
            }
        else:
            switches = {
                "_support_default_function": server_version >= (8, 0, 13),
                "_support_float_cast": server_version >= (8, 0, 17),
            }
        for name, value in switches.items():
            # SQLAlchemy 2.0 derives some of them from the version (read-only properties).
            if not isinstance(getattr(type(dialect), name, None), property):
                setattr(dialect, name, value)

    # read_catalogs stays the base class's loop on purpose: MariaDB's information_schema
    # looks up one schema named with "=", but "TABLE_SCHEMA IN (...)" scans every
    # database on the server (EXPLAIN: "Scanned all databases"), so one statement for
    # many tenant databases would cost more than one per database.  The per-table
    # SHOW CREATE TABLE is per table either way.

    def unchecked_facts(self, server_version: tuple[int, ...]) -> list[tuple[str, str]]:
        """CHECK constraints are invisible before MySQL 8.0.16 and MariaDB 10.2."""
        flavour = Flavour.guess(server_version)
        return [] if flavour.has_checks else [reader.unchecked_checks(flavour)]

    #: InnoDB checks RESTRICT immediately, exactly like NO ACTION (it has no deferred checks).
    default_like_actions: ClassVar[frozenset[str]] = frozenset({"NO ACTION", "RESTRICT"})

    def uncomparable_kinds(self, server_version: tuple[int, ...]) -> frozenset[DiffKind]:
        """A server without CHECK support would turn every model check into a false miss."""
        if Flavour.guess(server_version).has_checks:
            return frozenset()
        return frozenset({DiffKind.CHECK_MISSING, DiffKind.CHECK_EXTRA})

    # ------------------------------------------------------------------ safety
    def create_database_sql(self, name: str) -> str | None:
        """utf8mb4, whatever the server's default character set (``parity migrations``)."""
        return f"CREATE DATABASE {name} CHARACTER SET utf8mb4"

    def connect_args_for_timeout(self, url: URL, seconds: float) -> dict[str, Any]:
        """``connect_timeout`` plus ``read_timeout``/``write_timeout``.

        The driver's ``connect_timeout`` covers only the TCP connect; a server that
        accepts and never answers the handshake is bounded by ``read_timeout``.  The
        read and write limits are a backstop a little behind the server's own statement
        limit (:meth:`begin_inspection`): at the same second the two raced, and when the
        driver won the connection was dropped mid-statement ("Lost connection") instead
        of the server cancelling the statement and saying so.
        """
        if url.get_driver_name() not in _TIMEOUT_DRIVERS:
            return {}
        limit = max(1, math.ceil(seconds))
        limits = {
            "connect_timeout": limit,
            "read_timeout": limit + _DRIVER_GRACE_SECONDS,
            "write_timeout": limit + _DRIVER_GRACE_SECONDS,
        }
        return {key: value for key, value in limits.items() if key not in url.query}

    @contextlib.contextmanager
    def begin_inspection(
        self, conn: Connection, *, statement_timeout: float | None, own_transaction: bool
    ) -> Iterator[None]:
        """``START TRANSACTION READ ONLY`` and session time limits, restored afterwards.

        MariaDB's ``max_statement_time`` (seconds) or MySQL's ``max_execution_time``
        (milliseconds, SELECT only) and ``lock_wait_timeout`` bound each statement.
        Inside the caller's transaction no START TRANSACTION is issued (it would commit
        the caller's work); only the time limits are set and restored.
        """
        if own_transaction:
            conn.exec_driver_sql("START TRANSACTION READ ONLY")
        if statement_timeout is None:
            yield
            return
        if Flavour.of(conn.dialect).is_mariadb:
            limits: dict[str, float] = {"max_statement_time": statement_timeout}
        else:
            limits = {"max_execution_time": max(1, math.ceil(statement_timeout * 1000))}
        limits["lock_wait_timeout"] = max(1, math.ceil(statement_timeout))
        saved: dict[str, Any] = {
            name: conn.exec_driver_sql(f"SELECT @@SESSION.{name}").scalar() for name in limits
        }
        try:
            for name, value in limits.items():
                conn.execute(text(f"SET SESSION {name} = :value"), {"value": value})
            yield
        finally:
            try:
                for name, value in saved.items():
                    conn.execute(text(f"SET SESSION {name} = :value"), {"value": value})
            except SQLAlchemyError:
                # Never hand back a session with parity's limits: drop the connection.
                conn.invalidate()

    def invisible_tables(
        self, conn: Connection, schema: str | None, names: Collection[str]
    ) -> dict[str, str]:
        """Tables the account holds no privilege on, which ``information_schema`` hides.

        The server answers "access denied" for those whether or not they exist, and
        "doesn't exist" only to an account allowed to know; one ``SELECT ... LIMIT 0``
        per absent table asks it (names quoted by SQLAlchemy, never formatted in).
        """
        database = reader.schema_name(conn, schema)
        found: dict[str, str] = {}
        for name in sorted(names):
            source = table(name, schema=database)
            probe: Select[Any] = select(literal_column("1")).select_from(source).limit(0)
            try:
                conn.execute(probe).all()
            except DBAPIError as exc:
                code = exc.orig.args[0] if exc.orig is not None and exc.orig.args else None
                if code in _ACCESS_DENIED:
                    found[name] = (
                        f"missing SELECT on {database}.{name} (information_schema lists only "
                        "tables the account holds a privilege on)"
                    )
                elif code != 1146:  # ER_NO_SUCH_TABLE: really missing
                    raise
        return found

    # ------------------------------------------------------------------ types
    def type_of(self, type_: TypeEngine[Any], dialect: Dialect) -> TypeSpec:
        return types.mysql_type_spec(
            resolve_type(type_, dialect), dialect, super().type_of, original=type_
        )

    def declared_type(self, column: Column[Any], dialect: Dialect) -> TypeSpec:
        """As the base (:meth:`type_of` of the column's type), once per distinct type
        (see :mod:`.type_memo`); :meth:`declared_collation` asks again for text."""
        return self._declared_types.spec(column.type, dialect, self.type_of)

    def reflected_type(self, column: ReflectedColumn, dialect: Dialect) -> TypeSpec:
        """As :meth:`type_of`, reduced once per distinct type (see :mod:`.type_memo`).

        A type SQLAlchemy cannot read (spatial types) is named by the catalog's text,
        ``point``, ``geometry``…, and compared by that name, never equal by default.
        """
        catalog_type = (column.get("dialect_options") or {}).get(reader.CATALOG_TYPE)
        if catalog_type:
            return types.catalog_type_spec(str(catalog_type))
        return self._reflected_types.spec(column["type"], dialect, self.type_of)

    # ------------------------------------------------------------------ defaults
    def normalise_default(self, sql: str, type_: TypeSpec) -> str:
        return defaults.normalise_default(sql, type_)

    def declared_default(
        self, table: Table, column: Column[Any], dialect: Dialect, type_: TypeSpec
    ) -> str | None:
        """As the base (where ``DEFAULT NULL`` is no default), but an AUTO_INCREMENT key's."""
        if column.server_default is None:
            return None  # what the rest would answer too, without the autoincrement check
        if self.declared_autoincrement(table, column, dialect) is not None:
            return None  # create_all writes AUTO_INCREMENT instead of the default
        return super().declared_default(table, column, dialect, type_)

    # ------------------------------------------------------------------ text
    def normalise_expression(self, sql: str) -> str:
        return expressions.normalise_expression(sql)

    def normalise_collation(self, name: str) -> str:
        """Lower case; ``utf8_*`` is ``utf8mb3_*`` (MariaDB 10.6+ and MySQL 8 say so)."""
        name = name.strip("'\"`").lower()
        return "utf8mb3_" + name[len("utf8_") :] if name.startswith("utf8_") else name

    def declared_collation(self, column: Column[Any], dialect: Dialect) -> str | None:
        """The column's own collation, else the table's ``mysql_collate`` for text columns.

        The table's option is read once per table while a snapshot is built
        (:func:`~parity.declared.table_fact`): reading ``table.kwargs`` raises and
        catches a ``KeyError`` per miss, which cost more than the rest of this hook.
        """
        own = super().declared_collation(column, dialect)
        if own is not None or not isinstance(column.table, Table):
            return own
        table_collation = table_fact(column.table, _table_collation)
        if table_collation and self.declared_type(column, dialect).name in COLLATED_FAMILIES:
            return self.normalise_collation(str(table_collation))
        return None

    def reflected_collation(self, column: ReflectedColumn) -> str | None:
        """The effective collation (``information_schema``), else what SQLAlchemy parsed."""
        options = column.get("dialect_options") or {}
        if reader.JSON_BY_CHECK in options:
            return None  # MariaDB forces utf8mb4_bin on JSON; no model declares it
        effective = options.get(reader.EFFECTIVE_COLLATION)
        if effective:
            return self.normalise_collation(str(effective))
        return super().reflected_collation(column)

    # ------------------------------------------------------------------ generation
    def declared_autoincrement(
        self, table: Table, column: Column[Any], dialect: Dialect
    ) -> str | None:
        """Exactly when SQLAlchemy's MySQL DDL compiler writes ``AUTO_INCREMENT``."""
        if column is not table._autoincrement_column:
            return None
        if column.server_default is not None and not isinstance(column.server_default, Identity):
            return None
        if (
            getattr(dialect, "supports_sequences", False)
            and isinstance(column.default, Sequence)
            and not column.default.optional
        ):
            return None
        return "auto_increment"

    def reflected_autoincrement(
        self, table: str, column: ReflectedColumn, catalog: Catalog
    ) -> str | None:
        return "auto_increment" if column.get("autoincrement") is True else None

    # ------------------------------------------------------------------ indexes
    #: MySQL and MariaDB sort NULLs below every value (and accept no NULLS FIRST/LAST).
    nulls_sort_high: ClassVar[bool] = False

    def declared_index_options(self, index: Index, dialect: Dialect) -> Options:
        """FULLTEXT/SPATIAL and column prefix lengths change what an index does.

        Read as ``CREATE INDEX`` reads them: the options of the dialect's own name,
        ``mysql_*`` for ``mysql+...`` URLs (MariaDB servers included) and ``mariadb_*``
        for ``mariadb+...`` ones.
        """
        options = index.dialect_options[dialect.name]  # SQLAlchemy 2.0's CREATE INDEX reads
        return _index_options(options.get("prefix"), options.get("length"), index)

    def reflected_index_options(self, index: ReflectedIndex) -> Options:
        """SQLAlchemy names reflected options after the dialect: ``mysql_prefix`` or,
        through a ``mariadb+...`` URL, ``mariadb_prefix``."""
        return _index_options(
            reflected_index_option(index, "prefix"),
            reflected_index_option(index, "length"),
            index,
        )

    def is_implicit_index(self, table: str, index: ReflectedIndex, catalog: Catalog) -> bool:
        """The index InnoDB creates for a foreign key that no other index serves.

        It has exactly the key's columns and is named after the constraint when the key
        is named, else (the server named the key ``<table>_ibfk_<n>``) after its first
        column, with ``_2``… on a clash.  A named key's index is never column-named:
        the deep profile found a model's own index ``a_8`` on ``(a, a_2)``, serving a
        key named ``a_5``, taken for InnoDB's and reported missing.
        """
        if index.get("unique") or reflected_index_option(index, "prefix"):
            return False
        columns = list(index.get("column_names") or [])
        name = index.get("name") or ""
        for fk in catalog.foreign_keys.get(table, []):
            if list(fk["constrained_columns"]) != columns:
                continue
            fk_name = fk.get("name") or ""
            if name == fk_name:
                return True
            unnamed = fk_name.lower().startswith(f"{table.lower()}_ibfk_")
            if unnamed and columns[0] in {name, _DUPLICATE_SUFFIX.sub("", name)}:
                return True
        return False

    def is_implicit_check(
        self, table: str, check: ReflectedCheckConstraint, catalog: Catalog
    ) -> bool:
        """MariaDB's ``json_valid(col)`` on a JSON column (defensive: the reader drops it)."""
        for column in catalog.columns.get(table, []):
            options = column.get("dialect_options") or {}
            if reader.JSON_BY_CHECK in options and reader.is_json_valid_check(
                column["name"], check["sqltext"]
            ):
                return True
        return False

    # ------------------------------------------------------------------ names
    def fold_table_name(self, name: str) -> str:
        """Lower case when the server compares table names so (``lower_case_table_names``).

        The setting is known only from a connection; :meth:`read_catalog` records it for
        the comparison running in this context (a stopgap until the hook receives it).
        """
        return name.lower() if reader.TABLE_NAME_CASING.get() else name

    #: Column names are case-insensitive on every MySQL and MariaDB server.
    folds_column_names: ClassVar[bool] = True

    def fold_column_name(self, name: str) -> str:
        return name.lower()


def _table_collation(table: Table) -> Any:
    """The table's ``mysql_collate`` (or ``mariadb_collate``) option, as given, or ``None``."""
    return table.kwargs.get("mysql_collate") or table.kwargs.get("mariadb_collate")


def reflected_index_option(index: ReflectedIndex, name: str) -> Any:
    """A reflected index's ``mysql_<name>`` or ``mariadb_<name>`` option, or ``None``."""
    options = index.get("dialect_options") or {}
    found = options.get(f"mysql_{name}")
    return found if found is not None else options.get(f"mariadb_{name}")


def _index_options(prefix: object, length: object, index: Any) -> Options:
    lengths: dict[str, object] = {}
    if isinstance(length, dict):
        lengths = {str(k): v for k, v in length.items() if v}
    elif isinstance(length, int) and length:
        names = getattr(index, "expressions", None) or index.get("column_names") or []
        for expression in names:
            lengths[str(getattr(expression, "name", expression))] = length
    return options_of(
        {
            "kind": str(prefix).lower() if prefix else None,
            "length": ", ".join(f"{k}({v})" for k, v in sorted(lengths.items())) or None,
        }
    )
