"""Dialect adapter tests.

:data:`SQLALCHEMY_VERSION` keys the documented differences between our readers and
SQLAlchemy's own reflection (and its DDL compiler), which change between the lowest
supported SQLAlchemy (CI's ``lowest`` sessions) and the newest.
"""

from __future__ import annotations

import re

import sqlalchemy

_VERSION = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", sqlalchemy.__version__)
assert _VERSION is not None, sqlalchemy.__version__
#: ``sqlalchemy.__version__`` as ``(major, minor, micro)``; pre-release suffixes dropped.
SQLALCHEMY_VERSION = (int(_VERSION[1]), int(_VERSION[2]), int(_VERSION[3] or 0))
