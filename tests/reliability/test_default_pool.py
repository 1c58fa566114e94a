"""The client's own connections (no ``transport=`` / ``http_client=``) on a real socket.

The server counts: requests in flight, connections opened and connections still open.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from iletimerkezi_async import TransportError
from iletimerkezi_async.backends.connection_pool import ConnectionPool
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

from .conftest import make_client, no_task_left, wait_until

CAP = 6


async def test_the_concurrency_cap_holds_on_the_wire(
    fake: FakeIletiMerkezi, served: str, backend: str
) -> None:
    fake.inject(Fault.latency(0.02), 1.0)
    async with make_client(fake, served, backend, max_concurrency=CAP) as client:
        contacts = await asyncio.gather(*(client.get_contact(i) for i in range(1, 61)))
    assert contacts == [fake.contacts[i] for i in range(1, 61)]
    assert fake.stats.max_in_flight == CAP
    assert fake.stats.connections_opened <= CAP  # kept alive and reused, never more


async def test_idle_connections_close_even_if_the_client_is_never_used_again(
    fake: FakeIletiMerkezi, served: str, backend: str
) -> None:
    fake.inject(Fault.latency(0.05), 1.0)
    async with make_client(
        fake, served, backend, max_concurrency=CAP, keepalive_expiry=0.3
    ) as client:
        await asyncio.gather(*(client.get_contact(i) for i in range(1, CAP + 1)))
        assert fake.stats.open_connections == CAP
        # No call, no aclose: only the expiry can close them.
        await wait_until(lambda: fake.stats.open_connections == 0, 5, "idle sockets closed")
        # The client still works afterwards, on a fresh connection.
        assert await client.get_contact(1) == fake.contacts[1]


async def test_after_a_burst_sequential_calls_keep_one_connection(
    fake: FakeIletiMerkezi, served: str
) -> None:
    """Last-in first-out: the connections a burst opened go idle and close, one stays."""
    fake.inject(Fault.latency(0.05), 1.0)
    async with make_client(
        fake, served, "httpx", max_concurrency=CAP, keepalive_expiry=0.4
    ) as client:
        await asyncio.gather(*(client.get_contact(i) for i in range(1, CAP + 1)))
        assert fake.stats.open_connections == CAP

        async def until_idle_ones_closed() -> None:
            while fake.stats.open_connections > 1:
                await client.get_contact(2)

        await asyncio.wait_for(until_idle_ones_closed(), 5)
        await client.get_contact(3)
        assert fake.stats.open_connections == 1


async def test_aclose_closes_every_connection_and_leaves_no_task(
    fake: FakeIletiMerkezi, served: str
) -> None:
    fake.inject(Fault.latency(0.02), 1.0)
    async with no_task_left():
        async with make_client(fake, served, "httpx", max_concurrency=CAP) as client:
            await asyncio.gather(*(client.get_contact(i) for i in range(1, 3 * CAP)))
            assert fake.stats.open_connections == CAP
        await wait_until(lambda: fake.stats.open_connections == 0, 2, "all sockets closed")


class _FailsToClose(httpx.AsyncBaseTransport):
    """A connection whose close raises (a TLS close_notify on a dead socket, say)."""

    def __init__(self, fail: bool) -> None:
        self.fail = fail
        self.closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200)

    async def aclose(self) -> None:
        self.closed = True
        if self.fail:
            raise OSError("close failed")


async def test_pool_aclose_closes_the_others_when_one_close_fails() -> None:
    transports: list[_FailsToClose] = []

    def connection() -> httpx.AsyncClient:
        transports.append(_FailsToClose(fail=len(transports) == 1))
        return httpx.AsyncClient(transport=transports[-1])

    pool = ConnectionPool(connection, max_open=4)
    taken = [pool.take() for _ in range(4)]
    pool.give_back(taken[0])
    pool.give_back(taken[1])  # the failing one, idle; the other two stay in use
    with pytest.raises(TransportError, match="1 of 4 connections failed to close") as caught:
        await pool.aclose()
    assert isinstance(caught.value.__cause__, OSError)
    assert [transport.closed for transport in transports] == [True] * 4
    assert pool.open_connections == 0


async def test_pool_never_opens_more_than_max_open() -> None:
    pool = ConnectionPool(lambda: httpx.AsyncClient(transport=_FailsToClose(False)), max_open=2)
    first, second = pool.take(), pool.take()
    with pytest.raises(TransportError, match="all 2 connections are in use") as caught:
        pool.take()
    assert caught.value.request_sent is False
    pool.give_back(first)
    assert pool.take() is first  # the idle one is reused, last in first out
    pool.give_back(second)
    pool.give_back(first)
    assert pool.take() is first
    pool.give_back(first)
    await pool.aclose()
