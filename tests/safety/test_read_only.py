"""Safety promise 1: ``compare`` only reads, in a read-only transaction, and leaves no trace.

* the inspection runs in a transaction the database itself keeps read-only;
* a connection already inside a transaction stays in it, usable, with its settings;
* session settings (timeouts, ``query_only``) are what they were before;
* another connection's DDL and DML are never blocked by the inspection;
* a table dropped, altered or added meanwhile gives a report or a clear error.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

import parity
from parity.adapter import DialectAdapter
from parity.errors import InspectionError
from tests.safety.support import during_inspection, session_state


def _model() -> sa.MetaData:
    metadata = sa.MetaData()
    sa.Table("accounts", metadata, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "ledger",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("amount", sa.Integer, nullable=False),
    )
    return metadata


def _write_is_refused(conn: Connection, backend: str) -> bool:
    """Whether the database itself refuses a write on ``conn`` right now."""
    if backend == "postgresql":
        return conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "on"
    if backend == "sqlite":
        return conn.exec_driver_sql("PRAGMA query_only").scalar() == 1
    try:
        conn.exec_driver_sql("INSERT INTO accounts (id) VALUES (424242)")
    except DBAPIError as exc:
        return exc.orig is not None and exc.orig.args[0] == 1792  # READ ONLY transaction
    return False


def _spy_read_only(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, backend: str, seen: list[bool]
) -> None:
    """Record, at each catalog read, whether the database refuses writes."""
    adapter_class = type(parity.dialect_for(engine))
    original = adapter_class.read_catalog

    def spy(self: DialectAdapter, conn: Connection, *args: Any) -> Any:
        seen.append(_write_is_refused(conn, backend))
        return original(self, conn, *args)

    monkeypatch.setattr(adapter_class, "read_catalog", spy)


@pytest.mark.parametrize("autocommit", [False, True], ids=["default", "autocommit-engine"])
def test_inspection_runs_in_a_read_only_transaction(
    autocommit: bool, backend_name: str, backend_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = _model()
    model.create_all(backend_engine)
    engine = (
        sa.create_engine(backend_engine.url, isolation_level="AUTOCOMMIT")
        if autocommit
        else backend_engine
    )
    seen: list[bool] = []
    _spy_read_only(monkeypatch, engine, backend_name, seen)
    try:
        report = parity.compare(engine, model)
    finally:
        if autocommit:
            engine.dispose()
    assert report.ok, report.render()
    assert seen and all(seen)
    with backend_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM accounts")).scalar() == 0


def test_callers_transaction_stays_open_usable_and_unchanged(
    backend_name: str, backend_engine: Engine
) -> None:
    model = _model()
    model.create_all(backend_engine)
    with backend_engine.connect() as conn:
        before = session_state(conn, backend_name)
        conn.rollback()
        transaction = conn.begin()
        conn.execute(sa.text("INSERT INTO accounts (id) VALUES (1)"))
        report = parity.compare(conn, model, timeout=5)
        assert report.ok, report.render()
        assert conn.in_transaction() and conn.get_transaction() is transaction
        # Still writable, still the caller's work in it.
        conn.execute(sa.text("INSERT INTO accounts (id) VALUES (2)"))
        assert conn.execute(sa.text("SELECT count(*) FROM accounts")).scalar() == 2
        assert session_state(conn, backend_name) == before
        transaction.rollback()
        assert session_state(conn, backend_name) == before


def test_callers_transaction_survives_a_failed_inspection(
    backend_name: str, backend_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog statement the database rejects, inside the caller's transaction.

    The failure is real on every database (the server refuses a statement in the middle
    of the read: on PostgreSQL that aborts the transaction unless the inspection's
    savepoint takes it), and the test checks that it happened.
    """
    model = _model()
    model.create_all(backend_engine)
    adapter_class = type(parity.dialect_for(backend_engine))
    original = adapter_class.read_catalog

    def failing(self: DialectAdapter, conn: Connection, *args: Any) -> Any:
        catalog = original(self, conn, *args)
        conn.exec_driver_sql("SELECT no_such_column FROM no_such_table_for_parity")
        return catalog

    monkeypatch.setattr(adapter_class, "read_catalog", failing)
    with backend_engine.connect() as conn, conn.begin():
        conn.execute(sa.text("INSERT INTO accounts (id) VALUES (1)"))
        with pytest.raises(InspectionError, match=r"^cannot read the catalog of the default "):
            parity.compare(conn, model, timeout=5)
        assert conn.in_transaction()
        assert conn.execute(sa.text("SELECT count(*) FROM accounts")).scalar() == 1
        conn.execute(sa.text("INSERT INTO accounts (id) VALUES (2)"))  # still writable
        assert conn.execute(sa.text("SELECT count(*) FROM accounts")).scalar() == 2


def test_session_settings_are_restored_on_a_pooled_connection(
    backend_name: str, backend_engine: Engine
) -> None:
    model = _model()
    model.create_all(backend_engine)
    with backend_engine.connect() as conn:
        before = session_state(conn, backend_name)
        conn.rollback()
    for _ in range(2):
        parity.compare(backend_engine, model, timeout=3)
    with backend_engine.connect() as conn:
        assert session_state(conn, backend_name) == before


def _ddl_engine(backend_name: str, engine: Engine) -> Engine:
    """Another engine on the same database whose waits for locks are short."""
    url = engine.url
    if backend_name == "sqlite":
        return sa.create_engine(url, connect_args={"timeout": 3})
    return sa.create_engine(url, poolclass=sa.pool.NullPool)


