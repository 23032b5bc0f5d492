"""The package's import graph: no cycles, and imports only flow down the pipeline.

Every ``import`` counts, those inside functions included. The pipeline's stages, from
the edge to the front door: the edge modules (errors, limits, paths, files, geometry),
``format`` (input), ``templating``, ``layout``, then ``output`` and ``source`` side by
side, then ``build``, ``workers`` and ``watch``, then the CLI. A module may import its
own stage or the stages before it, never a later one: input never imports output.
"""

from __future__ import annotations

import ast
import importlib.metadata
import sys
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "src" / "alliance_slides"

#: The stage of each top-level module or subpackage; a module imports only lower stages.
STAGES = {
    "__init__": 0,
    "errors": 0,
    "limits": 0,
    "paths": 0,
    "files": 0,
    "geometry": 0,
    "format": 1,
    "templating": 2,
    "layout": 3,
    "output": 4,
    "source": 4,
    "workers": 5,
    "build": 6,
    "watch": 7,
    "cli": 8,
    "__main__": 9,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    name = ".".join(parts)
    return name.removesuffix(".__init__")


def imports_of(path: Path) -> set[str]:
    """Return the alliance_slides modules ``path`` imports, anywhere in the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.startswith("alliance_slides"):
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("alliance_slides"))
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges = {}
    for name, path in modules.items():
        targets = {t for t in imports_of(path) if t in modules and t != name}
        edges[name] = targets
    return edges


def part(module: str) -> str:
    """Return the top-level module or subpackage a module belongs to."""
    return module.split(".")[1] if "." in module else "__init__"


def stage(module: str) -> int:
    return STAGES[part(module)]


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    """Return each import of a later stage (or of the other side of the output stage)."""
    found = []
    for module, targets in edges.items():
        for target in targets:
            beside = stage(target) == stage(module) == STAGES["output"]
            if stage(target) > stage(module) or (beside and part(target) != part(module)):
                found.append(f"{module} imports {target}")
    return sorted(found)


def cycles(edges: dict[str, set[str]]) -> list[str]:
    """Return the import cycles of ``edges``, each as 'a -> b -> a'."""
    found = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                found.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def test_imports_flow_down_the_pipeline() -> None:
    assert upward_imports(graph()) == []


def test_there_are_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_the_checks_find_a_cycle_an_upward_import_and_a_sideways_one() -> None:
    edges = {
        "alliance_slides.format.a": {"alliance_slides.output.b"},
        "alliance_slides.output.b": {"alliance_slides.format.a", "alliance_slides.source.c"},
        "alliance_slides.source.c": set(),
    }
    assert cycles(edges) == [
        "alliance_slides.format.a -> alliance_slides.output.b -> alliance_slides.format.a"
    ]
    assert upward_imports(edges) == [
        "alliance_slides.format.a imports alliance_slides.output.b",
        "alliance_slides.output.b imports alliance_slides.source.c",
    ]


def test_an_import_inside_a_function_counts(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from alliance_slides.output.deck import write_deck\n")
    assert "alliance_slides.output.deck" in imports_of(module)


def test_every_third_party_import_is_a_declared_dependency() -> None:
    imported: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    third_party = {m for m in imported if m not in sys.stdlib_module_names} - {"alliance_slides"}
    declared = {
        d.split(">")[0].split("=")[0].split("<")[0].split("~")[0].strip().lower()
        for d in tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    }
    providers = importlib.metadata.packages_distributions()
    missing = {
        module: providers.get(module, ["?"])
        for module in third_party
        if not {p.lower() for p in providers.get(module, [])} & declared
    }
    assert missing == {}, f"imported but not declared in pyproject.toml: {missing}"
