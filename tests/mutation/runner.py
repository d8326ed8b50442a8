"""A small seeded-mutation runner for the comparison core (``nox -s mutation``).

Why not mutmut: it rewrites every function into a trampoline inside ``mutants/`` and
needs the tests to import the code from there, while this project loads its dialect
adapters through entry points of the installed (editable) distribution and runs tests
that compile SQL text from the code; a runner of a few hundred lines that changes one
real file at a time is simpler to trust.  It works on a scratch copy of the worktree
(``parity``, ``dialects``, ``tests``, ...), never on your checkout, and checks first
that a planted failure in the copy is seen (so the tests really import the copy).

Mutants are made with :mod:`ast` from whatever code is in the worktree (nothing is keyed
on line numbers): comparison operators flipped (``==``/``!=``, ``<``/``>=``, ``in``/
``not in``, ``is``/``is not``), ``and``/``or`` swapped, ``not`` dropped, ``True``/
``False`` swapped, integers off by one, short string constants emptied, and the
severities ``ERROR``/``WARNING`` swapped.  Each is identified by file, enclosing
function and operator (``parity/diff.py:_diff_table:Eq->NotEq#1``), so a list of
equivalent mutants (``equivalent.txt``: key, two spaces, why) survives edits elsewhere.

For each mutant the fast tests (pure unit tests, adapter tables, SQLite live tests)
run with ``-x`` under the derandomised ``ci`` hypothesis profile, the test files most
likely to kill it first.  A mutant is *killed* when they fail (or exceed the time
limit), *equivalent* when it survives and ``equivalent.txt`` says why no behaviour
changed, and a *survivor* otherwise: a hole in the suite.  The exit status is 1 when
any survivor is left.

    python -m tests.mutation.runner --list                 # the mutants, no tests run
    python -m tests.mutation.runner                        # all of them
    python -m tests.mutation.runner --sample 40 --seed 7   # a seeded random subset
    python -m tests.mutation.runner --only parity/policy.py
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The scratch copy the mutants are written into (set by :func:`_workspace`).
WORK = ROOT
_COPIED = ("parity", "dialects", "tests", "examples", "benchmarks", "pyproject.toml", "README.md")
EQUIVALENT_FILE = Path(__file__).with_name("equivalent.txt")

#: Functions of the adapters that normalise options and defaults (the rest of an adapter
#: reads catalogs, which the fast tests cannot reach without a server).
NORMALISERS = frozenset(
    {
        "declared_default",
        "reflected_default",
        "server_equal_defaults",
        "normalise_default",
        "_normalise_default",
        "declared_index_options",
        "reflected_index_options",
        "reflected_index_option",
        "_index_options",
        "referential_action",
        "declared_foreign_key_options",
        "reflected_foreign_key_options",
    }
)

#: (file, functions to mutate or None for the whole module, test files to run first)
TARGETS: list[tuple[str, frozenset[str] | None, tuple[str, ...]]] = [
    ("parity/diff.py", None, ("tests/unit/test_diff.py", "tests/unit/test_policy.py")),
    ("parity/policy.py", None, ("tests/unit/test_policy.py", "tests/unit/test_report.py")),
    ("parity/reflected.py", None, ("tests/dialects/test_sqlite_compare.py",)),
    ("parity/declared.py", None, ("tests/unit/test_declared_speedups.py",)),
    ("parity/typecompare.py", None, ("tests/unit/test_typecompare.py",)),
    ("parity/adapter.py", NORMALISERS, ("tests/unit/test_foreign_key_options.py",)),
    ("dialects/postgresql/options.py", None, ("tests/unit/test_foreign_key_options.py",)),
    ("dialects/postgresql/adapter.py", NORMALISERS, ("tests/dialects/test_postgresql_types.py",)),
    ("dialects/mysql/defaults.py", None, ("tests/dialects/test_mysql_types.py",)),
    ("dialects/mysql/adapter.py", NORMALISERS, ("tests/dialects/test_mysql_types.py",)),
    ("dialects/sqlite/defaults.py", None, ("tests/dialects/test_sqlite_types.py",)),
    ("dialects/sqlite/adapter.py", NORMALISERS, ("tests/dialects/test_sqlite_compare.py",)),
]

#: The fast tests: no server, no subprocess-per-test CLI runs; SQLite for live ones.
FAST_TESTS: tuple[str, ...] = (
    "tests/unit",
    "tests/dialects",
    "tests/backend/test_compatible_severity.py",
    "tests/properties/test_regressions.py",
    "tests/properties/test_drift_answers.py",
)
SLOW_UNIT_FILES = ("tests/unit/test_cli.py", "tests/unit/test_public_api.py")

_FLIP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.Gt: ast.LtE,
    ast.LtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_SEVERITY_SWAP = {"ERROR": "WARNING", "WARNING": "ERROR"}
SHORT_STRING = 24  # longer constants are messages, where an empty text kills nothing useful
#: Whether short strings are emptied (``--strings``): 249 more mutants, mostly SQL words.
STRINGS = False


@dataclass(frozen=True)
class Mutant:
    path: str
    function: str
    operator: str
    occurrence: int
    line: int
    before: str
    after: str
    source: str  # the whole mutated module

    @property
    def key(self) -> str:
        return f"{self.path}:{self.function}:{self.operator}#{self.occurrence}"


def _docstring_nodes(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _annotation_nodes(tree: ast.AST) -> set[int]:
    """Nodes inside annotations and decorators (``@dataclass(frozen=True)``): mutating
    them changes no comparison, only how the code is declared."""
    found: set[int] = set()
    roots: list[ast.AST | None] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            roots.extend(node.decorator_list)
        if isinstance(node, ast.arg):
            roots.append(node.annotation)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            roots.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            roots.append(node.annotation)
    for root in roots:
        if root is not None:
            found.update(id(n) for n in ast.walk(root))
    return found


def _sites(tree: ast.Module) -> Iterator[tuple[str, ast.AST, str, int]]:
    """(enclosing function, node, operator, index) for every mutable place."""
    skip = _docstring_nodes(tree) | _annotation_nodes(tree)
    in_fstring = {
        id(n) for j in ast.walk(tree) if isinstance(j, ast.JoinedStr) for n in ast.walk(j)
    }

    def walk(node: ast.AST, function: str) -> Iterator[tuple[str, ast.AST, str, int]]:
        for child in ast.iter_child_nodes(node):
            name = function
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = child.name if function == "<module>" else f"{function}.{child.name}"
            if id(child) in skip:
                continue
            if isinstance(child, ast.Compare):
                for i, op in enumerate(child.ops):
                    flipped = _FLIP.get(type(op))
                    if flipped is not None:
                        yield name, child, f"{type(op).__name__}->{flipped.__name__}", i
            elif isinstance(child, ast.BoolOp):
                other = "Or" if isinstance(child.op, ast.And) else "And"
                yield name, child, f"{type(child.op).__name__}->{other}", 0
            elif isinstance(child, ast.UnaryOp) and isinstance(child.op, ast.Not):
                yield name, child, "drop-not", 0
            elif isinstance(child, ast.Constant) and id(child) not in in_fstring:
                value = child.value
                if isinstance(value, bool):
                    yield name, child, f"{value}->{not value}", 0
                elif isinstance(value, int):
                    yield name, child, f"{value}->{value + 1}", 0
                elif isinstance(value, str) and 0 < len(value) <= SHORT_STRING and STRINGS:
                    yield name, child, f"{value!r}->''", 0
            elif (
                isinstance(child, ast.Name)
                and child.id in _SEVERITY_SWAP
                and isinstance(child.ctx, ast.Load)
            ):
                yield name, child, f"{child.id}->{_SEVERITY_SWAP[child.id]}", 0
            yield from walk(child, name)

    yield from walk(tree, "<module>")


def _apply(node: ast.AST, index: int) -> Callable[[], None]:
    """Mutate ``node`` in place; return the function that puts it back."""
    if isinstance(node, ast.Compare):
        old_op = node.ops[index]
        node.ops[index] = _FLIP[type(old_op)]()
        return lambda: node.ops.__setitem__(index, old_op)
    if isinstance(node, ast.BoolOp):
        old_bool = node.op
        node.op = ast.Or() if isinstance(old_bool, ast.And) else ast.And()
        return lambda: setattr(node, "op", old_bool)
    if isinstance(node, ast.Constant):
        old_value = node.value
        if isinstance(old_value, bool):
            node.value = not old_value
        elif isinstance(old_value, int):
            node.value = old_value + 1
        else:
            node.value = ""
        return lambda: setattr(node, "value", old_value)
    assert isinstance(node, ast.Name)
    old_id = node.id
    node.id = _SEVERITY_SWAP[old_id]
    return lambda: setattr(node, "id", old_id)


def _in_scope(function: str, functions: frozenset[str] | None) -> bool:
    if functions is None:
        return True
    return any(part in functions for part in function.split("."))


def mutants_of(path: str, functions: frozenset[str] | None = None) -> list[Mutant]:
    """Every mutant of ``path`` (repository-relative), in source order.

    One tree: each mutation is applied, the module unparsed, and the change undone.
    """
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    parents = {id(c): p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
    found: list[Mutant] = []
    seen: dict[tuple[str, str], int] = {}
    for function, node, operator, index in list(_sites(tree)):
        if not _in_scope(function, functions):
            continue
        occurrence = seen[(function, operator)] = seen.get((function, operator), 0) + 1
        before = ast.unparse(node)
        if isinstance(node, ast.UnaryOp):  # ``not x`` -> ``x``: replace it in its parent
            parent = parents[id(node)]
            _replace_child(parent, node, node.operand)
            after = ast.unparse(node.operand)
            source = ast.unparse(tree) + "\n"
            _replace_child(parent, node.operand, node)
        else:
            undo = _apply(node, index)
            after = ast.unparse(node)
            source = ast.unparse(tree) + "\n"
            undo()
        found.append(
            Mutant(
                path=path,
                function=function,
                operator=operator,
                occurrence=occurrence,
                line=getattr(node, "lineno", 0),
                before=before,
                after=after,
                source=source,
            )
        )
    return found


def _replace_child(parent: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for field, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, field, new)
            return
        if isinstance(value, list):
            for i, item in enumerate(value):
                if item is old:
                    value[i] = new
                    return


def load_equivalents(path: Path = EQUIVALENT_FILE) -> dict[str, str]:
    """``key  reason`` lines; ``#`` comments and blank lines skipped."""
    equivalents: dict[str, str] = {}
    if not path.exists():
        return equivalents
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, _, reason = line.partition("  ")
        if not reason.strip():
            raise SystemExit(f"{path.name}: {key!r} gives no reason; write 'KEY  why'")
        equivalents[key.strip()] = reason.strip()
    return equivalents


