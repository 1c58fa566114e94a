"""Delivery reports: get-report (one order, paged by recipient) and get-reports (orders
over a date range, paged by 30).

Wire facts (``docs/wire-messaging.md``): get-report has no page count; ``order.total``
(the order's recipients) gives it, except in the pre-2024 answer that has no counters.
get-reports takes ``filter: {start, end, page}`` as ``YYYY-MM-DD`` dates at most 10 days
apart; its ``count`` is the number of orders across all pages, 30 to a page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from functools import partial

import attrs

from ..errors import DecodeError, InvalidArgumentError, InvalidArgumentTypeError
from .auth import Credentials
from .call import Call, build_request
from .converter import describe_failure, lenient_int
from .ids import validate_order_id
from .orders import OrderReport, OrderSummary, OrderSummaryPage, structure_report
from .paging import MAX_ROW_COUNT, validate_page, validate_page_number
from .response import decode_status, payload, structure_list
from .times import in_istanbul

__all__ = [
    "MAX_RANGE_DAYS",
    "REPORTS_PAGE_SIZE",
    "ReportPage",
    "get_report",
    "get_report_page",
    "get_reports",
    "report_windows",
    "to_date",
]

REPORTS_PAGE_SIZE = 30
"""Orders per get-reports page (fixed by the provider; its SDKs all use 30)."""

MAX_RANGE_DAYS = 10
"""The widest get-reports range, in days between ``start`` and ``end``."""


def get_report(
    credentials: Credentials, order_id: int | str, *, page: int = 1, row_count: int = MAX_ROW_COUNT
) -> Call[OrderReport]:
    """get-report: one page of an order's delivery report (a read).

    ``row_count`` recipients per page, 1 to 1000. The order id goes as a string, so
    leading zeros survive. 455 is :class:`~iletimerkezi_async.OrderNotFoundError`, 456
    :class:`~iletimerkezi_async.ReportNotReadyError` (a scheduled order not started).
    """
    oid = validate_order_id(order_id)
    validate_page(page, row_count)
    fields = {"order": {"id": oid, "page": page, "rowCount": row_count}}
    request = build_request(credentials, "get-report", fields)
    return Call("get-report", "read", request, partial(_decode_report, oid), {"order_id": oid})


def get_report_page(
    credentials: Credentials,
    order_id: int | str,
    *,
    page: int = 1,
    row_count: int = MAX_ROW_COUNT,
) -> Call[ReportPage]:
    """:func:`get_report`, decoded as a :class:`ReportPage`: the report and whether the
    answer had its counters (what a pager needs to know how many pages there are)."""
    call = get_report(credentials, order_id, page=page, row_count=row_count)
    oid = str(call.ids["order_id"])
    return Call(call.method, call.kind, call.request, partial(_decode_report_page, oid), call.ids)


@attrs.frozen
class ReportPage:
    """One get-report page: ``report``, and ``counters_known``, False for the pre-2024
    answer, whose counters were counted from this page's messages (so ``report.total``
    says nothing about later pages)."""

    report: OrderReport
    counters_known: bool


def _decode_report(order_id: str, status_code: int, body: bytes) -> OrderReport:
    return _decode_report_page(order_id, status_code, body).report


def _decode_report_page(order_id: str, status_code: int, body: bytes) -> ReportPage:
    # The price is money: its digits are read from the text, never through a float.
    response = decode_status(status_code, body, exact_numbers=True)
    raw = payload(response, "order", status_code)
    if type(raw) is list and len(raw) == 1:  # an object wrapped in a list
        raw = raw[0]
    try:
        report = structure_report(raw)
    except Exception as error:
        where = "$.response.order"
        detail = describe_failure(raw, where, OrderSummary) if _has_counters(raw) else ""
        if not detail or detail.startswith("invalid "):  # not in the summary's fields
            detail = f"{error} @ {where}"
        raise DecodeError(detail, http_status=status_code) from error
    if report.id.lstrip("0") != order_id.lstrip("0"):
        raise DecodeError(
            f"the answer is about order {report.id} @ $.response.order.id",
            http_status=status_code,
        )
    return ReportPage(report, _has_counters(raw))


def _has_counters(raw: object) -> bool:
    return type(raw) is dict and "total" in raw


def to_date(value: datetime.date, name: str) -> datetime.date:
    """A ``date``; a ``datetime`` is taken on its day (an aware one in Istanbul time)."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = in_istanbul(value, name)
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raise InvalidArgumentTypeError(f"{name} must be a date or datetime, got {type(value).__name__}")


def _range(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    first, last = to_date(start, "start"), to_date(end, "end")
    if last < first:
        raise InvalidArgumentError(f"end ({last}) is before start ({first})")
    return first, last


def get_reports(
    credentials: Credentials, start: datetime.date, end: datetime.date, *, page: int = 1
) -> Call[OrderSummaryPage]:
    """get-reports: one page (30 orders) of the orders submitted from ``start`` to ``end``.

    Both are days (a ``datetime`` counts as its day in Istanbul time); at most 10
    days apart, as the provider allows (``iter_reports`` walks any range).
    """
    first, last = _range(start, end)
    if (last - first).days > MAX_RANGE_DAYS:
        raise InvalidArgumentError(
            f"start and end may be at most {MAX_RANGE_DAYS} days apart, got "
            f"{(last - first).days}; iter_reports walks any range"
        )
    validate_page_number(page)
    fields = {"filter": {"start": first.isoformat(), "end": last.isoformat(), "page": page}}
    request = build_request(credentials, "get-reports", fields)
    return Call("get-reports", "read", request, _decode_page)


def _decode_page(status_code: int, body: bytes) -> OrderSummaryPage:
    response = decode_status(status_code, body)
    orders = structure_list(response.get("orders"), OrderSummary, "order", "orders", status_code)
    if "count" not in response:
        if orders:  # the count says how many pages there are: never guessed
            raise DecodeError("required field missing @ $.response.count", http_status=status_code)
        return OrderSummaryPage(0, ())  # no listing at all: an empty one
    try:
        count = lenient_int(response["count"])
    except ValueError as error:
        raise DecodeError(f"{error} @ $.response.count", http_status=status_code) from error
    return OrderSummaryPage(max(count, len(orders)), tuple(orders))


def report_windows(
    start: datetime.date, end: datetime.date, days: int = MAX_RANGE_DAYS
) -> Iterator[tuple[datetime.date, datetime.date]]:
    """Split the days ``start``..``end`` (both included) into windows of ``days`` days
    that do not overlap: ``(start, start + days - 1)``, ``(start + days, ...)``...

    The provider does not say whether its bounds are inclusive; windows that share no
    day yield every order once if they are, as their samples suggest.
    """
    first, last = _range(start, end)
    while True:
        # Steps never pass ``last``: near date.max, first + days would overflow.
        window_end = first + datetime.timedelta(days=min(days - 1, (last - first).days))
        yield first, window_end
        if window_end == last:
            return
        first = window_end + datetime.timedelta(days=1)
