"""``DEFAULT NULL`` is no default, on every database and in every spelling.

A row inserted without the column gets NULL either way; only the catalogs keep the two
apart (PostgreSQL stores ``DEFAULT NULL`` on a varchar as ``NULL::character varying``,
MySQL and SQLite keep nothing or ``NULL``).  DBA-written, ported and dumped DDL writes it
on most nullable columns, so reporting it would be a false drift on every such column.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

import parity
from parity.report import DiffKind
from tests.backends import family_of

_DDL = {
    "postgresql": "CREATE TABLE t (id integer PRIMARY KEY, a varchar(10) DEFAULT NULL, "
    "b integer DEFAULT NULL::integer, c text DEFAULT (NULL)::text, d date DEFAULT NULL)",
    "mysql": "CREATE TABLE t (id int PRIMARY KEY, a varchar(10) DEFAULT NULL, "
    "b int DEFAULT NULL, c text DEFAULT NULL, d date DEFAULT NULL)",
    "sqlite": "CREATE TABLE t (id integer PRIMARY KEY, a varchar(10) DEFAULT NULL, "
    "b integer DEFAULT (NULL), c text DEFAULT null, d date DEFAULT NULL)",
}


def _model(name: str = "t", **defaults: str) -> sa.MetaData:
    metadata = sa.MetaData()
    sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("a", sa.String(10), server_default=_text(defaults.get("a"))),
        sa.Column("b", sa.Integer, server_default=_text(defaults.get("b"))),
        sa.Column("c", sa.Text, server_default=_text(defaults.get("c"))),
        sa.Column("d", sa.Date, server_default=_text(defaults.get("d"))),
    )
    return metadata


def _text(sql: str | None) -> sa.TextClause | None:
    return None if sql is None else sa.text(sql)


def test_default_null_in_the_database_is_no_default(
    backend_name: str, backend_engine: Engine
) -> None:
    with backend_engine.begin() as conn:
        conn.exec_driver_sql(_DDL[family_of(backend_name)])
    assert parity.compare(backend_engine, _model(), mode="exact").differences == ()
    # ... and a model that writes it (NULL, or a reflected model's text) is the same.
    spelled = _model(a="NULL", b="null", c="NULL", d="NULL")
    assert parity.compare(backend_engine, spelled, mode="exact").differences == ()
    reflected = sa.MetaData()
    reflected.reflect(backend_engine)
    assert parity.compare(backend_engine, reflected, mode="exact").differences == ()
    # A real default is still a difference against DEFAULT NULL.
    report = parity.compare(backend_engine, _model(b="0"), mode="exact")
    assert [(d.kind, d.column) for d in report.differences] == [(DiffKind.DEFAULT_MISMATCH, "b")]


def test_a_model_default_null_matches_a_column_without_default(backend_engine: Engine) -> None:
    plain = _model("u")
    plain.create_all(backend_engine)
    spelled = _model("u", a="NULL", b="null", c="(NULL)", d="NULL")
    report = parity.compare(backend_engine, spelled, mode="exact", tables=["u"])
    assert report.differences == ()
