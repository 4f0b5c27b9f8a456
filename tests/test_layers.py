"""The layer rule of docs/architecture.md, checked by reading every module's imports.

calendar -> rules -> engine -> audit -> reports -> frames -> service -> cli: a package
(``frames``: the one module of pandas frames over an audit) imports only
the packages before it (and the shared base modules ``exceptions`` and ``_version``); no
import cycles between modules, not even hidden inside functions. The service sits beside
the command line, which starts it (``statdeadline serve``); it never imports the CLI.
"""

from __future__ import annotations

import ast
from pathlib import Path

import statdeadline

PACKAGE = Path(statdeadline.__file__).resolve().parent
#: Each layer, bottom first. A module may import its own layer and those before it.
LAYERS = ("calendar", "rules", "engine", "audit", "reports", "frames", "service", "cli")
#: Modules every layer may use.
BASE = ("exceptions", "_version")
#: Modules above every layer: the package's front door and ``python -m``.
TOP = ("__init__", "__main__")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["statdeadline", *parts])


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every statdeadline import anywhere in ``path``."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("statdeadline")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not mod.startswith("statdeadline"):
                continue
            if node.module is None or (node.level and not node.module):
                out += [(node.lineno, f"{mod}.{a.name}") for a in node.names]
            else:
                out.append((node.lineno, mod))
    return out


def _layer(module: str) -> str:
    """The layer (or base/top module) that ``statdeadline.x.y`` belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_layer() -> None:
    """No module lives outside the layers, the base modules and the front door."""
    stray = [
        str(p.relative_to(PACKAGE))
        for p in _modules()
        if _layer(_module_name(p)) not in (*LAYERS, *BASE, *TOP)
    ]
    assert stray == []


def test_imports_only_go_down() -> None:
    """Each package imports only itself, the layers below it and the base modules."""
    wrong = []
    for path in _modules():
        here = _layer(_module_name(path))
        if here in TOP:
            continue
        allowed = set(BASE) | (set(LAYERS[: LAYERS.index(here) + 1]) if here in LAYERS else set())
        for line, target in _imports(path):
            there = _layer(target)
            if there not in allowed:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {target}")
    assert wrong == []


def test_no_import_cycles_between_modules() -> None:
    """The module import graph (function-level imports included) has no cycle."""
    names = {_module_name(p): p for p in _modules()}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        deps = set()
        for _, target in _imports(path):
            # "from .pkg import name" may name a module or an attribute: keep what exists.
            while target not in names and "." in target:
                target = target.rpartition(".")[0]
            if target != name and target in names:
                deps.add(target)
        graph[name] = deps
    # Packages' __init__ re-export their modules; an import of a package is an edge to
    # its __init__ only, so cycles through re-exports are still seen.
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                cycles.append([*stack[stack.index(m) :], m])
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    assert cycles == []
