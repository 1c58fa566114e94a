"""The repository stands alone: its docs cover what it exports and link only to itself."""

from __future__ import annotations

import importlib.metadata
import inspect
import re
from pathlib import Path

import pytest

from iletimerkezi_async import errors

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Split so that this file does not match itself.
MISSING_DOCS = ("reference" + "/API.md", "DESIGN" + ".md")


def repository_text_files() -> list[Path]:
    folders = ("iletimerkezi_async", "tests", "examples", "docs", "benchmarks")
    files = [path for folder in folders for path in (ROOT / folder).rglob("*") if path.is_file()]
    files += [ROOT / name for name in ("README.md", "CHANGELOG.md", "pyproject.toml", "Makefile")]
    return [path for path in files if path.suffix in {".py", ".md", ".toml", ""}]


def test_nothing_points_at_documents_that_are_not_in_the_repository() -> None:
    pointers = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in repository_text_files()
        for name in MISSING_DOCS
        if name in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert pointers == []


@pytest.mark.parametrize("document", ["README.md", "docs/wire-format.md", "benchmarks/README.md"])
def test_relative_links_resolve(document: str) -> None:
    path = ROOT / document
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8"))
    local = [link for link in links if "://" not in link and not link.startswith("mailto:")]
    assert [link for link in local if not (path.parent / link).exists()] == []


def test_the_readme_links_the_examples_and_the_wire_format() -> None:
    assert "(examples/fastapi_app.py)" in README
    assert "(examples/aiohttp_app.py)" in README
    assert "(docs/wire-format.md)" in README


def _tree(text: str, ends_at: str) -> str:
    return text.split("IletiMerkeziError                     base of everything")[1].split(ends_at)[
        0
    ]


@pytest.mark.parametrize(
    "tree",
    [_tree(README, "```"), _tree(errors.__doc__ or "", "Two numbers")],
    ids=["README", "errors.py"],
)
def test_the_error_tree_lists_every_exported_error(tree: str) -> None:
    # The first name on each line of the tree (not the builtins named in the notes).
    listed = set(re.findall(r"^[|+\- ]*([A-Z]\w+Error)\b", tree, re.M)) | {"IletiMerkeziError"}
    assert listed == set(errors.__all__)


def test_package_metadata_has_project_links() -> None:
    # What `pip show` and PyPI display.
    urls = importlib.metadata.metadata("iletimerkezi-async").get_all("Project-URL") or []
    names = {entry.split(",", 1)[0].strip() for entry in urls}
    assert {"Homepage", "Documentation", "Changelog", "Issues"} <= names
    assert all(entry.split(",", 1)[1].strip().startswith("https://") for entry in urls)


def test_every_client_option_has_its_own_line_in_the_docstring() -> None:
    from iletimerkezi_async import AsyncClient

    doc = AsyncClient.__doc__ or ""
    names = list(inspect.signature(AsyncClient).parameters)
    documented = re.findall(r"^\s*\* \*\*(\w+)\*\* - ``[^`]+``, default ", doc, re.M)
    assert documented == names
