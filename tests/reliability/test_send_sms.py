"""1,000 sends over a real socket while attempts fail: no SMS is ever sent twice.

Faults that happen after the fake applied the order (dropped connections, cut bodies,
5xx pages, stalls past the read timeout) must surface as errors saying the order may
exist; refusals and 429s are safe to resend and are. Every call has its own text, so the
fake's orders can be counted per call.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import httpx

from iletimerkezi_async import IletiMerkeziError, Order
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

from .conftest import make_client, no_task_left

N = 1000
FAULTS = {
    Fault.disconnect(): 0.05,
    Fault.truncate(): 0.05,
    Fault.server_error(502): 0.05,
    Fault.stall(0.5): 0.01,  # past the 0.25 s read timeout below
    Fault.refuse(): 0.04,
    Fault.rate_limit("0"): 0.05,
}


async def test_no_order_is_sent_twice(backend: str) -> None:
    fake = FakeIletiMerkezi(shape="mixed", seed=5)
    fake.inject_mix(FAULTS)
    texts = [f"Siparişiniz #{i} yolda" for i in range(N)]
    started = time.monotonic()
    async with no_task_left(), fake.serve() as base_url:
        client = make_client(
            fake,
            base_url,
            backend,
            sender="APITEST",
            max_concurrency=50,
            timeout=httpx.Timeout(0.25, connect=1),
        )
        async with client:
            results = await asyncio.gather(
                *(client.send_sms("+905051112233", text) for text in texts),
                return_exceptions=True,
            )
    elapsed = time.monotonic() - started

    per_text = Counter(order.text for order in fake.orders.values())
    assert max(per_text.values()) == 1, "an order was sent twice"
    outcomes: Counter[str] = Counter()
    for text, result in zip(texts, results, strict=True):
        if isinstance(result, Order):
            assert fake.orders[result.id].text == text
            outcomes["sent"] += 1
        else:
            assert isinstance(result, IletiMerkeziError), repr(result)
            assert result.method == "send-sms"
            if result.may_have_been_applied:
                outcomes[f"maybe: {per_text[text]} order(s)"] += 1
            else:
                assert per_text[text] == 0, f"{result!r} said not applied, but it was"
                outcomes["not applied"] += 1
    assert outcomes["sent"] > N * 0.7, outcomes
    # The faults after sending happened and were never hidden by a resend.
    assert outcomes["maybe: 1 order(s)"] > N * 0.05, outcomes
    assert fake.stats.faults["rate_limit"] > 0
    assert fake.stats.faults["refuse"] > 0
    assert elapsed < 10, f"{elapsed:.1f} s"
