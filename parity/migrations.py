"""Do the migrations produce what the models declare?

:func:`check_migrations` creates a throwaway database, runs ``alembic upgrade head`` on it
**in a separate Python process**, compares the result with the models through
:func:`parity.compare`, and drops the throwaway database again, whatever happened.

Why a separate process: importing a project's ``env.py`` and migration scripts runs
their module-level code, which can change the models' own ``MetaData`` (a script that
imports a model table and appends a constraint to it, say).  Run in this process, the
comparison would then check the migrations against models they had themselves altered.
The upgrade runs in a child interpreter, so the MetaData compared here is the models'
alone; this process never imports ``env.py`` or any migration script.

This is the only place schema-parity writes to a database, and it only ever writes to
the throwaway database it created itself (``parity_migrations_<hex>`` on the server
named by ``url``, or a temporary SQLite file): ``CREATE DATABASE``, the migrations, then
``DROP DATABASE``.  The database in ``url`` itself is only used to connect as an
administrator (it needs the right to create databases); nothing in it is touched.

The URL reaches the migrations three ways, so that a stock ``env.py`` picks it up: as
the ``sqlalchemy.url`` main option of the Alembic config, as ``-x url=...``
(``context.get_x_argument(as_dictionary=True)["url"]``), and in the environment variables
``PARITY_MIGRATIONS_URL`` and ``DATABASE_URL`` of the child process.  Before any
migration runs, the child installs a SQLAlchemy ``do_connect`` listener on every
engine: a connection whose driver arguments are not the throwaway database's is refused
before it is opened, so an ``env.py`` with a URL of its own never reaches (let alone
migrates) another database.  After the upgrade the throwaway database must also hold
Alembic's version table, or the check fails.  (A connection made with the raw driver,
bypassing SQLAlchemy, is beyond this guard.)
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from parity.api import compare
from parity.connect import check_timeout, first_line, safe_url
from parity.errors import InspectionError, ParityUsageError
from parity.registry import dialect_for
from parity.report import ParityReport

__all__ = [
    "NAME_PREFIX",
    "MigrationError",
    "assert_migrations_match",
    "check_migrations",
]

#: Throwaway databases are named ``parity_migrations_<12 hex>``.
NAME_PREFIX = "parity_migrations_"
#: Environment variable holding the throwaway URL in the child process.
URL_ENV = "PARITY_MIGRATIONS_URL"
#: Prefix of the one-line error summary the runner prints before the traceback.
_ERROR_MARK = "parity-migrations-error: "
DEFAULT_TIMEOUT = 600.0  # seconds for the whole upgrade

# Runs in the child interpreter: argv = [ini, revision, section, KEY=VALUE...]; the URL
# comes from the environment so that it never appears in a process listing.
_RUNNER = r"""
import argparse, os, sys, traceback
try:
    from alembic import command
    from alembic.config import Config
    ini, revision, section, *pairs = sys.argv[1:]
    url = os.environ["PARITY_MIGRATIONS_URL"]
    # Before anything runs: every DBAPI connection made through SQLAlchemy in this
    # process must be the throwaway database's, or it is refused before it is opened --
    # an env.py with a URL of its own never reaches that database at all.
    import sqlalchemy
    from sqlalchemy.engine import Engine, make_url
    throwaway = make_url(url)
    probe = sqlalchemy.create_engine(throwaway)
    expected_name = probe.dialect.name
    expected_args, expected_params = probe.dialect.create_connect_args(throwaway)
    probe.dispose()
    # Where to connect is plain data (host, port, database, user, path); objects such
    # as psycopg's per-dialect adapters map differ between engines and say nothing.
    plain = (str, bytes, int, float, bool, type(None))
    identity = {k: v for k, v in expected_params.items() if isinstance(v, plain)}
    def only_the_throwaway(dialect, record, cargs, cparams):
        same = (
            dialect.name == expected_name
            and [a for a in cargs if isinstance(a, plain)]
            == [a for a in expected_args if isinstance(a, plain)]
            and all(cparams.get(k) == v for k, v in identity.items())
        )
        if not same:
            raise RuntimeError(
                "env.py tried to connect to a database other than the throwaway one; "
                "refused before connecting (nothing ran). Make env.py use "
                "config.get_main_option('sqlalchemy.url'), -x url=... or "
                "$PARITY_MIGRATIONS_URL / $DATABASE_URL"
            )
    sqlalchemy.event.listen(Engine, "do_connect", only_the_throwaway)
    config = Config(ini, ini_section=section)
    config.cmd_opts = argparse.Namespace(x=["url=" + url])
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    for pair in pairs:
        key, _, value = pair.partition("=")
        config.set_main_option(key, value.replace("%", "%%"))
    command.upgrade(config, revision)
