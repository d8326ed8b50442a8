"""Opening a SQLite database file for reading only, whatever the URL or Engine said.

SQLite creates a missing file on connect, and a URI filename may ask for ``mode=rwc``;
a read-only connection on a WAL-mode file creates ``-wal``/``-shm`` files it cannot
remove when it closes.  :func:`read_only_filename` turns the filename a driver is about
to open (plain path or ``file:`` URI) into a ``file:`` URI with ``mode=ro``, after
checking the file exists, so parity never creates, changes or leaves anything.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qsl, quote, unquote, urlencode

from parity.errors import InspectionError

#: Offset of the two "file format version" bytes of the SQLite header: 2 means WAL.
_WAL_HEADER = slice(18, 20)


def read_only_filename(filename: str, *, uri: bool) -> str | None:
    """The ``file:`` URI that opens ``filename`` read-only; ``None`` for memory databases.

    Raises :class:`InspectionError` when the file does not exist or is a directory.
    """
    params: dict[str, str] = {}
    path = filename
    if uri and filename.startswith("file:"):
        rest = filename[len("file:") :].split("#", 1)[0]
        path, _, query = rest.partition("?")
        params = dict(parse_qsl(query, keep_blank_values=True))
        if path.startswith("//"):  # file://host/path: only an empty host or localhost
            path = "/" + path[2:].partition("/")[2]
        path = unquote(path)
        if params.get("mode") == "memory":
            return None
    if path in ("", ":memory:"):
        return None
    if not os.path.exists(path):
        raise InspectionError(
            f"SQLite database file {path!r} does not exist; check the path "
            "(parity never creates a database)"
        )
    if os.path.isdir(path):
        raise InspectionError(f"SQLite path {path!r} is a directory, not a database file")
    absolute = os.path.abspath(path)
    params["mode"] = "ro"
    if _wal_without_log(absolute):
        # A read-only connection would create -wal and -shm and could not delete them.
        # No -wal file means nobody has the database open and it is fully checkpointed:
        # read the main file as it is, creating nothing.
        params["immutable"] = "1"
    return f"file:{quote(absolute, safe='/')}?{urlencode(params)}"


def _wal_without_log(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return header[_WAL_HEADER] == b"\x02\x02" and not os.path.exists(path + "-wal")
