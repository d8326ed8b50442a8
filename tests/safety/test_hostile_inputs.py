"""Safety promise 8: hostile and broken input gets a one-line error or a correct report.

Each case below is one hostile input; every one must end in either

* an error whose message is one line, says what is wrong and carries no password, or
* a report (``ok`` where the database matches the model),

and nothing may be written: no file appears or changes in the test's directory.
The count of cases is asserted, so a removed case is noticed.
"""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

import parity
from parity.cli import main
from parity.errors import InspectionError, ParityUsageError
from tests.safety.support import SECRET, closed_port, silent_server


@dataclass(frozen=True)
class Outcome:
    kind: str  # "usage", "inspection", "report-ok", "report-drift", "exit N"
    text: str


def _model(schema: str | None = None) -> sa.MetaData:
    metadata = sa.MetaData()
    sa.Table("accounts", metadata, sa.Column("id", sa.Integer, primary_key=True), schema=schema)
    return metadata


def _outcome(call: Callable[[], parity.ParityReport]) -> Outcome:
    try:
        report = call()
    except ParityUsageError as exc:
        return Outcome("usage", str(exc))
    except InspectionError as exc:
        return Outcome("inspection", str(exc))
    return Outcome("report-ok" if report.ok else "report-drift", report.summary())


def _snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def _assert_well_formed(outcome: Outcome) -> None:
    assert outcome.text and "\n" not in outcome.text, outcome
    assert SECRET not in outcome.text
    assert "Traceback" not in outcome.text


# -- connection: URLs, drivers, servers ---------------------------------------------------
URL_CASES: dict[str, tuple[str, str, str]] = {
    # id: (url, expected kind, a word the message must contain)
    "malformed-url": ("this is not a url", "usage", "malformed"),
    "malformed-port": (f"postgresql+psycopg://u:{SECRET}@127.0.0.1:port/db", "usage", "malformed"),
    "unknown-driver": (f"postgresql+nosuchdriver://u:{SECRET}@127.0.0.1/db", "usage", "driver"),
    "unknown-dialect": (f"nosuchdb://u:{SECRET}@127.0.0.1/db", "usage", "dialect"),
    "refused-port-postgresql": (
        "postgresql+psycopg://u:" + SECRET + "@127.0.0.1:{closed}/db",
        "inspection",
        "cannot connect",
    ),
    "refused-port-mysql": (
        "mysql+pymysql://u:" + SECRET + "@127.0.0.1:{closed}/db",
        "inspection",
        "cannot connect",
    ),
    "silent-server-postgresql": (
        "postgresql+psycopg://u:" + SECRET + "@127.0.0.1:{silent}/db",
        "inspection",
        "within 2 s",
    ),
    "silent-server-mysql": (
        "mysql+pymysql://u:" + SECRET + "@127.0.0.1:{silent}/db",
        "inspection",
        "within 2 s",
    ),
}


def url_case(case: str) -> Outcome:
    url, _kind, _word = URL_CASES[case]
    with silent_server() as silent:
        url = url.format(closed=closed_port(), silent=silent)
        return _outcome(lambda: parity.compare(url, _model(), timeout=2))


@pytest.mark.parametrize("case", sorted(URL_CASES))
def test_connection_inputs(case: str) -> None:
    outcome = url_case(case)
    _url, kind, word = URL_CASES[case]
    _assert_well_formed(outcome)
    assert outcome.kind == kind and word in outcome.text, outcome


# -- SQLite files ---------------------------------------------------------------------------
def _sqlite_case(case: str, tmp_path: Path) -> tuple[Outcome, Path]:
    path = tmp_path / "app.db"
    if case == "sqlite-missing-path":
        target = path
    elif case == "sqlite-directory":
        target = tmp_path
    elif case == "sqlite-not-a-database":
        path.write_bytes(b"not a database\n" * 200)
        target = path
    elif case == "sqlite-read-only-file":
        _model().create_all(sa.create_engine(f"sqlite:///{path}"))
        path.chmod(stat.S_IRUSR | stat.S_IRGRP)
        target = path
    else:  # sqlite-unknown-schema: a model on a schema (attached database) that is not there
        _model().create_all(sa.create_engine(f"sqlite:///{path}"))
        before = _snapshot(tmp_path)
        outcome = _outcome(lambda: parity.compare(f"sqlite:///{path}", _model("nowhere")))
        assert _snapshot(tmp_path) == before
        return outcome, path
    before = _snapshot(tmp_path)
    outcome = _outcome(lambda: parity.compare(f"sqlite:///{target}", _model(), timeout=2))
    assert _snapshot(tmp_path) == before, "parity wrote something"
    return outcome, path


