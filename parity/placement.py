"""Where each model table lives on this connection: the schema it is compared in.

A model names schemas the way the application's engine resolves them, and parity must
resolve them the same way or it compares the wrong tables:

* the connection's *default schema* may be named explicitly (``schema="public"``,
  MariaDB's own database name, SQLite's ``main``): that is the very schema an
  unqualified table lives in, so it must not become a second, separately read schema
  (every table would be reported extra there and missing here);
* an engine's ``execution_options(schema_translate_map=...)`` moves tables: the
  application writes table ``t`` of schema ``S`` to ``map[S]`` (the key ``None`` for
  unqualified tables), so that is where parity must read, or it checks a schema the
  application never writes (a fail-open);
* ``compare(..., schema=X)`` names a real database schema for the unqualified tables,
  and wins over the map's ``None`` entry (one model checked against many tenants).

Schemas are compared in *canonical* form: the default schema is ``None``, as the
catalog side already writes a foreign key's referred schema (:mod:`parity.reflected`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection

#: The execution option SQLAlchemy renders schema names through.
TRANSLATE_OPTION = "schema_translate_map"


def translate_map(conn: Connection) -> dict[str | None, str | None]:
    """The bind's ``schema_translate_map`` (an Engine's options reach its connections)."""
    options: Mapping[str, Any] = conn.get_execution_options()
    found = options.get(TRANSLATE_OPTION) or {}
    return dict(found)


@dataclass(frozen=True, slots=True)
class Placement:
    """How model schema names map to real schemas on one connection.

    ``default_schema``: the schema ``schema=None`` means on this connection;
    ``translate``: the bind's ``schema_translate_map``; ``requested``: the caller's
    explicit ``schema=`` (a real schema name, never translated), or ``None``.
    """

    default_schema: str | None = None
    translate: Mapping[str | None, str | None] = field(default_factory=dict)
    requested: str | None = None

    @property
    def main(self) -> str | None:
        """The real schema the unqualified model tables are compared in, as named.

        ``None`` for the connection's default schema (read without naming it).
        """
        if self.requested is not None:
            return self.requested
        return self.translate.get(None)

    def translated(self, declared: str | None) -> str | None:
        """``declared`` through the translate map only (what the application writes)."""
        return self.translate.get(declared, declared)

    def real(self, declared: str | None) -> str | None:
        """The real schema of a model table (or foreign-key target) declared in ``declared``."""
        if declared is None:
            return self.main
        return self.translated(declared)

    def canonical(self, name: str | None) -> str | None:
        """``name`` with the default schema written as ``None``."""
        if name is not None and name == self.default_schema:
            return None
        return name

    def home(self, declared: str | None) -> str | None:
        """:meth:`real` in canonical form: the key model tables are grouped by."""
        return self.canonical(self.real(declared))

    def owns(self, group: str | None, declared: str | None) -> bool:
        """Whether a foreign key of a table read in ``group`` writes no referred schema.

        As the catalog side does: a target in the table's own schema or in the default
        schema is written without one (:func:`parity.reflected.snapshot_from_catalog`).
        """
        target = self.home(declared)
        return target is None or target == self.canonical(group)
