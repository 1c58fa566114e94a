"""``find_sent_order`` against the fake provider: the order a failed send created is
found, another order is never taken for it, and "none" comes only after waiting."""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from iletimerkezi_async import (
    AmbiguousOrderError,
    AsyncClient,
    DuplicateOrderError,
    IletiMerkeziError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    Message,
    Order,
)
from iletimerkezi_async.testing import FakeClock, FakeIletiMerkezi, Fault

T0 = datetime.datetime(2026, 5, 4, 9, 0, 0, tzinfo=datetime.UTC)
CODE_A, CODE_B = "+905051112233", "+905051112244"

Factory = Callable[..., AsyncClient]


class CountingTransport(httpx.AsyncBaseTransport):
    """The fake's own transport, counting the requests of each API method."""

    def __init__(self, fake: FakeIletiMerkezi) -> None:
        self.fake = fake
        self.calls: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls[request.url.path.split("/")[-2]] += 1
        return await self.fake.transport.handle_async_request(request)


@pytest.fixture(params=["current", "legacy"])
def fake(request: pytest.FixtureRequest) -> FakeIletiMerkezi:
    """A fake whose clock stands still at ``T0`` until a sleep or a test moves it."""
    clock = FakeClock()
    clock.freeze(T0)
    return FakeIletiMerkezi(shape=request.param, clock=clock)


@pytest.fixture
def wire(fake: FakeIletiMerkezi) -> CountingTransport:
    return CountingTransport(fake)


@pytest.fixture
def make(fast_client_factory: Factory, fake: FakeIletiMerkezi, wire: CountingTransport) -> Factory:
    """Clients on the fake's clock, so waiting for a late listing takes no real time."""

    def build(**options: Any) -> AsyncClient:
        options.setdefault("sender", "APITEST")
        return fast_client_factory(
            api_key=fake.api_key,
            api_hash=fake.api_hash,
            transport=wire,
            clock=fake.clock,
            **options,
        )

    return build


async def lost(
    fake: FakeIletiMerkezi, send: Awaitable[Order], fault: Fault | None = None
) -> IletiMerkeziError:
    """Run ``send`` with its answer lost: by default the connection drops after the fake
    took the order; ``Fault.provider_error(503)`` fails before it takes anything."""
    fake.script(fault or Fault.disconnect())
    with pytest.raises(IletiMerkeziError) as caught:
        await send
    assert caught.value.may_have_been_applied
    return caught.value


