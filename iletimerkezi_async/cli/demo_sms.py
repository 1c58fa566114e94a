"""The demo's second act: one SMS order to thousands of recipients through faults, the
recovery from an unknown outcome with ``find_sent_order``, and the delivery report,
checked against the fake."""

from __future__ import annotations

import random
import time
from collections import Counter

from ..client import AsyncClient
from ..clock import Clock
from ..errors import IletiMerkeziError
from ..sansio import MessageStatus, Order
from ..testing import FakeIletiMerkezi, Fault
from .demo_writes import WriteFailed, write_once

__all__ = ["send_and_report"]

SENDER = "APITEST"


async def _send_once(
    client: AsyncClient, numbers: list[str], text: str
) -> tuple[Order | None, list[str]]:
    """Send; after an unknown outcome ask ``find_sent_order`` instead of resending. Sends
    again only when the provider provably never got the order, or created none.
    ``None`` (with the reason in the log) when it gave up or could not tell."""
    log: list[str] = []
    try:
        order = await write_once(
            "send-sms",
            lambda: client.send_sms(numbers, text),
            client.find_sent_order,
            log,
            how="find_sent_order",
        )
    except (IletiMerkeziError, WriteFailed):
        return None, log  # the log says why
    return order, log


def demo_client(
    fake: FakeIletiMerkezi, base_url: str, concurrency: int, clock: Clock | None
) -> AsyncClient:
    """A client of the demo's fake: retries enough to ride out its faults, the demo's
    sender."""
    return AsyncClient(
        fake.api_key,
        fake.api_hash,
        base_url=base_url,
        max_concurrency=concurrency,
        max_retries=6,
        sender=SENDER,
        clock=clock,
    )


def _not_sent_rows(recipients: int, log: list[str]) -> list[tuple[str, str]]:
    """The summary of an act whose order could not be sent: a failed check."""
    return [
        ("SMS recipients", f"{recipients}"),
        ("send-sms outcome", "; ".join(log)),
        ("check: the order was sent", "FAILED"),
    ]


async def send_and_report(
    fake: FakeIletiMerkezi,
    base_url: str,
    *,
    recipients: int,
    seed: int,
    concurrency: int,
    clock: Clock | None = None,
) -> tuple[list[tuple[str, str]], bool]:
    """Run the act; return the summary rows and whether every check passed. An order
    that could not be sent, or a read that failed, is a failed row, not an exception."""
    rng = random.Random(f"sms/{seed}")
    numbers = [f"+90505{n:07d}" for n in rng.sample(range(10**7), recipients)]
    text = f"Kampanya: bugün tüm ürünlerde %20 indirim (demo {seed})."
    started, requests = time.perf_counter(), fake.stats.requests
    # The first attempt is applied, then its connection drops: the outcome is unknown.
    fake.script(Fault.disconnect())
    async with demo_client(fake, base_url, concurrency, clock) as client:
        order, log = await _send_once(client, numbers, text)
        if order is None:
            return _not_sent_rows(recipients, log), False
        undelivered = set(rng.sample(numbers, recipients // 20))
        try:
            statuses, report_rows = await _deliver_and_read(client, fake, order, undelivered)
        except IletiMerkeziError as error:
            return [("delivery report", f"FAILED: {type(error).__name__}: {error}")], False
    elapsed = time.perf_counter() - started
    rows, ok = _checked_rows(fake, order, text, numbers, undelivered, statuses, report_rows)
    return [
        ("SMS recipients", f"{recipients}"),
        ("order", order.id),
        ("send-sms outcome", "; ".join(log) or "sent"),
        ("requests (faulted ones retried)", f"{fake.stats.requests - requests}"),
        ("elapsed", f"{elapsed:.2f} s"),
        *rows,
    ], ok


def _checked_rows(
    fake: FakeIletiMerkezi,
    order: Order,
    text: str,
    numbers: list[str],
    undelivered: set[str],
    statuses: Counter[int],
    report: tuple[int, int],
) -> tuple[list[tuple[str, str]], bool]:
    """What the fake holds and the report said, checked: the rows, and whether all passed."""
    sent = [o for o in fake.orders.values() if o.text == text]
    checks = {
        "one order at the provider": len(sent) == 1 and sent[0].id == order.id,
        "every recipient once": len(sent) == 1 and sorted(sent[0].recipients) == sorted(numbers),
        "report matches the fake": statuses[MessageStatus.UNDELIVERED] == len(undelivered)
        and statuses[MessageStatus.DELIVERED] == len(numbers) - len(undelivered)
        and report == (statuses[MessageStatus.DELIVERED], statuses[MessageStatus.UNDELIVERED]),
    }
    rows = [
        ("orders with this text at the fake", f"{len(sent)}"),
        ("delivered / undelivered", f"{report[0]} / {report[1]}"),
        ("report statuses read", f"{sum(statuses.values())}"),
        *((f"check: {name}", "ok" if passed else "FAILED") for name, passed in checks.items()),
    ]
    return rows, all(checks.values())


async def _deliver_and_read(
    client: AsyncClient,
    fake: FakeIletiMerkezi,
    order: Order,
    undelivered: set[str],
) -> tuple[Counter[int], tuple[int, int]]:
    """Drive delivery at the fake, then read every status back and the report's counters."""
    await fake.deliver(order.id, numbers=undelivered, status="undelivered")
    await fake.deliver(order.id)
    statuses: Counter[int] = Counter()
    async for status in client.iter_report(order.id):
        statuses[status.status] += 1
    report = await client.get_report(order.id, row_count=1)
    return statuses, (report.delivered, report.undelivered)
