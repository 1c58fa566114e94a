import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Mapping

import attrs
import pytest

from iletimerkezi_async.testing import FakeIletiMerkezi


@attrs.frozen
class Ran:
    code: int
    stdout: str
    stderr: str


async def run_cli(
    *args: str, env: Mapping[str, str] | None = None, stdin: bytes | None = None
) -> Ran:
    """Run ``python -m iletimerkezi_async ARGS`` as a user would, in a subprocess."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ILETIMERKEZI_")} | dict(
        env or {}
    )
    # The C locale must not break Turkish output: we write UTF-8 bytes ourselves.
    full_env["LC_ALL"] = "C"
    full_env.pop("PYTHONIOENCODING", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "iletimerkezi_async",
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=full_env,
    )
    out, err = await asyncio.wait_for(process.communicate(stdin or b""), timeout=120)
    assert process.returncode is not None
    return Ran(process.returncode, out.decode("utf-8"), err.decode("utf-8", "replace"))


@pytest.fixture
async def fake_on_socket() -> AsyncIterator[tuple[FakeIletiMerkezi, dict[str, str]]]:
    """A fake (legacy shape, no contacts) on a loopback socket, and the environment that
    points the command at it."""
    fake = FakeIletiMerkezi(shape="legacy")
    async with fake.serve() as base_url:
        env = {
            "ILETIMERKEZI_API_KEY": fake.api_key,
            "ILETIMERKEZI_API_HASH": fake.api_hash,
            "ILETIMERKEZI_BASE_URL": base_url,
        }
        yield fake, env


def json_lines(stdout: str) -> list[object]:
    """Each line of ``stdout`` parsed as JSON."""
    return [json.loads(line) for line in stdout.splitlines()]
