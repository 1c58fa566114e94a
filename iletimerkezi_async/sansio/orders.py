"""The models of messaging and account methods: orders, delivery reports, balance.

Every one decodes from each shape the provider has used (see ``docs/wire-messaging.md``):
ids and statuses as numbers or numeric strings, prices as numbers or strings with a
decimal comma (``"0,0372"``), Istanbul times without an offset, and the pre-2024
get-report answer that has only ``id``, ``status`` and ``message``.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Sequence
from typing import ClassVar

import attrs

from .converter import (
    entries,
    field,
    kind_of,
    lenient_int,
    lenient_text,
    optional_decimal,
    register,
    structure,
    text_id,
)
from .model import Model

__all__ = [
    "Balance",
    "Message",
    "MessageStatus",
    "Order",
    "OrderReport",
    "OrderSummary",
    "OrderSummaryPage",
]


def _recipients(value: object) -> tuple[str, ...]:
    if isinstance(value, str | bytes | int):  # one number (bytes are refused when sent)
        return (value,)  # type: ignore[return-value]
    return tuple(value)  # type: ignore[arg-type]


@attrs.frozen
class Message(Model):
    """One text and the numbers it goes to, for orders with a different text per group
    of recipients (``send_sms_messages``). ``recipients`` is one number or several."""

    text: str
    recipients: tuple[str, ...] = attrs.field(converter=_recipients)


@attrs.frozen
class Order(Model):
    """An accepted send-sms order. ``id`` is kept as a string (as the provider sends it):
    pass it to ``get_report`` / ``cancel_order``; the webhook's ``packet_id`` is the same id."""

    id: str


@attrs.frozen
class MessageStatus(Model):
    """The delivery state of one recipient of an order.

    ``status`` is 110 (:attr:`SENDING`), 111 (:attr:`DELIVERED`) or 112 (:attr:`UNDELIVERED`).
    """

    SENDING: ClassVar[int] = 110
    DELIVERED: ClassVar[int] = 111
    UNDELIVERED: ClassVar[int] = 112

    number: str
    status: int


@attrs.frozen
class OrderSummary(Model):
    """One order of a get-reports listing: its state and counters, without the messages.

    ``status`` is 113 (:attr:`SENDING`), 114 (:attr:`FINISHED`: the pipeline is done,
    not that everything was delivered) or 115 (:attr:`FAILED`, also cancelled orders).
    ``total`` counts the order's recipients; ``delivered + undelivered + waiting``
    add up to it (a counter the answer lacks is 0). Times are aware datetimes in
    Istanbul time (UTC+03:00); ``None`` when the answer has none, as ``sender``.
    """

    SENDING: ClassVar[int] = 113
    FINISHED: ClassVar[int] = 114
    FAILED: ClassVar[int] = 115

    id: str
    status: int
    total: int = 0
    delivered: int = 0
    undelivered: int = 0
    waiting: int = 0
    submitted_at: datetime.datetime | None = None
    sent_at: datetime.datetime | None = None
    sender: str | None = None


@attrs.frozen
class OrderReport(Model):
    """One page of an order's delivery report (get-report).

    ``status`` is 113/114/115 as for :class:`OrderSummary`; ``messages`` holds this
    page's recipients. The provider's pre-2024 answer has only ``id``, ``status`` and
    the messages: the counters are then counted from this page's messages, and
    ``submitted_at``, ``sent_at``, ``sender`` and ``price`` are ``None``.
    """

    SENDING: ClassVar[int] = 113
    FINISHED: ClassVar[int] = 114
    FAILED: ClassVar[int] = 115

    id: str
    status: int
    total: int
    delivered: int
    undelivered: int
    waiting: int
    submitted_at: datetime.datetime | None
    sent_at: datetime.datetime | None
    sender: str | None
    price: decimal.Decimal | None
    messages: tuple[MessageStatus, ...]


@attrs.frozen
class OrderSummaryPage(Model):
    """One page (up to 30 orders) of get-reports; ``count`` is the total across pages."""

    count: int
    orders: tuple[OrderSummary, ...]


@attrs.frozen
class Balance(Model):
    """What the account has left: ``amount`` in TRY (accounts on money credit) and ``sms``,
    the standard SMS it can pay for (accounts on SMS credit)."""

    amount: decimal.Decimal
    sms: int


def _messages(value: object, _: object = None) -> tuple[MessageStatus, ...]:
    rows = []
    for index, entry in enumerate(entries(value, "message")):
        if type(entry) is dict:
            number, status = entry.get("number"), entry.get("status")
            # The hot path of a 100,000-recipient report: the current shape as it comes.
            if type(number) is str and number.isascii() and type(status) is int:
                rows.append(MessageStatus(number, status))
                continue
        rows.append(_message_status(index, entry))
    return tuple(rows)


def _message_status(index: int, entry: object) -> MessageStatus:
    if type(entry) is not dict:
        raise ValueError(f"message[{index}]: expected an object, got {kind_of(entry)}")
    try:
        return MessageStatus(lenient_text(entry["number"]), lenient_int(entry["status"]))
    except KeyError as missing:
        raise ValueError(f"message[{index}]: required field {missing} is missing") from None
    except ValueError as error:
        raise ValueError(f"message[{index}]: {error}") from None


_TIMES = {"submitted_at": field("submitAt"), "sent_at": field("sendAt")}
register(Order, id=field(hook=text_id))
register(MessageStatus)
register(OrderSummary, id=field(hook=text_id), **_TIMES)
register(Balance)


def _counted(messages: Sequence[MessageStatus], status: int) -> int:
    return sum(1 for message in messages if message.status == status)


def structure_report(raw: object) -> OrderReport:
    """An ``order`` object of get-report in either shape; raises ``ValueError`` if malformed."""
    if type(raw) is list and len(raw) == 1:  # an object wrapped in a list
        raw = raw[0]
    if type(raw) is not dict:
        raise ValueError(f"expected an object, got {kind_of(raw)}")
    if "id" not in raw or "status" not in raw:
        raise ValueError("required field id or status is missing")
    messages = _messages(raw.get("message"))
    if "total" in raw:
        head = structure(raw, OrderSummary)  # its hooks skip the price and the messages
        counters = (head.total, head.delivered, head.undelivered, head.waiting)
    else:  # the pre-2024 shape: no counters, count this page's messages
        head = OrderSummary(text_id(raw["id"]), lenient_int(raw["status"]))
        counters = (
            len(messages),
            _counted(messages, MessageStatus.DELIVERED),
            _counted(messages, MessageStatus.UNDELIVERED),
            _counted(messages, MessageStatus.SENDING),
        )
    return OrderReport(
        head.id,
        head.status,
        *counters,
        head.submitted_at,
        head.sent_at,
        head.sender,
        optional_decimal(raw.get("price")),
        messages,
    )
