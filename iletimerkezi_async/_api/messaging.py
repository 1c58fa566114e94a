"""Messaging: send-sms, cancel-order and the delivery reports (get-report, get-reports)."""

from __future__ import annotations

import datetime
from collections.abc import AsyncGenerator, Iterable

from .._paging import iter_pages, pages_for
from ..errors import IletiMerkeziError
from ..sansio import (
    Message,
    MessageStatus,
    Order,
    OrderReport,
    OrderSummary,
    OrderSummaryPage,
    messaging,
    reports,
)
from ..sansio.call import Call
from ..sansio.messaging import IysList
from ..sansio.paging import MAX_ROW_COUNT
from ..sansio.recovery import SentOrders
from .base import CallPath

__all__ = ["MessagingMethods"]

REPORT_PREFETCH = 12
"""Pages of a delivery report fetched ahead by ``iter_report`` unless told otherwise."""

REPORTS_PREFETCH = 4
"""Pages of get-reports fetched ahead by ``iter_reports``."""


class MessagingMethods(CallPath):
    """The client's messaging methods."""

    _sender: str | None
    _sent_orders: SentOrders

    async def send_sms(
        self,
        recipients: str | Iterable[str],
        text: str,
        *,
        sender: str | None = None,
        send_at: datetime.datetime | None = None,
        iys: bool = True,
        iys_list: IysList = "BIREYSEL",
    ) -> Order:
        """Send ``text`` to ``recipients`` (one number, or up to 50,000 distinct ones).

        Numbers may contain spaces, dashes and parentheses; what is left must be
        digits with an optional leading ``+``. Duplicates are sent once, order kept.
        ``sender`` defaults to the client's ``sender=`` option, then
        ``ILETIMERKEZI_SENDER``. ``send_at`` (an aware datetime) schedules the order,
        to the minute, in Istanbul time; more than a minute in the past (by the client's
        clock) it is refused, as the provider would send at once. ``iys=True`` asks the
        provider to check İYS consent on ``iys_list`` (``"BIREYSEL"`` or ``"TACIR"``),
        as commercial messages require. Every argument is checked before any I/O
        (:class:`~iletimerkezi_async.InvalidArgumentError`).

        Never sent twice by this client: after a failure with
        ``may_have_been_applied=True`` the order may exist. The error carries what was
        sent (``error.sent``): :meth:`find_sent_order` finds the order it created, or
        says there is none, before you send again.
        """
        chosen = sender if sender is not None else self._sender
        call = messaging.send_sms(
            self._credentials,
            recipients,
            text,
            sender=chosen,
            send_at=send_at,
            iys=iys,
            iys_list=iys_list,
            now=self._wall_now(),
        )
        return await self._send_order(call)

    async def send_sms_messages(
        self,
        messages: Iterable[Message],
        *,
        sender: str | None = None,
        send_at: datetime.datetime | None = None,
        iys: bool = True,
        iys_list: IysList = "BIREYSEL",
    ) -> Order:
        """Send a different text to each group of recipients, as one order::

            await client.send_sms_messages([
                Message("Siparişiniz yolda, Ayşe", "+905051234567"),
                Message("Siparişiniz yolda, Mehmet", ["+905059876543"]),
            ])

        The other arguments and the rules are :meth:`send_sms`'s, :meth:`find_sent_order`
        included; at most 50,000 numbers in all.
        """
        chosen = sender if sender is not None else self._sender
        call = messaging.send_sms_messages(
            self._credentials,
            messages,
            sender=chosen,
            send_at=send_at,
            iys=iys,
            iys_list=iys_list,
            now=self._wall_now(),
        )
        return await self._send_order(call)

    async def _send_order(self, call: Call[Order]) -> Order:
        """Run a send; remember the order it returns, or put what it sent on an error
        that leaves the outcome unknown (for :meth:`find_sent_order`)."""
        try:
            order = await self._call(call)
        except IletiMerkeziError as error:
            if error.may_have_been_applied:
                error.sent = call.sent
            raise
        self._sent_orders.add(order.id)
        return order

    async def cancel_order(self, order_id: int | str) -> None:
        """Cancel a scheduled order that has not started sending.

        :class:`~iletimerkezi_async.OrderNotFoundError` (455) when there is no such
        order or it already started or finished.
        """
        await self._call(messaging.cancel_order(self._credentials, order_id))

    async def get_report(
        self, order_id: int | str, *, page: int = 1, row_count: int = MAX_ROW_COUNT
    ) -> OrderReport:
        """One page of an order's delivery report: its state, counters and up to
        ``row_count`` (at most 1000) recipients' statuses.

        :class:`~iletimerkezi_async.ReportNotReadyError` (456) for a scheduled order
        that has not started, :class:`~iletimerkezi_async.OrderNotFoundError` (455)
        for an unknown one.
        """
        return await self._call(
            reports.get_report(self._credentials, order_id, page=page, row_count=row_count)
        )

    def iter_report(
        self,
        order_id: int | str,
        *,
        row_count: int = MAX_ROW_COUNT,
        concurrency: int | None = None,
    ) -> AsyncGenerator[MessageStatus, None]:
        """Every recipient's :class:`MessageStatus` of an order, in the provider's order.

        The first page tells how many there are; the rest are fetched ``concurrency``
        pages at a time ahead of your loop (default 12, at most the client's cap) and
        yielded in page order, so memory holds a few pages however large the order.
        Arguments are checked at once (``InvalidArgumentError``).
        """
        reports.get_report(self._credentials, order_id, row_count=row_count)  # checks
        if concurrency is None:
            ahead = min(REPORT_PREFETCH, self._limit(None))
        else:
            ahead = self._limit(concurrency)

        async def fetch(page: int) -> reports.ReportPage:
            call = reports.get_report_page(
                self._credentials, order_id, page=page, row_count=row_count
            )
            return await self._call(call)

        def page_count(first: reports.ReportPage) -> int | None:
            if first.counters_known:
                return pages_for(first.report.total, row_count)
            # The pre-2024 answer has no counters: a full page may have more after it.
            return None if len(first.report.messages) == row_count else 1

        return iter_pages(
            fetch,
            lambda page: page.report.messages,
            row_count=row_count,
            page_count=page_count,
            prefetch=ahead,
        )

    async def get_reports(
        self, start: datetime.date, end: datetime.date, *, page: int = 1
    ) -> OrderSummaryPage:
        """One page (30 orders) of the orders submitted from ``start`` to ``end``.

        Days, both included, at most 10 apart (``InvalidArgumentError`` otherwise; a
        ``datetime`` counts as its day in Istanbul time). ``count`` on the page is
        the number of orders across all pages. :meth:`iter_reports` walks any range.
        """
        return await self._call(reports.get_reports(self._credentials, start, end, page=page))

    def iter_reports(
        self, start: datetime.date, end: datetime.date
    ) -> AsyncGenerator[OrderSummary, None]:
        """Every order submitted from ``start`` to ``end`` (days, both included), any range.

        The range is cut into windows of 10 days that share no day (the widest the
        provider accepts), walked oldest first; each window's pages are fetched a few
        ahead. An order is yielded once, as windows do not overlap.
        """
        windows = list(reports.report_windows(start, end))
        return self._walk_windows(windows)

    async def _walk_windows(
        self, windows: list[tuple[datetime.date, datetime.date]]
    ) -> AsyncGenerator[OrderSummary, None]:
        for first, last in windows:

            async def fetch(
                page: int, first: datetime.date = first, last: datetime.date = last
            ) -> OrderSummaryPage:
                return await self.get_reports(first, last, page=page)

            pages = iter_pages(
                fetch,
                lambda result: result.orders,
                row_count=reports.REPORTS_PAGE_SIZE,
                page_count=lambda result: pages_for(result.count, reports.REPORTS_PAGE_SIZE),
                prefetch=min(REPORTS_PREFETCH, self._limit(None)),
            )
            try:
                async for order in pages:
                    yield order
            finally:
                await pages.aclose()
