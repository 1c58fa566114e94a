"""Three replicas of the webhook receiver on one Redis, behind a load balancer that sends
each POST to a random replica, while the fake provider POSTs every report twice: each
``(id, status)`` is handled exactly once across the replicas, and a report whose
handling failed gets through when the provider sends it again."""

from __future__ import annotations

import asyncio
import os
import random
import re
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from iletimerkezi_async import AsyncClient
from iletimerkezi_async.testing import FakeIletiMerkezi

TOKEN = "r3pl1ca-token-for-tests-9Qx"
REPLICA = Path(__file__).with_name("replica.py")
HANDLED = re.compile(r"^report: order (\d+), message (\d+) to (\S+): (\w+)$", re.M)
NUMBERS = [f"+9050511122{n:02d}" for n in range(10)]


class Replica:
    """``replica.py`` as a process: its URL, and what it printed once stopped."""

    def __init__(self, process: asyncio.subprocess.Process, url: str) -> None:
        self.process = process
        self.url = url
        self.printed = ""

    @classmethod
    async def start(cls, kind: str, env: dict[str, str]) -> Replica:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(REPLICA),
            kind,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None
        try:
            line = await asyncio.wait_for(process.stdout.readline(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise AssertionError(f"the {kind} replica did not start within 30 s") from None
        assert line.startswith(b"listening "), line
        return cls(process, f"http://127.0.0.1:{int(line.split()[1])}")

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
        try:
            out, _ = await asyncio.wait_for(self.process.communicate(), 15)
        except TimeoutError:
            self.process.kill()
            out, _ = await self.process.communicate()
        self.printed = out.decode()

    def handled(self) -> list[tuple[str, str]]:
        """``(message id, status)`` of each report this replica handled."""
        return [(match[1], match[3]) for match in HANDLED.findall(self.printed)]


class LoadBalancer:
    """Forwards each POST to a replica picked at random (seeded), answering its answer."""

    def __init__(self, replicas: list[str]) -> None:
        self._replicas = replicas
        self._random = random.Random(20)
        self._http = httpx.AsyncClient(timeout=30)
        app = web.Application()
        app.router.add_post("/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        self.url = ""

    async def __aenter__(self) -> LoadBalancer:
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._runner.cleanup()
        await self._http.aclose()

    async def _forward(self, request: web.Request) -> web.Response:
        upstream = self._random.choice(self._replicas) + request.path_qs
        try:
            answer = await self._http.post(
                upstream, content=await request.read(), headers={"Content-Type": "application/json"}
            )
        except httpx.HTTPError as error:  # a 502 that says why, never a bare 500 of aiohttp's
            return web.Response(status=502, text=f"{type(error).__name__} from {upstream}")
        return web.Response(status=answer.status_code, body=answer.content)


@pytest.fixture
async def replicas(
    redis_url: str, redis_prefix: str, redis_client: Any
) -> AsyncIterator[list[Replica]]:
    """Two FastAPI replicas and one aiohttp replica on one Redis."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ILETIMERKEZI_", "REDIS_"))}
    env |= {"ILETIMERKEZI_WEBHOOK_TOKEN": TOKEN, "REDIS_URL": redis_url}
    env["REPORT_PREFIX"] = redis_prefix
    started = await asyncio.gather(
        *(Replica.start(kind, env) for kind in ("fastapi", "aiohttp", "fastapi")),
        return_exceptions=True,
    )
    running = [replica for replica in started if isinstance(replica, Replica)]
    try:
        for failure in started:
            if isinstance(failure, BaseException):
                raise failure
        yield running
    finally:
        await asyncio.gather(*(replica.stop() for replica in running))


async def test_each_report_is_handled_once_across_three_replicas(
    replicas: list[Replica],
) -> None:
    fake = FakeIletiMerkezi()
    async with LoadBalancer([replica.url for replica in replicas]) as balancer:
        fake.webhooks.url = f"{balancer.url}/iletimerkezi/reports/{TOKEN}"
        fake.webhooks.copies = 2  # every report twice, at once, to random replicas
        async with AsyncClient(
            fake.api_key, fake.api_hash, transport=fake.transport, sender="APITEST"
        ) as client:
            order = await client.send_sms(NUMBERS, "Kargonuz yolda")
            await fake.deliver(order.id, NUMBERS[:6])
            await fake.deliver(order.id, status="undelivered")
        raced = list(fake.webhooks.deliveries)
        # A report whose handling fails (answered 500, then forgotten), sent again.
        fake.webhooks.copies = 1
        failing = {"id": 99, "packet_id": 7, "status": "delivered", "to": NUMBERS[0]}
        for _ in range(2):
            fake.webhooks.emit({**failing, "body": "FAIL_ONCE"})
            await fake.webhooks.flush()
    for replica in replicas:
        await replica.stop()

    assert [delivery.status for delivery in raced] == [200] * 40
    assert [delivery.status for delivery in fake.webhooks.deliveries[40:]] == [500, 200]
    handled = Counter(key for replica in replicas for key in replica.handled())
    ids = {str(report["id"]) for report in (d.report for d in raced)}
    expected = {(message_id, "accepted") for message_id in ids}
    for delivery in raced:
        if delivery.report["status"] != "accepted":
            expected.add((str(delivery.report["id"]), str(delivery.report["status"])))
    expected.add(("99", "delivered"))
    assert len(expected) == 21
    assert handled == dict.fromkeys(expected, 1)  # each exactly once, none lost
    # The load balancer did spread the reports: every replica handled some.
    assert all(replica.handled() for replica in replicas), [r.printed for r in replicas]
