"""``fake.auto_deliver``: orders end by themselves, ``after`` real seconds after they
are due, with an ``accepted`` report first and one final report per message."""

from __future__ import annotations

import asyncio
import datetime
import time
from collections.abc import AsyncIterator

import pytest
from report_receiver import ReportReceiver

from iletimerkezi_async import AsyncClient, ReportNotReadyError
from iletimerkezi_async.testing import FakeIletiMerkezi

ISTANBUL = datetime.timezone(datetime.timedelta(hours=3))
NINE = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=ISTANBUL)
NUMBERS = ["+905051112233", "+905051112244"]


@pytest.fixture
async def fake() -> AsyncIterator[FakeIletiMerkezi]:
    """A fake at 09:00 on a frozen clock, reporting to a receiver."""
    provider = FakeIletiMerkezi()
    provider.clock.freeze(NINE)
    async with ReportReceiver() as receiver:
        provider.webhooks.url = receiver.url + "/reports"
        yield provider
        await provider.webhooks.flush()


@pytest.fixture
async def client(fake: FakeIletiMerkezi) -> AsyncIterator[AsyncClient]:
    # On the fake's clock: its "now" is the one send_at is checked against.
    async with AsyncClient(
        fake.api_key, fake.api_hash, transport=fake.transport, sender="APITEST", clock=fake.clock
    ) as api:
        yield api


def reports(fake: FakeIletiMerkezi) -> dict[str, list[str]]:
    """Each number's reports as the fake POSTed them, in order."""
    by_number: dict[str, list[str]] = {}
    for delivery in fake.webhooks.deliveries:
        assert delivery.status == 200
        by_number.setdefault(str(delivery.report["to"]), []).append(str(delivery.report["status"]))
    return by_number


async def test_at_once_the_answer_to_the_send_already_has_the_outcome(
    fake: FakeIletiMerkezi, client: AsyncClient
) -> None:
    async with fake.auto_deliver():
        order = await client.send_sms(NUMBERS, "Merhaba")
        report = await client.get_report(order.id)
    assert (report.delivered, report.waiting) == (2, 0)
    await fake.webhooks.flush()
    assert reports(fake) == {number: ["accepted", "delivered"] for number in NUMBERS}


async def test_a_scheduled_order_ends_when_the_clock_reaches_it(
    fake: FakeIletiMerkezi, client: AsyncClient
) -> None:
    async with fake.auto_deliver(status="undelivered"):
        order = await client.send_sms(
            NUMBERS[0], "Yarın", send_at=NINE + datetime.timedelta(hours=1)
        )
        fake.clock.advance(3599)
        with pytest.raises(ReportNotReadyError):
            await client.get_report(order.id)
        fake.clock.advance(1)
        report = await client.get_report(order.id)
    assert (report.undelivered, report.waiting) == (1, 0)
    await fake.webhooks.flush()
    assert reports(fake) == {NUMBERS[0]: ["accepted", "undelivered"]}


async def test_after_some_real_seconds(fake: FakeIletiMerkezi, client: AsyncClient) -> None:
    async with fake.auto_deliver(after=0.2):
        started = time.monotonic()
        order = await client.send_sms(NUMBERS, "Merhaba")
        await fake.webhooks.flush()
        assert reports(fake) == {number: ["accepted"] for number in NUMBERS}
        while (await client.get_report(order.id)).waiting:
            assert time.monotonic() - started < 5, "not delivered within 5 s"
            await asyncio.sleep(0.02)
        assert time.monotonic() - started >= 0.2
    await fake.webhooks.flush()
    assert reports(fake) == {number: ["accepted", "delivered"] for number in NUMBERS}


async def test_a_running_clock_brings_a_scheduled_order_due_by_itself(
    fake: FakeIletiMerkezi, client: AsyncClient
) -> None:
    fake.clock.unfreeze()
    fake.clock.set(NINE - datetime.timedelta(seconds=0.3))  # its schedule is 0.3 s away
    async with fake.auto_deliver():
        order = await client.send_sms(NUMBERS[0], "Dakikası gelince", send_at=NINE)
        started = time.monotonic()
        while fake.orders[order.id].statuses[NUMBERS[0]] == 110:  # still sending
            assert time.monotonic() - started < 5, "not delivered within 5 s"
            await asyncio.sleep(0.02)
    assert fake.clock.now() >= NINE
    assert fake.orders[order.id].statuses == {NUMBERS[0]: 111}


async def test_orders_sent_before_are_delivered_and_cancelled_ones_are_not(
    fake: FakeIletiMerkezi, client: AsyncClient
) -> None:
    earlier = await client.send_sms(NUMBERS[0], "Önce")
    cancelled = await client.send_sms(
        NUMBERS[1], "İptal", send_at=NINE + datetime.timedelta(hours=1)
    )
    await client.cancel_order(cancelled.id)
    async with fake.auto_deliver():
        fake.clock.advance(7200)
    assert fake.orders[earlier.id].statuses == {NUMBERS[0]: 111}
    assert fake.orders[cancelled.id].statuses == {NUMBERS[1]: 112}  # cancelled, no report
    await fake.webhooks.flush()
    assert reports(fake) == {NUMBERS[0]: ["accepted", "delivered"]}


async def test_nothing_is_delivered_after_the_block(
    fake: FakeIletiMerkezi, client: AsyncClient
) -> None:
    async with fake.auto_deliver():
        pass
    order = await client.send_sms(NUMBERS[0], "Sonra")
    assert fake.orders[order.id].statuses == {NUMBERS[0]: 110}


def test_arguments_are_checked() -> None:
    fake = FakeIletiMerkezi()
    with pytest.raises(ValueError, match="seconds >= 0"):
        fake.auto_deliver(after=-1)
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match="seconds >= 0"):
            fake.auto_deliver(after=bad)
    with pytest.raises(ValueError, match="'delivered' or 'undelivered'"):
        fake.auto_deliver(status="read")  # type: ignore[arg-type]
