"""The concurrency cap, measured at the transport: never more requests in flight than allowed."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from iletimerkezi_async import AsyncClient, Contact

KEY = "0123456789abcdef0123456789abcdef"
HASH = "HASH-SHOULD-NOT-LEAK-123"


async def test_gather_is_capped_at_max_concurrency(clean_env, counting_transport):
    transport = counting_transport(delay=0.001)
    async with AsyncClient(KEY, HASH, transport=transport, max_concurrency=8) as client:
        contacts = await asyncio.gather(*(client.get_contact(i) for i in range(200)))
    assert [contact.id for contact in contacts] == list(range(200))
    assert transport.requests == 200
    assert transport.max_in_flight == 8


async def test_get_contacts_concurrency_lowers_the_cap(clean_env, counting_transport):
    transport = counting_transport(delay=0.001)
    async with AsyncClient(KEY, HASH, transport=transport) as client:
        contacts = await client.get_contacts(range(60), concurrency=3)
    assert len(contacts) == 60
    assert transport.requests == 60
    assert transport.max_in_flight == 3


async def test_iter_contacts_concurrency_lowers_the_cap(clean_env, counting_transport):
    transport = counting_transport(delay=0.001)
    async with AsyncClient(KEY, HASH, transport=transport) as client:
        seen = [
            contact_id async for contact_id, _ in client.iter_contacts(range(40), concurrency=5)
        ]
    assert sorted(seen) == list(range(40))
    assert transport.max_in_flight == 5


async def test_concurrency_cannot_raise_the_clients_cap(clean_env, counting_transport):
    transport = counting_transport(delay=0.001)
    async with AsyncClient(KEY, HASH, transport=transport, max_concurrency=4) as client:
        await client.get_contacts(range(40), concurrency=100)
    assert transport.max_in_flight == 4


async def test_bulk_and_single_calls_share_the_cap(clean_env, counting_transport):
    transport = counting_transport(delay=0.001)
    async with AsyncClient(KEY, HASH, transport=transport, max_concurrency=6) as client:
        await asyncio.gather(
            client.get_contacts(range(30)),
            client.get_contacts(range(100, 130)),
            *(client.get_contact(i) for i in range(200, 240)),
        )
    assert transport.requests == 100
    assert transport.max_in_flight == 6


async def test_users_http_client_is_capped_and_left_open(clean_env, counting_transport):
    transport = counting_transport(delay=0.001)
    own = httpx.AsyncClient(transport=transport)
    client = AsyncClient(KEY, HASH, http_client=own, max_concurrency=5)
    contacts = await asyncio.gather(*(client.get_contact(i) for i in range(100)))
    assert all(isinstance(contact, Contact) for contact in contacts)
    assert transport.max_in_flight == 5
    await client.aclose()
    assert client.is_closed
    assert own.is_closed is False
    # Still usable by its owner, e.g. for the next client.
    async with AsyncClient(KEY, HASH, http_client=own) as again:
        assert (await again.get_contact(7)).id == 7
    assert own.is_closed is False
    await own.aclose()


async def test_users_http_client_left_open_by_async_with(clean_env, counting_transport):
    own = httpx.AsyncClient(transport=counting_transport())
    async with AsyncClient(KEY, HASH, http_client=own) as client:
        await client.get_contact(1)
    assert own.is_closed is False
    await own.aclose()


async def test_ten_thousand_concurrent_calls(clean_env, counting_transport):
    transport = counting_transport()  # answers after yielding to the loop once
    async with AsyncClient(KEY, HASH, transport=transport) as client:
        contacts = await asyncio.gather(*(client.get_contact(i) for i in range(10_000)))
    assert len(contacts) == 10_000
    assert all(contact.id == i for i, contact in enumerate(contacts))
    assert transport.requests == 10_000
    assert transport.max_in_flight == client.max_concurrency == 32


@pytest.mark.parametrize("cap", [1, 2])
async def test_tiny_caps(clean_env, counting_transport, cap):
    transport = counting_transport(delay=0.001)
    async with AsyncClient(KEY, HASH, transport=transport, max_concurrency=cap) as client:
        await asyncio.gather(*(client.get_contact(i) for i in range(20)))
    assert transport.max_in_flight == cap
