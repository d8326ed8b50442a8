"""Dialect plugins found through the ``parity.dialects`` entry-point group.

Each test installs a tiny fake distribution into ``tmp_path`` (a package plus a
``*.dist-info`` folder with ``METADATA`` and ``entry_points.txt``) and puts ``tmp_path``
on ``sys.path``, so ``importlib.metadata`` discovers it exactly as it would discover a
pip-installed plugin.

Which engine: the plugins claim the dialect name ``fakedb``, a SQLAlchemy dialect that
is SQLite underneath (``tests/plugin/fakedb.py``).  No built-in adapter claims it, so a
test can show a plugin being found *and used by compare()* on a real database file, and
the generic fallback when no plugin claims it.  Conflicts are shown both between two
fake distributions and against the project's own built-in ``sqlite`` entry point.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mssql

import parity
from parity import registry
from parity.adapter import DialectAdapter
from parity.errors import PluginLoadError, SchemaParityError
from tests.plugin import fakedb

GROUP = "parity.dialects"

ADAPTER_SOURCE = """
from parity.adapter import DialectAdapter


class FakeAdapter(DialectAdapter):
    name = "fakedb"
    is_generic = False

    def unchecked_facts(self, server_version):
        return [("fake facts", "reported by the fake plugin")]


NOT_AN_ADAPTER = 42


class NotASubclass:
    name = "fakedb"


class ExplodingAdapter(DialectAdapter):
    name = "fakedb"

    def __init__(self):
        raise ValueError("cannot start")
