"""Cancelling, leaving early and running out of time, on a real loopback socket.

A cancelled bulk call must stop its requests, give back every concurrency slot and leave no
task behind; a stalled provider must turn into our ``TimeoutError`` on time.
"""

from __future__ import annotations

import asyncio
import contextlib

import httpx
import pytest

import iletimerkezi_async
from iletimerkezi_async.sansio import RetryPolicy
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

from .conftest import (
    assert_no_resource_warning,
    make_client,
    no_task_left,
    settle,
    timed,
    wait_until,
)

CAP = 8
LATENCY = 0.3  # long enough for a full wave to be in flight on a busy machine


async def assert_slots_all_free(client: iletimerkezi_async.AsyncClient, fake: FakeIletiMerkezi):
    """A full-concurrency call on the same client has ``CAP`` requests in flight at once."""
    fake.reset_stats()
    ids = range(1, CAP + 1)
    contacts, elapsed = await timed(client.get_contacts(ids))
    assert contacts == [fake.contacts[i] for i in ids]
    # A leaked slot would cap this below CAP (and hold a request back a LATENCY longer).
    assert fake.stats.max_in_flight == CAP
    assert elapsed < 5


async def test_cancelling_get_contacts_cancels_requests_and_frees_slots(
    fake: FakeIletiMerkezi, served: str, backend: str
) -> None:
    fake.inject(Fault.latency(LATENCY), 1.0)
    async with no_task_left():
        async with make_client(fake, served, backend, max_concurrency=CAP) as client:
            task = asyncio.ensure_future(client.get_contacts(range(1, 201)))
            await wait_until(lambda: fake.stats.in_flight == CAP, 2, "a full wave in flight")
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            sent = fake.stats.requests
            assert sent <= 2 * CAP  # far from the 200 asked for
            await wait_until(lambda: fake.stats.in_flight == 0, 1, "in-flight requests end")
            await asyncio.sleep(0.1)
            assert fake.stats.requests == sent  # nothing was sent after the cancel
            # Every connection was mid-request: each was closed, none went back to the
            # pool with an unread answer on it for the next request to pick up.
            await wait_until(lambda: fake.stats.open_connections == 0, 1, "connections closed")
            await assert_slots_all_free(client, fake)
        await settle()
    assert_no_resource_warning()


async def test_leaving_iter_contacts_early_cancels_requests_and_frees_slots(
    fake: FakeIletiMerkezi, served: str, backend: str
) -> None:
    # Three quick answers, then slow ones: the loop is left while the rest wait for
    # their headers (a cancel landing just as an answer is read is the next test's case).
    fake.script(None, None, None)
    fake.inject(Fault.latency(LATENCY), 1.0)
    async with no_task_left():
        async with make_client(fake, served, backend, max_concurrency=CAP) as client:
            received = 0
            async with contextlib.aclosing(client.iter_contacts(range(1, 201))) as stream:
                async for _contact_id, result in stream:
                    assert isinstance(result, iletimerkezi_async.Contact)
                    received += 1
                    if received == 3:
                        break
            # aclosing has already cancelled and awaited the lookups in flight.
            sent = fake.stats.requests
            assert sent <= 2 * CAP
            await wait_until(lambda: fake.stats.in_flight == 0, 1, "in-flight requests end")
            await asyncio.sleep(0.1)
            assert fake.stats.requests == sent
            await assert_slots_all_free(client, fake)
        await settle()
    assert_no_resource_warning()


@pytest.mark.parametrize(
    "backend",
    [
        "httpx",
        "aiohttp",
    ],
)
async def test_a_cancel_as_the_answer_arrives_does_not_leak_a_connection(
    fake: FakeIletiMerkezi, served: str, backend: str, shared_ssl_context: None
) -> None:
    """Cancel ``get_contact`` a few loop turns after the server wrote its answer, at each
    turn in turn: the pool must keep all ``CAP`` connections usable."""
    async with no_task_left():
        async with make_client(fake, served, backend, max_concurrency=CAP) as client:
            await cancel_as_answers_arrive(client, fake)
        await settle()
    assert_no_resource_warning()


class PassThrough(httpx.AsyncBaseTransport):
    """A transport wrapping httpx's own, as retry, cache and tracing transports do."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_a_cancel_through_a_wrapping_transport_does_not_leak_httpcore_connections(
    fake: FakeIletiMerkezi, served: str, shared_ssl_context: None
) -> None:
    """httpcore's own pool sits under a wrapped transport: its answers are read in a
    shielded task, since a cancel during httpcore's release would leak a connection."""
    limits = httpx.Limits(max_connections=CAP, max_keepalive_connections=CAP)
    transport = PassThrough(httpx.AsyncHTTPTransport(limits=limits))
    async with no_task_left():
        client = make_client(fake, served, "httpx", max_concurrency=CAP, transport=transport)
        async with client:
            await cancel_as_answers_arrive(client, fake)
        await settle()
    assert_no_resource_warning()


async def cancel_as_answers_arrive(
    client: iletimerkezi_async.AsyncClient, fake: FakeIletiMerkezi
) -> None:
    """Cancel lookups 0 to 11 loop turns after their answer was written, twice over, each
    asking for another contact (a stale answer on a reused connection would show), then
    check that every slot and connection is still there."""
    for attempt, turns in enumerate([*range(12)] * 2):
        answered = fake.stats.requests
        task = asyncio.ensure_future(client.get_contact(attempt + 1))
        # One loop turn at a time on purpose: the turn count is the variable.
        while fake.stats.requests == answered or fake.stats.in_flight:  # noqa: ASYNC110
            await asyncio.sleep(0)
        for _ in range(turns):
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    fake.inject(Fault.latency(LATENCY), 1.0)
    await assert_slots_all_free(client, fake)


