"""The fake's messaging and account: orders, their delivery, the balance, the senders.

State (``MessagingState``, reached through the fake's messaging section):

- ``senders``: approved sender names (450 for any other; 459 empty, 460 too long).
- ``credits``: SMS credits. A send costs one credit per recipient per SMS part (160
  GSM-7 characters, or 70 with Turkish letters; 153/67 per part when split); 402 when
  the credits cannot pay for the whole order, and nothing is taken.
- the 451 duplicate rule: the same texts to the same numbers within 10 minutes of the
  fake's clock.
- recipients: Turkish mobiles in the provider's documented forms (the one rule in
  ``testing/numbers.py``); any other number, or one in ``fake.blacklist`` (in whatever
  form it was blocked), is 452.
- ``sendDateTime``: ``DD/MM/YYYY HH:MM`` schedules; with seconds the provider ignores the
  schedule and sends at once (the fake too, and flags the order ``schedule_ignored``);
  anything else is 457.
- orders: scheduled ones answer 456 from get-report until due and can be cancelled
  until then (455 otherwise); delivery is driven by the test with ``fake.deliver``
  (or by ``fake.auto_deliver``).
- delivery reports: with ``webhooks.url`` set, each message gets an ``accepted``
  report once its order has started, then one for its final status; never more.
- ``listing_delay``: seconds (of the fake's clock) before get-reports lists a new order
  (0 by default). The provider's listing may lag behind its orders; set it to test
  code that looks an order up right after sending (``find_sent_order``'s ``wait``).

Every handler here takes the fake's :class:`MessagingState`.
"""

from __future__ import annotations

import datetime
import decimal
import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Literal, TypeAlias

import attrs

from iletimerkezi_async.sansio.converter import ISTANBUL

from .blacklist import FakeBlacklist
from .clock import FakeClock
from .numbers import is_turkish_mobile, provider_number
from .protocol import FakeRequest, Handler, Reject, object_field, page_args, reply
from .shapes import FakeResponse, WireShape
from .webhooks import WebhookOutbox

__all__ = [
    "HANDLERS",
    "FakeOrder",
    "MessagingState",
    "Outcome",
    "sms_parts",
]

Outcome: TypeAlias = Literal["delivered", "undelivered"]
"""How a message ends: what ``fake.deliver`` sets."""

SENDING, DELIVERED, UNDELIVERED = 110, 111, 112
ORDER_SENDING, ORDER_FINISHED, ORDER_FAILED = 113, 114, 115
_WEBHOOK_STATUS = {SENDING: "accepted", DELIVERED: "delivered", UNDELIVERED: "undelivered"}
DUPLICATE_WINDOW = datetime.timedelta(minutes=10)
MAX_PARTS = 7

# The GSM 03.38 basic set; the extension characters count twice.
_GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXT = frozenset("^{}\\[~]|€\f")


