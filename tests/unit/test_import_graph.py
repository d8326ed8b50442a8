"""Imports inside ``parity`` point one way: no module imports, even lazily inside a
function, a module that imports it back (directly or through others).

A circle hides which module owns a fact, and a deferred import that closes one is a
circle all the same; the lower module must own what both need instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "parity"


def _imports(path: Path) -> set[str]:
    """Every ``parity.*`` module ``path`` imports, at any depth of the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            module = node.module
            if node.level:  # relative: from . import x / from .x import y
                module = "parity" + ("." + module if module else "")
            if module == "parity":
                found.update(f"parity.{alias.name}" for alias in node.names)
            elif module.startswith("parity."):
                found.add(module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("parity."))
    return found


def _graph() -> dict[str, set[str]]:
    modules = {f"parity.{p.stem}": p for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    return {name: _imports(path) & modules.keys() - {name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_is_read(tmp_path: Path) -> None:
    graph = _graph()
    assert "parity.snapshot" in graph["parity.snapshot_file"]
    assert "parity.snapshot" in graph["parity.declared"]
    module = tmp_path / "m.py"
    module.write_text(
        "import parity.a\nfrom parity import b\nfrom .c import x\n"
        "def f():\n    from parity.d import y\n",
        encoding="utf-8",
    )
    assert _imports(module) == {"parity.a", "parity.b", "parity.c", "parity.d"}


def test_no_module_of_parity_imports_itself_back() -> None:
    assert _cycle(_graph()) is None, " -> ".join(_cycle(_graph()) or [])


def test_a_circle_is_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
