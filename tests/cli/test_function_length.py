"""The project's rule for the whole package: no function over 40 lines.

A function is counted from its ``def`` to its last line, docstring included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import iletimerkezi_async

PACKAGE = Path(iletimerkezi_async.__file__).parent
LIMIT = 40


def test_no_function_in_the_package_is_longer_than_the_limit() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert PACKAGE / "client.py" in modules  # the walk reaches the whole package
    too_long = []
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > LIMIT:
                    name = path.relative_to(PACKAGE).as_posix()
                    too_long.append(f"{name}:{node.lineno} {node.name} ({lines} lines)")
    assert not too_long
