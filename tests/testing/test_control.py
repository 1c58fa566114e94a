"""The control API under ``/_fake/`` on the fake's socket: what a test in another
language uses to drive delivery, read the orders and move the clock."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator

import httpx
import pytest
from report_receiver import ReportReceiver

from iletimerkezi_async import AsyncClient
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

NUMBERS = ["+905051112233", "+905051112244", "+905051112255"]
ISTANBUL = datetime.timezone(datetime.timedelta(hours=3))


@pytest.fixture
async def served() -> AsyncIterator[tuple[FakeIletiMerkezi, httpx.AsyncClient, AsyncClient]]:
    """A fake on a socket, an httpx client on its control API, and our client on its API."""
    fake = FakeIletiMerkezi()
    fake.clock.freeze(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=ISTANBUL))
    async with fake.serve() as base_url:
        control = base_url.removesuffix("v1/") + "_fake/"
        async with (
            httpx.AsyncClient(base_url=control, timeout=10) as http,
            # On the fake's clock: its "now" is the one send_at is checked against.
            AsyncClient(
                fake.api_key, fake.api_hash, base_url=base_url, sender="APITEST", clock=fake.clock
            ) as api,
        ):
            yield fake, http, api


async def test_orders_list_what_was_sent_and_where_each_number_stands(served) -> None:
    fake, http, api = served
    now = await api.send_sms(NUMBERS[:2], "Kargonuz yolda")
    later = await api.send_sms(
        NUMBERS[2],
        "Yarın görüşürüz",
        send_at=datetime.datetime(2026, 5, 5, 10, 30, tzinfo=ISTANBUL),
    )
    answer = await http.get("orders")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    first, second = answer.json()
    assert first == {
        "id": now.id,
        "sender": "APITEST",
        "text": "Kargonuz yolda",
        "messages": [{"text": "Kargonuz yolda", "recipients": NUMBERS[:2]}],
        "recipients": [
            {"number": NUMBERS[0], "status": "sending"},
            {"number": NUMBERS[1], "status": "sending"},
        ],
        "send_at": None,
        "submitted_at": "2026-05-04T09:00:00+03:00",
        "cancelled": False,
        "schedule_ignored": False,
        "iys": "1",
        "iys_list": "BIREYSEL",
    }
    assert second["id"] == later.id
    assert second["send_at"] == "2026-05-05T10:30:00+03:00"
    assert fake.stats.requests == 2  # the control API is not counted as API traffic


async def test_deliver_answers_once_the_reports_reached_the_receiver(served) -> None:
    fake, http, api = served
    async with ReportReceiver() as receiver:
        fake.webhooks.url = receiver.url + "/hooks"
        order = await api.send_sms(NUMBERS, "Merhaba")
        answer = await http.post(
            "deliver",
            json={"order_id": order.id, "numbers": ["0505 111 22 33"], "status": "undelivered"},
        )
        assert answer.json() == {"changed": 1}
        # Answered after the POSTs: accepted for all three, then the one undelivered.
        assert len(receiver.reports) == 4
        answer = await http.post("deliver", json={"order_id": int(order.id)})
        assert answer.json() == {"changed": 2}
        assert receiver.by_number() == {
            NUMBERS[0]: ["accepted", "undelivered"],
            NUMBERS[1]: ["accepted", "delivered"],
            NUMBERS[2]: ["accepted", "delivered"],
        }
        assert (await http.post("deliver", content=b"")).json() == {"changed": 0}
    report = await api.get_report(order.id)
    assert (report.delivered, report.undelivered, report.waiting) == (2, 1, 0)
    statuses = [r["status"] for r in (await http.get("orders")).json()[0]["recipients"]]
    assert statuses == ["undelivered", "delivered", "delivered"]


async def test_advancing_the_clock_starts_a_scheduled_order(served) -> None:
    fake, http, api = served
    when = datetime.datetime(2026, 5, 4, 10, 0, tzinfo=ISTANBUL)
    order = await api.send_sms(NUMBERS[0], "Hatırlatma", send_at=when)
    assert (await http.post("deliver", json={"order_id": order.id})).json() == {"changed": 0}
    answer = await http.post("clock/advance", json={"seconds": 3600})
    assert answer.json() == {"now": "2026-05-04T10:00:00+03:00"}
    assert fake.clock.now() == when
    assert (await http.post("deliver", json={"order_id": order.id})).json() == {"changed": 1}
    answer = await http.post("clock/advance", json={"seconds": 0.5})
    assert answer.json() == {"now": "2026-05-04T10:00:00.500000+03:00"}


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "error"),
    [
        ("POST", "deliver", b'{"order_id": "999"}', 404, "no order '999'"),
        ("POST", "deliver", b"[1]", 400, "JSON object"),
        ("POST", "deliver", b"{", 400, "JSON object"),
        ("POST", "deliver", b'{"status": "read"}', 400, "'delivered' or 'undelivered'"),
        ("POST", "deliver", b'{"numbers": "905051112233"}', 400, "list of strings"),
        ("POST", "deliver", b'{"order_id": true}', 400, "order_id"),
        ("POST", "deliver", b'{"order": "1"}', 400, "unknown field 'order'"),
        ("POST", "clock/advance", b"", 400, '{"seconds": 600}'),
        ("POST", "clock/advance", b'{"seconds": "60"}', 400, "seconds"),
        ("POST", "clock/advance", b'{"seconds": 1e999}', 400, "finite"),
        ("GET", "deliver", b"", 405, "takes POST"),
        ("POST", "orders", b"", 405, "takes GET"),
        ("GET", "clock", b"", 404, "/_fake/deliver, /_fake/orders, /_fake/clock/advance"),
    ],
)
async def test_requests_it_cannot_carry_out_say_why(
    served, method: str, path: str, body: bytes, status: int, error: str
) -> None:
    fake, http, _ = served
    answer = await http.request(method, path, content=body)
    assert answer.status_code == status
    assert error in answer.json()["error"]
    if status == 405:
        assert answer.headers["allow"] == ("POST" if path != "orders" else "GET")
    assert fake.clock.now() == datetime.datetime(2026, 5, 4, 9, 0, tzinfo=ISTANBUL)


async def test_the_control_api_is_never_faulted(served) -> None:
    fake, http, _ = served
    fake.inject(Fault.disconnect(), 1.0)
    assert (await http.get("orders")).json() == []
    assert fake.stats.faults == {}
