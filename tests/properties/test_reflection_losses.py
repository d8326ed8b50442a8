"""Pins of :data:`parity.strategies.reflection.LOSSES`: each loss still happens, and
explains exactly what the round trip reports on its own DDL.

When a SQLAlchemy release starts carrying the fact into the reflected ``Table``,
``test_sqlalchemy_still_loses_it`` fails for that entry: remove the entry, so the
round-trip property checks that fact from then on.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

import parity
from parity.strategies.reflection import LOSSES, ReflectionLoss, losses_for, reflect, round_trip

_BY_KEY = {loss.key: loss for loss in LOSSES}


def _run(engine: Engine, loss: ReflectionLoss) -> None:
    with engine.begin() as conn:
        for statement in loss.pin:
            conn.exec_driver_sql(statement)


def _still_lost(engine: Engine, key: str) -> bool:
    """Whether SQLAlchemy's reflected table lacks the fact (asked of SQLAlchemy alone)."""
    metadata, skipped = reflect(engine)
    tables = metadata.tables
    if key == "sqlite-expression-index":
        return "ix" in skipped and not tables["t"].indexes
    if key == "sqlite-inline-fk-options":
        (fk,) = tables["c"].foreign_key_constraints
        return fk.ondelete is None and fk.deferrable is None
    if key == "sqlite-column-unique":
        t = tables["t"]
        return not any(isinstance(c, sa.UniqueConstraint) for c in t.constraints) and not any(
            i.unique for i in t.indexes
        )
    if key in {"sqlite-index-sort-order", "mysql-index-sort-order"}:
        (index,) = tables["t"].indexes
        return all(isinstance(e, sa.Column) for e in index.expressions)
    if key == "sqlite-reference-case":
        return {"t", "T"} <= set(tables)
    if key == "sqlite-generated-quoted-name":
        computed = tables["t"].c['quo"te'].computed
        return computed is not None and not str(computed.sqltext).strip()
    if key == "sqlite-autoincrement":
        return not tables["t"].dialect_kwargs.get("sqlite_autoincrement")
    if key == "mysql-column-check":
        return not any(isinstance(c, sa.CheckConstraint) for c in tables["t"].constraints)
    if key == "mariadb-json":
        return not isinstance(tables["t"].c["a"].type, sa.JSON)
    if key == "mariadb-text-default-quote":
        return tables["t"].c["a"].server_default is None
    if key == "mysql-backtick-name":
        return "a`b" not in tables["t"].c
    raise AssertionError(f"no pin check for {key}")


def _loss(backend_name: str, key: str) -> ReflectionLoss:
    loss = _BY_KEY[key]
    if loss.dialect != backend_name:
        pytest.skip(f"{key} is a loss of SQLAlchemy's {loss.dialect} reflection")
    return loss


@pytest.mark.parametrize("key", sorted(_BY_KEY))
def test_sqlalchemy_still_loses_it(backend_name: str, backend_engine: Engine, key: str) -> None:
    loss = _loss(backend_name, key)
    _run(backend_engine, loss)
    assert _still_lost(backend_engine, key), (
        f"SQLAlchemy {sa.__version__} now reflects what {key!r} says it loses: "
        "remove the entry from parity.strategies.reflection.LOSSES"
    )


@pytest.mark.parametrize("key", sorted(_BY_KEY))
def test_the_loss_explains_the_round_trip(
    backend_name: str, backend_engine: Engine, key: str
) -> None:
    loss = _loss(backend_name, key)
    _run(backend_engine, loss)
    trip = round_trip(backend_engine)
    assert trip.report.differences, f"{key}: the round trip on its pin reports nothing"
    assert trip.unexplained == (), trip.report.render()
    assert {entry.key for _, entry in trip.explained} == {key}, trip.report.render()


def test_every_loss_names_a_known_dialect_and_a_reason() -> None:
    for loss in LOSSES:
        assert loss.dialect in {"sqlite", "postgresql", "mysql"}
        assert loss.reason and loss.pin
        assert loss in losses_for(loss.dialect)
    assert parity.DiffKind  # the losses speak DiffKinds
