"""The client's messaging methods against the fake provider (account: test_account.py): sender
fallback, checks before I/O, paging of reports, writes never re-sent."""

from __future__ import annotations

import asyncio
import datetime
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from iletimerkezi_async import (
    AsyncClient,
    MessageStatus,
    ServerError,
    TransportError,
)
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

Factory = Callable[..., AsyncClient]


@pytest.fixture
def fake() -> FakeIletiMerkezi:
    provider = FakeIletiMerkezi()
    provider.clock.freeze(datetime.datetime(2026, 5, 4, 12, 0, tzinfo=datetime.UTC))
    return provider


@pytest.fixture
def make(fast_client_factory: Factory, fake: FakeIletiMerkezi) -> Factory:
    def build(**options: Any) -> AsyncClient:
        options.setdefault("transport", fake.transport)
        return fast_client_factory(api_key=fake.api_key, api_hash=fake.api_hash, **options)

    return build


async def test_sender_comes_from_the_argument_the_option_or_the_environment(
    make: Factory, fake: FakeIletiMerkezi, clean_env: pytest.MonkeyPatch
) -> None:
    fake.senders.update({"OPTION", "ENVIRON", "ARGUMENT"})
    clean_env.setenv("ILETIMERKEZI_SENDER", "ENVIRON")
    from_env = await make().send_sms("5051112233", "a")
    from_option = await make(sender="OPTION").send_sms("5051112233", "b")
    chosen = await make(sender="OPTION").send_sms("5051112233", "c", sender="ARGUMENT")
    senders = [fake.orders[o.id].sender for o in (from_env, from_option, chosen)]
    assert senders == ["ENVIRON", "OPTION", "ARGUMENT"]


async def test_bad_arguments_fail_before_any_request(make: Factory, fake: FakeIletiMerkezi) -> None:
    client = make()  # no sender anywhere
    with pytest.raises(ValueError, match="sender"):
        await client.send_sms("5051112233", "a")
    client = make(sender="APITEST")
    with pytest.raises(ValueError, match="recipients"):
        await client.send_sms(["5051112233", "abc"], "a")
    with pytest.raises(ValueError, match="send_at"):
        await client.send_sms("5051112233", "a", send_at=datetime.datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="order_id"):
        client.iter_report("x")
    with pytest.raises(ValueError, match="before start"):
        client.iter_reports(datetime.date(2026, 1, 2), datetime.date(2026, 1, 1))
    assert fake.stats.requests == 0


async def test_iter_report_walks_every_page_in_order_with_pages_in_parallel(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    numbers = [f"+90505{i:07d}" for i in range(2_450)]
    client = make(sender="APITEST")
    order = await client.send_sms(numbers, "Merhaba")
    await fake.deliver(order.id, numbers=numbers[::2])
    fake.inject(Fault.latency(0.02), 1.0)
    fake.reset_stats()
    got = [status async for status in client.iter_report(order.id, row_count=100)]
    assert [s.number for s in got] == numbers
    assert [s.status for s in got[:4]] == [111, 110, 111, 110]
    assert fake.stats.requests == 25  # one request per page, none twice
    assert fake.stats.max_in_flight > 1


@pytest.mark.parametrize("total", [5, 10, 11])
async def test_iter_report_reads_the_pre_2024_shape_until_a_short_page(
    make: Factory, fake: FakeIletiMerkezi, api: Any, total: int
) -> None:
    rows = [{"number": 5301234500 + i, "status": 111} for i in range(total)]

    def answer(request: httpx.Request) -> httpx.Response:
        order = json.loads(request.content)["request"]["order"]
        page, size = order["page"], order["rowCount"]
        chunk = rows[(page - 1) * size : page * size]
        body = {"response": {"status": {"code": 200, "message": "x"}}}
        body["response"]["order"] = {"id": 42, "status": 114, "message": chunk}
        return httpx.Response(200, json=body)

    route = api.post("get-report/json").mock(side_effect=answer)
    client = make(transport=None)
    got = [s async for s in client.iter_report(42, row_count=5)]
    assert got == [MessageStatus(str(r["number"]), 111) for r in rows]
    # Full pages say nothing of what follows: reading stops at the first short one.
    assert route.call_count == total // 5 + 1


@pytest.mark.parametrize(
    ("counters", "total", "requests"), [(True, 5, 1), (True, 10, 2), (False, 5, 2), (False, 10, 3)]
)
async def test_iter_report_at_exactly_row_count_rows_asks_past_the_end_only_without_counters(
    make: Factory, api: Any, counters: bool, total: int, requests: int
) -> None:
    rows = [{"number": f"+90530123450{i}", "status": 111} for i in range(total)]

    def answer(request: httpx.Request) -> httpx.Response:
        order = json.loads(request.content)["request"]["order"]
        page, size = order["page"], order["rowCount"]
        report: dict[str, Any] = {
            "id": 42,
            "status": 114,
            "message": rows[(page - 1) * size : page * size],
        }
        if counters:  # the current shape: total counts every recipient of the order
            report.update(total=total, delivered=total, undelivered=0, waiting=0)
        body = {"response": {"status": {"code": 200, "message": "x"}, "order": report}}
        return httpx.Response(200, json=body)

    route = api.post("get-report/json").mock(side_effect=answer)
    got = [s async for s in make(transport=None).iter_report(42, row_count=5)]
    assert [s.number for s in got] == [r["number"] for r in rows]
    assert route.call_count == requests


async def test_iter_reports_walks_any_range_in_windows(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    client = make(sender="APITEST")
    start = fake.clock.now()
    sent = []
    for day in range(25):  # three windows; 40 orders on the first day (two pages)
        for n in range(40 if day == 0 else 1):
            sent.append((await client.send_sms("5051112233", f"day {day} #{n}")).id)
        fake.clock.advance(datetime.timedelta(days=1))
    got = [order.id async for order in client.iter_reports(start, start + datetime.timedelta(24))]
    assert got == sent


async def test_a_write_is_not_sent_again_after_a_5xx_or_a_drop(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    client = make(sender="APITEST", max_retries=5)
    fake.script(Fault.server_error(503), Fault.disconnect())
    with pytest.raises(ServerError) as first:
        await client.send_sms("5051112233", "a")
    with pytest.raises(TransportError) as second:
        await client.send_sms("5051112233", "b")
    assert first.value.may_have_been_applied is True
    assert second.value.may_have_been_applied is True
    assert [o.text for o in fake.orders.values()] == ["a", "b"]  # each applied once
    assert fake.stats.requests == 2


async def test_a_write_is_sent_again_after_a_refusal_or_a_429(
    make: Factory, fake: FakeIletiMerkezi
) -> None:
    client = make(sender="APITEST", max_retries=5)
    fake.script(Fault.refuse(), Fault.rate_limit("0"), None)
    order = await client.send_sms("5051112233", "a")
    assert list(fake.orders) == [order.id]
    assert fake.stats.requests == 3


async def test_many_sends_at_once(make: Factory, fake: FakeIletiMerkezi) -> None:
    client = make(sender="APITEST", max_concurrency=8)
    orders = await asyncio.gather(*(client.send_sms("5051112233", f"#{i}") for i in range(200)))
    assert len({o.id for o in orders}) == 200
    assert sorted(fake.orders) == sorted(o.id for o in orders)
