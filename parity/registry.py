"""Finding the adapter for a dialect: entry points, run-time registration, generic fallback.

The core never imports ``dialects`` by name.  Built-in and third-party adapters alike
are published under the entry-point group ``parity.dialects`` and looked up by the
engine's ``dialect.name`` on first use, then cached.  A plugin that fails to import is
a :class:`~parity.errors.PluginLoadError` naming the plugin and its distribution — never
a silent fallback — while a dialect with no plugin at all gets the generic adapter.
"""

from __future__ import annotations

import threading
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from sqlalchemy.engine import Connection, Dialect, Engine

from parity.adapter import DialectAdapter
from parity.errors import ParityUsageError, PluginLoadError

ENTRY_POINT_GROUP = "parity.dialects"

# Re-entrant: a plugin module may call register_dialect() while it is being imported.
_lock = threading.RLock()
_registered: dict[str, DialectAdapter] = {}
_loaded: dict[str, DialectAdapter] = {}


def register_dialect(
    adapter: DialectAdapter | type[DialectAdapter], name: str | None = None
) -> None:
    """Register an adapter at run time; it takes precedence over entry points.

    ``name`` defaults to ``adapter.name`` (the SQLAlchemy dialect name it serves).
    """
    label = name or str(getattr(adapter, "name", "?"))
    instance = _instantiate(adapter, plugin=label, label=repr(label), dist=None)
    with _lock:
        _registered[name or instance.name] = instance


def unregister_dialect(name: str) -> None:
    """Forget a run-time registration and any cached entry-point lookup for ``name``."""
    with _lock:
        _registered.pop(name, None)
        _loaded.pop(name, None)


def dialect_for(bind: Engine | Connection | Dialect | Any) -> DialectAdapter:
    """The adapter used for ``bind`` (an Engine, Connection or Dialect)."""
    dialect = bind if isinstance(bind, Dialect) else getattr(bind, "dialect", None)
    if not isinstance(dialect, Dialect):
        raise ParityUsageError(
            f"cannot tell the dialect of {type(bind).__name__}; pass an Engine or Connection"
        )
    name = dialect.name
    with _lock:
        if name in _registered:
            return _registered[name]
        if name in _loaded:
            return _loaded[name]
        adapter = _load(name)
        _loaded[name] = adapter
        return adapter


def _load(name: str) -> DialectAdapter:
    candidates = {
        (ep.name, ep.value): ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name
    }
    if not candidates:
        return _generic(name)
    if len(candidates) > 1:
        listing = ", ".join(f"{ep.value} ({_dist(ep)})" for ep in candidates.values())
        raise PluginLoadError(
            f"several parity.dialects plugins claim dialect {name!r}: {listing}; "
            "uninstall all but one, or choose with parity.register_dialect()",
            plugin=name,
            distribution=None,
        )
    (entry_point,) = candidates.values()
    dist = _dist(entry_point)
    try:
        loaded = entry_point.load()
    except Exception as exc:
        raise PluginLoadError(
            f"dialect plugin {name!r} ({entry_point.value}) from distribution {dist} failed to "
            f"load: {type(exc).__name__}: {exc}; fix or reinstall that package",
            plugin=name,
            distribution=dist,
        ) from exc
    return _instantiate(loaded, plugin=name, label=f"{name!r} ({entry_point.value})", dist=dist)


def _instantiate(candidate: object, *, plugin: str, label: str, dist: str | None) -> DialectAdapter:
    """An adapter instance from what a plugin or a caller supplied.

    ``plugin`` is the dialect name (kept on the error), ``label`` how messages name it.
    """
    if isinstance(candidate, type) and issubclass(candidate, DialectAdapter):
        try:
            return candidate()
        except Exception as exc:
            raise PluginLoadError(
                f"dialect plugin {label} from {dist or 'run-time registration'} could not be "
                f"created: {type(exc).__name__}: {exc}",
                plugin=plugin,
                distribution=dist,
            ) from exc
    if isinstance(candidate, DialectAdapter):
        return candidate
    raise PluginLoadError(
        f"dialect plugin {label} from {dist or 'run-time registration'} is "
        f"{type(candidate).__name__}, not a parity.adapter.DialectAdapter subclass or instance",
        plugin=plugin,
        distribution=dist,
    )


def _generic(name: str) -> DialectAdapter:
    adapter = DialectAdapter()
    adapter.served_dialect = name
    return adapter


def _dist(entry_point: EntryPoint) -> str:
    dist = getattr(entry_point, "dist", None)
    if dist is None:
        return "an unknown distribution"
    return f"{dist.metadata['Name']} {dist.version}"
