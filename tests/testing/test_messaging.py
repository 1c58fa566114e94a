"""The fake's messaging: orders as sent, every refusal the provider makes, delivery
driven by the test, webhook reports, both response shapes."""

from __future__ import annotations

import datetime
import decimal
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from iletimerkezi_async import (
    AsyncClient,
    DuplicateOrderError,
    InsufficientBalanceError,
    Message,
    MessageStatus,
    MessageTextError,
    OrderNotFoundError,
    OrderReport,
    RecipientError,
    ReportNotReadyError,
    SenderError,
)
from iletimerkezi_async.sansio.converter import ISTANBUL
from iletimerkezi_async.testing import FakeIletiMerkezi
from iletimerkezi_async.testing.messaging import sms_parts

WirePost = Callable[..., tuple[int, dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("clean_env")


@pytest.fixture(params=["current", "legacy"])
def shaped(request: pytest.FixtureRequest) -> FakeIletiMerkezi:
    """A fake answering in one shape, its clock frozen."""
    fake = FakeIletiMerkezi(shape=request.param)
    fake.clock.freeze(datetime.datetime(2026, 5, 4, 12, 0, tzinfo=datetime.UTC))
    return fake


@pytest.fixture
async def client(shaped: FakeIletiMerkezi) -> AsyncIterator[AsyncClient]:
    # On the fake's clock: the client's "now" (send_at checks) is the provider's.
    async with AsyncClient(
        shaped.api_key,
        shaped.api_hash,
        transport=shaped.transport,
        sender="APITEST",
        clock=shaped.clock,
    ) as client:
        yield client


async def test_the_order_records_what_was_sent(
    shaped: FakeIletiMerkezi, client: AsyncClient
) -> None:
    when = datetime.datetime(2026, 5, 5, 9, 30, tzinfo=datetime.UTC)
    order = await client.send_sms(
        ["0505 123 45 67", "905051234568"], "Merhaba", send_at=when, iys_list="TACIR"
    )
    record = shaped.orders[order.id]
    assert record.recipients == ("+905051234567", "+905051234568")
    assert (record.text, record.sender, record.iys, record.iys_list) == (
        "Merhaba",
        "APITEST",
        "1",
        "TACIR",
    )
    assert record.send_at == when
    assert shaped.credits == 100_000 - 2


async def test_delivery_driven_by_the_test(shaped: FakeIletiMerkezi, client: AsyncClient) -> None:
    order = await client.send_sms(["5051234567", "5051234568", "5051234569"], "Merhaba")
    report = await client.get_report(order.id)
    assert (report.status, report.waiting, report.total) == (OrderReport.SENDING, 3, 3)
    assert await shaped.deliver(order.id, numbers=["0505 123 45 67"]) == 1
    assert await shaped.deliver(order.id, numbers="+905051234568", status="undelivered") == 1
    report = await client.get_report(order.id)
    assert (report.delivered, report.undelivered, report.waiting) == (1, 1, 1)
    assert [m.status for m in report.messages] == [111, 112, 110]
    assert await shaped.deliver() == 1  # everything left
    report = await client.get_report(order.id)
    assert report.status == OrderReport.FINISHED
    assert report.price == decimal.Decimal("0.1116")
    assert report.submitted_at == shaped.clock.now().replace(microsecond=0)
    (summary,) = [s async for s in client.iter_reports(report.submitted_at, report.submitted_at)]
    assert (summary.id, summary.delivered, summary.undelivered) == (order.id, 2, 1)


async def test_the_duplicate_rule_follows_the_fake_clock(
    shaped: FakeIletiMerkezi, client: AsyncClient
) -> None:
    await client.send_sms(["5051234567", "5051234568"], "Kampanya")
    with pytest.raises(DuplicateOrderError) as caught:
        await client.send_sms(["5051234568", "05051234567"], "Kampanya")
    assert caught.value.may_have_been_applied is False
    await client.send_sms(["5051234568"], "Kampanya")  # other recipients: fine
    shaped.clock.advance(datetime.timedelta(minutes=10))
    await client.send_sms(["5051234567", "5051234568"], "Kampanya")
    assert len(shaped.orders) == 3


async def test_refusals_change_nothing(shaped: FakeIletiMerkezi, client: AsyncClient) -> None:
    shaped.blacklist.add("+905051234567")
    with pytest.raises(RecipientError) as recipient:
        await client.send_sms(["5059999999", "0505 123 45 67"], "x")
    with pytest.raises(RecipientError):
        await client.send_sms("12345", "x")  # not a Turkish mobile number
    with pytest.raises(SenderError) as sender:
        await client.send_sms("5051112233", "x", sender="UNAPPROVED")
    with pytest.raises(MessageTextError) as text:
        await client.send_sms("5051112233", "ğ" * (67 * 7 + 1))
    shaped.credits = 1
    with pytest.raises(InsufficientBalanceError) as balance:
        await client.send_sms(["5051112233", "5051112234"], "x")
    codes = [e.value.status_code for e in (recipient, sender, text, balance)]
    assert codes == [452, 450, 453, 402]
    assert not shaped.orders
    assert shaped.credits == 1
    shaped.senders.add("ACME")
    await client.send_sms("5051112233", "x", sender="ACME")
    assert shaped.credits == 0


async def test_scheduled_orders(shaped: FakeIletiMerkezi, client: AsyncClient) -> None:
    later = shaped.clock.now() + datetime.timedelta(hours=1)
    kept = await client.send_sms("5051112233", "a", send_at=later)
    dropped = await client.send_sms("5051112233", "b", send_at=later)
    with pytest.raises(ReportNotReadyError) as caught:
        await client.get_report(kept.id)
    assert caught.value.order_id == kept.id
    assert await shaped.deliver() == 0  # nothing has started
    await client.cancel_order(dropped.id)
    with pytest.raises(OrderNotFoundError):
        await client.cancel_order(dropped.id)
    assert (await client.get_report(dropped.id)).status == OrderReport.FAILED
    shaped.clock.advance(3600)
    assert (await client.get_report(kept.id)).messages == (MessageStatus("+905051112233", 110),)
    with pytest.raises(OrderNotFoundError) as late:
        await client.cancel_order(kept.id)
    assert late.value.order_id == kept.id
    with pytest.raises(OrderNotFoundError):
        await client.get_report(999)


async def test_a_text_per_recipient(shaped: FakeIletiMerkezi, client: AsyncClient) -> None:
    order = await client.send_sms_messages(
        [Message("Merhaba Ayşe", "5051112233"), Message("Merhaba Can", ["5051112234"])]
    )
    record = shaped.orders[order.id]
    assert [(m.text, m.recipients) for m in record.messages] == [
        ("Merhaba Ayşe", ("+905051112233",)),
        ("Merhaba Can", ("+905051112234",)),
    ]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_every_status_change_is_a_webhook_report(
    shaped: FakeIletiMerkezi, client: AsyncClient
) -> None:
    # A receiver that is down: the fake records each report it tried to POST.
    shaped.webhooks.url = f"http://127.0.0.1:{_closed_port()}/hook"
    order = await client.send_sms(["5051112233", "5051112234"], "Merhaba")
    await shaped.deliver(order.id, numbers=["5051112233"])
    await shaped.deliver(order.id, status="undelivered")
    reports = [d.report for d in shaped.webhooks.deliveries]
    by_status = sorted((r["to"], r["status"]) for r in reports)
    assert by_status == [
        ("+905051112233", "accepted"),
        ("+905051112233", "delivered"),
        ("+905051112234", "accepted"),
        ("+905051112234", "undelivered"),
    ]
    assert {r["packet_id"] for r in reports} == {int(order.id)}
    assert {r["body"] for r in reports} == {"Merhaba"}
    ids = {r["to"]: r["id"] for r in reports}
    assert all(r["id"] == ids[r["to"]] for r in reports)  # one message id per recipient
    assert len(set(ids.values())) == 2


def test_sms_parts() -> None:
    assert sms_parts("a" * 160) == 1
    assert sms_parts("a" * 161) == 2
    assert sms_parts("ş" * 70) == 1
    assert sms_parts("ş" * 71) == 2
    assert sms_parts("{" * 80) == 1
    assert sms_parts("{" * 81) == 2


def _order_fields(send_date_time: object) -> dict[str, object]:
    message = {"text": "Merhaba", "receipents": {"number": ["5051112233"]}}
    return {
        "order": {
            "sender": "APITEST",
            "sendDateTime": send_date_time,
            "iys": "0",
            "message": message,
        }
    }


@pytest.mark.parametrize("raw", ["05/05/2026 09:30:00", ["05/05/2026 09:30:15"]])
def test_a_schedule_with_seconds_is_ignored_like_the_provider_does(
    shaped: FakeIletiMerkezi, wire_post: WirePost, raw: object
) -> None:
    status, response = wire_post(shaped, "send-sms", _order_fields(raw))
    assert status == 200
    order = shaped.orders[str(response["order"]["id"])]
    assert order.schedule_ignored
    assert order.send_date_time == raw
    assert order.send_at is None
    assert order.is_due(shaped.clock.now())  # sent at once, not on 05/05 09:30
    assert _delivered_now(shaped, order.id)


def _delivered_now(fake: FakeIletiMerkezi, order_id: str) -> bool:
    return fake.messaging.deliver(order_id) == 1


@pytest.mark.parametrize(
    "raw", ["05/05/2026 09:30:60", "2026-05-05 09:30:00", "05/05/2026", ["a", "b"], 1]
)
def test_a_malformed_schedule_is_457(
    shaped: FakeIletiMerkezi, wire_post: WirePost, raw: object
) -> None:
    assert wire_post(shaped, "send-sms", _order_fields(raw))[0] == 457
    assert not shaped.orders


def test_a_schedule_without_seconds_is_kept(shaped: FakeIletiMerkezi, wire_post: WirePost) -> None:
    status, response = wire_post(shaped, "send-sms", _order_fields("05/05/2026 09:30"))
    order = shaped.orders[str(response["order"]["id"])]
    assert (status, order.schedule_ignored) == (200, False)
    assert order.send_at == datetime.datetime(2026, 5, 5, 9, 30, tzinfo=ISTANBUL)


async def test_the_listing_can_lag_behind_the_orders(
    shaped: FakeIletiMerkezi, client: AsyncClient
) -> None:
    shaped.messaging.listing_delay = 20.0
    order = await client.send_sms("5051234567", "Merhaba")
    today = shaped.clock.now()
    assert [s.id async for s in client.iter_reports(today, today)] == []
    assert (await client.get_report(order.id)).total == 1  # the order itself is there
    shaped.clock.advance(20)
    assert [s.id async for s in client.iter_reports(today, today)] == [order.id]
