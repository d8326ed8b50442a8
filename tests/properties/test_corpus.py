"""The reflection round trip on real DDL: public sample schemas and migration output.

Each file under ``tests/corpus/<database>/`` is a modest, retyped excerpt of a
well-known public schema (its first line names the source and the licence), written
the way its project writes it: Chinook's ``[bracketed]`` NVARCHAR tables, Django's
``sqlmigrate`` output, pg_dump's sequences and ``ALTER TABLE ONLY … ADD CONSTRAINT``,
mysqldump-style Sakila.  Loaded into an empty database, reflected with
``MetaData().reflect``, and compared: nothing may differ except
:data:`parity.strategies.reflection.LOSSES`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from parity.strategies.reflection import round_trip
from tests.properties.support import explain, record

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FILES = sorted(CORPUS.glob("*/*.sql"))


def statements(path: Path) -> list[str]:
    """The file's statements: split at a ``;`` that ends a line (no file has another)."""
    text = "\n".join(
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("--")
    )
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", text) if s.strip()]


def test_every_corpus_file_names_its_source_and_licence() -> None:
    assert FILES, f"no corpus under {CORPUS}"
    for path in FILES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("-- source: ") and "licence: " in first, path


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_corpus_round_trip(backend_name: str, backend_engine: Engine, path: Path) -> None:
    if path.parent.name != backend_name:
        pytest.skip(f"{path.parent.name} DDL")
    ddl = statements(path)
    with backend_engine.begin() as conn:
        for statement in ddl:
            conn.exec_driver_sql(statement)
    trip = round_trip(backend_engine)
    explained = {(d.kind, d.table, d.column) for d, _ in trip.explained}
    record(backend_name, trip.report, explained, line="corpus")
    assert trip.unexplained == (), explain(trip.report, explained)
