"""The webhook receivers in examples/, end to end: a real loopback server runs each, the
fake provider POSTs delivery reports to it, and every report is handled exactly once."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterable, Mapping

import httpx
import pytest
import uvicorn
from aiohttp.test_utils import TestServer

from iletimerkezi_async import AsyncClient, DeliveryReport
from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import load_example

TOKEN = "kH3v0-example-token-9fQz"
PATH = "/iletimerkezi/reports/"


def report(message_id: int, status: str, *, order: int = 104525848) -> dict[str, object]:
    """A report as the provider sends it (ids as numbers, as documented)."""
    return {
        "id": message_id,
        "packet_id": order,
        "status": status,
        "to": f"+90505702{message_id % 10000:04d}",
        "body": "Siparişiniz yola çıktı",
    }


async def deliver(fake: FakeIletiMerkezi, reports: Iterable[Mapping[str, object]]) -> None:
    """Have the fake POST hand-made ``reports`` (repeats, failures) to its webhook URL
    and wait until all were sent."""
    for item in reports:
        fake.webhooks.emit(item)
    await fake.webhooks.flush()


@pytest.fixture
def received() -> list[DeliveryReport]:
    return []


@pytest.fixture(params=["fastapi", "aiohttp"])
async def receiver(
    request: pytest.FixtureRequest,
    received: list[DeliveryReport],
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[str]:
    """The URL of a running receiver (FastAPI under uvicorn, or aiohttp) whose handler
    appends to ``received``."""

    failures = {99}  # the first report of message 99 fails to be handled

    async def handle(item: DeliveryReport) -> None:
        if item.id in failures:
            failures.discard(item.id)
            raise RuntimeError("the database is down")
        received.append(item)

    monkeypatch.setenv("ILETIMERKEZI_WEBHOOK_TOKEN", TOKEN)
    if request.param == "fastapi":
        module = load_example("fastapi_webhook")
        async with _uvicorn(module.create_app(TOKEN, handle)) as base:
            yield base
    else:
        module = load_example("aiohttp_webhook")
        async with TestServer(module.create_app(TOKEN, handle), host="127.0.0.1") as server:
            yield str(server.make_url("")).rstrip("/")


class _uvicorn:
    """Serve an ASGI app with uvicorn on a free loopback port: ``async with ... as base``."""

    def __init__(self, app: object) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(
            app,  # type: ignore[arg-type]
            log_level="warning",
            lifespan="off",
            http="h11",
            ws="none",
            loop="asyncio",
        )
        self.server = uvicorn.Server(config)
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> str:
        self.task = asyncio.create_task(self.server.serve(sockets=[self.sock]))
        while not self.server.started:
            if self.task.done():
                self.task.result()
            await asyncio.sleep(0.005)
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    async def __aexit__(self, *exc: object) -> None:
        self.server.should_exit = True
        assert self.task is not None
        await self.task
        self.sock.close()


async def test_every_report_is_handled_once(receiver: str, received: list[DeliveryReport]) -> None:
    fake = FakeIletiMerkezi()
    fake.webhooks.url = receiver + PATH + TOKEN
    first = [report(1, "accepted"), report(2, "accepted"), report(1, "delivered")]
    await deliver(fake, first)
    # The provider may repeat a report: the same (id, status) is dropped.
    await deliver(fake, [report(1, "delivered"), report(2, "undelivered"), report(2, "accepted")])
    assert [delivery.status for delivery in fake.webhooks.deliveries] == [200] * 6
    assert sorted((item.id, item.status) for item in received) == [
        (1, "accepted"),
        (1, "delivered"),
        (2, "accepted"),
        (2, "undelivered"),
    ]
    assert {item.order_id for item in received} == {"104525848"}
    assert received[0].text == "Siparişiniz yola çıktı"


async def test_an_order_sent_through_the_client_reaches_the_receiver_once_per_change(
    receiver: str, received: list[DeliveryReport]
) -> None:
    fake = FakeIletiMerkezi()
    fake.webhooks.url = receiver + PATH + TOKEN
    numbers = ["+905301110001", "+905301110002", "+905301110003"]
    async with AsyncClient(fake.api_key, fake.api_hash, transport=fake.transport) as client:
        order = await client.send_sms(numbers, "Kargonuz yolda", sender="APITEST")
        await fake.deliver(order.id, numbers[:2], status="delivered")
        await fake.deliver(order.id, numbers[2:], status="undelivered")
        report = await client.get_report(order.id)
    assert (report.delivered, report.undelivered) == (2, 1)
    assert all(delivery.status == 200 for delivery in fake.webhooks.deliveries)
    by_number = {
        number: [item.status for item in received if item.to == number] for number in numbers
    }
    assert by_number == {
        numbers[0]: ["accepted", "delivered"],
        numbers[1]: ["accepted", "delivered"],
        numbers[2]: ["accepted", "undelivered"],
    }
    assert {item.order_id for item in received} == {order.id}
    assert {item.text for item in received} == {"Kargonuz yolda"}
    assert len({item.id for item in received}) == 3  # one message id per recipient


async def test_a_report_whose_handling_failed_is_handled_when_sent_again(
    receiver: str, received: list[DeliveryReport]
) -> None:
    fake = FakeIletiMerkezi()
    fake.webhooks.url = receiver + PATH + TOKEN
    await deliver(fake, [report(99, "delivered")])
    await deliver(fake, [report(99, "delivered")])
    assert [delivery.status for delivery in fake.webhooks.deliveries] == [500, 200]
    assert [(item.id, item.status) for item in received] == [(99, "delivered")]


async def test_a_wrong_token_is_404_and_nothing_is_handled(
    receiver: str, received: list[DeliveryReport]
) -> None:
    fake = FakeIletiMerkezi()
    for path in (PATH + TOKEN[:-1], PATH + TOKEN + "x", PATH + "-"):
        fake.webhooks.url = receiver + path
        await deliver(fake, [report(1, "accepted")])
    assert [delivery.status for delivery in fake.webhooks.deliveries] == [404] * 3
    assert received == []


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b'{"report": {"id": 1}}', 400),
        (b'{"report": {"status": "delivered"}}', 400),
        (b"{" + b" " * (70 * 1024) + b"}", 413),
    ],
)
async def test_bodies_that_are_not_reports_are_refused(
    receiver: str, received: list[DeliveryReport], body: bytes, status: int
) -> None:
    async with httpx.AsyncClient() as http:
        answer = await http.post(receiver + PATH + TOKEN, content=body)
    assert answer.status_code == status
    assert received == []


def test_a_receiver_needs_a_real_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ILETIMERKEZI_WEBHOOK_TOKEN", raising=False)
    with pytest.raises(ValueError, match="16 characters"):
        load_example("fastapi_webhook")  # its module-level app fails fast
    with pytest.raises(ValueError, match="16 characters"):
        load_example("aiohttp_webhook").init_app()
    monkeypatch.setenv("ILETIMERKEZI_WEBHOOK_TOKEN", TOKEN)
    assert load_example("fastapi_webhook").app is not None
    assert load_example("aiohttp_webhook").init_app() is not None
