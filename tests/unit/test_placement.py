"""Where model tables live (``parity.placement``) and how the model side writes keys.

No database: the rules that group model tables by real schema and write a foreign key's
referred schema as the catalog side writes it (``None`` for the table's own schema and
for the connection's default schema), with the default schema named explicitly, a
``schema_translate_map`` and an explicit ``schema=``.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from parity.declared import snapshot_from_tables
from parity.placement import Placement, translate_map
from parity.registry import dialect_for

DIALECT = postgresql.dialect()
ADAPTER = dialect_for(DIALECT)


def _keys(metadata: sa.MetaData, placement: Placement, schema: str | None) -> dict[str, object]:
    snapshot = snapshot_from_tables(
        ADAPTER, metadata.sorted_tables, DIALECT, schema=schema, placement=placement
    )
    return {t.name: [fk.referred_schema for fk in t.foreign_keys] for t in snapshot.tables}


def test_the_default_schema_named_explicitly_is_the_default_schema() -> None:
    where = Placement(default_schema="public")
    assert where.home("public") is None
    assert where.home(None) is None
    assert where.home("other") == "other"
    assert where.main is None


def test_the_translate_map_moves_tables_and_the_explicit_schema_wins_for_unqualified() -> None:
    where = Placement(default_schema="public", translate={None: "tenant", "billing": "b_1"})
    assert where.main == "tenant"
    assert where.home(None) == "tenant"
    assert where.home("billing") == "b_1"
    assert where.home("public") is None
    explicit = Placement(default_schema="public", translate={None: "tenant"}, requested="t2")
    assert explicit.main == "t2"
    assert explicit.home(None) == "t2"
    # The default schema through the map is the default schema too.
    assert Placement(default_schema="public", translate={"x": "public"}).home("x") is None


def _keyed(schema: str | None, target: str) -> sa.MetaData:
    metadata = sa.MetaData()
    sa.Table("plans", metadata, sa.Column("id", sa.Integer, primary_key=True), schema=schema)
    sa.Table(
        "orders",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.ForeignKey(f"{target}.id")),
    )
    return metadata


def test_a_key_to_the_default_schema_by_name_is_written_without_it() -> None:
    # As the catalog side writes it: the default schema is never named.
    model = _keyed("public", "public.plans")
    assert _keys(model, Placement(default_schema="public"), None)["orders"] == [None]
    # Also from another schema's table (compare(schema="tenant")).
    tenant = Placement(default_schema="public", requested="tenant")
    assert _keys(model, tenant, "tenant")["orders"] == [None]
    # Without knowing the default schema, it stays named (as before).
    assert _keys(model, Placement(), None)["orders"] == ["public"]


def test_a_key_through_the_translate_map_names_the_real_schema() -> None:
    model = _keyed("billing", "billing.plans")
    where = Placement(default_schema="public", translate={"billing": "b_1"})
    assert _keys(model, where, None)["orders"] == ["b_1"]
    # Read in its own (translated) schema, a key within it names none.
    inside = sa.MetaData()
    for table in model.sorted_tables:
        table.to_metadata(inside, schema="billing")
    assert _keys(inside, where, "b_1")["orders"] == [None]


def test_the_bind_translate_map_is_read_from_its_execution_options() -> None:
    engine = sa.create_engine(
        "sqlite://", execution_options={"schema_translate_map": {None: "tenant"}}
    )
    with engine.connect() as conn:
        assert translate_map(conn) == {None: "tenant"}
    with engine.execution_options(schema_translate_map={"a": "b"}).connect() as conn:
        assert translate_map(conn) == {"a": "b"}
    with sa.create_engine("sqlite://").connect() as conn:
        assert translate_map(conn) == {}