def _pytest_args(tests: list[str], extra: list[str]) -> list[str]:
    ignores = [f"--ignore={f}" for f in SLOW_UNIT_FILES]
    return [
        "--db",
        "sqlite",
        "-x",
        "-q",
        "-p",
        "no:cacheprovider",
        "--hypothesis-profile=ci",
        *ignores,
        *tests,
        *extra,
    ]


def _stages(first: tuple[str, ...]) -> list[list[str]]:
    """The likely killers alone first (small collection, quick verdict), then the rest."""
    rest = [t for t in FAST_TESTS if t not in first]
    return [list(first), rest] if first else [list(FAST_TESTS)]


def _preload() -> None:
    """Import what every test run imports, except this project's own code.

    Each run is a fork of this process, so sqlalchemy, hypothesis and pytest are imported
    once; ``parity``, ``dialects`` and ``tests`` are never imported here, so every child
    imports the mutated files afresh.
    """
    import hypothesis  # noqa: F401
    import pytest  # noqa: F401
    import sqlalchemy.dialects.sqlite  # noqa: F401
    import sqlmodel  # noqa: F401

    assert not any(name.split(".")[0] in {"parity", "dialects"} for name in sys.modules)


def _run(args: list[str], timeout: float) -> tuple[bool, float]:
    """(tests passed, seconds) of ``pytest args`` in a forked child; over ``timeout`` fails.

    The child runs in the scratch copy (``WORK``) with it first on ``sys.path``, so
    ``parity``, ``dialects`` and ``tests`` are imported from there, mutant included.
    """
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: quiet, then pytest.main, then leave without clean-up
        code = 3
        try:
            import pytest

            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            log = os.open(WORK / "last-run.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(log, 1)
            os.dup2(log, 2)
            sys.dont_write_bytecode = True  # no stale mutant .pyc, ever
            for name in [n for n in sys.modules if n.split(".")[0] == "tests"]:
                del sys.modules[name]  # this runner's package: the copy's is tested
            sys.path.insert(0, str(WORK))
            os.chdir(WORK)
            code = int(pytest.main(args))
        finally:
            os._exit(code)
    deadline = started + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status) == 0, time.monotonic() - started
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            return False, time.monotonic() - started
        time.sleep(0.05)


