"""Chaos on a real loopback socket: 2,000 lookups while a quarter of the attempts fail.

The fake provider answers 503 HTML pages, 429s, drops connections, cuts bodies in half and
stalls past the read timeout. With six fast retries nearly everything must arrive, nothing
may arrive wrong, every failure must be ours, and nothing may be left open or running.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import httpx

from iletimerkezi_async import Contact, IletiMerkeziError
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

from .conftest import (
    assert_no_resource_warning,
    check_results,
    make_client,
    no_task_left,
    settle,
    wait_until,
)

N = 2000
CHAOS = {
    Fault.server_error(503): 0.08,
    Fault.rate_limit("0"): 0.06,  # 0: the shared cooldown must not slow the run down
    Fault.disconnect(): 0.05,
    Fault.truncate(): 0.05,
    Fault.stall(0.6): 0.01,  # longer than the 0.3 s read timeout below
}
TIMEOUT = httpx.Timeout(0.3, connect=1)
BOUND = 30.0  # seconds; a run takes 2-8 s on a quiet machine


def chaos_fake(n: int = N) -> FakeIletiMerkezi:
    fake = FakeIletiMerkezi(shape="mixed", seed=11)
    fake.generate(n, start_id=1)
    fake.inject_mix(CHAOS)
    return fake


def assert_chaos_happened(fake: FakeIletiMerkezi, n: int = N) -> None:
    faults = fake.stats.faults
    assert set(faults) == {"server_error", "rate_limit", "disconnect", "truncate", "stall"}
    assert sum(faults.values()) > n * 0.2
    assert fake.stats.requests > n * 1.2  # the faulted attempts were retried


async def test_chaos_get_contacts(backend: str) -> None:
    fake = chaos_fake()
    started = time.monotonic()
    async with no_task_left():
        async with fake.serve() as base_url:
            async with make_client(fake, base_url, backend, timeout=TIMEOUT) as client:
                results = await client.get_contacts(range(1, N + 1), return_exceptions=True)
            # Closing the client closed every socket it had: the server saw them all go.
            await wait_until(lambda: fake.stats.open_connections == 0, 2, "connections closed")
        await settle()
        assert fake.stats.open_connections == 0
    elapsed = time.monotonic() - started

    assert len(results) == N
    fetched, errors = check_results(fake, list(zip(range(1, N + 1), results, strict=True)))
    assert fetched >= N * 0.995, f"only {fetched} of {N} fetched; errors: {errors[:5]}"
    assert all(isinstance(error, IletiMerkeziError) for error in errors)
    assert_chaos_happened(fake)
    assert elapsed < BOUND
    assert_no_resource_warning()


async def test_chaos_iter_contacts(backend: str) -> None:
    # Half as many ids as above: the same faults, and the suite stays fast on httpx.
    n = N // 2
    fake = chaos_fake(n)
    seen: list[tuple[int, Contact | IletiMerkeziError]] = []
    started = time.monotonic()
    async with no_task_left():
        async with fake.serve() as base_url:
            async with make_client(fake, base_url, backend, timeout=TIMEOUT) as client:
                # A lazy source: iter_contacts reads it only as slots free up.
                ids = (contact_id for contact_id in range(1, n + 1))
                async with contextlib.aclosing(client.iter_contacts(ids)) as stream:
                    async for contact_id, result in stream:
                        seen.append((contact_id, result))
            await wait_until(lambda: fake.stats.open_connections == 0, 2, "connections closed")
        await settle()
        assert fake.stats.open_connections == 0
    elapsed = time.monotonic() - started

    assert sorted(contact_id for contact_id, _ in seen) == list(range(1, n + 1))
    fetched, errors = check_results(fake, seen)
    assert fetched >= n * 0.995, f"only {fetched} of {n} fetched; errors: {errors[:5]}"
    assert_chaos_happened(fake, n)
    assert elapsed < BOUND
    assert_no_resource_warning()


async def test_shared_cooldown_on_a_socket(backend: str) -> None:
    """A 429 with ``Retry-After: 1`` holds back every task of the client, not just its own."""
    fake = FakeIletiMerkezi(seed=3)
    fake.generate(20, start_id=1)
    fake.script(Fault.rate_limit("1"))
    async with (
        no_task_left(),
        fake.serve() as base_url,
        make_client(fake, base_url, backend) as client,
    ):
        started = time.monotonic()
        first = asyncio.ensure_future(client.get_contact(1))
        await wait_until(lambda: fake.stats.by_status[429] == 1, 2, "the 429 answer")
        await asyncio.sleep(0.05)  # the client has read it and set the cooldown
        rest = asyncio.ensure_future(client.get_contacts(range(2, 21)))
        await asyncio.sleep(0.5)
        # Half-way through the cooldown: nothing else reached the provider.
        assert fake.stats.requests == 1
        assert not rest.done()
        contacts = [await first, *await rest]
        elapsed = time.monotonic() - started
    assert contacts == [fake.contacts[i] for i in range(1, 21)]
    assert fake.stats.requests == 21
    assert 0.95 <= elapsed < 5
    assert_no_resource_warning()
