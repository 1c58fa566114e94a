"""get_contacts / iter_contacts: order, de-duplication, validation, laziness, cancellation."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json

import httpx
import pytest

from iletimerkezi_async import (
    AsyncClient,
    AuthenticationError,
    ClientClosedError,
    Contact,
    ContactNotFoundError,
    IletiMerkeziError,
    InvalidArgumentError,
)

KEY = "0123456789abcdef0123456789abcdef"
HASH = "HASH-SHOULD-NOT-LEAK-123"


class Provider:
    """An async respx side effect with per-id behaviour that counts requests in flight.

    ``codes`` maps an id to an error code; ids in ``hang`` wait until ``release`` is set;
    everything else answers with its contact after ``delay_for(id)`` seconds.
    """

    def __init__(self, contact_payload) -> None:
        self.payload = contact_payload
        self.codes: dict[int, int] = {}
        self.hang: set[int] | None = set()  # None: every id hangs
        self.release = asyncio.Event()
        self.delay_for = lambda contact_id: 0.0
        self.gates: dict[int, asyncio.Event] = {}  # per-id: wait for this event first
        self.requests: list[int] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.cancelled = 0

    async def answer(self, request: httpx.Request) -> httpx.Response:
        contact_id = int(json.loads(request.content)["request"]["contact"]["id"])
        self.requests.append(contact_id)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay_for(contact_id))
            if contact_id in self.gates:
                await self.gates[contact_id].wait()
            if self.hang is None or contact_id in self.hang:
                await self.release.wait()
            code = self.codes.get(contact_id)
            if code is not None:
                body = {"response": {"status": {"code": code, "message": "Kayıt bulunamadı"}}}
                return httpx.Response(code, json=body)
            return httpx.Response(200, json=self.payload(contact_id))
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.in_flight -= 1

    async def wait_for_in_flight(self, count: int) -> None:
        for _ in range(2000):
            if self.in_flight >= count:
                return
            await asyncio.sleep(0.001)
        raise AssertionError(f"{self.in_flight} in flight, expected {count}")


@pytest.fixture
def provider(route, contact_payload):
    fake = Provider(contact_payload)
    route.side_effect = fake.answer
    return fake


@pytest.fixture
async def client(clean_env):
    async with AsyncClient(KEY, HASH, max_concurrency=8, max_retries=0) as client:
        yield client


def other_tasks() -> set[asyncio.Task]:
    return asyncio.all_tasks() - {asyncio.current_task()}


# -- get_contacts --------------------------------------------------------------------------


async def test_results_in_input_order(client, provider):
    ids = [5, 3, 9, 1, 7, 2]
    provider.delay_for = lambda contact_id: 0.001 * (10 - contact_id)  # 9 answers first
    contacts = await client.get_contacts(ids)
    assert [contact.id for contact in contacts] == ids
    assert all(isinstance(contact, Contact) for contact in contacts)
    assert provider.requests == ids  # sent in input order, all at once (cap 8 > 6)


async def test_duplicates_fetched_once(client, provider):
    ids = [1, 2, 1, "1", 3, 2, "0002", 1]
    contacts = await client.get_contacts(ids)
    assert [contact.id for contact in contacts] == [1, 2, 1, 1, 3, 2, 2, 1]
    assert sorted(provider.requests) == [1, 2, 3]
    assert contacts[0] is contacts[2]


async def test_empty_input(client, provider):
    assert await client.get_contacts([]) == []
    assert provider.requests == []


async def test_accepts_any_iterable(client, provider):
    contacts = await client.get_contacts(str(i) for i in range(4))
    assert [contact.id for contact in contacts] == [0, 1, 2, 3]


@pytest.mark.parametrize("bad", [-1, "x", "", True, 1.5, None, "١"])
@pytest.mark.parametrize("position", [0, 3, 6])
async def test_invalid_id_anywhere_fails_before_any_request(client, provider, bad, position):
    ids: list[object] = list(range(6))
    ids.insert(position, bad)
    with pytest.raises((ValueError, TypeError)):
        await client.get_contacts(ids)
    with pytest.raises((ValueError, TypeError)):
        await client.get_contacts(iter(ids))
    assert provider.requests == []


async def test_return_exceptions_puts_errors_in_place(client, provider):
    provider.codes = {2: 465, 4: 401}
    results = await client.get_contacts([1, 2, 3, 4, 5, 2], return_exceptions=True)
    assert [type(result) for result in results] == [
        Contact,
        ContactNotFoundError,
        Contact,
        AuthenticationError,
        Contact,
        ContactNotFoundError,
    ]
    assert results[1].contact_id == 2
    assert results[3].contact_id == 4
    assert [results[i].id for i in (0, 2, 4)] == [1, 3, 5]
    assert len(provider.requests) == 5


async def test_first_error_is_raised_and_the_rest_cancelled(client, provider):
    provider.codes = {4: 465}
    provider.hang = {1, 2, 3, 5, 6}
    before = other_tasks()
    with pytest.raises(ContactNotFoundError) as caught:
        await client.get_contacts([1, 2, 3, 4, 5, 6])
    assert caught.value.contact_id == 4
    assert provider.cancelled == 5
    assert provider.in_flight == 0
    assert other_tasks() == before


async def test_error_is_raised_without_waiting_for_queued_ids(client, provider):
    provider.codes = {0: 465}
    provider.hang = set(range(1, 100))
    before = other_tasks()
    with pytest.raises(ContactNotFoundError):
        await client.get_contacts(range(100))
    # Only the first window of 8 was ever sent; nothing is left running.
    assert sorted(provider.requests) == list(range(8))
    assert other_tasks() == before


async def test_cancelling_get_contacts_cancels_requests_and_frees_every_slot(client, provider):
    provider.hang = None
    before = other_tasks()
    task = asyncio.create_task(client.get_contacts(range(100)))
    await provider.wait_for_in_flight(8)
    await asyncio.sleep(0.005)
    assert provider.in_flight == 8  # the cap holds while they hang
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert provider.cancelled == 8
    assert provider.in_flight == 0
    assert other_tasks() == before
    # Every slot is free again: a new call reaches the full cap.
    provider.hang = set()
    provider.max_in_flight = 0
    provider.delay_for = lambda contact_id: 0.002
    contacts = await client.get_contacts(range(200, 240))
    assert len(contacts) == 40
    assert provider.max_in_flight == 8


# -- iter_contacts -------------------------------------------------------------------------


async def _agen(ids):
    for contact_id in ids:
        await asyncio.sleep(0)
        yield contact_id


@pytest.mark.parametrize(
    "make", [list, lambda ids: (i for i in ids), _agen], ids=["list", "generator", "async-gen"]
)
async def test_iter_contacts_accepts_lists_generators_and_async_generators(client, provider, make):
    ids = ["3", 1, "002", 7]
    got = {}
    async for contact_id, result in client.iter_contacts(make(ids)):
        assert type(contact_id) is int
        got[contact_id] = result
    assert sorted(got) == [1, 2, 3, 7]
    assert all(result.id == contact_id for contact_id, result in got.items())


async def test_iter_contacts_yields_errors_as_results(client, provider):
    provider.codes = {2: 465}
    got = dict([pair async for pair in client.iter_contacts([1, 2, 3])])
    assert isinstance(got[2], ContactNotFoundError)
    assert isinstance(got[1], Contact)
    assert isinstance(got[3], Contact)


async def test_iter_contacts_yields_as_completed(client, provider):
    provider.gates = {5: asyncio.Event(), 3: asyncio.Event()}
    order = []
    async for contact_id, _ in client.iter_contacts([5, 1, 3]):
        order.append(contact_id)
        if contact_id == 1:
            provider.gates[3].set()  # 3 answers next, 5 still waits
        elif contact_id == 3:
            provider.gates[5].set()
    assert order == [1, 3, 5]
    assert provider.requests == [5, 1, 3]


@pytest.mark.parametrize("concurrency", [1, 4])
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_iter_contacts_reads_its_source_lazily(client, provider, concurrency, kind):
    pulled = 0

    def source():
        nonlocal pulled
        for contact_id in itertools.count():  # endless: laziness is the only way out
            pulled += 1
            yield contact_id

    async def async_source():
        for contact_id in source():
            yield contact_id

    provider.delay_for = lambda contact_id: 0.001
    ids = source() if kind == "sync" else async_source()
    received = 0
    stream = client.iter_contacts(ids, concurrency=concurrency)
    async with contextlib.aclosing(stream):
        async for _ in stream:
            received += 1
            assert pulled - received <= concurrency + 1
            if received == 30:
                break
    assert pulled <= 30 + concurrency + 1
    assert provider.max_in_flight <= concurrency


async def test_early_break_cancels_in_flight_requests(client, provider):
    provider.hang = set(range(1, 1000))  # only id 0 answers
    before = other_tasks()
    async with contextlib.aclosing(client.iter_contacts(range(1000))) as stream:
        async for contact_id, result in stream:
            assert (contact_id, result.id) == (0, 0)
            break
    assert provider.cancelled == 7  # the other 7 of the window of 8
    assert provider.in_flight == 0
    assert other_tasks() == before
    assert len(provider.requests) == 8
    # The client is still usable, at its full concurrency.
    provider.hang = set()
    provider.max_in_flight = 0
    provider.delay_for = lambda contact_id: 0.002
    contacts = await asyncio.gather(*(client.get_contact(i) for i in range(2000, 2040)))
    assert [contact.id for contact in contacts] == list(range(2000, 2040))
    assert provider.max_in_flight == 8


async def test_early_break_closes_an_async_source(client, provider):
    closed = False

    async def source():
        nonlocal closed
        try:
            for contact_id in itertools.count():
                yield contact_id
        finally:
            closed = True

    async with contextlib.aclosing(client.iter_contacts(source(), concurrency=2)) as stream:
        async for _ in stream:
            break
    assert closed


async def test_a_malformed_id_in_the_stream_is_yielded_in_its_place(client, provider):
    # It used to raise on "abc" and yield nothing, losing 1 and 2.
    provider.hang = set()
    results = dict([pair async for pair in client.iter_contacts([1, 2, "abc", 3])])
    assert sorted(map(str, results)) == ["1", "2", "3", "abc"]
    for contact_id in (1, 2, 3):
        assert isinstance(results[contact_id], Contact)
    error = results["abc"]
    assert isinstance(error, InvalidArgumentError)
    assert isinstance(error, ValueError)
    assert isinstance(error, IletiMerkeziError)
    assert "contact id" in str(error)
    assert sorted(provider.requests) == [1, 2, 3]


@pytest.mark.parametrize("bad", [-1, "", True, 1.5, None, "١", 10**40])
async def test_every_kind_of_malformed_id_is_yielded_from_an_async_source(client, provider, bad):
    provider.hang = set()

    async def source():
        for contact_id in (5, bad, 6):
            yield contact_id

    results = [pair async for pair in client.iter_contacts(source(), concurrency=1)]
    assert [contact_id for contact_id, _ in results] == [5, bad, 6]
    assert isinstance(results[1][1], InvalidArgumentError)
    assert provider.requests == [5, 6]


async def test_a_malformed_id_does_not_wait_for_lookups_in_flight(client, provider):
    provider.hang = {2}
    stream = client.iter_contacts([2, "bad", 3], concurrency=3)
    async with contextlib.aclosing(stream):
        first = await anext(stream)
        assert first[0] == "bad"
        contact_id, contact = await anext(stream)
        assert contact_id == 3
        assert isinstance(contact, Contact)
    assert provider.in_flight == 0


async def test_cancelling_a_task_iterating_cancels_its_requests(client, provider):
    provider.hang = None
    before = other_tasks()

    async def consume():
        async with contextlib.aclosing(client.iter_contacts(range(100), concurrency=5)) as s:
            async for _ in s:
                pass

    task = asyncio.create_task(consume())
    await provider.wait_for_in_flight(5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert provider.cancelled == 5
    assert other_tasks() == before


async def test_errors_are_all_ours(client, provider):
    provider.codes = {1: 401, 2: 465, 3: 503}
    results = await client.get_contacts([1, 2, 3], return_exceptions=True)
    assert all(isinstance(result, IletiMerkeziError) for result in results)


async def test_bulk_on_a_closed_client_raises(client, provider):
    await client.aclose()
    with pytest.raises(ClientClosedError):
        await client.get_contacts([1, 2, 3], return_exceptions=True)
    with pytest.raises(ClientClosedError):
        async for _ in client.iter_contacts([1, 2, 3]):
            pass


@pytest.mark.parametrize("ids", ["1007", b"12"])
async def test_a_single_str_or_bytes_is_not_taken_for_many_ids(client, provider, ids):
    with pytest.raises(TypeError):
        await client.get_contacts(ids)
    assert provider.requests == []
