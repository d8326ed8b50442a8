"""The seeded-mutation runner (tests/mutation/runner.py) makes the mutants it says."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.mutation import runner

SOURCE = '''"""Module docstring: never mutated."""
from __future__ import annotations

ERROR, WARNING = "error", "warning"
RULES = {"a": ERROR, "b": WARNING}


def judge(x: int, items: list[int] | None = None) -> bool:
    """Docstring: never mutated."""
    return x == 1 and x not in (items or []) or not x
'''


def test_each_mutant_is_one_change_keyed_by_function(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "m.py").write_text(SOURCE)
    monkeypatch.setattr(runner, "ROOT", tmp_path)
    mutants = runner.mutants_of("m.py")
    assert [(m.function, m.operator, m.before, m.after) for m in mutants] == [
        ("<module>", "ERROR->WARNING", "ERROR", "WARNING"),
        ("<module>", "WARNING->ERROR", "WARNING", "ERROR"),
        (
            "judge",
            "Or->And",
            "x == 1 and x not in (items or []) or not x",
            "(x == 1 and x not in (items or [])) and (not x)",
        ),
        (
            "judge",
            "And->Or",
            "x == 1 and x not in (items or [])",
            "x == 1 or x not in (items or [])",
        ),
        ("judge", "Eq->NotEq", "x == 1", "x != 1"),
        ("judge", "1->2", "1", "2"),
        ("judge", "NotIn->In", "x not in (items or [])", "x in (items or [])"),
        ("judge", "Or->And", "items or []", "items and []"),
        ("judge", "drop-not", "not x", "x"),
    ]
    for mutant in mutants:
        assert mutant.source != runner.ast.unparse(runner.ast.parse(SOURCE)) + "\n"
        compile(mutant.source, "m.py", "exec")  # every mutant is valid Python
    assert mutants[-1].key == "m.py:judge:drop-not#1"
    assert [m.key for m in mutants if m.operator == "Or->And"] == [
        "m.py:judge:Or->And#1",
        "m.py:judge:Or->And#2",
    ]


def test_functions_limit_the_mutants(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "m.py").write_text(SOURCE)
    monkeypatch.setattr(runner, "ROOT", tmp_path)
    assert {m.function for m in runner.mutants_of("m.py", frozenset({"judge"}))} == {"judge"}


def test_every_target_exists_and_has_mutants() -> None:
    for path, functions, first in runner.TARGETS:
        assert runner.mutants_of(path, functions), path
        for test_file in first:
            assert (runner.ROOT / test_file).exists(), test_file


def test_equivalents_need_a_reason(tmp_path: Path) -> None:
    listed = tmp_path / "equivalent.txt"
    listed.write_text("# comment\n\na.py:f:Eq->NotEq#1  the two branches return the same\n")
    assert runner.load_equivalents(listed) == {
        "a.py:f:Eq->NotEq#1": "the two branches return the same"
    }
    listed.write_text("a.py:f:Eq->NotEq#1\n")
    with pytest.raises(SystemExit, match="gives no reason"):
        runner.load_equivalents(listed)
