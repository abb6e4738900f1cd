"""The package's shape: no import cycle anywhere in `app/`, and a GUI-free core.

Every import counts, including those inside functions (a cycle hidden in a
function still ties two modules together); only `if TYPE_CHECKING:` blocks are
left out, since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

APP = ROOT / "app"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imported_modules(path: Path, modules: set[str], here: str | None = None) -> set[str]:
    """The modules of `app` that `path` (the module `here`) imports, anywhere in its body."""
    here = here or module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    skip: set[int] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _type_checking_only(node):
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            # `from app.core import errors` names a module; `from app.core.errors import X` a name
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != here:
                found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    files = sorted(APP.rglob("*.py"))
    modules = {module_name(p) for p in files}
    return {module_name(p): imported_modules(p, modules) for p in files}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = GREY
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if colour.get(nxt) == GREY:
                return stack[stack.index(nxt):] + [nxt]
            if colour.get(nxt) == WHITE:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        colour[node] = BLACK
        return None

    for start in sorted(graph):
        if colour[start] == WHITE:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def test_the_checker_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_checker_sees_a_package_and_its_own_module_importing_each_other(
        tmp_path: Path) -> None:
    init, sub = tmp_path / "__init__.py", tmp_path / "a.py"
    init.write_text("def f():\n    from app.x.a import g\n")
    sub.write_text("from app.x import NOTE\n")
    modules = {"app.x", "app.x.a"}
    graph = {"app.x": imported_modules(init, modules, "app.x"),
             "app.x.a": imported_modules(sub, modules, "app.x.a")}
    assert find_cycle(graph) == ["app.x", "app.x.a", "app.x"]


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    src.write_text("def f():\n    from app.core.errors import StudyDeskError\n")
    assert imported_modules(src, {"app.core.errors"}, "app.m") == {"app.core.errors"}


def test_no_import_cycle_in_app() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, " → ".join(cycle or [])


def test_core_never_imports_qt() -> None:
    offenders = []
    for path in sorted((APP / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] in {"PySide6", "shiboken6"} for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_no_module_selects_a_pyside_feature() -> None:
    """app.ui.qt_modules declares every module "no __feature__" to PySide's import hook."""
    offenders = [str(path.relative_to(ROOT)) for path in sorted(APP.rglob("*.py"))
                 for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.ImportFrom) and node.module == "__feature__"]
    assert offenders == []



def cross_test_imports(root: Path) -> dict[str, set[str]]:
    """Each test module under the package folder `root` → the other test modules it imports
    (anywhere in its body; tests/helpers and package `__init__`s aside): a piece that two
    test modules share belongs in tests/helpers, so that a test module stays one file."""
    def name(path: Path) -> str:
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    files = sorted(root.rglob("*.py"))
    modules = {name(p) for p in files}
    shared = {name(p) for p in files if p.name == "__init__.py"}
    found: dict[str, set[str]] = {}
    for path in files:
        others = {m for m in imported_modules(path, modules, name(path))
                  if m not in shared and not m.startswith(f"{root.name}.helpers")}
        if others:
            found[name(path)] = others
    return found


def test_the_checker_sees_one_test_module_importing_another(tmp_path: Path) -> None:
    root = tmp_path / "tests"
    (root / "helpers").mkdir(parents=True)
    for init in (root / "__init__.py", root / "helpers" / "__init__.py"):
        init.write_text("")
    (root / "helpers" / "decks.py").write_text("VALID = ''\n")
    (root / "test_a.py").write_text("def test_a():\n    from tests.test_b import line_of\n")
    (root / "test_b.py").write_text("from tests.helpers.decks import VALID\n")
    assert cross_test_imports(root) == {"tests.test_a": {"tests.test_b"}}


def test_no_test_module_imports_another() -> None:
    found = cross_test_imports(ROOT / "tests")
    assert found == {}, found
