"""Walking every page of a listing (``iter_report`` here): pages fetched ahead, never
more than asked, and none left running once the loop is left.

The pages are held at a gate in front of the fake provider, so what is in flight is
known exactly when the test looks, without timing anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from iletimerkezi_async import AsyncClient, MessageStatus
from iletimerkezi_async.testing import FakeIletiMerkezi

NUMBERS = [f"+90505{i:07d}" for i in range(100)]  # 10 pages of 10


class PageGate(httpx.AsyncBaseTransport):
    """Passes get-report pages up to ``through`` to the provider at once; later pages
    wait until :meth:`open`. Knows which pages are in flight at every moment."""

    def __init__(self, provider: httpx.AsyncBaseTransport, through: int) -> None:
        self.provider = provider
        self.through = through
        self.in_flight: set[int] = set()
        self.max_in_flight = 0
        self.asked: list[int] = []
        self.cancelled: set[int] = set()
        self._opened = asyncio.Event()
        self._arrivals = asyncio.Condition()

    def open(self) -> None:
        """Let every held page through, and every later one."""
        self._opened.set()

    async def until_in_flight(self, count: int) -> None:
        """Return once ``count`` pages are in flight (fails after 5 s)."""
        async with asyncio.timeout(5), self._arrivals:
            await self._arrivals.wait_for(lambda: len(self.in_flight) >= count)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/get-report/json"):
            return await self.provider.handle_async_request(request)
        page = json.loads(request.content)["request"]["order"]["page"]
        self.asked.append(page)
        self.in_flight.add(page)
        self.max_in_flight = max(self.max_in_flight, len(self.in_flight))
        async with self._arrivals:
            self._arrivals.notify_all()
        try:
            if page > self.through:
                await self._opened.wait()
            return await self.provider.handle_async_request(request)
        except asyncio.CancelledError:
            self.cancelled.add(page)
            raise
        finally:
            self.in_flight.discard(page)


@pytest.fixture
def fake() -> FakeIletiMerkezi:
    provider = FakeIletiMerkezi()
    provider.clock.freeze(datetime.datetime(2026, 5, 4, 12, 0, tzinfo=datetime.UTC))
    return provider


@pytest.fixture
async def order_id(fake: FakeIletiMerkezi) -> str:
    async with AsyncClient(fake.api_key, fake.api_hash, transport=fake.transport) as client:
        order = await client.send_sms(NUMBERS, "Merhaba", sender="APITEST")
    fake.reset_stats()
    return order.id


@pytest.fixture
async def gated(
    fake: FakeIletiMerkezi, fast_client_factory: Callable[..., AsyncClient]
) -> AsyncIterator[Callable[[int], tuple[AsyncClient, PageGate]]]:
    """``gated(through)``: a client whose report pages after ``through`` wait at a gate.

    Every gate is opened at the end, so nothing stays held if a test fails.
    """
    gates: list[PageGate] = []

    def make(through: int) -> tuple[AsyncClient, PageGate]:
        gate = PageGate(fake.transport, through)
        gates.append(gate)
        client = fast_client_factory(api_key=fake.api_key, api_hash=fake.api_hash, transport=gate)
        return client, gate

    yield make
    for gate in gates:
        gate.open()


async def test_pages_come_in_order_with_each_asked_once(
    gated: Callable[[int], tuple[AsyncClient, PageGate]], order_id: str
) -> None:
    client, gate = gated(10)
    got = [status async for status in client.iter_report(order_id, row_count=10)]
    assert got == [MessageStatus(number, 110) for number in NUMBERS]
    assert sorted(gate.asked) == list(range(1, 11))


@pytest.mark.parametrize("ahead", [1, 3])
async def test_no_more_pages_than_asked_for_are_fetched_ahead(
    gated: Callable[[int], tuple[AsyncClient, PageGate]], order_id: str, ahead: int
) -> None:
    client, gate = gated(1)
    walk = client.iter_report(order_id, row_count=10, concurrency=ahead)
    collecting = asyncio.create_task(_collect(walk))
    await gate.until_in_flight(ahead)  # pages 2.. wait at the gate, `ahead` of them
    assert sorted(gate.in_flight) == list(range(2, 2 + ahead))
    gate.open()
    assert len(await collecting) == len(NUMBERS)
    assert gate.max_in_flight == ahead


async def test_a_listing_that_fits_one_page_is_one_request(
    gated: Callable[[int], tuple[AsyncClient, PageGate]], fake: FakeIletiMerkezi
) -> None:
    client, gate = gated(10)
    order = await client.send_sms(NUMBERS[:10], "Merhaba", sender="APITEST")
    got = [status async for status in client.iter_report(order.id, row_count=10)]
    assert [status.number for status in got] == NUMBERS[:10]
    assert gate.asked == [1]  # 10 of 10: the counters say there is no page 2


async def test_leaving_the_loop_cancels_the_pages_in_flight_before_it_returns(
    gated: Callable[[int], tuple[AsyncClient, PageGate]], order_id: str, fake: FakeIletiMerkezi
) -> None:
    client, gate = gated(2)
    walk = client.iter_report(order_id, row_count=10, concurrency=3)
    async for status in walk:
        if status.number == NUMBERS[10]:  # the first row of page 2
            break
    await gate.until_in_flight(2)  # pages 3 and 4, fetched ahead, wait at the gate
    async with asyncio.timeout(5):  # pages nobody reads are not waited for
        await walk.aclose()
    # Closing returned only once the cancelled pages had ended.
    assert gate.in_flight == set()
    assert gate.cancelled == {3, 4}
    assert fake.stats.requests == 2  # pages 3 and 4 never reached the provider
    await client.get_balance()  # their slots were given back: the client still works


async def test_a_break_inside_aclosing_leaves_nothing_in_flight(
    gated: Callable[[int], tuple[AsyncClient, PageGate]], order_id: str
) -> None:
    client, gate = gated(2)
    walk = client.iter_report(order_id, row_count=10, concurrency=4)
    async with asyncio.timeout(5), contextlib.aclosing(walk):
        async for status in walk:
            if status.number == NUMBERS[10]:
                await gate.until_in_flight(3)
                break
    assert gate.in_flight == set()
    assert gate.cancelled == {3, 4, 5}


async def _collect(walk: AsyncIterator[MessageStatus]) -> list[MessageStatus]:
    return [status async for status in walk]
