"""The progress package's imports go one way: no module imports another that imports it back (not
even inside a function, where a cycle hides), and only the FSRS adapter talks to ``fsrs``."""

from __future__ import annotations

import ast
from pathlib import Path

import aitrainer_cli.progress

PACKAGE = "aitrainer_cli.progress"
SOURCES = {
    path.stem: path
    for path in Path(aitrainer_cli.progress.__file__).parent.glob("*.py")
    if path.stem != "__init__"
}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_imports(path: Path) -> set[str]:
    """Every module ``path`` imports when it runs (at the top or in a function), by full name;
    imports for type checking only are left out."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


GRAPH = {
    name: {
        imported.removeprefix(f"{PACKAGE}.")
        for imported in runtime_imports(path)
        if imported.removeprefix(f"{PACKAGE}.") in SOURCES
    }
    - {name}
    for name, path in SOURCES.items()
}


def test_the_walk_sees_the_package() -> None:
    assert {"store", "stats", "review", "fsrs_cards", "graded_answers"} <= set(SOURCES)
    assert {"graded_answers", "review"} <= GRAPH["stats"]


def test_progress_modules_import_each_other_one_way_only() -> None:
    def cycle_from(start: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
        for imported in sorted(GRAPH[start]):
            if imported in path:
                return (*path[path.index(imported) :], imported)
            found = cycle_from(imported, (*path, imported))
            if found:
                return found
        return None

    for name in sorted(GRAPH):
        cycle = cycle_from(name, (name,))
        assert cycle is None, " -> ".join(cycle)


def test_only_the_fsrs_adapter_imports_fsrs() -> None:
    users = sorted(
        name
        for name, path in SOURCES.items()
        if any(m == "fsrs" or m.startswith("fsrs.") for m in runtime_imports(path))
    )
    assert users == ["fsrs_cards"]