async def test_the_second_of_two_one_recipient_orders_in_one_second_is_found(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    # The README's old recipe took the first of these for the second.
    client = make()
    first = await client.send_sms(CODE_A, "Kodunuz: 4711")
    error = await lost(fake, client.send_sms("0505 111 22 44", "Kodunuz: 9120"))
    found = await client.find_sent_order(error)
    assert found is not None
    assert found != first
    assert fake.orders[found.id].recipients == (CODE_B,)
    assert fake.orders[found.id].submitted_at == fake.orders[first.id].submitted_at
    assert len(fake.orders) == 2


async def test_a_code_sent_twice_to_one_number_in_one_second_is_told_apart(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    client = make()
    first = await client.send_sms(CODE_A, "Kodunuz: 4711")
    error = await lost(fake, client.send_sms(CODE_A, "Kodunuz: 9120"))
    found = await client.find_sent_order(error)
    assert found is not None
    assert found != first
    assert fake.orders[found.id].text == "Kodunuz: 9120"
    assert await client.find_sent_order(error) == found  # asking again gives the same


async def test_an_order_another_client_sent_to_other_numbers_is_not_taken(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    other = await make().send_sms(CODE_A, "Kodunuz: 4711")  # not in this client's memory
    client = make()
    error = await lost(fake, client.send_sms(CODE_B, "Kodunuz: 9120"))
    found = await client.find_sent_order(error)
    assert found is not None
    assert found != other
    assert fake.orders[found.id].recipients == (CODE_B,)


async def test_two_lost_orders_to_the_same_numbers_are_ambiguous(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    client = make()
    first = await lost(fake, client.send_sms([CODE_A, CODE_B], "Kampanya 1"))
    await lost(fake, client.send_sms([CODE_B, CODE_A], "Kampanya 2"))
    with pytest.raises(AmbiguousOrderError) as caught:
        await client.find_sent_order(first)
    assert sorted(caught.value.candidate_ids) == sorted(fake.orders)
    assert isinstance(caught.value, IletiMerkeziError)
    assert "Kampanya" not in str(caught.value)
    assert CODE_A not in str(caught.value)
    assert len(fake.orders) == 2  # nothing sent while looking


async def test_another_sender_and_an_order_outside_the_window_are_ignored(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    fake.senders.add("OTHER")
    await make().send_sms([CODE_A, CODE_B], "Eski kampanya")  # 6 minutes before: outside
    fake.clock.advance(datetime.timedelta(minutes=6))
    await make(sender="OTHER").send_sms([CODE_A, CODE_B], "Başka gönderici")
    client = make()
    error = await lost(
        fake, client.send_sms([CODE_A, CODE_B], "Kampanya"), Fault.provider_error(503)
    )
    assert await client.find_sent_order(error, wait=0) is None
    # The same, had the order gone through: it alone is found.
    error = await lost(fake, client.send_sms([CODE_A, CODE_B], "Kampanya"))
    found = await client.find_sent_order(error)
    assert found is not None
    assert fake.orders[found.id].text == "Kampanya"


async def test_a_scheduled_order_is_found_once_its_recipients_show(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    client = make()
    when = T0 + datetime.timedelta(minutes=2)
    # Another order to the same numbers, scheduled for another time: not a candidate.
    await make().send_sms([CODE_A, CODE_B], "Yarın", send_at=when + datetime.timedelta(days=1))
    error = await lost(fake, client.send_sms([CODE_A, CODE_B], "Hatırlatma", send_at=when))
    assert error.sent is not None
    assert error.sent.send_at == when
    # The provider shows a scheduled order's recipients from its send time: wait till then.
    found = await client.find_sent_order(error, wait=300)
    assert found is not None
    assert fake.orders[found.id].text == "Hatırlatma"
    assert fake.clock.now() >= when


async def test_a_scheduled_order_that_cannot_show_in_time_is_not_guessed(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    client = make()
    tomorrow = T0 + datetime.timedelta(days=1)
    error = await lost(fake, client.send_sms(CODE_A, "Randevu", send_at=tomorrow))
    with pytest.raises(AmbiguousOrderError, match="send time") as caught:
        await client.find_sent_order(error, wait=30)
    assert caught.value.candidate_ids == tuple(fake.orders)
    assert fake.clock.now() == T0  # no point waiting: it says so at once


async def test_an_order_listed_late_is_waited_for(make: Factory, fake: FakeIletiMerkezi) -> None:
    fake.messaging.listing_delay = 20.0
    client = make()
    error = await lost(fake, client.send_sms(CODE_A, "Kodunuz: 4711"))
    assert await client.find_sent_order(error, wait=30) == Order(next(iter(fake.orders)))
    assert fake.clock.now() >= T0 + datetime.timedelta(seconds=20)


async def test_none_when_the_wait_ends_before_the_listing_and_a_resend_is_a_duplicate(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    fake.messaging.listing_delay = 60.0
    client = make()
    error = await lost(fake, client.send_sms(CODE_A, "Kodunuz: 4711"))
    assert await client.find_sent_order(error, wait=10) is None
    # What the README says: within 10 minutes the provider refuses the same text to
    # the same numbers, so the re-send sends nothing.
    with pytest.raises(DuplicateOrderError):
        await client.send_sms(CODE_A, "Kodunuz: 4711")
    assert len(fake.orders) == 1


async def test_nothing_created_is_none_only_after_waiting(
    make: Factory, fake: FakeIletiMerkezi, wire: CountingTransport
) -> None:
    client = make()
    error = await lost(fake, client.send_sms(CODE_A, "Kodunuz: 4711"), Fault.provider_error(503))
    assert not fake.orders
    assert await client.find_sent_order(error) is None
    assert fake.clock.now() >= T0 + datetime.timedelta(seconds=30)  # the default wait
    assert wire.calls["get-reports"] > 3  # looked again and again


async def test_a_20000_recipient_order_one_number_apart_is_not_taken(
    make: Factory, fake: FakeIletiMerkezi, wire: CountingTransport
) -> None:
    numbers = [f"+90505{n:07d}" for n in range(20_000)]
    near = [*numbers[:-1], "+905059999999"]  # the last number differs
    await make().send_sms(near, "Kampanya")
    client = make()
    error = await lost(fake, client.send_sms(numbers, "Kampanya"), Fault.provider_error(503))
    assert await client.find_sent_order(error, wait=0) is None
    assert wire.calls["get-report"] == 20  # its own pages, read once
    # A difference on the first page stops the reading there.
    await make().send_sms(["+905059999998", *numbers[1:]], "Kampanya 2")
    wire.calls.clear()
    assert await client.find_sent_order(error, wait=0) is None
    assert wire.calls["get-report"] == 20 + 1  # the first one's pages again, then one page
    # Had the lost order gone through, it alone fits.
    error = await lost(fake, client.send_sms(numbers, "Kampanya 3"))
    found = await client.find_sent_order(error, wait=0)
    assert found is not None
    assert fake.orders[found.id].text == "Kampanya 3"


async def test_a_send_of_several_texts_is_found_by_all_its_numbers(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    client = make()
    await make().send_sms([CODE_A, "+905051112255"], "Aynı sayı, başka numara")
    messages = [Message("Merhaba Ayşe", CODE_A), Message("Merhaba Can", ["05051112244"])]
    error = await lost(fake, client.send_sms_messages(messages))
    assert error.sent is not None
    assert len(error.sent.messages) == 2
    found = await client.find_sent_order(error)
    assert found is not None
    assert [m.text for m in fake.orders[found.id].messages] == ["Merhaba Ayşe", "Merhaba Can"]


async def test_an_order_found_for_one_send_is_not_given_to_another(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    client = make()
    first = await lost(fake, client.send_sms(CODE_A, "Kodunuz: 4711"))
    found = await client.find_sent_order(first)
    second = await lost(fake, client.send_sms(CODE_A, "Kodunuz: 9120"), Fault.provider_error(503))
    assert found is not None
    assert await client.find_sent_order(second, wait=0) is None


async def test_a_refused_send_created_nothing(
    make: Factory, fake: FakeIletiMerkezi, wire: CountingTransport
) -> None:
    client = make()
    await client.send_sms(CODE_A, "Kodunuz: 4711")
    with pytest.raises(DuplicateOrderError) as caught:
        await client.send_sms(CODE_A, "Kodunuz: 4711")
    wire.calls.clear()
    assert await client.find_sent_order(caught.value) is None
    assert not wire.calls


async def test_anything_but_a_send_error_is_refused_before_any_request(
    make: Factory, fake: FakeIletiMerkezi, wire: CountingTransport
) -> None:
    client = make()
    with pytest.raises(IletiMerkeziError) as not_found:
        await client.get_report("123")
    wire.calls.clear()
    with pytest.raises(InvalidArgumentError, match="get-report"):
        await client.find_sent_order(not_found.value)
    with pytest.raises(InvalidArgumentTypeError, match="error"):
        await client.find_sent_order(ValueError("x"))  # type: ignore[arg-type]
    error = await lost(fake, client.send_sms(CODE_A, "Kodunuz: 4711"))
    wire.calls.clear()
    for wait in (-1, float("nan"), float("inf"), True, "30"):
        with pytest.raises(InvalidArgumentError, match="wait"):
            await client.find_sent_order(error, wait=wait)  # type: ignore[arg-type]
    assert not wire.calls


async def test_the_error_says_what_was_sent_without_showing_it(
    make: Factory, fake: FakeIletiMerkezi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="iletimerkezi_async")
    client = make()
    error = await lost(fake, client.send_sms(["0505 111 22 33", CODE_B], "Kodunuz: 4711"))
    sent = error.sent
    assert sent is not None
    assert (sent.sender, sent.send_at, sent.started_at) == ("APITEST", None, T0)
    assert [(m.text, m.recipients) for m in sent.messages] == [
        ("Kodunuz: 4711", ("05051112233", CODE_B))
    ]
    await client.find_sent_order(error)
    shown = [repr(sent), repr(error), str(error), caplog.text]
    assert "recipients=2" in repr(sent)
    assert len(repr(sent)) < 200
    for text in shown:
        for secret in ("4711", "1112233", "1112244"):
            assert secret not in text, text
    assert "find_sent_order" in caplog.text
