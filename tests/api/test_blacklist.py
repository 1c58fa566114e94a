"""The blacklist methods through the client, against the fake provider."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iletimerkezi_async import (
    AsyncClient,
    BadRequestError,
    BlacklistPage,
    RecipientError,
    RetryPolicy,
    ServerError,
)
from iletimerkezi_async.sansio.converter import ISTANBUL
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

FAST = RetryPolicy(max_retries=2, base_delay=0.001, max_delay=0.001)


@pytest.fixture
def fake() -> FakeIletiMerkezi:
    provider = FakeIletiMerkezi()
    provider.clock.freeze(datetime.datetime(2026, 3, 1, 12, 0, tzinfo=ISTANBUL))
    return provider


@pytest.fixture
async def client(
    fake: FakeIletiMerkezi, clean_env: pytest.MonkeyPatch
) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(
        fake.api_key, fake.api_hash, transport=fake.transport, retry_policy=FAST
    ) as client:
        yield client


def fill(fake: FakeIletiMerkezi, count: int) -> list[str]:
    numbers = [f"+90505{index:07d}" for index in range(count)]
    for number in numbers:
        fake.blacklist.add(number)
    return numbers


@pytest.mark.parametrize("shape", ["current", "legacy"])
async def test_add_list_delete(client: AsyncClient, fake: FakeIletiMerkezi, shape: str) -> None:
    fake.shape = shape  # type: ignore[assignment]
    await client.add_blacklist("0505 004 78 24")
    await client.add_blacklist("+90 505 004 78 24")  # idempotent
    assert list(fake.blacklist) == ["+905050047824"]
    assert await client.get_blacklist() == BlacklistPage(1, ("+905050047824",))
    await client.delete_blacklist("905050047824")
    assert "+905050047824" not in fake.blacklist
    assert await client.get_blacklist() == BlacklistPage(0, ())


async def test_deleting_a_number_that_is_not_listed_is_474(client: AsyncClient) -> None:
    with pytest.raises(BadRequestError) as caught:
        await client.delete_blacklist("+905050047824")
    assert caught.value.status_code == 474
    assert caught.value.method == "delete-blacklist"
    assert caught.value.may_have_been_applied is False


async def test_a_number_the_provider_refuses_is_466(client: AsyncClient) -> None:
    with pytest.raises(RecipientError) as caught:
        await client.add_blacklist("+90123")
    assert caught.value.status_code == 466


async def test_malformed_numbers_never_reach_the_provider(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    for call in (client.add_blacklist, client.delete_blacklist):
        with pytest.raises(ValueError, match="number"):
            await call("0505-ABC")
    assert fake.stats.requests == 0


async def test_add_is_retried_after_a_5xx_like_a_read(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    # The 503 comes after the fake blocked the number: retrying is harmless.
    fake.script(Fault.server_error(503))
    await client.add_blacklist("+905050047824")
    assert fake.stats.requests == 2
    assert list(fake.blacklist) == ["+905050047824"]


async def test_delete_is_a_write_not_resent_after_a_5xx(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    fake.blacklist.add("+905050047824")
    fake.script(Fault.server_error(503))
    with pytest.raises(ServerError) as caught:
        await client.delete_blacklist("+905050047824")
    assert caught.value.may_have_been_applied is True
    assert fake.stats.requests == 1
    assert "+905050047824" not in fake.blacklist  # it was applied


async def test_delete_is_resent_when_provably_unsent(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    fake.blacklist.add("+905050047824")
    fake.script(Fault.refuse(), Fault.rate_limit("0"))
    await client.delete_blacklist("+905050047824")
    assert fake.stats.requests == 3


async def test_filter_by_time_blocked(client: AsyncClient, fake: FakeIletiMerkezi) -> None:
    fake.blacklist.add("+905050000001")
    fake.clock.advance(datetime.timedelta(days=1))
    fake.blacklist.add("+905050000002")
    fake.clock.advance(datetime.timedelta(days=1))
    fake.blacklist.add("+905050000003")
    day_two = datetime.date(2026, 3, 2)
    page = await client.get_blacklist(start=day_two, end=day_two)
    assert page == BlacklistPage(1, ("+905050000002",))
    # An aware datetime in any zone is converted: 09:00 UTC is 12:00 in Istanbul.
    since = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    assert (await client.get_blacklist(start=since)).numbers == ("+905050000002", "+905050000003")
    after = since + datetime.timedelta(seconds=1)
    assert (await client.get_blacklist(start=after)).numbers == ("+905050000003",)
    with pytest.raises(ValueError, match="aware"):
        await client.get_blacklist(start=datetime.datetime(2026, 3, 2))


async def test_pages(client: AsyncClient, fake: FakeIletiMerkezi) -> None:
    numbers = fill(fake, 25)
    first = await client.get_blacklist(row_count=10)
    third = await client.get_blacklist(page=3, row_count=10)
    past = await client.get_blacklist(page=4, row_count=10)
    assert first == BlacklistPage(25, tuple(numbers[:10]))
    assert third == BlacklistPage(25, tuple(numbers[20:]))
    assert past == BlacklistPage(25, ())


@pytest.mark.parametrize("shape", ["current", "legacy", "mixed"])
async def test_iter_blacklist_yields_every_number_once_in_order(
    client: AsyncClient, fake: FakeIletiMerkezi, shape: str
) -> None:
    fake.shape = shape  # type: ignore[assignment]
    numbers = fill(fake, 4321)
    assert [number async for number in client.iter_blacklist()] == numbers
    assert fake.stats.by_status[200] == 5  # ceil(4321 / 1000) pages, each once


async def test_iter_blacklist_fetches_later_pages_concurrently(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    fill(fake, 6000)
    fake.inject(Fault.latency(0.02), 1.0)
    seen = [number async for number in client.iter_blacklist()]
    assert len(seen) == 6000
    assert fake.stats.max_in_flight > 1


async def test_iter_blacklist_empty_and_filtered(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    assert [n async for n in client.iter_blacklist()] == []
    fill(fake, 3)
    tomorrow = datetime.date(2026, 3, 2)
    assert [n async for n in client.iter_blacklist(start=tomorrow)] == []
    with pytest.raises(ValueError, match="aware"):
        client.iter_blacklist(end=datetime.datetime(2026, 3, 2))


async def test_iter_blacklist_retries_a_failed_page(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    numbers = fill(fake, 2500)
    fake.script(None, Fault.server_error(502))
    assert [n async for n in client.iter_blacklist()] == numbers


async def test_leaving_iter_blacklist_early_cancels_pages_in_flight(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    fill(fake, 9000)
    fake.inject(Fault.latency(0.05), 1.0)
    walk = client.iter_blacklist()
    async for _ in walk:
        break
    await walk.aclose()
    await asyncio.sleep(0.1)
    assert fake.stats.in_flight == 0
    assert fake.stats.requests < 9


@settings(max_examples=25)
@given(
    st.lists(
        st.tuples(st.sampled_from(["add", "delete"]), st.integers(0, 6)), min_size=1, max_size=30
    ),
    st.integers(1, 4),
)
def test_any_sequence_of_adds_and_deletes_matches_a_set(
    operations: list[tuple[str, int]], row_count: int
) -> None:
    async def run() -> None:
        fake = FakeIletiMerkezi(shape="mixed")
        model: dict[str, None] = {}
        async with AsyncClient(fake.api_key, fake.api_hash, transport=fake.transport) as client:
            for operation, index in operations:
                number = f"+90505000000{index}"
                if operation == "add":
                    await client.add_blacklist(number)
                    model.setdefault(number)
                elif number in model:
                    await client.delete_blacklist(number)
                    del model[number]
                else:
                    with pytest.raises(BadRequestError):
                        await client.delete_blacklist(number)
            pages = []
            for page in range(1, 10):
                result = await client.get_blacklist(page=page, row_count=row_count)
                assert result.count == len(model)
                pages.extend(result.numbers)
            assert pages == list(model)
            assert [number async for number in client.iter_blacklist()] == list(model)

    asyncio.run(run())


async def test_an_account_with_no_blocked_numbers_lists_nothing(
    clean_env: pytest.MonkeyPatch,
) -> None:
    # The official SDKs' fixtures answer such an account with a bare 200: an empty
    # listing, not a DecodeError (docs/wire-format.md, "A 200 with no payload").
    bare = {"response": {"status": {"code": 200, "message": "İşlem başarılı"}}}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=bare))
    async with AsyncClient("key", "hash", transport=transport) as client:
        assert await client.get_blacklist() == BlacklistPage(0, ())
        assert [number async for number in client.iter_blacklist()] == []
