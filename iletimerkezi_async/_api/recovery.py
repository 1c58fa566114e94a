"""After a send with an unknown outcome: ``find_sent_order``, over the rules in
:mod:`iletimerkezi_async.sansio.recovery`."""

from __future__ import annotations

import datetime

from .._logging import logger
from ..errors import (
    AmbiguousOrderError,
    IletiMerkeziError,
    OrderNotFoundError,
    ReportNotReadyError,
)
from ..sansio import Order, OrderSummary
from ..sansio.arguments import seconds
from ..sansio.recovery import (
    POLL_DELAYS,
    OrderSearch,
    SendRecord,
    SentOrders,
    Verdict,
    record_of,
)
from .messaging import MessagingMethods

__all__ = ["RecoveryMethods"]


class RecoveryMethods(MessagingMethods):
    """The client's ``find_sent_order``."""

    _sent_orders: SentOrders

    async def find_sent_order(
        self, error: IletiMerkeziError, *, wait: float = 30.0
    ) -> Order | None:
        """The order that a failed ``send_sms`` / ``send_sms_messages`` created, or ``None``.

        ``error`` is what the send raised with ``may_have_been_applied=True`` (it
        carries what was sent and when, in ``error.sent``); one with
        ``may_have_been_applied=False`` created nothing, and gives ``None`` at once.
        Anything else is an :class:`~iletimerkezi_async.InvalidArgumentError`.

        The candidates are the orders get-reports lists from 5 minutes before the
        send started to 5 minutes after now, from the same sender, with the same
        recipient count and (if one was set) the same schedule, except those this
        client already returned for another call. Each one's recipients are read
        back (its report's pages, several at once, stopping at the first number
        that was not sent) and compared with the numbers sent, in one canonical form
        (``0505...`` and ``+905...`` are the same number). Exactly one match is
        the answer.

        :class:`~iletimerkezi_async.AmbiguousOrderError` (with ``candidate_ids``) when
        more than one order fits, or one fits whose recipients cannot be read (a
        scheduled order shows them only from its send time): nothing is guessed.
        The provider may list an order late: when none fits, the listing is looked at
        again for up to ``wait`` seconds before ``None`` is returned. Errors of the
        reads themselves (after the usual retries) are raised as they are.
        """
        record = record_of(error)
        waiting = seconds(wait, "wait")
        if record is None:
            return None
        search = OrderSearch(
            record, claimed=lambda order_id: self._sent_orders.claimed(order_id, record)
        )
        return await self._look_until_settled(search, record, self._time.monotonic() + waiting)

    async def _look_until_settled(
        self, search: OrderSearch, record: SendRecord, deadline: float
    ) -> Order | None:
        """Look at the listing until one order fits, several do, or none does and the
        wait is over; between looks, sleep as ``POLL_DELAYS`` says."""
        look = 0
        while True:
            now = self._wall_now()
            listed = await self._candidates(search, now)
            left = deadline - self._time.monotonic()
            outcome = search.outcome(listed, now=now, time_left=left)
            logger.info(
                "find_sent_order: look %d, %d candidate(s): %s", look + 1, len(listed), outcome.kind
            )
            if outcome.kind == "found":
                self._sent_orders.add(outcome.order_ids[0], record)
                return Order(outcome.order_ids[0])
            if outcome.kind == "ambiguous":
                raise AmbiguousOrderError(
                    f"cannot tell which order the send created: {outcome.reason}. "
                    f"Candidates: {', '.join(outcome.order_ids)}; check them before "
                    "sending again",
                    outcome.order_ids,
                    method="send-sms",
                )
            if outcome.kind == "none":
                return None
            await self._sleep_unless_closed(min(POLL_DELAYS[min(look, len(POLL_DELAYS) - 1)], left))
            look += 1

    async def _candidates(self, search: OrderSearch, now: datetime.datetime) -> list[str]:
        """The ids of the listed orders that fit, each read back unless already settled."""
        start, end = search.window(now)
        fitting: list[OrderSummary] = []
        async for summary in self.iter_reports(start, end):
            if search.fits(summary, now):
                fitting.append(summary)
        for summary in fitting:
            if search.unsettled(summary.id):
                search.settle(summary.id, await self._read_back(search, summary.id))
        return [summary.id for summary in fitting]

    async def _read_back(self, search: OrderSearch, order_id: str) -> Verdict:
        """Compare one candidate's recipients with what was sent, page by page."""
        check = search.recipient_check()
        pages = self.iter_report(order_id)
        try:
            async for status in pages:
                if not check.add(status.number):
                    break  # settled: leaving the loop cancels the pages in flight
        except ReportNotReadyError:
            return search.not_ready()
        except OrderNotFoundError:
            return Verdict.UNREADABLE  # listed, yet unknown to get-report
        finally:
            await pages.aclose()
        verdict = check.result()
        logger.debug("find_sent_order: order %s read back: %s", order_id, verdict.value)
        return verdict