def sms_parts(text: str) -> int:
    """How many SMS ``text`` takes: 160 GSM-7 characters in one (153 per part beyond),
    70 UCS-2 characters in one (67 per part beyond) once any other letter appears."""
    if all(char in _GSM7 or char in _GSM7_EXT for char in text):
        length = len(text) + sum(1 for char in text if char in _GSM7_EXT)
        single, multi = 160, 153
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, multi = 70, 67
    return 1 if length <= single else -(-length // multi)


@attrs.frozen
class FakeMessage:
    """One text of an order and the normalized numbers it went to."""

    text: str
    recipients: tuple[str, ...]


@attrs.define
class FakeOrder:
    """An order the fake accepted: exactly what was sent, and where delivery stands.

    ``send_at`` is the schedule (``None``: sent at once); ``send_date_time`` the raw
    ``sendDateTime`` as sent on the wire. ``schedule_ignored`` is ``True`` when it had
    seconds (``DD/MM/YYYY HH:MM:SS``): the provider then ignores the schedule and sends
    at once, so a test can assert your code never sends that form. ``iys`` and
    ``iys_list`` are the İYS flags as sent. ``statuses`` maps each number to 110/111/112.
    """

    id: str
    sender: str
    messages: tuple[FakeMessage, ...]
    submitted_at: datetime.datetime
    send_at: datetime.datetime | None
    iys: object
    iys_list: object
    price: decimal.Decimal
    send_date_time: object = None
    schedule_ignored: bool = False
    cancelled: bool = False
    statuses: dict[str, int] = attrs.field(factory=dict, repr=False)
    accepted_sent: bool = attrs.field(default=False, repr=False)

    @property
    def recipients(self) -> tuple[str, ...]:
        """Every number of the order, message by message."""
        return tuple(number for message in self.messages for number in message.recipients)

    @property
    def text(self) -> str:
        """The text (the first message's, for an order with several texts)."""
        return self.messages[0].text

    def is_due(self, now: datetime.datetime) -> bool:
        """Whether sending has started (not scheduled, or its time has come)."""
        return self.send_at is None or self.send_at <= now

    def status(self, now: datetime.datetime) -> int:
        """113 while any message is sending, 114 when all are done, 115 if cancelled."""
        if self.cancelled:
            return ORDER_FAILED
        if not self.is_due(now) or SENDING in self.statuses.values():
            return ORDER_SENDING
        return ORDER_FINISHED


class MessagingState:
    """The fake's orders, credits and senders; see the module docstring.

    It reads the time from ``clock``, refuses numbers in ``blacklist`` and POSTs
    delivery reports through ``webhooks``.
    """

    def __init__(self, clock: FakeClock, blacklist: FakeBlacklist, webhooks: WebhookOutbox) -> None:
        self.clock = clock
        self.blacklist = blacklist
        self.webhooks = webhooks
        self.senders: set[str] = {"APITEST"}
        self.credits = 100_000
        self.sms_price = decimal.Decimal("0.0372")
        self.orders: dict[str, FakeOrder] = {}
        self.listing_delay = 0.0
        """Seconds after its submission before get-reports lists an order."""
        self.recent: dict[tuple[tuple[str, tuple[str, ...]], ...], datetime.datetime] = {}
        self.next_order = itertools.count(428_000)
        self.next_message = itertools.count(1_599_558_000)
        self.message_ids: dict[tuple[str, str], int] = {}
        self._watchers: list[Callable[[FakeOrder], None]] = []

    def __repr__(self) -> str:
        return f"MessagingState(orders={len(self.orders)}, credits={self.credits})"

    def watch(self, callback: Callable[[FakeOrder], None]) -> Callable[[], None]:
        """Call ``callback(order)`` for every order accepted from now on; returns a
        function that stops it."""
        self._watchers.append(callback)
        return lambda: self._watchers.remove(callback)

    def add_order(self, order: FakeOrder) -> None:
        """Store an accepted order, start it if due, and tell the watchers."""
        self.orders[order.id] = order
        if order.is_due(self.clock.now()):
            self.start(order)
        for callback in list(self._watchers):
            callback(order)

    def find(self, order_id: str | int) -> FakeOrder:
        """The order ``order_id`` (``KeyError`` if unknown)."""
        try:
            return self.orders[str(order_id)]
        except KeyError:
            raise KeyError(f"no order {order_id!r}") from None

    def start(self, order: FakeOrder) -> None:
        """Mark a started order's messages ``accepted`` (one report each, once)."""
        if order.accepted_sent or order.cancelled:
            return
        order.accepted_sent = True
        for number in order.statuses:
            self._report(order, number, SENDING)

    def deliver(
        self,
        order_id: str | int | None = None,
        numbers: str | Iterable[str] | None = None,
        status: Outcome = "delivered",
    ) -> int:
        """Move messages still sending to ``status``; return how many changed (see
        ``FakeIletiMerkezi.deliver``). Reports are emitted, not awaited."""
        if status not in ("delivered", "undelivered"):
            raise ValueError(f"status must be 'delivered' or 'undelivered', got {status!r}")
        code = DELIVERED if status == "delivered" else UNDELIVERED
        orders = list(self.orders.values()) if order_id is None else [self.find(order_id)]
        chosen = None
        if numbers is not None:
            wanted = [numbers] if isinstance(numbers, str) else numbers
            chosen = {provider_number(number) or number for number in wanted}
        now = self.clock.now()
        changed = 0
        for order in orders:
            if order.cancelled or not order.is_due(now):
                continue
            self.start(order)
            for number, current in order.statuses.items():
                if current == SENDING and (chosen is None or number in chosen):
                    order.statuses[number] = code
                    self._report(order, number, code)
                    changed += 1
        return changed

    def _report(self, order: FakeOrder, number: str, status: int) -> None:
        if self.webhooks.url is None:
            return
        key = (order.id, number)
        if key not in self.message_ids:
            self.message_ids[key] = next(self.next_message)
        text = next(m.text for m in order.messages if number in m.recipients)
        self.webhooks.emit(
            {
                "id": self.message_ids[key],
                "packet_id": int(order.id),
                "status": _WEBHOOK_STATUS[status],
                "to": number,
                "body": text,
            }
        )


def _sender(fields: Mapping[str, object]) -> str:
    sender = fields.get("sender")
    if sender is None or sender == "":
        raise Reject(459)
    if type(sender) is not str or len(sender) > 11 or not sender.isascii():
        raise Reject(460)
    return sender


def _schedule(raw: object) -> tuple[datetime.datetime | None, bool]:
    """``(send_at, ignored)``: the schedule, and whether the provider's seconds quirk
    dropped it (``DD/MM/YYYY HH:MM:SS`` is accepted but sent at once)."""
    if type(raw) is list:  # the docs' form: a one-item list
        if len(raw) > 1:
            raise Reject(457)
        raw = raw[0] if raw else ""
    if raw is None or raw == "":
        return None, False
    if type(raw) is not str:
        raise Reject(457)
    try:
        when = datetime.datetime.strptime(raw, "%d/%m/%Y %H:%M")
    except ValueError:
        pass
    else:
        return when.replace(tzinfo=ISTANBUL), False
    try:
        datetime.datetime.strptime(raw, "%d/%m/%Y %H:%M:%S")
    except ValueError:
        raise Reject(457) from None
    return None, True


def _iys(fields: Mapping[str, object]) -> None:
    iys = fields.get("iys")
    if iys not in ("1", "0", 1, 0):
        raise Reject(468)
    if iys in ("1", 1) and fields.get("iysList") not in ("BIREYSEL", "TACIR"):
        raise Reject(469)


def _recipients(blacklist: FakeBlacklist, numbers: list[object]) -> tuple[str, ...]:
    """The order's numbers, normalized and deduplicated; 452 for a blacklisted one (in
    any form the blacklist takes) and for any that is not a Turkish mobile."""
    normalized = [provider_number(number) for number in numbers]
    clean = tuple(dict.fromkeys(n for n in normalized if n is not None))
    if any(number in blacklist for number in clean):
        raise Reject(452)
    if None in normalized or not all(map(is_turkish_mobile, clean)):
        raise Reject(452)
    return clean


def _messages(blacklist: FakeBlacklist, raw: object) -> tuple[FakeMessage, ...]:
    items = raw if type(raw) is list else [raw]
    messages = []
    for item in items:
        if type(item) is not dict:
            raise Reject(400)
        text = item.get("text")
        if type(text) is not str or not text.strip():
            raise Reject(454)
        if sms_parts(text) > MAX_PARTS:
            raise Reject(453)
        box = item.get("receipents")
        numbers = box.get("number") if type(box) is dict else None
        if type(numbers) is str:
            numbers = [numbers]
        if type(numbers) is not list or not numbers or len(numbers) > 50_000:
            raise Reject(452)
        messages.append(FakeMessage(text, _recipients(blacklist, numbers)))
    if not messages:
        raise Reject(400)
    return tuple(messages)


def send_sms(state: MessagingState, request: FakeRequest) -> FakeResponse:
    """send-sms: every check the provider makes, then an order (see the module docstring)."""
    fields = object_field(request, "order")
    sender = _sender(fields)
    send_at, schedule_ignored = _schedule(fields.get("sendDateTime"))
    _iys(fields)
    messages = _messages(state.blacklist, fields.get("message"))
    if sender not in state.senders:
        raise Reject(450)
    now = state.clock.now()
    key = tuple((m.text, tuple(sorted(m.recipients))) for m in messages)
    last = state.recent.get(key)
    if last is not None and now - last < DUPLICATE_WINDOW:
        raise Reject(451)
    cost = sum(sms_parts(m.text) * len(m.recipients) for m in messages)
    if cost > state.credits:
        raise Reject(402)
    state.credits -= cost
    state.recent[key] = now
    order = FakeOrder(
        id=str(next(state.next_order)),
        sender=sender,
        messages=messages,
        submitted_at=now,
        send_at=send_at,
        iys=fields.get("iys"),
        iys_list=fields.get("iysList"),
        price=state.sms_price * cost,
        send_date_time=fields.get("sendDateTime"),
        schedule_ignored=schedule_ignored,
    )
    for message in messages:
        for number in message.recipients:
            order.statuses.setdefault(number, SENDING)
    state.add_order(order)
    return reply(request, {"order": {"id": order.id}})


def _order(state: MessagingState, raw: object) -> FakeOrder:
    if type(raw) is int and raw >= 0:
        raw = str(raw)
    if type(raw) is not str or not raw.isascii() or not raw.isdigit():
        raise Reject(455)
    found = state.orders.get(raw.lstrip("0") or "0")
    if found is None:
        raise Reject(455)
    return found


def cancel_order(state: MessagingState, request: FakeRequest) -> FakeResponse:
    """cancel-order: only a scheduled order that has not started; 455 otherwise."""
    order = _order(state, object_field(request, "order").get("id"))
    if order.cancelled or order.is_due(state.clock.now()):
        raise Reject(455)
    order.cancelled = True
    for number in order.statuses:
        order.statuses[number] = UNDELIVERED
    return reply(request)


def _when(value: datetime.datetime | None) -> str | None:
    return None if value is None else value.astimezone(ISTANBUL).strftime("%Y-%m-%d %H:%M:%S")


def _summary(state: MessagingState, order: FakeOrder, shape: WireShape) -> dict[str, object]:
    values = list(order.statuses.values())
    waiting = values.count(SENDING)
    started = order.send_at or order.submitted_at
    fields: dict[str, object] = {
        "id": order.id if shape == "legacy" else int(order.id),
        "status": order.status(state.clock.now()),
        "total": len(values),
        "delivered": values.count(DELIVERED),
        "undelivered": values.count(UNDELIVERED),
        "waiting": waiting,
        "submitAt": _when(order.submitted_at),
        "sendAt": _when(started),
        "sender": order.sender,
    }
    if shape == "legacy":  # the documented drift: numbers as strings
        for key in ("status", "total", "delivered", "undelivered", "waiting"):
            fields[key] = str(fields[key])
    return fields


def get_report(state: MessagingState, request: FakeRequest) -> FakeResponse:
    """get-report: one page of an order; 456 while scheduled, 455 for an unknown order."""
    fields = object_field(request, "order")
    order = _order(state, fields.get("id"))
    page, row_count = page_args(fields)
    if not order.is_due(state.clock.now()) and not order.cancelled:
        raise Reject(456)
    start = (page - 1) * row_count
    rows = itertools.islice(order.statuses.items(), start, start + row_count)
    summary = _summary(state, order, request.shape)
    summary["id"] = order.id  # get-report's id is a string in both shapes
    messages: list[dict[str, object]]
    if request.shape == "legacy":  # the JAVA SDK's captured drifts: strings, a decimal comma
        messages = [{"number": n, "status": str(s)} for n, s in rows]
        price: object = f"{order.price:.4f}".replace(".", ",")
    else:
        messages = [{"number": n, "status": s} for n, s in rows]
        price = float(order.price)
    return reply(request, {"order": {**summary, "price": price, "message": messages}})


def _day(value: object) -> datetime.date:
    if type(value) is not str:
        raise Reject(458)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Reject(458) from None


def get_reports(state: MessagingState, request: FakeRequest) -> FakeResponse:
    """get-reports: orders submitted on the days ``start``..``end`` (both included, at
    most 10 days apart: 458 otherwise), 30 to a page, oldest first; an order is listed
    only once ``listing_delay`` seconds have passed since it was submitted."""
    fields = object_field(request, "filter")
    start, end = _day(fields.get("start")), _day(fields.get("end"))
    if end < start or (end - start).days > 10:
        raise Reject(458)
    page, _ = page_args(fields)
    listed_before = state.clock.now() - datetime.timedelta(seconds=state.listing_delay)
    orders = [
        order
        for order in state.orders.values()
        if start <= order.submitted_at.astimezone(ISTANBUL).date() <= end
        and order.submitted_at <= listed_before
    ]
    chosen = orders[(page - 1) * 30 : page * 30]
    count: object = len(orders) if request.shape == "current" else str(len(orders))
    summaries = [_summary(state, order, request.shape) for order in chosen]
    return reply(request, {"count": count, "orders": summaries})


def get_balance(state: MessagingState, request: FakeRequest) -> FakeResponse:
    """get-balance: the credits, and what they are worth in TRY."""
    amount = (state.sms_price * state.credits).quantize(decimal.Decimal("0.001"))
    if request.shape == "legacy":
        balance: dict[str, object] = {"amount": str(amount), "sms": str(state.credits)}
    else:
        balance = {"amount": float(amount), "sms": state.credits}
    return reply(request, {"balance": balance})


def get_sender(state: MessagingState, request: FakeRequest) -> FakeResponse:
    """get-sender: the approved senders, sorted."""
    return reply(request, {"senders": {"sender": sorted(state.senders)}})


HANDLERS: Mapping[str, Handler[MessagingState]] = {
    "send-sms": send_sms,
    "cancel-order": cancel_order,
    "get-report": get_report,
    "get-reports": get_reports,
    "get-balance": get_balance,
    "get-sender": get_sender,
}
