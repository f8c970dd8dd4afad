"""The layering rules of ARCHITECTURE.md, checked on the code itself.

- The import graph of the project's modules (every import: top-level, inside functions and
  under ``TYPE_CHECKING``) has no cycle.
- Every Qt-free module imports in a fresh interpreter without pulling in PySide6.
- Qt is imported only by ``desktop/ui`` and ``desktop/app.py`` (and the benchmarks that drive
  the app).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("common", "desktop", "training", "convert", "models", "installer", "bench")
QT_PLACES = ("desktop.ui", "desktop.app", "bench", "installer")
# Modules that run something when imported: entry points and Alembic's environment script.
RUN_ON_IMPORT = ("desktop.storage.migrations",)


def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the project's packages."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imported_names(name: str, path: Path, modules: set[str] | None = None) -> Iterator[str]:
    """Every module name an import statement in ``path`` refers to (absolute form).

    ``from pkg import sub`` counts as importing ``pkg.sub`` when that is one of ``modules``
    (a submodule, as Python itself resolves it) and as importing ``pkg`` otherwise.
    """
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                full = f"{module}.{alias.name}"
                yield full if modules is not None and full in modules else module


def import_graph() -> dict[str, set[str]]:
    files = module_files()
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        targets = {t for t in imported_names(name, path, set(files)) if t in files and t != name}
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_import_graph_has_no_cycle() -> None:
    graph = import_graph()
    assert len(graph) > 150  # the whole project was read
    assert cycles(graph) == []


def is_qt_free(name: str) -> bool:
    return not any(name == p or name.startswith(p + ".") for p in QT_PLACES)


def test_qt_is_imported_only_by_the_ui() -> None:
    files = module_files()
    offenders = sorted(
        name
        for name, path in files.items()
        if is_qt_free(name)
        and any(t.split(".")[0] in ("PySide6", "shiboken6") for t in imported_names(name, path))
    )
    assert offenders == []


def test_qt_free_modules_import_without_pyside6() -> None:
    names = sorted(
        name
        for name in module_files()
        if is_qt_free(name)
        and not name.endswith("__main__")
        and not name.startswith(RUN_ON_IMPORT)
    )
    assert "desktop.history.store" in names and "training.trainer" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print('QT:' + ','.join(qt))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "HOME": str(REPO), "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "QT:"
