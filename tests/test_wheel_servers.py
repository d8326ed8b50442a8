"""The throwaway PostgreSQL servers of ``tests/wheel_servers.py`` leave nothing behind.

Each case starts a server in a child Python (as the harness does), ends that process
one way or another, and then looks for the server process and its directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

CHILD = """
import os, signal, sys
from tests import wheel_servers
server = wheel_servers.server({major})
print(server.root, server.process.pid, flush=True)
how = {how!r}
if how == "sigterm":
    os.kill(os.getpid(), signal.SIGTERM)
elif how == "sigkill":
    os.kill(os.getpid(), signal.SIGKILL)
elif how == "error":
    raise RuntimeError("a failing run")
"""


def _gone(pid: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.backends("postgresql-18")  # the same code serves every major
@pytest.mark.parametrize("how", ["error", "sigterm", "sigkill"])
def test_server_and_directory_are_removed(db_name: str, how: str) -> None:
    major = int(db_name.rsplit("-", 1)[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARITY_TEST_")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(major=major, how=how)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.stdout.strip(), done.stderr
    root, pid = done.stdout.split()
    assert _gone(int(pid)), f"server {pid} still running after {how}"
    if how == "sigkill":
        # Nothing in the process could clean up; the next start removes the orphan.
        from tests import wheel_servers

        wheel_servers._remove_orphans()
    assert not Path(root).exists(), f"{root} left behind after {how}"
