"""PostgreSQL 18 catalog features, live (``--db postgresql-18``; skipped on older servers).

PostgreSQL 18 stores NOT NULL constraints in ``pg_constraint``, makes generated columns
VIRTUAL by default, adds ``NOT ENFORCED`` foreign keys and CHECKs, temporal keys
(``WITHOUT OVERLAPS`` / ``PERIOD``) and ``uuidv7()``.  Each case is written as a
migration or a DBA writes it (plain DDL, ``ALTER TABLE ... ADD``), and the expected
outcome comes from the PostgreSQL 18 documentation:

* a NOT NULL constraint, named or not, is one fact: the column's nullability;
  ``NOT NULL ... NOT VALID`` refuses new NULLs (so the column is NOT NULL) but old rows
  may hold NULL, which ``unchecked`` says;
* VIRTUAL and STORED generated columns differ, and ``Computed(persisted=None)`` is what
  SQLAlchemy emits for the server (VIRTUAL with SQLAlchemy 2.1 on 18, STORED otherwise);
* a ``NOT ENFORCED`` foreign key or CHECK constrains nothing (the documentation: "the
  constraint is not checked"), so it does not count as present;
* temporal keys are named in ``unchecked`` (SQLAlchemy cannot declare the overlap rule);
* ``uuidv7()`` defaults compare by their text and are never evaluated as constants.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.engine import Engine

import parity
from dialects.postgresql.reader import read_catalog
from parity.report import DiffKind
from tests.server_version import require_server_version
from tests.statements import counting

pytestmark = pytest.mark.backends("postgresql")


@pytest.fixture
def pg18(backend_engine: Engine) -> Engine:
    require_server_version(backend_engine, (18,), "PostgreSQL 18 catalog features")
    return backend_engine


def _run(engine: Engine, *statements: str) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def _kinds(report: parity.ParityReport) -> list[DiffKind]:
    return sorted(d.kind for d in report.differences)


def _unchecked(report: parity.ParityReport) -> str:
    return "\n".join(f"{what}: {why}" for what, why in report.unchecked)


# --------------------------------------------------------------------------- NOT NULL
def _people(md: sa.MetaData, *, name_nullable: bool = False, note_nullable: bool = True) -> None:
    sa.Table(
        "people",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.Text, nullable=name_nullable),
        sa.Column("note", sa.Text, nullable=note_nullable),
    )


def test_named_not_null_constraints_are_one_fact(pg18: Engine) -> None:
    _run(
        pg18,
        "CREATE TABLE people (id integer PRIMARY KEY, "
        "name text CONSTRAINT people_name_required NOT NULL, note text)",
        "ALTER TABLE people ADD CONSTRAINT people_note_required NOT NULL note",
    )
    with pg18.connect() as conn:
        kinds = conn.exec_driver_sql(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'people'::regclass "
            "AND contype = 'n' ORDER BY conname"
        ).scalars()
        # PostgreSQL 18 keeps them in pg_constraint (the id one comes from the key).
        assert list(kinds) == ["people_id_not_null", "people_name_required", "people_note_required"]
        catalog = read_catalog(conn, None, None)
    assert catalog.checks.get("people", []) == []
    assert catalog.uniques.get("people", []) == []
    assert [c["nullable"] for c in catalog.columns["people"]] == [False, False, False]

    md = sa.MetaData()
    _people(md, note_nullable=False)
    assert parity.compare(pg18, md, mode="exact").differences == ()

    loose = sa.MetaData()
    _people(loose, name_nullable=True, note_nullable=False)
    report = parity.compare(pg18, loose)
    # One nullability fact, one difference: never counted again as a CHECK or the like.
    assert _kinds(report) == [DiffKind.NULLABLE_MISMATCH], report.render()
    assert report.differences[0].column == "name"


def test_not_valid_not_null_is_not_null_for_writes_and_named_unchecked(pg18: Engine) -> None:
    _run(
        pg18,
        "CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, note text)",
        "INSERT INTO people VALUES (1, 'a', NULL)",
        "ALTER TABLE people ADD CONSTRAINT people_note_nn NOT NULL note NOT VALID",
    )
    with pytest.raises(sa.exc.IntegrityError), pg18.begin() as conn:
        conn.exec_driver_sql("INSERT INTO people VALUES (2, 'b', NULL)")

    md = sa.MetaData()
    _people(md, note_nullable=False)
    report = parity.compare(pg18, md, mode="exact")
    assert report.differences == (), report.render()
    assert "people.people_note_nn" in _unchecked(report)
    assert "NOT VALID NOT NULL" in _unchecked(report)

    loose = sa.MetaData()
    _people(loose)
    report = parity.compare(pg18, loose)
    assert _kinds(report) == [DiffKind.NULLABLE_MISMATCH]
    assert not report.ok  # the application's NULL writes are refused


# --------------------------------------------------------------------- generated columns
def _generated(md: sa.MetaData, persisted: bool | None) -> None:
    sa.Table(
        "lines",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("qty", sa.Integer),
        sa.Column("twice", sa.Integer, sa.Computed("qty * 2", persisted=persisted)),
    )


@pytest.mark.parametrize(
    ("ddl_kind", "persisted", "same"),
    [
        ("VIRTUAL", False, True),
        ("", False, True),  # VIRTUAL is PostgreSQL 18's default
        ("STORED", True, True),
        ("VIRTUAL", True, False),
        ("STORED", False, False),
        ("", True, False),
    ],
)
def test_virtual_and_stored_are_different(
    pg18: Engine, ddl_kind: str, persisted: bool, same: bool
) -> None:
    _run(
        pg18,
        "CREATE TABLE lines (id integer PRIMARY KEY, qty integer, "
        f"twice integer GENERATED ALWAYS AS (qty * 2) {ddl_kind})",
    )
    md = sa.MetaData()
    _generated(md, persisted)
    report = parity.compare(pg18, md)
    assert _kinds(report) == ([] if same else [DiffKind.COMPUTED_MISMATCH]), report.render()


@pytest.mark.parametrize("ddl_kind", ["VIRTUAL", "STORED"])
def test_persisted_unset_is_what_sqlalchemy_emits(pg18: Engine, ddl_kind: str) -> None:
    """``Computed(persisted=None)``: SQLAlchemy 2.1 emits no keyword on PostgreSQL 18
    (VIRTUAL); SQLAlchemy 2.0 always emits STORED (both documented in its PostgreSQL
    dialect notes).  The model is what ``create_all`` would make."""
    md = sa.MetaData()
    _generated(md, None)
    emitted = str(sa.schema.CreateTable(md.tables["lines"]).compile(pg18)).upper()
    virtual_emitted = "STORED" not in emitted
    _run(
        pg18,
        "CREATE TABLE lines (id integer PRIMARY KEY, qty integer, "
        f"twice integer GENERATED ALWAYS AS (qty * 2) {ddl_kind})",
    )
    same = virtual_emitted == (ddl_kind == "VIRTUAL")
    report = parity.compare(pg18, md)
    assert _kinds(report) == ([] if same else [DiffKind.COMPUTED_MISMATCH]), report.render()


def test_create_all_of_persisted_unset_compares_clean(pg18: Engine) -> None:
    md = sa.MetaData()
    _generated(md, None)
    md.create_all(pg18)
    assert parity.compare(pg18, md, mode="exact").differences == ()


# ------------------------------------------------------------------------ NOT ENFORCED
def _orders(md: sa.MetaData, *, fk: bool = True, check: bool = True) -> None:
    sa.Table("customers", md, sa.Column("id", sa.Integer, primary_key=True, autoincrement=False))
    sa.Table(
        "orders",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("customer_id", sa.Integer, *([sa.ForeignKey("customers.id")] if fk else [])),
        sa.Column("qty", sa.Integer),
        *([sa.CheckConstraint("qty > 0", name="orders_qty_positive")] if check else []),
    )


@pytest.mark.parametrize("spelling", ["inline", "alter"])
def test_not_enforced_constraints_do_not_count_as_present(pg18: Engine, spelling: str) -> None:
    if spelling == "inline":
        _run(
            pg18,
            "CREATE TABLE customers (id integer PRIMARY KEY)",
            "CREATE TABLE orders (id integer PRIMARY KEY, "
            "customer_id integer REFERENCES customers (id) NOT ENFORCED, qty integer, "
            "CONSTRAINT orders_qty_positive CHECK (qty > 0) NOT ENFORCED)",
        )
    else:
        _run(
            pg18,
            "CREATE TABLE customers (id integer PRIMARY KEY)",
            "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, qty integer)",
            "ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey "
            "FOREIGN KEY (customer_id) REFERENCES customers (id) NOT ENFORCED",
            "ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0) NOT ENFORCED",
        )
    # Nothing is enforced: an orphan row with a negative quantity is accepted.
    _run(pg18, "INSERT INTO orders VALUES (1, 999, -5)")

    md = sa.MetaData()
    _orders(md)
    report = parity.compare(pg18, md, mode="exact")
    assert not report.ok
    assert _kinds(report) == sorted([DiffKind.FOREIGN_KEY_MISSING, DiffKind.CHECK_MISSING]), (
        report.render()
    )
    assert "NOT ENFORCED" in _unchecked(report)

    # A model without them: the unenforced ones refuse no write, so they are not extra.
    bare = sa.MetaData()
    _orders(bare, fk=False, check=False)
    assert parity.compare(pg18, bare, mode="exact").differences == ()


def test_enforced_constraints_still_count(pg18: Engine) -> None:
    _run(
        pg18,
        "CREATE TABLE customers (id integer PRIMARY KEY)",
        "CREATE TABLE orders (id integer PRIMARY KEY, "
        "customer_id integer REFERENCES customers (id) ENFORCED, qty integer, "
        "CONSTRAINT orders_qty_positive CHECK (qty > 0) ENFORCED)",
    )
    md = sa.MetaData()
    _orders(md)
    report = parity.compare(pg18, md, mode="exact")
    assert report.differences == (), report.render()
    assert "NOT ENFORCED" not in _unchecked(report)


# ---------------------------------------------------------------------- temporal keys
def test_temporal_keys_are_never_silently_equal(pg18: Engine) -> None:
    _run(
        pg18,
        "CREATE EXTENSION IF NOT EXISTS btree_gist",
        "CREATE TABLE rooms (id integer, valid_at daterange, "
        "CONSTRAINT rooms_pkey PRIMARY KEY (id, valid_at WITHOUT OVERLAPS))",
        "CREATE TABLE bookings (id integer, room_id integer, valid_at daterange, "
        "CONSTRAINT bookings_once UNIQUE (id, valid_at WITHOUT OVERLAPS), "
        "CONSTRAINT bookings_room FOREIGN KEY (room_id, PERIOD valid_at) "
        "REFERENCES rooms (id, PERIOD valid_at))",
    )
    md = sa.MetaData()
    sa.Table(
        "rooms",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("valid_at", pg.DATERANGE, primary_key=True),
    )
    sa.Table(
        "bookings",
        md,
        sa.Column("id", sa.Integer),
        sa.Column("room_id", sa.Integer),
        sa.Column("valid_at", pg.DATERANGE),
        sa.UniqueConstraint("id", "valid_at"),
        sa.ForeignKeyConstraint(["room_id", "valid_at"], ["rooms.id", "rooms.valid_at"]),
    )
    report = parity.compare(pg18, md, mode="exact")
    unchecked = _unchecked(report)
    # A plain key on the same columns is not the temporal key: it is said, not hidden.
    for name in ("rooms.rooms_pkey", "bookings.bookings_once", "bookings.bookings_room"):
        assert name in unchecked, unchecked
    assert "WITHOUT OVERLAPS" in unchecked


# ---------------------------------------------------------------------------- uuidv7()
@pytest.mark.parametrize(
    ("database_default", "same"),
    [("uuidv7()", True), ("uuidv4()", False), ("gen_random_uuid()", False)],
)
def test_uuidv7_defaults(pg18: Engine, database_default: str, same: bool) -> None:
    _run(pg18, f"CREATE TABLE events (id uuid PRIMARY KEY DEFAULT {database_default})")
    md = sa.MetaData()
    sa.Table(
        "events", md, sa.Column("id", sa.Uuid, primary_key=True, server_default=sa.text("uuidv7()"))
    )
    report = parity.compare(pg18, md, mode="exact")
    assert _kinds(report) == ([] if same else [DiffKind.DEFAULT_MISMATCH]), report.render()


# ------------------------------------------------------------------- statement count
def test_bulk_reader_count_is_constant_with_pg18_features(pg18: Engine) -> None:
    _run(pg18, "CREATE EXTENSION IF NOT EXISTS btree_gist")
    for i in range(12):
        _run(
            pg18,
            f"CREATE TABLE t{i} (id integer, valid_at daterange, ref integer, qty integer, "
            f"twice integer GENERATED ALWAYS AS (qty * 2), "
            f"CONSTRAINT t{i}_pkey PRIMARY KEY (id, valid_at WITHOUT OVERLAPS), "
            f"CONSTRAINT t{i}_qty CHECK (qty > 0) NOT ENFORCED)",
            f"ALTER TABLE t{i} ADD CONSTRAINT t{i}_ref_nn NOT NULL ref NOT VALID",
        )
    counts = []
    for names in (["t1"], [f"t{i}" for i in range(12)], None):
        with pg18.connect() as conn, counting(pg18) as seen:
            catalog = read_catalog(conn, None, names)
        counts.append(len(seen))
        assert all(s.lstrip().upper().startswith(("SELECT", "--")) for s in seen)
        assert len(catalog.tables) == (1 if names and len(names) == 1 else 12)
    assert counts[0] == counts[1] == counts[2] <= 5
