"""Shared helpers of the command-line and pytest-plugin tests.

Models are a small module written into ``tmp_path``; commands run with ``cwd=tmp_path``
so ``--models`` imports it like an application's.  ``good.sqlite3`` matches the models,
``drift.sqlite3`` has a narrower ``users.name`` and an extra ``audit_log`` table.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.cli.sources import DRIFTED_SOURCE, MODELS_SOURCE, PASSWORD

# The sources are re-exported: the test modules import them from here with the helpers.
__all__ = [
    "DRIFTED_SOURCE",
    "MODELS_SOURCE",
    "PASSWORD",
    "check",
    "clean_env",
    "closed_port",
    "create_db",
    "metadata_of",
    "project",
    "run",
    "secret_url",
]


def metadata_of(source: str, schema: str | None = None) -> sa.MetaData:
    namespace: dict[str, Any] = {}
    exec(source, namespace)
    metadata: sa.MetaData = namespace["metadata"]
    if schema is None:
        return metadata
    moved = sa.MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(moved, schema=schema)
    return moved


def create_db(path: Path, source: str) -> str:
    url = f"sqlite:///{path}"
    engine = sa.create_engine(url)
    metadata_of(source).create_all(engine)
    engine.dispose()
    return url


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def secret_url(scheme: str = "postgresql+psycopg") -> str:
    """A URL with password ``PASSWORD`` to a loopback port nothing listens on."""
    return f"{scheme}://app:{PASSWORD}@127.0.0.1:{closed_port()}/appdb?connect_timeout=5"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with ``app_models.py``, a matching database and a drifted one."""
    (tmp_path / "app_models.py").write_text(MODELS_SOURCE)
    create_db(tmp_path / "good.sqlite3", MODELS_SOURCE)
    create_db(tmp_path / "drift.sqlite3", DRIFTED_SOURCE)
    return tmp_path


def clean_env(**env: str) -> dict[str, str]:
    environ = {
        k: v for k, v in os.environ.items() if k not in {"PARITY_DATABASE_URL", "DATABASE_URL"}
    }
    environ.update(NO_COLOR="1", **env)
    return environ


def run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m parity.cli ARGS`` as a subprocess, output captured (not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "parity.cli", *args],
        cwd=cwd,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def check(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run(cwd, "check", "--models", "app_models", *args, **env)
