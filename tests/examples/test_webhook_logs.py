"""The webhook examples run as their docstrings say: the secret token never reaches the
server's log output, and each handled report is printed."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import httpx
import pytest
from ports import free_port, wait_listening

from iletimerkezi_async import AsyncClient
from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import EXAMPLES

TOKEN = "Zq8v-log-test-token-5mXw"
NUMBERS = ["+905051112233", "+905051112244"]


def run_command(server: str, port: int) -> list[str]:
    """The run command of each example's docstring, on ``port``."""
    if server == "uvicorn":
        app = "examples.fastapi_webhook:app"
        return [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
    app = "examples.aiohttp_webhook:init_app"
    return [sys.executable, "-m", "aiohttp.web", "-H", "127.0.0.1", "-P", str(port), app]


async def send_reports(port: int) -> tuple[FakeIletiMerkezi, str, int]:
    """An order to ``NUMBERS`` delivered with reports to the receiver on ``port``, and a
    prober's POST with a wrong token: the fake, the order id and the prober's status."""
    fake = FakeIletiMerkezi()
    fake.webhooks.url = f"http://127.0.0.1:{port}/iletimerkezi/reports/{TOKEN}"
    async with AsyncClient(
        fake.api_key, fake.api_hash, transport=fake.transport, sender="APITEST"
    ) as client:
        order = await client.send_sms(NUMBERS, "Merhaba")
        await fake.deliver(order.id)
    async with httpx.AsyncClient() as prober:  # a wrong token is logged too
        guess = await prober.post(f"http://127.0.0.1:{port}/iletimerkezi/reports/guess")
    return fake, order.id, guess.status_code


@pytest.mark.parametrize("server", ["uvicorn", "aiohttp"])
async def test_the_token_stays_out_of_the_logs_and_reports_are_printed(
    server: str, tmp_path: Path
) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ILETIMERKEZI_", "REDIS_"))}
    env["ILETIMERKEZI_WEBHOOK_TOKEN"] = TOKEN
    with (tmp_path / "out").open("w+b") as out, (tmp_path / "err").open("w+b") as err:
        process = await asyncio.create_subprocess_exec(
            *run_command(server, port),
            cwd=EXAMPLES.parent,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        try:
            await wait_listening(port)
            fake, order_id, guessed = await send_reports(port)
        finally:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
    printed = (tmp_path / "out").read_text("utf-8")
    everything = printed + (tmp_path / "err").read_text("utf-8")
    assert [d.status for d in fake.webhooks.deliveries] == [200] * 4
    assert guessed == 404
    assert TOKEN not in everything
    assert TOKEN[:8] not in everything
    # The access log is on (uvicorn writes it on stdout), with the secret part hidden.
    assert everything.count("/iletimerkezi/reports/***") == 5, everything
    handled = [line for line in printed.splitlines() if line.startswith("report: ")]
    assert sorted(handled) == sorted(
        f"report: order {order_id}, message {message_id} to {number}: {status}"
        for message_id, number in enumerate(NUMBERS, start=1_599_558_000)
        for status in ("accepted", "delivered")
    )