SQLITE_CASES: dict[str, tuple[str, str]] = {
    "sqlite-missing-path": ("inspection", "does not exist"),
    "sqlite-directory": ("inspection", "directory"),
    "sqlite-not-a-database": ("inspection", "not a database"),
    "sqlite-read-only-file": ("report-ok", "OK"),
    "sqlite-unknown-schema": ("inspection", "nowhere"),
}


@pytest.mark.parametrize("case", sorted(SQLITE_CASES))
def test_sqlite_inputs(case: str, tmp_path: Path) -> None:
    outcome, path = _sqlite_case(case, tmp_path)
    if path.exists():
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    kind, word = SQLITE_CASES[case]
    _assert_well_formed(outcome)
    assert outcome.kind == kind and word in outcome.text, outcome


# -- models ---------------------------------------------------------------------------------
MODEL_CASES: dict[str, tuple[str, str]] = {
    "models-import-fails": ("exit 2", "importing"),
    "models-attribute-not-metadata": ("exit 2", "not a model"),
    "models-empty-metadata": ("exit 2", "declares no tables"),
}


def _models_case(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Outcome:
    db = tmp_path / "app.db"
    _model().create_all(sa.create_engine(f"sqlite:///{db}"))
    module = tmp_path / f"hostile_{case.replace('-', '_')}.py"
    module.write_text(
        {
            "models-import-fails": "import no_such_module_anywhere\n",
            "models-attribute-not-metadata": "models = 42\n",
            "models-empty-metadata": "import sqlalchemy\nmetadata = sqlalchemy.MetaData()\n",
        }[case]
    )
    spec = f"{module.stem}:models" if case == "models-attribute-not-metadata" else module.stem
    code = main(["check", "--url", f"sqlite:///{db}", "--models", spec])
    captured = capsys.readouterr()
    return Outcome(f"exit {code}", (captured.err or captured.out).strip())


@pytest.mark.parametrize("case", sorted(MODEL_CASES))
def test_model_inputs(
    case: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    outcome = _models_case(case, tmp_path, capsys)
    kind, word = MODEL_CASES[case]
    _assert_well_formed(outcome)
    assert outcome.kind == kind and word in outcome.text, outcome


# -- on a live server: credentials, databases, schemas --------------------------------------
def _wrong_credentials(engine: Engine) -> str:
    url = engine.url
    if url.get_backend_name() == "postgresql":
        return url.set(username="parity_no_such_role", password=SECRET).render_as_string(False)
    return url.set(password=SECRET).render_as_string(False)


_CHECK_SERVER = "; check the host, port, credentials and database name, and that the server is up"
#: id: (expected kind, the whole message as a regular expression: the server's words for
#: the failure, PostgreSQL's or MariaDB's, inside parity's sentence).
SERVER_CASES: dict[str, tuple[str, str]] = {
    "wrong-credentials": (
        "inspection",
        r"cannot connect to \S+ within 5 s: .*"
        r"(FATAL:  role \"parity_no_such_role\" does not exist"
        r"|\(1045, \"Access denied for user 'root'@'[^']+' \(using password: YES\)\"\))"
        + re.escape(_CHECK_SERVER),
    ),
    "database-does-not-exist": (
        "inspection",
        r"cannot connect to \S+/parity_no_such_db\S* within 5 s: .*"
        r"(FATAL:  database \"parity_no_such_db\" does not exist"
        r"|\(1049, \"Unknown database 'parity_no_such_db'\"\))" + re.escape(_CHECK_SERVER),
    ),
    "model-on-missing-schema": (
        "report-drift",
        r"DRIFT: 1 tables checked on (postgresql|mysql) [\d.]+, 1 errors, 1 warnings, "
        r"0 ignored, \d+ unchecked",
    ),
}


def server_case(case: str, engine: Engine) -> Outcome:
    if case == "wrong-credentials":
        wrong = _wrong_credentials(engine)
        return _outcome(lambda: parity.compare(wrong, _model(), timeout=5))
    if case == "database-does-not-exist":
        missing = engine.url.set(database="parity_no_such_db")
        if missing.get_backend_name() == "postgresql":  # trust auth: a password is ignored
            missing = missing.set(password=SECRET)
        text = missing.render_as_string(False)
        return _outcome(lambda: parity.compare(text, _model(), timeout=5))
    _model().create_all(engine)
    return _outcome(lambda: parity.compare(engine, _model("parity_no_such_schema"), timeout=5))


@pytest.mark.backends("postgresql", "mysql")
@pytest.mark.parametrize("case", sorted(SERVER_CASES))
def test_server_inputs(case: str, backend_name: str, backend_engine: Engine) -> None:
    outcome = server_case(case, backend_engine)
    kind, pattern = SERVER_CASES[case]
    _assert_well_formed(outcome)
    assert outcome.kind == kind, outcome
    assert re.fullmatch(pattern, outcome.text), outcome


# -- identifiers ------------------------------------------------------------------------------
IDENTIFIERS: dict[str, str] = {
    "quotes": 'it\'s "quoted" `x`',
    "semicolon": "a; DROP TABLE accounts; --",
    "spaces": "  spaced  name",
    "non-ascii": "cuentas_ñandú_€",
    "reserved-word": "select",
    "mixed-case": "MixedCase_Table",
    "max-length": "m" * 63,
}


def _identifier_model(name: str) -> sa.MetaData:
    metadata = sa.MetaData()
    sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(name[:60], sa.Integer, nullable=True),
        sa.Column("order", sa.Integer, nullable=True),
    )
    return metadata


def identifier_case(name: str, engine: Engine) -> Outcome:
    model = _identifier_model(name)
    model.create_all(engine)
    return _outcome(lambda: parity.compare(engine, model, timeout=10))


@pytest.mark.parametrize("case", sorted(IDENTIFIERS))
def test_identifiers(
    case: str, backend_name: str, backend_engine: Engine, request: pytest.FixtureRequest
) -> None:
    name = IDENTIFIERS[case]
    if backend_name == "mysql" and case == "spaces":
        name = name.rstrip()  # MySQL forbids a trailing space in names
    outcome = identifier_case(name, backend_engine)
    assert outcome.kind == "report-ok", outcome
    with backend_engine.connect() as conn:  # the hostile name did nothing else
        assert sa.inspect(conn).get_table_names() == [name]


@pytest.mark.backends("postgresql")
def test_name_longer_than_postgresql_allows(backend_engine: Engine) -> None:
    """PostgreSQL truncates names at 63 bytes; the report says the model's table is missing."""
    name = "ü" * 40  # 80 bytes
    model = _identifier_model(name)
    with backend_engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE placeholder (id integer)")
    outcome = _outcome(lambda: parity.compare(backend_engine, model, timeout=10))
    assert outcome.kind == "report-drift", outcome


def test_the_number_of_hostile_inputs_is_what_the_readme_says() -> None:
    """The README's count is the number of cases pytest collects on all three databases:
    every test of this module (this one aside) and the concurrent changes of
    ``tests/safety/test_read_only.py``."""
    root = Path(__file__).parents[2]
    collected = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "--db",
            "sqlite,postgresql,mysql",
            "tests/safety/test_hostile_inputs.py",
            "tests/safety/test_read_only.py::test_table_dropped_altered_added_during_inspection",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.splitlines()
    cases = [
        line
        for line in collected
        if "::test_" in line and "test_the_number_of_hostile_inputs" not in line
    ]
    claimed = re.search(r"nothing is written\*\* — (\d+) cases", _readme(root))
    assert claimed is not None, "the README's Safety section no longer states the count"
    assert len(cases) == int(claimed.group(1)), cases


def _readme(root: Path) -> str:
    return " ".join((root / "README.md").read_text(encoding="utf-8").split())