def _verdict(first: tuple[str, ...], extra: list[str], timeout: float) -> tuple[bool, float]:
    total = 0.0
    for tests in _stages(first):
        passed, seconds = _run(_pytest_args(tests, extra), timeout)
        total += seconds
        if not passed:
            return False, total
    return True, total


def _terminate(_signum: int, _frame: object) -> None:
    raise SystemExit(143)


def _workspace() -> Path:
    """A scratch copy of the parts of the worktree the fast tests read."""
    global WORK  # noqa: PLW0603 - one scratch copy per run, read by the forked children
    work = Path(tempfile.mkdtemp(prefix="parity-mutation-"))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "results")
    for name in _COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, work / name)
    WORK = work
    return work


def _canary(extra: list[str]) -> bool:
    """True when a failure planted in the copy's ``parity/diff.py`` fails the tests."""
    path = WORK / "parity" / "diff.py"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original + "\nraise RuntimeError('mutation canary')\n", encoding="utf-8")
        passed, _seconds = _run(_pytest_args(["tests/unit/test_diff.py"], extra), 600)
    finally:
        path.write_text(original, encoding="utf-8")
    return not passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    parser.add_argument("--only", action="append", help="limit to these files (repeatable)")
    parser.add_argument("--sample", type=int, help="run a random subset of this size")
    parser.add_argument("--seed", type=int, default=0, help="seed of --sample (default 0)")
    parser.add_argument(
        "--strings", action="store_true", help="also empty short string constants (slow)"
    )
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments")
    args = parser.parse_args(argv)
    global STRINGS  # noqa: PLW0603 - read by the mutant generator
    STRINGS = args.strings

    targets = [t for t in TARGETS if not args.only or t[0] in args.only]
    plan: list[tuple[Mutant, tuple[str, ...]]] = []
    for path, functions, first in targets:
        if not (ROOT / path).exists():
            print(f"skip {path}: not in this worktree", file=sys.stderr)
            continue
        plan.extend((m, first) for m in mutants_of(path, functions))
    if args.sample is not None and args.sample < len(plan):
        plan = random.Random(args.seed).sample(plan, args.sample)
        plan.sort(key=lambda item: (item[0].path, item[0].line))
    if args.list:
        for mutant, _first in plan:
            print(f"{mutant.key}  line {mutant.line}: {mutant.before}  ->  {mutant.after}")
        print(f"{len(plan)} mutants")
        return 0

    equivalents = load_equivalents()
    _preload()
    signal.signal(signal.SIGTERM, _terminate)  # so the scratch copy is removed
    work = _workspace()
    try:
        return _execute(plan, equivalents, args.pytest_args, args.sample is None and not args.only)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _execute(
    plan: list[tuple[Mutant, tuple[str, ...]]],
    equivalents: dict[str, str],
    extra: list[str],
    complete: bool,
) -> int:
    if not _canary(extra):
        print("a failure planted in the scratch copy went unseen: not testing the copy")
        return 2
    baseline_ok, baseline = _verdict((), extra, timeout=1800)
    if not baseline_ok:
        tail = (WORK / "last-run.log").read_text(errors="replace").splitlines()[-15:]
        print("the fast tests fail without any mutant: fix them first", *tail, sep="\n")
        return 2
    limit = max(60.0, 3 * baseline)
    print(f"baseline: fast tests pass in {baseline:.1f} s; per-mutant limit {limit:.0f} s")

    killed = 0
    survivors: list[Mutant] = []
    equivalent: list[Mutant] = []
    started = time.monotonic()
    for n, (mutant, first) in enumerate(plan, 1):
        original = (WORK / mutant.path).read_text(encoding="utf-8")
        try:
            (WORK / mutant.path).write_text(mutant.source, encoding="utf-8")
            passed, seconds = _verdict(first, extra, timeout=limit)
        finally:
            (WORK / mutant.path).write_text(original, encoding="utf-8")
        if not passed:
            killed += 1
            verdict = "killed"
        elif mutant.key in equivalents:
            equivalent.append(mutant)
            verdict = "equivalent"
        else:
            survivors.append(mutant)
            verdict = "SURVIVED"
        print(f"[{n}/{len(plan)}] {verdict:<10} {seconds:5.1f} s  {mutant.key}", flush=True)

    elapsed = time.monotonic() - started
    print()
    print(
        f"mutants {len(plan)}, killed {killed}, survived {len(survivors)}, "
        f"equivalent {len(equivalent)} ({elapsed:.0f} s)"
    )
    for mutant in equivalent:
        print(f"  equivalent {mutant.key}: {equivalents[mutant.key]}")
    for mutant in survivors:
        print(
            f"  SURVIVED {mutant.key} ({mutant.path}:{mutant.line}): "
            f"{mutant.before}  ->  {mutant.after}"
        )
    stale = set(equivalents) - {m.key for m, _f in plan}
    if stale and complete:
        print(f"equivalent.txt names {len(stale)} mutant(s) that no longer exist: {sorted(stale)}")
    return 1 if survivors else 0


if __name__ == "__main__":
    raise SystemExit(main())
