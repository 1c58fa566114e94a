"""The testing kit's layout, read statically: no module imports ``fake.py`` back (only
the package and the pytest plugin use it), the modules import each other without a
cycle, and none reaches into another module's private names."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import iletimerkezi_async.testing

PACKAGE = "iletimerkezi_async.testing"
ROOT = Path(iletimerkezi_async.testing.__file__).parent
MODULES = {path.stem: ast.parse(path.read_text("utf-8")) for path in sorted(ROOT.glob("*.py"))}
FAKE_USERS = {"__init__", "pytest_plugin"}


def imported_modules(tree: ast.Module) -> Iterator[str]:
    """The kit's modules that ``tree`` imports, anywhere (``TYPE_CHECKING`` blocks and
    function bodies included); ``__init__`` stands for the package itself."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _kit_module(alias.name, None)
        elif isinstance(node, ast.ImportFrom):
            if node.level > 1:
                continue  # above the kit: iletimerkezi_async itself
            base = PACKAGE if node.level == 1 else ""
            where = ".".join(part for part in (base, node.module or "") if part)
            for alias in node.names:
                yield from _kit_module(where, alias.name)


def _kit_module(where: str, name: str | None) -> Iterator[str]:
    if where == PACKAGE:
        # `from . import messaging` names a module; `from . import FakeIletiMerkezi`
        # goes through the package's __init__.
        yield name if name in MODULES else "__init__"
    elif where.startswith(PACKAGE + "."):
        yield where.removeprefix(PACKAGE + ".").split(".")[0]


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def defined_privates(tree: ast.Module) -> set[str]:
    """The private names a module defines: functions, classes, variables, attributes."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
    return {name for name in names if private(name)}


def test_the_kit_has_the_modules_this_test_reads() -> None:
    assert {"__init__", "fake", "pytest_plugin", "server", "transport", "messaging"} <= set(MODULES)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_the_package_and_the_plugin_import_fake(module: str) -> None:
    imports = set(imported_modules(MODULES[module]))
    if module not in FAKE_USERS:
        assert "fake" not in imports, f"{module}.py imports fake.py"
        assert "__init__" not in imports, f"{module}.py imports the package (and so fake.py)"


def test_the_kit_imports_no_cycle() -> None:
    graph = {module: set(imported_modules(tree)) - {module} for module, tree in MODULES.items()}
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, "import cycle: " + " -> ".join((*path, module))
        if module not in done:
            for target in sorted(graph[module]):
                visit(target, (*path, module))
            done.add(module)

    for module in sorted(graph):
        visit(module, ())


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_uses_another_modules_private_names(module: str) -> None:
    tree = MODULES[module]
    own = defined_privates(tree)
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if private(alias.name)
    ]
    reached = sorted(
        {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and private(node.attr) and node.attr not in own
        }
    )
    assert imported == [], f"{module}.py imports private names"
    assert reached == [], f"{module}.py uses private attributes it does not define"


def test_the_checks_catch_what_they_look_for() -> None:
    # The old layout's faults, as the checks above see them.
    handler = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .fake import FakeIletiMerkezi\n"
        "def rows(fake):\n    return fake._contacts\n"
    )
    assert "fake" in set(imported_modules(handler))
    assert "_contacts" not in defined_privates(handler)
    plugin = ast.parse("def f():\n    from iletimerkezi_async.testing import FakeIletiMerkezi\n")
    assert set(imported_modules(plugin)) == {"__init__"}
    assert set(imported_modules(ast.parse("from . import messaging, FakeIletiMerkezi"))) == {
        "messaging",
        "__init__",
    }
