"""MySQL/MariaDB index options: FULLTEXT/SPATIAL and prefix lengths, on both sides.

SQLAlchemy names these options after the dialect of the URL: ``mysql_prefix`` through
``mysql+pymysql`` (MariaDB servers included), ``mariadb_prefix`` through
``mariadb+pymysql``, in the model's ``Index`` kwargs and in what it reflects alike.
The reflected rows below are the shapes SQLAlchemy 2.1's ``get_indexes`` returns from
MariaDB 10.11 through each URL.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect, make_url

from dialects.mysql import MySQLAdapter
from parity.catalog import Catalog
from parity.snapshot import Options

ADAPTER = MySQLAdapter()
MYSQL = mysql.dialect()
MARIADB = mysql.dialect(is_mariadb=True)  # a MariaDB server through mysql+pymysql
MARIADB_URL = make_url("mariadb+pymysql://").get_dialect()()  # named "mariadb"

FULLTEXT: Options = (("kind", "fulltext"),)


def _reflected(**dialect_options: object) -> Any:
    row: dict[str, object] = {"name": "ix", "column_names": ["a", "b"], "unique": False}
    if dialect_options:
        row["dialect_options"] = dialect_options
    return row


@pytest.mark.parametrize(
    ("row", "options"),
    [
        (_reflected(), ()),
        (_reflected(mysql_prefix="FULLTEXT"), FULLTEXT),
        (_reflected(mariadb_prefix="FULLTEXT"), FULLTEXT),
        (_reflected(mysql_length={"b": 4, "a": 10}), (("length", "a(10), b(4)"),)),
        (_reflected(mariadb_length={"a": 10}), (("length", "a(10)"),)),
        (
            _reflected(mariadb_prefix="SPATIAL", mariadb_length={"a": 3}),
            (("kind", "spatial"), ("length", "a(3)")),
        ),
    ],
    ids=["none", "mysql fulltext", "mariadb fulltext", "mysql lengths", "mariadb length", "both"],
)
def test_reflected_index_options_under_either_dialect_name(row: Any, options: Options) -> None:
    """A FULLTEXT index read through a ``mariadb+`` URL is still FULLTEXT: read only as
    ``mysql_prefix`` it was a plain index, and a plain model index matched it."""
    assert ADAPTER.reflected_index_options(row) == options


def _index(**kwargs: object) -> sa.Index:
    table = sa.Table("t", sa.MetaData(), sa.Column("a", sa.String(50)), sa.Column("b", sa.Text))
    return sa.Index("ix", table.c.a, table.c.b, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "dialect", "options"),
    [
        ({}, MYSQL, ()),
        ({"mysql_prefix": "FULLTEXT"}, MYSQL, FULLTEXT),
        ({"mysql_prefix": "FULLTEXT"}, MARIADB, FULLTEXT),
        ({"mariadb_prefix": "FULLTEXT"}, MARIADB_URL, FULLTEXT),
        # CREATE INDEX reads only the options named after the dialect of the URL.
        ({"mariadb_prefix": "FULLTEXT"}, MYSQL, ()),
        ({"mysql_prefix": "FULLTEXT"}, MARIADB_URL, ()),
        ({"mysql_length": 10}, MYSQL, (("length", "a(10), b(10)"),)),
        ({"mariadb_length": {"b": 4}}, MARIADB_URL, (("length", "b(4)"),)),
        # No prefix length, in either spelling (as a dict leaves a zero out).
        ({"mysql_length": 0}, MYSQL, ()),
        ({"mysql_length": {"a": 0, "b": 4}}, MYSQL, (("length", "b(4)"),)),
    ],
)
def test_declared_index_options_follow_create_index(
    kwargs: dict[str, object], dialect: Dialect, options: Options
) -> None:
    """The model's FULLTEXT and prefix lengths are what ``CREATE INDEX`` on that dialect
    writes: an integer length applies to every member, a dict to the columns it names."""
    assert ADAPTER.declared_index_options(_index(**kwargs), dialect) == options


@pytest.mark.parametrize("key", ["mysql_prefix", "mariadb_prefix"])
def test_a_fulltext_index_on_a_foreign_key_is_never_innodbs(key: str) -> None:
    """InnoDB's own index for a key is a plain BTREE: a FULLTEXT one of the same name
    and columns is the model's, however the URL names the dialect."""
    catalog = Catalog(schema=None, tables=["t"])
    catalog.foreign_keys["t"] = [
        {
            "name": "fk_doc",
            "constrained_columns": ["doc"],
            "referred_schema": None,
            "referred_table": "p",
            "referred_columns": ["id"],
            "options": {},
        }
    ]
    plain = {"name": "fk_doc", "column_names": ["doc"], "unique": False}
    assert ADAPTER.is_implicit_index("t", plain, catalog)  # type: ignore[arg-type]
    fulltext = {**plain, "dialect_options": {key: "FULLTEXT"}}
    assert not ADAPTER.is_implicit_index("t", fulltext, catalog)  # type: ignore[arg-type]
