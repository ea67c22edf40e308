"""The shape of the code: no import cycles between our modules (imports made only for type
checking count too), and the visit-editing controller stays free of Qt."""

from __future__ import annotations

from collections.abc import Iterable

import grimp
import pytest

PACKAGES = ("charting", "models", "reports", "resources", "ui")
QT_FREE = ("ui.runner", "ui.messages", "ui.editor.session", "ui.editor.recovery")


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(
        *PACKAGES,
        include_external_packages=True,
        exclude_type_checking_imports=False,  # an `if TYPE_CHECKING:` import is a cycle too
        cache_dir=None,
    )


def cycles(graph: grimp.ImportGraph, modules: Iterable[str]) -> list[list[str]]:
    """Groups of modules that import each other, directly or around a loop (Tarjan)."""
    ours = set(modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & ours) for m in ours}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for root in sorted(ours):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, next_edge = work.pop()
            if next_edge == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
            for position in range(next_edge, len(edges[node])):
                target = edges[node][position]
                if target not in index:
                    work += [(node, position + 1), (target, 0)]
                    break
                if target in stack:
                    low[node] = min(low[node], index[target])
            else:
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = stack[stack.index(node) :]
                    del stack[stack.index(node) :]
                    if len(group) > 1 or node in edges[node]:
                        found.append(sorted(group))
    return found


def test_the_cycle_finder_finds_loops() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in (("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.z", "a.w")):
        graph.add_import(importer=importer, imported=imported)
    assert cycles(graph, graph.modules) == [["a.x", "a.y", "a.z"]]
    graph.remove_import(importer="a.z", imported="a.x")
    assert cycles(graph, graph.modules) == []


def test_no_import_cycles_between_our_modules(graph: grimp.ImportGraph) -> None:
    ours = [m for m in graph.modules if m.split(".")[0] in PACKAGES]
    assert len(ours) > 100  # the whole code base was read
    assert cycles(graph, ours) == []


@pytest.mark.parametrize("module", QT_FREE)
def test_the_visit_controller_needs_no_qt(graph: grimp.ImportGraph, module: str) -> None:
    assert graph.chain_exists(importer=module, imported="PySide6") is False
