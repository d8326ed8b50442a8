"""MySQL and MariaDB support for schema-parity.

One adapter serves both servers (SQLAlchemy names the dialect ``mysql`` for
``mysql+pymysql`` even on MariaDB, ``mariadb`` for ``mariadb+pymysql``); what differs
between them is decided per connection by :class:`Flavour`.
"""

from __future__ import annotations

from .adapter import MySQLAdapter
from .flavour import Flavour

__all__ = ["Flavour", "MySQLAdapter"]
