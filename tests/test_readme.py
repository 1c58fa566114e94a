"""Every Python snippet in README.md runs and shows what the README says it shows.

Programs run against the fake provider. A program followed by a ```text block must
print exactly that; any other program must check its results with ``assert``. Test
snippets run under pytest, in a subprocess, and must pass.
"""

import asyncio
import datetime
import re
from pathlib import Path
from typing import Any

import pytest

import iletimerkezi_async
from iletimerkezi_async import AsyncClient, Order
from iletimerkezi_async.testing import FakeClock, FakeIletiMerkezi, Fault

pytest_plugins = ["pytester"]

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")
# A python block, and the ```text block right after it (its expected output), if any,
# perhaps with one line of prose between them.
BLOCKS = re.findall(
    r"```python\n(.*?)```\n(?:\n(?:[^`\n][^\n]*\n\n)?```text\n(.*?)```\n)?", TEXT, re.S
)
# The pytest settings "Testing your code" tells users to use: the test snippets run under them.
SETUP = re.findall(r"## Testing your code\n.*?```toml\n(.*?)```", TEXT, re.S)
PROGRAMS = [(code, expected) for code, expected in BLOCKS if "def test_" not in code]
TESTS = [code for code, _ in BLOCKS if "def test_" in code]


def test_readme_has_the_snippets_we_expect() -> None:
    # Guards the regex: a README rewrite must not silently skip every snippet or output.
    assert len(PROGRAMS) >= 7
    assert len(TESTS) >= 4
    assert sum(1 for _, expected in PROGRAMS if expected) >= 5


def program_id(program: tuple[str, str]) -> str:
    return program[0].splitlines()[-1][:40]


@pytest.mark.parametrize("program", PROGRAMS, ids=program_id)
def test_program_snippet_shows_what_the_readme_says(
    program: tuple[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, expected = program
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
    printed = capsys.readouterr()
    assert "Traceback" not in printed.err
    if expected:
        assert printed.out == expected
    else:
        # Nothing shown to compare: the snippet must check its own results.
        assert re.search(r"^\s*assert ", code, re.M), "add an assert or a ```text block"


def test_test_snippets_pass_under_pytest_with_the_documented_setup(
    pytester: pytest.Pytester,
) -> None:
    (setup,) = SETUP
    assert 'asyncio_mode = "auto"' in setup
    assert 'asyncio_default_fixture_loop_scope = "function"' in setup
    # One pytest subprocess for every test snippet: each costs seconds to start. Any
    # warning (pytest-asyncio's about an unset loop scope among them) fails the run.
    pytester.makepyprojecttoml(setup)
    pytester.makepyfile(**{f"test_snippet_{number}": code for number, code in enumerate(TESTS)})
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) == sum(code.count("def test_") for code in TESTS), str(
        result.outlines[-30:]
    )
    assert "failed" not in outcomes


def _send_once() -> Any:
    """The README's ``send_once`` recipe, defined as the README writes it."""
    (code,) = [code for code, _ in PROGRAMS if "async def send_once" in code]
    namespace: dict[str, Any] = {"__name__": "__readme__"}
    exec(compile(code.split("async def main")[0], str(README), "exec"), namespace)
    return namespace["send_once"]


@pytest.mark.parametrize("first_by", ["this client", "another process"])
def test_the_recovery_recipe_finds_the_newcomers_lost_order(first_by: str) -> None:
    # Two one-recipient orders from one sender in one second; the second's answer is
    # lost after the provider took it. The old recipe returned the first order.
    send_once = _send_once()
    clock = FakeClock()
    clock.freeze(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC))
    fake = FakeIletiMerkezi(clock=clock)

    def client() -> AsyncClient:
        return AsyncClient(
            fake.api_key, fake.api_hash, transport=fake.transport, clock=clock, sender="APITEST"
        )

    async def scenario() -> tuple[Order, Order, Order]:
        async with client() as mine, client() as other:
            sender = mine if first_by == "this client" else other
            first = await send_once(sender, ["+905051234567"], "Kodunuz: 4711")
            fake.script(Fault.disconnect())
            second = await send_once(mine, ["+905059876543"], "Kodunuz: 9120")
            # Had the provider taken nothing, it is sent (once) after the wait.
            fake.script(Fault.provider_error(503))
            third = await send_once(mine, ["+905051112233"], "Kodunuz: 5555")
        return first, second, third

    first, second, third = asyncio.run(scenario())
    assert second != first
    assert fake.orders[second.id].recipients == ("+905059876543",)
    assert fake.orders[second.id].submitted_at == fake.orders[first.id].submitted_at
    assert fake.orders[third.id].text == "Kodunuz: 5555"
    assert len(fake.orders) == 3  # each sent exactly once
