"""What the two pure reducers need of an adapter, as structural types.

:mod:`parity.declared` (model -> snapshot) and :mod:`parity.typecompare` (the generic
type verdict) are called *by* :class:`parity.adapter.DialectAdapter`, which builds on
both; were they to name that class, the imports would run in a circle.  They name these
protocols instead, which hold only the hooks they call; any ``DialectAdapter`` (and a
plugin's subclass) satisfies them, as mypy checks where an adapter is passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy.engine import Dialect
from sqlalchemy.schema import Column, ForeignKeyConstraint, Index, Table

from parity.snapshot import Options, TypeSpec


class TypeCapacities(Protocol):
    """The rankings the generic type verdict orders numeric and text families by."""

    @property
    def integer_widths(self) -> Mapping[str, int]: ...

    @property
    def float_widths(self) -> Mapping[str, int]: ...

    @property
    def text_capacity(self) -> Mapping[str, int | None]: ...


class ModelHooks(Protocol):
    """The adapter hooks that reduce a model table as ``create_all`` would emit it."""

    def declared_type(self, column: Column[Any], dialect: Dialect) -> TypeSpec: ...

    def declared_default(
        self, table: Table, column: Column[Any], dialect: Dialect, type_: TypeSpec
    ) -> str | None: ...

    def declared_nullable(
        self, table: Table, column: Column[Any], dialect: Dialect, autoincrement: str | None
    ) -> bool: ...

    def declared_autoincrement(
        self, table: Table, column: Column[Any], dialect: Dialect
    ) -> str | None: ...

    def declared_computed_persisted(self, column: Column[Any], dialect: Dialect) -> bool | None: ...

    def declared_collation(self, column: Column[Any], dialect: Dialect) -> str | None: ...

    def declared_index_options(self, index: Index, dialect: Dialect) -> Options: ...

    def declared_foreign_key_options(self, fk: ForeignKeyConstraint) -> Options: ...

    def referential_action(self, action: str | None) -> str | None: ...

    def normalise_expression(self, sql: str) -> str: ...

    def index_member_modifiers(
        self,
        *,
        collation: str | None,
        default_collation: str | None,
        descending: bool,
        nulls: str | None,
    ) -> str: ...
