"""Every Python snippet in README.md runs: programs against the fake provider, test
snippets under pytest."""

import re
from pathlib import Path
from typing import Any

import pytest

import iletimerkezi_async
from iletimerkezi_async.testing import FakeIletiMerkezi

pytest_plugins = ["pytester"]

README = Path(__file__).resolve().parents[1] / "README.md"
SNIPPETS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
PROGRAMS = [s for s in SNIPPETS if "def test_" not in s]
TESTS = [s for s in SNIPPETS if "def test_" in s]


def test_readme_has_the_snippets_we_expect() -> None:
    # Guards the regex: a README rewrite must not silently skip every snippet.
    assert len(PROGRAMS) >= 6
    assert len(TESTS) >= 2


@pytest.mark.parametrize("code", PROGRAMS, ids=lambda code: code.splitlines()[-1][:40])
def test_program_snippet_runs_against_the_fake(
    code: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeIletiMerkezi()
    fake.generate(1100)
    monkeypatch.setenv("ILETIMERKEZI_API_KEY", fake.api_key)
    monkeypatch.setenv("ILETIMERKEZI_API_HASH", fake.api_hash)
    monkeypatch.delenv("ILETIMERKEZI_SECRET", raising=False)
    monkeypatch.delenv("ILETIMERKEZI_BASE_URL", raising=False)

    class FakeBacked(iletimerkezi_async.AsyncClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("transport", fake.transport)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(iletimerkezi_async, "AsyncClient", FakeBacked)
    exec(compile(code, str(README), "exec"), {"__name__": "__readme__"})
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("code", TESTS, ids=lambda code: code.split("def ")[1][:30])
def test_test_snippet_passes_under_pytest(code: str, pytester: pytest.Pytester) -> None:
    pytester.makeini(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
        "filterwarnings = error\n"
    )
    pytester.makepyfile(test_snippet=code)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) == code.count("def test_")
    assert "failed" not in outcomes
