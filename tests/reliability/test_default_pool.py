"""The client's own connections (no ``transport=`` / ``http_client=``) on a real socket.

The server counts: requests in flight, connections opened and connections still open.
"""

from __future__ import annotations

import asyncio

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