def _short_lock_wait(conn: Connection, backend_name: str) -> None:
    if backend_name == "postgresql":
        conn.exec_driver_sql("SET lock_timeout = '3s'")
    elif backend_name == "mysql":
        conn.exec_driver_sql("SET SESSION lock_wait_timeout = 3")


def test_concurrent_ddl_and_dml_are_not_blocked(backend_name: str, backend_engine: Engine) -> None:
    """While the inspection's transaction is open, another connection alters and writes."""
    model = _model()
    model.create_all(backend_engine)
    other = _ddl_engine(backend_name, backend_engine)
    done: list[str] = []

    def other_connection_works() -> None:
        with other.connect() as conn:
            _short_lock_wait(conn, backend_name)
            conn.commit()
            with conn.begin():
                conn.execute(sa.text("INSERT INTO ledger (id, amount) VALUES (1, 5)"))
                conn.exec_driver_sql("ALTER TABLE ledger ADD COLUMN note VARCHAR(20)")
            done.append("ok")

    try:
        # Late in the inspection, after the catalog of both tables has been read.
        with during_inspection(backend_engine, other_connection_works, after_statements=6) as (
            failed
        ):
            if backend_name == "sqlite":
                # Not blocked, but SQLite has no read snapshot: the schema change made
                # during the read (PRAGMA schema_version moved) is refused, not mixed in.
                with pytest.raises(InspectionError, match=r"^the schema main was changed by"):
                    parity.compare(backend_engine, model, timeout=10)
            else:
                parity.compare(backend_engine, model, timeout=10)
        assert failed == [] and done == ["ok"]
    finally:
        other.dispose()


def _concurrent_change(backend_name: str, engine: Engine, change: str, at: int) -> str:
    """Run ``change`` on another connection just before the inspection's statement ``at``.

    Returns ``"differences: ..."`` (the report's kinds and tables) or ``"error: ..."``.
    """
    other = _ddl_engine(backend_name, engine)
    with engine.connect():
        pass  # first-connect statements must not count as the inspection's

    def act() -> None:
        with other.begin() as conn:
            _short_lock_wait(conn, backend_name)
            conn.exec_driver_sql(change)

    try:
        with during_inspection(engine, act, after_statements=at) as failed:
            try:
                report = parity.compare(engine, _model(), timeout=10)
            except InspectionError as exc:
                return f"error: {exc}"
        assert failed == [], failed  # the change itself was never blocked
        found = sorted(f"{d.kind.value} {d.table}.{d.column or ''}" for d in report.differences)
        return f"differences: {found}"
    finally:
        other.dispose()


def _statements(engine: Engine) -> int:
    """How many statements one undisturbed inspection runs."""
    with engine.connect():
        pass
    count = [0]

    def hook(*_args: object) -> None:
        count[0] += 1

    sa.event.listen(engine, "before_cursor_execute", hook)
    try:
        parity.compare(engine, _model(), timeout=10)
    finally:
        sa.event.remove(engine, "before_cursor_execute", hook)
    return count[0]


#: What a change made while the inspection runs may give: the state before it, the
#: state after it, or one clear error.  Anything else is a torn report.
CHANGES: list[tuple[str, str, str, str]] = [
    (
        "DROP TABLE accounts",
        "differences: []",
        "differences: ['table_missing accounts.']",
        "table accounts was dropped",
    ),
    (
        "ALTER TABLE ledger ADD COLUMN extra INTEGER",
        "differences: []",
        "differences: ['column_extra ledger.extra']",
        "",
    ),
    (
        "CREATE TABLE newcomer (id INTEGER PRIMARY KEY)",
        "differences: []",
        "differences: ['table_extra newcomer.']",
        "",
    ),
]
#: SQLite notices any schema change (PRAGMA schema_version), not just a dropped table.
SQLITE_CHANGED = "error: the schema main was changed by another connection while it was "


@pytest.mark.parametrize(
    ("change", "before", "after", "dropped"), CHANGES, ids=["drop", "alter", "create"]
)
def test_table_dropped_altered_added_during_inspection(
    backend_name: str, backend_engine: Engine, change: str, before: str, after: str, dropped: str
) -> None:
    """The change lands before each statement of the inspection in turn.

    Landing before the catalog is read gives the state after it; after the last catalog
    statement, the state before it; in between (where a read would be half before, half
    after) a dropped table is one clear error on every database, never a torn report.
    """
    _model().create_all(backend_engine)
    total = _statements(backend_engine)
    outcomes: list[str] = []
    for at in range(1, total + 2):
        with backend_engine.begin() as conn:
            for name in ("accounts", "ledger", "newcomer"):
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        _model().create_all(backend_engine)
        outcome = _concurrent_change(backend_name, backend_engine, change, at)
        if outcome.startswith("error: "):
            if backend_name == "sqlite":
                assert outcome.startswith(SQLITE_CHANGED), outcome
            else:
                assert dropped and f"error: {dropped} by another connection" in outcome, outcome
            assert outcome.endswith("nothing was compared: run the check again"), outcome
            outcomes.append("error")
        else:
            assert outcome in (before, after), f"torn report at statement {at}: {outcome}"
            outcomes.append("before" if outcome == before else "after")
    # In time order: after the change (it landed first), errors, then before it.
    order = {"after": 0, "error": 1, "before": 2}
    assert outcomes == sorted(outcomes, key=order.__getitem__), outcomes
    assert outcomes[0] == "after" and outcomes[-1] == "before", outcomes
    if dropped or backend_name == "sqlite":
        # A drop during the catalog read (between its first and last statement) is seen.
        assert "error" in outcomes, outcomes
