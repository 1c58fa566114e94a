"""The demo's second act: one SMS order to thousands of recipients through faults, the
recovery from an ambiguous failure, and the delivery report, checked against the fake."""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter

from ..client import AsyncClient
from ..errors import IletiMerkeziError, RateLimitError, TransportError
from ..sansio import MessageStatus, Order
from ..testing import FakeIletiMerkezi, Fault

__all__ = ["MAX_SENDS", "send_and_report"]

SENDER = "APITEST"


async def _find_order(
    client: AsyncClient, since: datetime.datetime, recipients: int
) -> Order | None:
    """The provider's advice after an unknown outcome: look for the order before resending.

    get-reports has no texts: match on sender, recipient count and submission time.
    """
    async for summary in client.iter_reports(since, since + datetime.timedelta(days=1)):
        if (
            summary.sender == SENDER
            and summary.total == recipients
            and summary.submitted_at is not None
            and summary.submitted_at >= since.replace(microsecond=0)
        ):
            return Order(summary.id)
    return None


MAX_SENDS = 5


def _never_reached(error: IletiMerkeziError) -> bool:
    """Whether the provider provably did not take the order: it was turned away (429)
    or never left this machine. Any other answer (402, 450, 451 ...) is final."""
    if isinstance(error, RateLimitError):
        return True
    return isinstance(error, TransportError) and not error.request_sent


async def _send_once(
    client: AsyncClient, fake: FakeIletiMerkezi, numbers: list[str], text: str
) -> tuple[Order | None, list[str]]:
    """Send; on an ambiguous failure look the order up with get-reports instead of
    resending. Sends again only when the provider provably never got the order, or
    get-reports found none. ``None`` (with the reason in the log) when it gave up."""
    log: list[str] = []
    for _ in range(MAX_SENDS):
        since = fake.clock.now()
        try:
            return await client.send_sms(numbers, text), log
        except IletiMerkeziError as error:
            log.append(
                f"{type(error).__name__}, may_have_been_applied={error.may_have_been_applied}"
            )
            if error.may_have_been_applied:
                try:
                    found = await _find_order(client, since, len(numbers))
                except IletiMerkeziError as lookup:
                    log.append(f"get-reports failed ({type(lookup).__name__}): not resent")
                    return None, log
                if found is not None:
                    log.append(f"found order {found.id} with get-reports: not resent")
                    return found, log
                log.append("no such order in get-reports: safe to send again")
            elif _never_reached(error):
                log.append("the provider never took it: safe to send again")
            else:
                log.append(f"refused ({error}): not resent")
                return None, log
    log.append(f"gave up after {MAX_SENDS} sends")
    return None, log


async def send_and_report(
    fake: FakeIletiMerkezi, base_url: str, *, recipients: int, seed: int, concurrency: int
) -> tuple[list[tuple[str, str]], bool]:
    """Run the act; return the summary rows and whether every check passed. An order
    that could not be sent is a failed row, not an exception."""
    rng = random.Random(f"sms/{seed}")
    numbers = [f"+90505{n:07d}" for n in rng.sample(range(10**7), recipients)]
    text = f"Kampanya: bugün tüm ürünlerde %20 indirim (demo {seed})."
    started, requests = time.perf_counter(), fake.stats.requests
    # The first attempt is applied, then its connection drops: the outcome is unknown.
    fake.script(Fault.disconnect())
    async with AsyncClient(
        fake.api_key,
        fake.api_hash,
        base_url=base_url,
        max_concurrency=concurrency,
        max_retries=6,
        sender=SENDER,
    ) as client:
        order, log = await _send_once(client, fake, numbers, text)
        if order is None:
            rows = [
                ("SMS recipients", f"{recipients}"),
                ("send-sms outcome", "; ".join(log)),
                ("check: the order was sent", "FAILED"),
            ]
            return rows, False
        undelivered = set(rng.sample(numbers, recipients // 20))
        await fake.deliver(order.id, numbers=undelivered, status="undelivered")
        await fake.deliver(order.id)
        statuses: Counter[int] = Counter()
        async for status in client.iter_report(order.id):
            statuses[status.status] += 1
        report = await client.get_report(order.id, row_count=1)
    elapsed = time.perf_counter() - started

    sent = [o for o in fake.orders.values() if o.text == text]
    checks = {
        "one order at the provider": len(sent) == 1 and sent[0].id == order.id,
        "every recipient once": len(sent) == 1 and sorted(sent[0].recipients) == sorted(numbers),
        "report matches the fake": statuses[MessageStatus.UNDELIVERED] == len(undelivered)
        and statuses[MessageStatus.DELIVERED] == recipients - len(undelivered)
        and (report.delivered, report.undelivered) == (statuses[111], statuses[112]),
    }
    rows = [
        ("SMS recipients", f"{recipients}"),
        ("order", order.id),
        ("send-sms outcome", "; ".join(log) or "sent"),
        ("orders with this text at the fake", f"{len(sent)}"),
        ("delivered / undelivered", f"{report.delivered} / {report.undelivered}"),
        ("report statuses read", f"{sum(statuses.values())}"),
        ("order status", f"{report.status}"),
        ("requests (faulted ones retried)", f"{fake.stats.requests - requests}"),
        ("elapsed", f"{elapsed:.2f} s"),
        *((f"check: {name}", "ok" if passed else "FAILED") for name, passed in checks.items()),
    ]
    return rows, all(checks.values())
