"""The sans-IO layer must stay importable and usable without any I/O library."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = "iletimerkezi_async"
PACKAGE_DIR = Path(__file__).resolve().parents[2] / PACKAGE

FORBIDDEN_ROOTS = frozenset(
    {
        "httpx",
        "httpcore",
        "asyncio",
        "anyio",
        "trio",
        "aiohttp",
        "socket",
        "time",
        "random",
        "ssl",
        "selectors",
        "secrets",
        "requests",
        "urllib3",
    }
)
ALLOWED_OWN = (f"{PACKAGE}.sansio", f"{PACKAGE}.errors")
# Reading a clock or a random source is I/O too: the caller passes those in.
FORBIDDEN_CALLS = frozenset({"now", "utcnow", "monotonic", "perf_counter", "urandom"})


def module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def imported_names(source: str, module: str, is_package: bool) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, node.module] if node.module else anchor)
            else:
                base = node.module or ""
            # Record what is taken from the module: `from iletimerkezi_async import errors`
            # is fine, `from iletimerkezi_async import AsyncClient` is not.
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call):
            func = node.func
            func_name = getattr(func, "id", None) or getattr(func, "attr", None)
            if func_name in {"__import__", "import_module"} and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    names.add(first.value)
    return names


def import_allowed(name: str) -> bool:
    root = name.split(".")[0]
    if root == PACKAGE:
        return any(name == own or name.startswith(own + ".") for own in ALLOWED_OWN)
    return root not in FORBIDDEN_ROOTS


def violations(source: str, module: str, is_package: bool) -> list[str]:
    found = []
    for name in sorted(imported_names(source, module, is_package)):
        if not import_allowed(name):
            found.append(f"imports {name}")
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in FORBIDDEN_CALLS
        ):
            found.append(f"calls .{node.func.attr}() on line {node.lineno}")
    return found


PURE_FILES = [*sorted((PACKAGE_DIR / "sansio").rglob("*.py")), PACKAGE_DIR / "errors.py"]


def test_the_pure_files_are_found():
    found = {path.relative_to(PACKAGE_DIR).as_posix() for path in PURE_FILES}
    assert {
        "errors.py",
        "sansio/__init__.py",
        "sansio/response.py",
        "sansio/retry.py",
        "sansio/request.py",
    } <= found


@pytest.mark.parametrize(
    "path", PURE_FILES, ids=lambda path: path.relative_to(PACKAGE_DIR).as_posix()
)
def test_pure_module_imports_no_io(path):
    module, is_package = module_name(path)
    assert violations(path.read_text(encoding="utf-8"), module, is_package) == []


@pytest.mark.parametrize(
    ("source", "module", "is_package"),
    [
        ("import httpx", f"{PACKAGE}.sansio.response", False),
        ("import asyncio.locks", f"{PACKAGE}.sansio.retry", False),
        ("from time import monotonic", f"{PACKAGE}.sansio.retry", False),
        ("import random as r", f"{PACKAGE}.sansio.retry", False),
        ("from ..client import AsyncClient", f"{PACKAGE}.sansio.response", False),
        ("from .. import client", f"{PACKAGE}.sansio.response", False),
        ("from . import client", f"{PACKAGE}", True),
        ("from . import client", f"{PACKAGE}.errors", False),
        ("from iletimerkezi_async import testing", f"{PACKAGE}.sansio", True),
        ("from iletimerkezi_async.client import X", f"{PACKAGE}.sansio", True),
        ("from iletimerkezi_async import AsyncClient", f"{PACKAGE}.sansio", True),
        ("from .. import *", f"{PACKAGE}.sansio.retry", False),
        ("from httpx import AsyncClient", f"{PACKAGE}.sansio.retry", False),
        ("import iletimerkezi_async", f"{PACKAGE}.errors", False),
        ("importlib.import_module('socket')", f"{PACKAGE}.errors", False),
        ("import datetime\ndatetime.datetime.now()", f"{PACKAGE}.sansio.retry", False),
    ],
)
def test_checker_catches_violations(source, module, is_package):
    assert violations(source, module, is_package)


@pytest.mark.parametrize(
    ("source", "module", "is_package"),
    [
        ("from .models import Contact", f"{PACKAGE}.sansio.response", False),
        ("from . import models", f"{PACKAGE}.sansio", True),
        ("from iletimerkezi_async.errors import APIError", f"{PACKAGE}.sansio.retry", False),
        ("from ..errors import APIError", f"{PACKAGE}.sansio.retry", False),
        ("from .. import errors", f"{PACKAGE}.sansio.retry", False),
        ("from iletimerkezi_async import errors, sansio", f"{PACKAGE}.errors", False),
        ("import json, hmac, hashlib", f"{PACKAGE}.sansio.auth", False),
        ("from email.utils import parsedate_to_datetime", f"{PACKAGE}.sansio.retry", False),
    ],
)
def test_checker_allows_pure_imports(source, module, is_package):
    assert violations(source, module, is_package) == []


def test_importing_the_sansio_layer_loads_no_io_library() -> None:
    # At run time too: the package's top level loads the client only when asked for it.
    code = (
        "import sys, iletimerkezi_async.sansio, iletimerkezi_async.errors\n"
        "heavy = {'httpx', 'httpcore', 'anyio', 'aiohttp', 'asyncio',\n"
        "         'iletimerkezi_async.client'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
