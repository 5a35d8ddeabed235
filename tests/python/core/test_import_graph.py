"""The module drawing of safetynet/: no import cycle, between modules or between packages, and
nothing outside cli/ imports the CLI.

Imports are read from the source (ast), every one of them: at module level, inside functions
(a lazy import is still a dependency) and under TYPE_CHECKING. A package's __init__ counts as
the package itself; importing a.b.c is an edge to a.b.c only (not to its parents).
"""

from __future__ import annotations

import ast
from pathlib import Path

import safetynet

ROOT = Path(safetynet.__file__).parent

# Edges that are known and owned elsewhere, each with the change that removes it. The test
# fails when one of them no longer exists, so the exception is deleted with its cause.
KNOWN_EDGES: dict[tuple[str, str], str] = {
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The safetynet module an imported dotted name refers to (a module or its package)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # "from pkg import sub" imports the submodule pkg.sub when there is one.
            names = [f"{source}.{alias.name}" for alias in node.names] or [source]
            names = [n if n in modules else source for n in names]
        else:
            continue
        for name in names:
            target = _resolve(name, modules) if name.startswith("safetynet") else None
            if target is not None and target != module:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: _imports(m, p, modules) for m, p in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def _package(module: str) -> str:
    """safetynet.sdk.covers -> safetynet.sdk; safetynet.chain -> safetynet.chain."""
    return ".".join(module.split(".")[:2])


def _without_known(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {m: {t for t in ts if (m, t) not in KNOWN_EDGES} for m, ts in graph.items()}


def test_import_graph__every_module__no_cycle_between_modules():
    assert _cycles(_without_known(_graph())) == []


def test_import_graph__every_package__no_cycle_between_packages():
    packages: dict[str, set[str]] = {}
    for module, targets in _without_known(_graph()).items():
        edges = packages.setdefault(_package(module), set())
        edges.update(_package(t) for t in targets if _package(t) != _package(module))
    assert _cycles(packages) == []


def test_import_graph__modules_outside_cli__never_import_cli():
    offenders = sorted(
        (module, target)
        for module, targets in _graph().items()
        if _package(module) != "safetynet.cli"
        for target in targets
        if _package(target) == "safetynet.cli"
    )
    assert offenders == []


def test_import_graph__known_edges__still_exist():
    graph = _graph()
    stale = [edge for edge in KNOWN_EDGES if edge[1] not in graph.get(edge[0], set())]
    assert stale == [], f"remove these entries from KNOWN_EDGES, their cause is gone: {stale}"


def test_import_graph__a_planted_cycle__is_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
