"""Snapshot files: a :class:`~parity.snapshot.SchemaSnapshot` as a versioned JSON contract.

A team that cannot let CI reach production commits the production schema as a file
(``parity inspect --format json > schema.json``) and checks the models against it
offline.  So the file must be a contract, not a dump:

* **stable**: the same schema always writes the same bytes (tables sorted by schema
  and name, every record in its dataclass field order, constraint tuples already
  sorted by the snapshot itself, two-space indentation, one trailing newline), so it
  diffs cleanly in git and rewriting a loaded file changes nothing;
* **self-describing**: ``format_version``, the dialect and the server version are
  recorded, because the model side is reduced for exactly that dialect and version;
* **refused, never guessed**: an unknown ``format_version``, a file that is not a
  snapshot, or a corrupted one is a one-line :class:`~parity.errors.ParityUsageError`
  (exit 2 on the command line).  A wrong answer from a misread file is worse than none.

Loading rebuilds exactly the records that were written: ``load_snapshot(s.to_json())
== s`` for every snapshot ``s``.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from parity.errors import ParityUsageError
from parity.snapshot import (
    SNAPSHOT_FORMAT_VERSION,
    CheckSnapshot,
    ColumnSnapshot,
    ComputedSpec,
    ForeignKeySnapshot,
    IndexSnapshot,
    Options,
    PrimaryKeySnapshot,
    SchemaSnapshot,
    TableSnapshot,
    TypeSpec,
    UniqueSnapshot,
    snapshot_to_dict,
    snapshot_to_json,
)

# The writing half lives with the records (parity.snapshot), so that
# ``SchemaSnapshot.to_json`` needs no import back into this module; re-exported here.
__all__ = [
    "SNAPSHOT_FORMAT_VERSION",
    "is_snapshot_source",
    "load_snapshot",
    "snapshot_to_dict",
    "snapshot_to_json",
]

#: Files larger than this are not snapshots anyone committed (10,000 tables take ~60 MB).
_MAX_BYTES = 1 << 30


def is_snapshot_source(value: object) -> bool:
    """Whether ``compare``'s ``bind`` names a snapshot rather than a database.

    A :class:`SchemaSnapshot`, a :class:`os.PathLike`, or a string that is not a URL
    (a URL always has ``://``) and ends in ``.json`` or holds JSON text.
    """
    if isinstance(value, (SchemaSnapshot, os.PathLike)):
        return True
    if isinstance(value, str) and "://" not in value:
        text = value.lstrip()
        return text.startswith("{") or value.endswith(".json")
    return False


def load_snapshot(source: str | os.PathLike[str] | SchemaSnapshot) -> SchemaSnapshot:
    """A snapshot from a file path, from the JSON text itself, or as given.

    Raises :class:`ParityUsageError` (one line) for a file that cannot be read, is not
    JSON, is not a schema-parity snapshot, has another ``format_version`` or is
    corrupted.
    """
    if isinstance(source, SchemaSnapshot):
        return source
    if isinstance(source, str) and source.lstrip().startswith("{"):
        return _parse(source, "snapshot text")
    if not isinstance(source, (str, os.PathLike)):
        raise ParityUsageError(
            f"a snapshot is a SchemaSnapshot, a file path or JSON text, not {type(source).__name__}"
        )
    path = Path(source)
    label = f"snapshot file {str(path)!r}"
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise ParityUsageError(f"{label} is larger than 1 GiB; it is not a snapshot")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ParityUsageError(f"{label} is not UTF-8 text; it is not a snapshot") from exc
    except OSError as exc:
        raise ParityUsageError(
            f"cannot read {label}: {exc.strerror or exc}; write one with "
            "'parity inspect --format json > FILE'"
        ) from exc
    return _parse(text, label)


def _parse(text: str, label: str) -> SchemaSnapshot:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ParityUsageError(f"{label} is not valid JSON ({exc}); it is corrupted") from exc
    if not isinstance(data, dict) or "format_version" not in data or "tables" not in data:
        raise ParityUsageError(
            f"{label} is not a schema-parity snapshot (no format_version/tables); "
            "write one with 'parity inspect --format json'"
        )
    version = data["format_version"]
    if version != SNAPSHOT_FORMAT_VERSION or isinstance(version, bool):
        raise ParityUsageError(
            f"{label} has format_version {version!r}; this schema-parity reads version "
            f"{SNAPSHOT_FORMAT_VERSION} only (rewrite it with this version's 'parity inspect')"
        )
    try:
        return _schema(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ParityUsageError(
            f"{label} is corrupted ({type(exc).__name__}: {exc}); write it again with "
            "'parity inspect --format json'"
        ) from exc


# -- rebuilding the records, field by field and strictly typed ---------------------------
def _str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, not {type(value).__name__}")
    return value


def _opt_str(value: Any, what: str) -> str | None:
    return None if value is None else _str(value, what)


def _opt_int(value: Any, what: str) -> int | None:
    return None if value is None else _int(value, what)


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be a whole number, not {value!r}")
    return value


def _bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{what} must be true or false, not {value!r}")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"{what} must be a list, not {type(value).__name__}")
    return value


def _strs(value: Any, what: str) -> tuple[str, ...]:
    return tuple(_str(item, what) for item in _list(value, what))


def _options(value: Any, what: str) -> Options:
    pairs = []
    for pair in _list(value, what):
        key, text = _list(pair, what)
        pairs.append((_str(key, what), _str(text, what)))
    return tuple(pairs)


def _fields(data: Any, cls: type, what: str) -> Mapping[str, Any]:
    """``data`` as a mapping holding exactly the fields of ``cls`` (no more, no fewer)."""
    if not isinstance(data, dict):
        raise TypeError(f"{what} must be an object, not {type(data).__name__}")
    names = {f.name for f in dataclasses.fields(cls) if f.name != "column_map"}
    unknown = set(data) - names - {"format_version"}
    if unknown:
        raise ValueError(f"{what} has unknown fields {', '.join(sorted(unknown))}")
    return data


def _type(data: Any, what: str) -> TypeSpec:
    d = _fields(data, TypeSpec, what)
    values = d.get("values")
    item = d.get("item")
    return TypeSpec(
        name=_str(d["name"], f"{what}.name"),
        length=_opt_int(d.get("length"), f"{what}.length"),
        precision=_opt_int(d.get("precision"), f"{what}.precision"),
        scale=_opt_int(d.get("scale"), f"{what}.scale"),
        timezone=_bool(d.get("timezone", False), f"{what}.timezone"),
        unsigned=_bool(d.get("unsigned", False), f"{what}.unsigned"),
        values=None if values is None else _strs(values, f"{what}.values"),
        item=None if item is None else _type(item, f"{what}.item"),
        dimensions=_opt_int(d.get("dimensions"), f"{what}.dimensions"),
        options=_options(d.get("options", []), f"{what}.options"),
    )


def _column(data: Any, what: str) -> ColumnSnapshot:
    d = _fields(data, ColumnSnapshot, what)
    computed = d.get("computed")
    if computed is not None:
        c = _fields(computed, ComputedSpec, f"{what}.computed")
        persisted = c.get("persisted")
        computed = ComputedSpec(
            expression=_str(c["expression"], f"{what}.computed.expression"),
            persisted=None if persisted is None else _bool(persisted, f"{what}.persisted"),
        )
    return ColumnSnapshot(
        name=_str(d["name"], f"{what}.name"),
        type=_type(d["type"], f"{what}.type"),
        nullable=_bool(d["nullable"], f"{what}.nullable"),
        default=_opt_str(d.get("default"), f"{what}.default"),
        autoincrement=_opt_str(d.get("autoincrement"), f"{what}.autoincrement"),
        computed=computed,
        collation=_opt_str(d.get("collation"), f"{what}.collation"),
        comment=_opt_str(d.get("comment"), f"{what}.comment"),
    )


def _table(data: Any, what: str) -> TableSnapshot:
    d = _fields(data, TableSnapshot, what)
    name = _str(d["name"], f"{what}.name")
    what = f"table {name!r}"
    pk = d.get("primary_key")
    primary_key = None
    if pk is not None:
        p = _fields(pk, PrimaryKeySnapshot, f"{what} primary key")
        primary_key = PrimaryKeySnapshot(
            name=_opt_str(p.get("name"), f"{what} primary key name"),
            columns=_strs(p["columns"], f"{what} primary key columns"),
        )
    return TableSnapshot(
        name=name,
        schema=_opt_str(d.get("schema"), f"{what}.schema"),
        columns=tuple(
            _column(c, f"{what} column {i}") for i, c in enumerate(_list(d["columns"], what))
        ),
        primary_key=primary_key,
        foreign_keys=tuple(_foreign_key(f, what) for f in _list(d.get("foreign_keys", []), what)),
        uniques=tuple(
            UniqueSnapshot(
                name=_opt_str(u.get("name"), f"{what} unique name"),
                columns=_strs(u["columns"], f"{what} unique columns"),
            )
            for u in (_fields(x, UniqueSnapshot, what) for x in _list(d.get("uniques", []), what))
        ),
        indexes=tuple(
            IndexSnapshot(
                name=_opt_str(i.get("name"), f"{what} index name"),
                expressions=_strs(i["expressions"], f"{what} index expressions"),
                unique=_bool(i.get("unique", False), f"{what} index unique"),
                options=_options(i.get("options", []), f"{what} index options"),
                modifiers=_strs(i.get("modifiers", []), f"{what} index modifiers"),
                implicit=_bool(i.get("implicit", False), f"{what} index implicit"),
            )
            for i in (_fields(x, IndexSnapshot, what) for x in _list(d.get("indexes", []), what))
        ),
        checks=tuple(
            CheckSnapshot(
                name=_opt_str(c.get("name"), f"{what} check name"),
                sqltext=_str(c["sqltext"], f"{what} check text"),
            )
            for c in (_fields(x, CheckSnapshot, what) for x in _list(d.get("checks", []), what))
        ),
        comment=_opt_str(d.get("comment"), f"{what}.comment"),
    )


def _foreign_key(data: Any, what: str) -> ForeignKeySnapshot:
    f = _fields(data, ForeignKeySnapshot, f"{what} foreign key")
    return ForeignKeySnapshot(
        name=_opt_str(f.get("name"), f"{what} foreign key name"),
        columns=_strs(f["columns"], f"{what} foreign key columns"),
        referred_schema=_opt_str(f.get("referred_schema"), f"{what} referred schema"),
        referred_table=_str(f["referred_table"], f"{what} referred table"),
        referred_columns=_strs(f["referred_columns"], f"{what} referred columns"),
        ondelete=_opt_str(f.get("ondelete"), f"{what} on delete"),
        onupdate=_opt_str(f.get("onupdate"), f"{what} on update"),
        options=_options(f.get("options", []), f"{what} foreign key options"),
    )


def _schema(data: Mapping[str, Any]) -> SchemaSnapshot:
    d = _fields(data, SchemaSnapshot, "the snapshot")
    dialect = _str(d["dialect"], "dialect")
    if not dialect:
        raise ValueError("dialect is empty")
    version = d.get("server_version", [])
    unchecked = []
    for entry in _list(d.get("unchecked", []), "unchecked"):
        what, why = _list(entry, "unchecked")
        unchecked.append((_str(what, "unchecked"), _str(why, "unchecked")))
    return SchemaSnapshot(
        dialect=dialect,
        tables=tuple(_table(t, f"table {i}") for i, t in enumerate(_list(d["tables"], "tables"))),
        schema=_opt_str(d.get("schema"), "schema"),
        server_version=tuple(_int(part, "server_version") for part in _list(version, "version")),
        unchecked=tuple(unchecked),
        owned_tables=_strs(d.get("owned_tables", []), "owned_tables"),
    )
