"""``DuckDBAdapter``: how DuckDB names, stores and reflects what a model declares.

A diff from the generic adapter: a few class-level tables, one type parser used for both
sides (the model's type is compiled exactly as ``create_all`` sends it to DuckDB, the
database's type is the text DuckDB reports), a bulk reader, and an honest list of what
DuckDB cannot reveal.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping
from typing import Any, ClassVar

from sqlalchemy import Column
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.engine.interfaces import ReflectedColumn
from sqlalchemy.exc import CompileError, UnsupportedCompilationError

from parity import DialectAdapter, DiffKind, TypeSpec
from parity.catalog import Catalog
from parity.errors import InspectionError
from parity_duckdb.reader import DATA_TYPE, read_catalog

_ARGS = re.compile(r"^(?P<base>[^(]+?)\s*(?:\((?P<args>[^)]*)\))?\s*(?P<array>(\[\])*)$")


class DuckDBAdapter(DialectAdapter):
    """The adapter for SQLAlchemy's ``duckdb`` dialect (``duckdb_engine``)."""

    name: ClassVar[str] = "duckdb"
    is_generic: ClassVar[bool] = False

    # DuckDB's own spelling of what the PostgreSQL-flavoured type compiler writes.
    type_synonyms: ClassVar[Mapping[str, str]] = {
        **DialectAdapter.type_synonyms,
        "text": "varchar",
        "string": "varchar",
        "bytea": "blob",
        "float": "real",  # DuckDB's FLOAT is 4 bytes
        "integer": "integer",
        "hugeint": "hugeint",
    }
    integer_widths: ClassVar[Mapping[str, int]] = {
        **DialectAdapter.integer_widths,
        "hugeint": 16,
    }
    float_widths: ClassVar[Mapping[str, int]] = {"real": 4, "double precision": 8}
    #: DECIMAL without arguments is DECIMAL(18,3) in DuckDB.
    default_decimal: ClassVar[tuple[int, int]] = (18, 3)

    # ------------------------------------------------------------------ reading
    def read_catalog(
        self, conn: Connection, schema: str | None, names: Collection[str] | None
    ) -> Catalog:
        return read_catalog(conn, schema, names)

    def server_version(self, conn: Connection) -> tuple[int, ...]:
        # dialect.server_version_info is the PostgreSQL version DuckDB pretends to be.
        version = str(conn.exec_driver_sql("SELECT library_version FROM pragma_version()").scalar())
        return tuple(int(part) for part in re.findall(r"\d+", version)[:3])

    def unchecked_facts(self, server_version: tuple[int, ...]) -> list[tuple[str, str]]:
        return [
            ("VARCHAR length", "DuckDB neither stores nor enforces a VARCHAR length"),
            ("generated columns", "DuckDB's catalog functions do not report them"),
            (
                "value generation (sequences)",
                "DuckDB's catalog does not tie a sequence to a column",
            ),
        ]

    def uncomparable_kinds(self, server_version: tuple[int, ...]) -> frozenset[DiffKind]:
        return frozenset({DiffKind.COMPUTED_MISMATCH, DiffKind.AUTOINCREMENT_MISMATCH})

    # ------------------------------------------------------------------ safety
    def open_read_only(self, cargs: list[Any], cparams: dict[str, Any]) -> bool:
        """Open the file ``read_only``; a missing file is an error, never a new database.

        ``duckdb.connect`` creates the file it is given when it does not exist.
        """
        database = cparams.get("database", cargs[0] if cargs else None)
        if not isinstance(database, str) or database in ("", ":memory:"):
            return False
        if database.startswith(("md:", "motherduck:")) or "://" in database:
            return False  # not a local file
        if not os.path.exists(database):
            raise InspectionError(
                f"DuckDB database file {database!r} does not exist; check the path "
                "(parity never creates a database)"
            )
        cparams["read_only"] = True
        return True

    # ------------------------------------------------------------------ types
    def declared_type(self, column: Column[Any], dialect: Dialect) -> TypeSpec:
        try:
            compiled = str(dialect.type_compiler_instance.process(column.type))
        except (CompileError, UnsupportedCompilationError, NotImplementedError):
            return super().declared_type(column, dialect)
        return self.parse_type(compiled)

    def reflected_type(self, column: ReflectedColumn, dialect: Dialect) -> TypeSpec:
        data_type = (column.get("dialect_options") or {}).get(DATA_TYPE)
        if data_type is None:
            return super().reflected_type(column, dialect)
        return self.parse_type(str(data_type))

    def parse_type(self, text: str) -> TypeSpec:
        """``DECIMAL(10,2)``, ``TIMESTAMP WITH TIME ZONE``, ``INTEGER[]`` -> ``TypeSpec``."""
        match = _ARGS.match(" ".join(text.strip().split()))
        if match is None:
            return TypeSpec(name=text.strip().lower())
        base = match["base"].lower().strip()
        args = [a.strip() for a in (match["args"] or "").split(",") if a.strip()]
        if match["array"]:
            item = self.parse_type(text[: text.rindex("[")])
            return TypeSpec(name="array", item=item, dimensions=match["array"].count("[]"))
        name = self.type_synonyms.get(base, base)
        precision = scale = None
        if name == "numeric":
            precision, scale = self.default_decimal
            if args:
                precision, scale = int(args[0]), int(args[1]) if len(args) > 1 else 0
        return TypeSpec(
            name=name,
            precision=precision,
            scale=scale,
            timezone="with time zone" in base or base in self.zoned_types,
        )
