"""The project's rule for the CLI and the testing kit: no function over ~70 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import iletimerkezi_async

PACKAGE = Path(iletimerkezi_async.__file__).parent
LIMIT = 70


@pytest.mark.parametrize("area", ["cli", "testing"])
def test_no_function_is_longer_than_the_limit(area: str) -> None:
    too_long = []
    for path in sorted((PACKAGE / area).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > LIMIT:
                    too_long.append(f"{path.name}:{node.lineno} {node.name} ({lines} lines)")
    assert not too_long