"""

# A text key: how an integer key numbers itself is dialect knowledge (SQLite's rowid)
# that the generic adapter does not have, and this test is about discovery, not that.
MODEL = sa.MetaData()
sa.Table(
    "items",
    MODEL,
    sa.Column("code", sa.String(10), primary_key=True),
    sa.Column("label", sa.String(20), nullable=False),
)

Install = Callable[..., Path]


@pytest.fixture(autouse=True)
def clean_registry() -> Iterator[None]:
    """Each test starts and ends with no cached or run-time adapters."""
    saved_loaded, saved_registered = dict(registry._loaded), dict(registry._registered)
    registry._loaded.clear()
    registry._registered.clear()
    yield
    registry._loaded.clear()
    registry._registered.clear()
    registry._loaded.update(saved_loaded)
    registry._registered.update(saved_registered)


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Install]:
    """``install(package, source, entry_points)`` -> a fake installed distribution."""
    packages: list[str] = []
    monkeypatch.syspath_prepend(str(tmp_path))

    def _install(
        package: str = "fake_parity_plugin",
        source: str = ADAPTER_SOURCE,
        entry_points: dict[str, str] | None = None,
        version: str = "0.1",
    ) -> Path:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text(textwrap.dedent(source))
        dist_info = tmp_path / f"{package}-{version}.dist-info"
        dist_info.mkdir()
        (dist_info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {package}\nVersion: {version}\n"
        )
        lines = [f"[{GROUP}]"]
        lines += [f"{name} = {value}" for name, value in (entry_points or {}).items()]
        (dist_info / "entry_points.txt").write_text("\n".join(lines) + "\n")
        packages.append(package)
        importlib.invalidate_caches()
        return dist_info

    yield _install
    for package in packages:
        for module in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[module]


@pytest.fixture
def fakedb_engine(tmp_path: Path) -> Iterator[sa.Engine]:
    """A ``fakedb`` engine (SQLite underneath) whose file matches ``MODEL``."""
    engine = sa.create_engine(f"{fakedb.NAME}:///{tmp_path / 'fake.sqlite3'}")
    MODEL.create_all(engine)
    yield engine
    engine.dispose()


def _discovered(name: str) -> list[str]:
    return [ep.value for ep in importlib.metadata.entry_points(group=GROUP) if ep.name == name]


def test_the_fake_distribution_is_really_discovered(install: Install) -> None:
    assert _discovered("fakedb") == []
    install(entry_points={"fakedb": "fake_parity_plugin:FakeAdapter"})
    assert _discovered("fakedb") == ["fake_parity_plugin:FakeAdapter"]


def test_a_plugin_is_found_and_used(install: Install, fakedb_engine: sa.Engine) -> None:
    install(entry_points={"fakedb": "fake_parity_plugin:FakeAdapter"})
    adapter = parity.dialect_for(fakedb_engine)
    assert type(adapter).__name__ == "FakeAdapter"
    assert type(adapter).__module__ == "fake_parity_plugin"
    assert parity.dialect_for(fakedb_engine) is adapter  # cached
    with fakedb_engine.connect() as conn:
        assert parity.dialect_for(conn) is adapter
    assert parity.dialect_for(fakedb_engine.dialect) is adapter

    report = parity.compare(fakedb_engine, MODEL)
    assert report.ok, report.render()
    assert report.dialect == "fakedb"
    assert report.adapter == "FakeAdapter"
    assert ("fake facts", "reported by the fake plugin") in report.unchecked
    assert report.tables_checked == ("items",)


def test_a_plugin_instance_is_accepted(install: Install) -> None:
    install(
        source=ADAPTER_SOURCE + "\nINSTANCE = FakeAdapter()\n",
        entry_points={"mssql": "fake_parity_plugin:INSTANCE"},
    )
    assert type(parity.dialect_for(mssql.dialect())).__name__ == "FakeAdapter"  # type: ignore[no-untyped-call]


def test_no_plugin_means_the_generic_adapter(fakedb_engine: sa.Engine) -> None:
    adapter = parity.dialect_for(fakedb_engine)
    assert type(adapter) is DialectAdapter
    assert adapter.is_generic
    assert adapter.served_dialect == "fakedb"

    report = parity.compare(fakedb_engine, MODEL)
    assert report.adapter == "generic"
    assert report.ok, report.render()
    whats = [what for what, _why in report.unchecked]
    assert "dialect-specific type details" in whats
    assert any("no parity adapter is installed" in why for _what, why in report.unchecked)
    assert "dialect-specific type details" in report.render()


def test_the_generic_adapter_still_finds_drift(fakedb_engine: sa.Engine) -> None:
    drifted = sa.MetaData()
    sa.Table(
        "items",
        drifted,
        sa.Column("code", sa.String(10), primary_key=True),
        sa.Column("label", sa.String(20), nullable=False),
        sa.Column("price", sa.Numeric(10, 2), nullable=False),
    )
    report = parity.compare(fakedb_engine, drifted)
    assert [(d.kind.value, d.column) for d in report.differences] == [("column_missing", "price")]
    assert not report.ok


def test_the_generic_adapter_accepts_an_integer_key_create_all_made(tmp_path: Path) -> None:
    # Generic reflection cannot reveal value generation reliably: it is listed as
    # unchecked instead of being reported as a false autoincrement_mismatch.
    model = sa.MetaData()
    sa.Table("counter", model, sa.Column("id", sa.Integer, primary_key=True))
    engine = sa.create_engine(f"{fakedb.NAME}:///{tmp_path / 'int.sqlite3'}")
    model.create_all(engine)
    try:
        report = parity.compare(engine, model)
        assert report.differences == ()
        assert any("autoincrement" in what for what, _ in report.unchecked)
    finally:
        engine.dispose()


BROKEN_SOURCES = [
    ("raises on import", "raise RuntimeError('plugin exploded')\n", RuntimeError),
    ("missing dependency", "import no_such_module_for_parity_tests\n", ModuleNotFoundError),
    ("syntax error", "def broken(:\n", SyntaxError),
]


@pytest.mark.parametrize(
    ("source", "cause"), [b[1:] for b in BROKEN_SOURCES], ids=[b[0] for b in BROKEN_SOURCES]
)
def test_a_broken_plugin_is_an_error_never_a_fallback(
    install: Install, fakedb_engine: sa.Engine, source: str, cause: type[BaseException]
) -> None:
    install(source=source, entry_points={"fakedb": "fake_parity_plugin:FakeAdapter"})
    with pytest.raises(PluginLoadError) as info:
        parity.dialect_for(fakedb_engine)
    error = info.value
    assert error.plugin == "fakedb"
    assert error.distribution == "fake_parity_plugin 0.1"
    assert isinstance(error.__cause__, cause)
    message = str(error)
    assert "'fakedb'" in message
    assert "fake_parity_plugin:FakeAdapter" in message
    assert "fake_parity_plugin 0.1" in message
    assert "\n" not in message
    assert "fakedb" not in registry._loaded  # not cached: a fixed install is picked up

    with pytest.raises(PluginLoadError):
        parity.compare(fakedb_engine, MODEL)


NOT_ADAPTERS = [
    ("an int", "fake_parity_plugin:NOT_AN_ADAPTER", "is int, not a parity.adapter.DialectAdapter"),
    ("another class", "fake_parity_plugin:NotASubclass", "is type, not a parity.adapter"),
    ("a missing attribute", "fake_parity_plugin:Nowhere", "failed to load: AttributeError"),
    ("a missing module", "fake_parity_plugin.nothing:X", "failed to load: ModuleNotFoundError"),
    ("an adapter that cannot start", "fake_parity_plugin:ExplodingAdapter", "could not be created"),
]


@pytest.mark.parametrize(
    ("value", "says"), [n[1:] for n in NOT_ADAPTERS], ids=[n[0] for n in NOT_ADAPTERS]
)
def test_an_entry_point_to_a_non_adapter_is_an_error(
    install: Install, fakedb_engine: sa.Engine, value: str, says: str
) -> None:
    install(entry_points={"fakedb": value})
    with pytest.raises(PluginLoadError) as info:
        parity.dialect_for(fakedb_engine)
    assert says in str(info.value)
    assert value in str(info.value)
    assert info.value.plugin == "fakedb"
    assert info.value.distribution == "fake_parity_plugin 0.1"


def test_two_plugins_claiming_one_dialect_are_both_named(
    install: Install, fakedb_engine: sa.Engine
) -> None:
    install(entry_points={"fakedb": "fake_parity_plugin:FakeAdapter"})
    install(
        package="other_parity_plugin",
        entry_points={"fakedb": "other_parity_plugin:FakeAdapter"},
        version="2.0",
    )
    with pytest.raises(PluginLoadError) as info:
        parity.dialect_for(fakedb_engine)
    message = str(info.value)
    assert "fake_parity_plugin:FakeAdapter (fake_parity_plugin 0.1)" in message
    assert "other_parity_plugin:FakeAdapter (other_parity_plugin 2.0)" in message
    assert "register_dialect" in message


def test_a_plugin_claiming_a_built_in_dialect_conflicts_with_it(
    install: Install, tmp_path: Path
) -> None:
    install(entry_points={"sqlite": "fake_parity_plugin:FakeAdapter"})
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with pytest.raises(PluginLoadError) as info:
        parity.dialect_for(engine)
    message = str(info.value)
    assert "dialects.sqlite:SQLiteAdapter (schema-parity" in message
    assert "fake_parity_plugin:FakeAdapter (fake_parity_plugin 0.1)" in message
    # The way out the message names: a run-time registration wins over entry points.
    from dialects.sqlite import SQLiteAdapter

    parity.register_dialect(SQLiteAdapter)
    assert type(parity.dialect_for(engine)) is SQLiteAdapter
    engine.dispose()


class RuntimeAdapter(DialectAdapter):
    name = "fakedb"
    is_generic = False


def test_register_dialect_takes_precedence(install: Install, fakedb_engine: sa.Engine) -> None:
    install(entry_points={"fakedb": "fake_parity_plugin:FakeAdapter"})
    assert type(parity.dialect_for(fakedb_engine)).__name__ == "FakeAdapter"
    parity.register_dialect(RuntimeAdapter)
    assert type(parity.dialect_for(fakedb_engine)) is RuntimeAdapter
    assert parity.compare(fakedb_engine, MODEL).adapter == "RuntimeAdapter"
    parity.unregister_dialect("fakedb")
    assert type(parity.dialect_for(fakedb_engine)).__name__ == "FakeAdapter"


def test_register_dialect_avoids_a_broken_plugin(
    install: Install, fakedb_engine: sa.Engine
) -> None:
    install(source="raise RuntimeError('x')\n", entry_points={"fakedb": "fake_parity_plugin:X"})
    instance = RuntimeAdapter()
    parity.register_dialect(instance, name="fakedb")
    assert parity.dialect_for(fakedb_engine) is instance


@pytest.mark.parametrize("bad", [42, object, "dialects.sqlite:SQLiteAdapter"])
def test_register_dialect_refuses_a_non_adapter(bad: object) -> None:
    with pytest.raises(PluginLoadError, match="run-time registration"):
        parity.register_dialect(bad, name="fakedb")  # type: ignore[arg-type]
    assert "fakedb" not in registry._registered


def test_dialect_for_refuses_what_has_no_dialect() -> None:
    with pytest.raises(parity.ParityUsageError, match="pass an Engine or Connection"):
        parity.dialect_for("sqlite://")


def test_a_plugin_may_register_itself_while_it_is_imported(tmp_path: Path) -> None:
    # Run in a fresh interpreter: a deadlock here must not hang the test session.
    package = tmp_path / "selfreg_plugin"
    package.mkdir()
    (package / "__init__.py").write_text(
        "import parity\n"
        "from parity.adapter import DialectAdapter\n"
        "class A(DialectAdapter):\n"
        "    name = 'mssql'\n"
        "    is_generic = False\n"
        "parity.register_dialect(A)\n"
    )
    dist_info = tmp_path / "selfreg_plugin-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: selfreg_plugin\nVersion: 1.0\n"
    )
    (dist_info / "entry_points.txt").write_text(f"[{GROUP}]\nmssql = selfreg_plugin:A\n")
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n"
        "import parity\n"
        "from sqlalchemy.dialects import mssql\n"
        "print(type(parity.dialect_for(mssql.dialect())).__name__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "A"


# ---------------------------------------------------------------- the guard fails closed


@pytest.fixture
def broken_plugin(install: Install) -> None:
    install(
        source="raise RuntimeError('plugin exploded')\n",
        entry_points={"fakedb": "fake_parity_plugin:FakeAdapter"},
    )


@pytest.mark.usefixtures("broken_plugin")
def test_a_broken_plugin_makes_the_guard_raise(fakedb_engine: sa.Engine) -> None:
    models = [MODEL.tables["items"]]
    with pytest.raises(SchemaParityError) as info:
        parity.check_schema_parity(fakedb_engine, models)
    assert isinstance(info.value.__cause__, PluginLoadError)
    assert isinstance(info.value.__cause__.__cause__, RuntimeError)
    assert info.value.report is None
    assert "fake_parity_plugin" in str(info.value)

    ok, errors = parity.check_schema_parity(fakedb_engine, models, hard_fail=False)
    assert ok is False
    assert len(errors) == 1 and "fake_parity_plugin" in errors[0]


@pytest.mark.usefixtures("broken_plugin")
def test_a_broken_plugin_stops_the_cost_table_check(fakedb_engine: sa.Engine) -> None:
    with pytest.raises(SchemaParityError) as info:
        parity.check_m26_cost_tables(fakedb_engine)
    assert isinstance(info.value.__cause__, PluginLoadError)
    with pytest.raises(SchemaParityError):
        parity.run_startup_parity_check(fakedb_engine)