async def test_cancelling_one_get_contact_among_many(
    fake: FakeIletiMerkezi, served: str, backend: str
) -> None:
    """Cancelling some callers of a shared client leaves the others' answers intact."""
    fake.inject(Fault.latency(LATENCY), 1.0)
    async with no_task_left():
        async with make_client(fake, served, backend, max_concurrency=CAP) as client:
            tasks = [asyncio.ensure_future(client.get_contact(i)) for i in range(1, 3 * CAP + 1)]
            await wait_until(lambda: fake.stats.in_flight == CAP, 2, "a full wave in flight")
            for task in tasks[::2]:
                task.cancel()
            results = await asyncio.gather(*tasks, return_exceptions=True)
            for contact_id, result in enumerate(results, start=1):
                if contact_id % 2:
                    assert isinstance(result, asyncio.CancelledError)
                else:
                    assert result == fake.contacts[contact_id]
            await assert_slots_all_free(client, fake)
        await settle()
    assert_no_resource_warning()


async def test_stalled_server_times_out_without_retries(
    fake: FakeIletiMerkezi, backend: str
) -> None:
    fake.inject(Fault.stall(5), 1.0)
    # The server's own handler stalls for 5 s: it ends when the server closes.
    async with (
        no_task_left(),
        fake.serve() as base_url,
        make_client(fake, base_url, backend, timeout=0.3, max_retries=0) as client,
    ):
        error, elapsed = await timed(client.get_contact(1))
    assert isinstance(error, iletimerkezi_async.TimeoutError)
    assert error.contact_id == 1
    assert 0.25 < elapsed < 1.0
    assert fake.stats.requests == 1
    assert_no_resource_warning()


@pytest.mark.parametrize("read_timeout", [0.3, 5.0], ids=["read-timeouts", "one-long-stall"])
async def test_total_timeout_bounds_a_call_with_retries(
    fake: FakeIletiMerkezi, backend: str, read_timeout: float
) -> None:
    """With retries on, ``total_timeout`` ends the call however the attempts fail."""
    fake.inject(Fault.stall(5), 1.0)
    retry = RetryPolicy(max_retries=50, base_delay=0.05, max_delay=0.1)
    async with (
        no_task_left(),
        fake.serve() as base_url,
        make_client(
            fake,
            base_url,
            backend,
            retry=retry,
            timeout=httpx.Timeout(read_timeout, connect=1),
            total_timeout=1.0,
        ) as client,
    ):
        error, elapsed = await timed(client.get_contact(1))
    assert isinstance(error, iletimerkezi_async.TimeoutError)
    assert elapsed < 1.5
    if read_timeout < 1:
        assert 2 <= fake.stats.requests <= 4  # it did retry, within the budget
    else:
        assert fake.stats.requests == 1
        assert elapsed >= 0.95
    assert_no_resource_warning()


async def test_a_cancel_at_any_moment_of_a_request_leaves_the_client_whole(
    fake: FakeIletiMerkezi, served: str, backend: str
) -> None:
    """Cancel the first ``get_contact`` of a one-slot client after 0, 1, 2 ... loop
    turns: while connecting, sending, waiting and reading. The next lookup must just
    work (a connection left busy would make it wait for the pool timeout instead)."""
    async with no_task_left():
        for turns in range(30):
            async with make_client(
                fake, served, backend, max_concurrency=1, timeout=httpx.Timeout(5, pool=1)
            ) as client:
                task = asyncio.ensure_future(client.get_contact(1))
                for _ in range(turns):
                    await asyncio.sleep(0)
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                contact, elapsed = await timed(client.get_contact(2))
                assert contact == fake.contacts[2]
                assert elapsed < 1, f"after a cancel at turn {turns}"
        await settle()
    assert_no_resource_warning()


async def test_total_timeout_bounds_the_wait_for_a_slot_between_retries(
    fake: FakeIletiMerkezi,
) -> None:
    """A retry queued behind other lookups still ends within its call's budget."""
    fake.script(Fault.server_error(503))  # the first attempt of the first call fails
    fake.inject(Fault.latency(0.05), 1.0)
    fast = RetryPolicy(max_retries=6, base_delay=0.001, max_delay=0.01)
    async with iletimerkezi_async.AsyncClient(
        fake.api_key,
        fake.api_hash,
        transport=fake.transport,
        max_concurrency=1,
        total_timeout=0.5,
        retry_policy=fast,
    ) as client:
        first = asyncio.ensure_future(client.get_contact(1))
        await asyncio.sleep(0)  # its first attempt holds the only slot
        others = asyncio.gather(*(client.get_contact(i) for i in range(2, 32)))
        began = asyncio.get_running_loop().time()
        with pytest.raises(iletimerkezi_async.ServerError):
            await first
        assert asyncio.get_running_loop().time() - began < 0.9  # the queue takes 1.5 s
        assert fake.stats.requests < 31  # it gave up before the queue drained
        assert [c.id for c in await others] == list(range(2, 32))
