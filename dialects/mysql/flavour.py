"""Which server we talk to: MySQL or MariaDB, and which version.

One adapter serves both servers because SQLAlchemy does: ``mysql+pymysql`` reports the
dialect name ``mysql`` even on MariaDB.  What differs between them is small and depends
on the version, so it lives in one frozen record derived from the dialect (or, where a
hook only sees the version tuple, from the version alone) instead of ``if`` chains
spread over the adapter.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Dialect

#: MySQL parses CHECK constraints since 5.x but enforces and reports them from 8.0.16.
MYSQL_CHECKS = (8, 0, 16)
#: MariaDB enforces and reports CHECK constraints from 10.2.1.
MARIADB_CHECKS = (10, 2, 1)
#: MariaDB's COLUMN_DEFAULT is the default's expression text (literals quoted) from
#: 10.2.7, CHECK_CONSTRAINTS tells table from column checks (LEVEL) from 10.5.10 and
#: STATISTICS has IGNORED from 10.6, which lets :mod:`.bulk` read tables without SHOW
#: CREATE TABLE.
MARIADB_BULK_READS = (10, 6)
#: MariaDB has a native UUID type from 10.7 (SQLAlchemy uses it for ``Uuid``).
MARIADB_NATIVE_UUID = (10, 7)
#: MariaDB version numbers start at 10 (after 5.5); MySQL's stop at 9 so far.
_FIRST_MARIADB_MAJOR = 10


@dataclass(frozen=True, slots=True)
class Flavour:
    """The server family and version, with the capabilities that follow from them."""

    is_mariadb: bool
    version: tuple[int, ...] = ()

    @classmethod
    def of(cls, dialect: Dialect) -> Flavour:
        """The flavour of a connected (initialised) SQLAlchemy MySQL dialect."""
        info = dialect.server_version_info or ()
        return cls(
            is_mariadb=bool(getattr(dialect, "is_mariadb", False)),
            version=tuple(part for part in info if isinstance(part, int)),
        )

    @classmethod
    def guess(cls, version: tuple[int, ...]) -> Flavour:
        """The flavour from a version tuple alone (for hooks that get nothing else).

        Unambiguous for every released server: MariaDB 5.5 and MySQL 5.x both lack
        CHECK constraints, and only MariaDB has majors 10 and above.
        """
        return cls(is_mariadb=bool(version) and version[0] >= _FIRST_MARIADB_MAJOR, version=version)

    @property
    def label(self) -> str:
        name = "MariaDB" if self.is_mariadb else "MySQL"
        return f"{name} {'.'.join(str(p) for p in self.version)}".strip()

    @property
    def has_checks(self) -> bool:
        """Whether the server keeps and reports CHECK constraints."""
        if not self.version:
            return True  # unknown: assume a current server rather than hide a check
        return self.version >= (MARIADB_CHECKS if self.is_mariadb else MYSQL_CHECKS)

    @property
    def has_bulk_columns(self) -> bool:
        """Whether ``information_schema`` says all ``SHOW CREATE TABLE`` says of a column.

        MariaDB 10.6 and later (see :data:`MARIADB_BULK_READS`); MySQL's
        ``COLUMN_DEFAULT`` is unquoted (``abc`` for the string and for a
        function alike), so MySQL keeps the per-table parse.
        """
        return self.is_mariadb and self.version >= MARIADB_BULK_READS

    @property
    def json_is_longtext(self) -> bool:
        """MariaDB's JSON is an alias of LONGTEXT plus a ``json_valid`` CHECK."""
        return self.is_mariadb
