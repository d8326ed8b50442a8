"""Loading ``--models MODULE[:ATTR]`` for the command line.

``MODULE`` is imported (its import registers SQLModel or declarative models); ``ATTR``,
if given, names a MetaData, a declarative base or a list of classes in it.  Without
``ATTR`` the module's ``metadata``/``Base``/``SQLModel`` is looked for, in that order.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

from parity.errors import ParityUsageError


def load_models(spec: str) -> Any:
    """The target named by ``MODULE[:ATTR]``; a usage error if it cannot be imported."""
    module_name, _, attr = spec.partition(":")
    if not module_name:
        raise ParityUsageError(f"--models {spec!r}: expected MODULE[:ATTR], e.g. app.models:Base")
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())  # like `python -m`, the current directory is importable
    # A closed box: whatever the import does -- raise, or call sys.exit() with any code
    # -- is a usage error, never the process's own exit code (0 would pass a check that
    # looked at nothing, 1 would read as drift).  Ctrl-C still stops the process.
    try:
        module = importlib.import_module(module_name)
    except (Exception, SystemExit) as exc:
        if isinstance(exc, SystemExit):
            why = f"it called sys.exit({exc.code!r})"
        else:
            why = f"failed with {type(exc).__name__}: {_first_line(exc)}"
        raise ParityUsageError(
            f"--models {spec!r}: importing {module_name!r} {why}; check the module path "
            "and that importing it has no side effects such as exiting"
        ) from exc
    if attr:
        target: Any = module
        for part in attr.split("."):
            if not hasattr(target, part):
                raise ParityUsageError(
                    f"--models {spec!r}: {module_name} has no attribute {attr!r}"
                )
            target = getattr(target, part)
        return target
    for name in ("metadata", "Base", "SQLModel"):
        if hasattr(module, name):
            return getattr(module, name)
    return None  # every SQLModel table model the import registered


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else "(no message)"