except BaseException as exc:
    text = str(exc).strip().splitlines()
    summary = type(exc).__name__ + (": " + text[0] if text else "")
    sys.stderr.write("\n" + "".join(traceback.format_exception(exc)))
    sys.stderr.write("parity-migrations-error: " + summary + "\n")
    sys.exit(1)
"""


class MigrationError(InspectionError):
    """``alembic upgrade`` failed on the throwaway database (or did not run there)."""


def check_migrations(
    alembic_ini: str | os.PathLike[str],
    target: Any = None,
    *,
    url: str | URL,
    revision: str = "head",
    ini_section: str = "alembic",
    alembic_options: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    inspection_timeout: float | None = None,
    **compare_options: Any,
) -> ParityReport:
    """Upgrade a throwaway database with the migrations, then compare it with ``target``.

    ``alembic_ini`` is the project's Alembic config; the upgrade runs with the ini's
    directory as working directory, like ``alembic`` run next to it.  ``url`` names the
    server: PostgreSQL / MySQL: a new database ``parity_migrations_<hex>`` is created on
    it through an AUTOCOMMIT connection to ``url`` and dropped at the end; SQLite
    (``sqlite://``): a temporary file, deleted at the end.  ``target`` is what
    :func:`parity.compare` takes (the models).  ``alembic_options`` sets further main
    options of the config (e.g. ``{"version_locations": ...}``); ``revision`` defaults
    to ``head``.  Other keyword arguments (``mode``, ``critical``, ``ignore``,
    ``tables``…) go to :func:`parity.compare`.  ``timeout`` bounds the whole upgrade
    (seconds); ``inspection_timeout`` bounds connecting to the server and each
    statement of the comparison, as :func:`parity.compare`'s ``timeout`` does
    (``parity migrations --timeout``).

    Writes only to the throwaway database it created (see the module docstring).

    Raises :class:`~parity.errors.ParityUsageError` for a missing ini file or a bad URL,
    :class:`~parity.errors.InspectionError` when the server cannot be reached or the
    database cannot be created, and :class:`MigrationError` (an ``InspectionError``)
    when the upgrade fails, with Alembic's own last error line.  Passwords never appear
    in messages.
    """
    ini = Path(alembic_ini)
    if not ini.is_file():
        raise ParityUsageError(f"Alembic config {str(ini)!r} does not exist or is not a file")
    if importlib.util.find_spec("alembic") is None:
        raise ParityUsageError(
            "the migrations check needs Alembic: pip install 'schema-parity[alembic]'"
        )
    check_timeout(timeout)
    check_timeout(inspection_timeout, name="inspection_timeout")
    server = _parse_url(url)
    with throwaway_database(server, timeout=inspection_timeout) as scratch:
        _upgrade(
            ini.resolve(),
            scratch,
            revision=revision,
            section=ini_section,
            options=alembic_options or {},
            timeout=timeout,
        )
        _require_version_table(scratch, inspection_timeout)
        return compare(
            scratch.render_as_string(hide_password=False),
            target,
            timeout=inspection_timeout,
            **compare_options,
        )


def assert_migrations_match(
    alembic_ini: str | os.PathLike[str],
    target: Any = None,
    *,
    url: str | URL,
    **options: Any,
) -> ParityReport:
    """pytest helper: fail with the rendered report unless the migrations match the models.

    Takes the arguments of :func:`check_migrations`; returns the report when it is ok::

        def test_migrations_match_models(postgresql_url):
            assert_migrations_match("alembic.ini", app.models.Base, url=postgresql_url)
    """
    report = check_migrations(alembic_ini, target, url=url, **options)
    if not report.ok:
        raise AssertionError(
            "the database built by the migrations differs from the models:\n" + report.render()
        )
    return report


# -- the throwaway database ------------------------------------------------------------
def _parse_url(url: str | URL) -> URL:
    try:
        return make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise ParityUsageError(
            "database URL is malformed; expected dialect+driver://user:password@host:port/database"
        ) from exc


def scratch_name() -> str:
    """``parity_migrations_<12 hex>``: unique across runs and processes."""
    return NAME_PREFIX + uuid.uuid4().hex[:12]


@contextlib.contextmanager
def throwaway_database(server: URL, *, timeout: float | None = None) -> Iterator[URL]:
    """Yield the URL of a new empty database on ``server``; drop it afterwards.

    The dialect's adapter says how (``create_database_sql`` / ``drop_database_sql``), so
    a third-party dialect works here too; where databases are files (SQLite) it is a
    temporary file.  ``timeout`` bounds connecting to ``server`` (seconds).
    """
    name = scratch_name()
    admin = _admin_engine(server, timeout)
    try:
        adapter = dialect_for(admin)
        create = adapter.create_database_sql(name)
        if create is None:
            directory = tempfile.mkdtemp(prefix=NAME_PREFIX)
            try:
                yield server.set(database=os.path.join(directory, f"{name}.db"))
            finally:
                shutil.rmtree(directory, ignore_errors=True)
            return
        _execute(admin, [create], f"create database {name}")
        try:
            yield server.set(database=name)
        finally:
            _execute(admin, list(adapter.drop_database_sql(name)), f"drop database {name}")
    finally:
        admin.dispose()


def _admin_engine(server: URL, timeout: float | None = None) -> Engine:
    try:
        engine = create_engine(server, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        if timeout is None:
            return engine
        args = dialect_for(engine).connect_args_for_timeout(server, timeout)
        if not args:
            return engine
        engine.dispose()
        return create_engine(
            server, poolclass=NullPool, isolation_level="AUTOCOMMIT", connect_args=args
        )
    except ImportError as exc:
        raise ParityUsageError(
            f"the driver for {safe_url(server)} is not installed ({exc.name or exc})"
        ) from exc
    except (ArgumentError, SQLAlchemyError) as exc:
        raise ParityUsageError(f"cannot use {safe_url(server)}: {first_line(exc, server)}") from exc


def _execute(admin: Engine, statements: list[str], what: str) -> None:
    """Run the first of ``statements`` that succeeds; raise with the last error."""
    error: SQLAlchemyError | None = None
    for statement in statements:
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(statement)
            return
        except SQLAlchemyError as exc:
            error = exc
    assert error is not None
    raise InspectionError(
        f"cannot {what} on {safe_url(admin.url)}: {first_line(error, admin.url)}"
        " (the migrations check needs the right to create and drop databases)"
    ) from error


# -- the upgrade, in another process -----------------------------------------------------
def _upgrade(
    ini: Path,
    url: URL,
    *,
    revision: str,
    section: str,
    options: Mapping[str, str],
    timeout: float,
) -> None:
    full_url = url.render_as_string(hide_password=False)
    env = dict(os.environ)
    env[URL_ENV] = full_url
    env["DATABASE_URL"] = full_url
    # The caller's working directory stays importable, as it is for `alembic` run there.
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (os.getcwd(), os.environ.get("PYTHONPATH", "")) if p
    )
    pairs = [f"{key}={value}" for key, value in options.items()]
    command = [sys.executable, "-c", _RUNNER, str(ini), revision, section, *pairs]
    try:
        done = subprocess.run(
            command,
            cwd=ini.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise MigrationError(
            f"alembic upgrade {revision} on {safe_url(url)} did not finish in {timeout:g} s"
        ) from exc
    if done.returncode != 0:
        line = last_error_line(done.stderr, url)
        raise MigrationError(f"alembic upgrade {revision} failed on {safe_url(url)}: {line}")


def last_error_line(stderr: str, url: URL | None = None) -> str:
    """Alembic's last error line from a child's stderr, with the password removed."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    marked = [line[len(_ERROR_MARK) :] for line in lines if line.startswith(_ERROR_MARK)]
    if marked:
        text = marked[-1]
    else:
        useful = [line for line in lines if not line.startswith("(Background on this error")]
        text = useful[-1] if useful else "no error output"
    if url is not None and url.password:
        text = text.replace(str(url.password), "***")
    return text


def _require_version_table(url: URL, timeout: float | None = None) -> None:
    """Prove the migrations ran on the throwaway database, not wherever env.py pointed."""
    engine = _admin_engine(url, timeout)
    try:
        with engine.connect() as conn:
            found = inspect(conn).has_table("alembic_version")
    except SQLAlchemyError as exc:
        raise InspectionError(
            f"cannot read the migrated database {safe_url(url)}: {first_line(exc, url)}"
        ) from exc
    finally:
        engine.dispose()
    if not found:
        raise MigrationError(
            f"alembic upgrade reported success but {safe_url(url)} has no alembic_version "
            "table: env.py must connect with config's sqlalchemy.url, -x url=... or "
            f"${URL_ENV} / $DATABASE_URL, not a URL of its own"
        )
