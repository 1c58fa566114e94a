"""Sending: send-sms (one text, or a text per group of recipients) and cancel-order.

Wire facts (``docs/wire-messaging.md``): the order goes as ``{"order": {"sender",
"sendDateTime", "iys", "iysList", "message": {"text", "receipents": {"number": [...]}}}}``;
``receipents`` is the provider's spelling and must stay. Several texts in one order send
``message`` as a list of such objects. Both methods are writes: the client never sends
them again unless the provider provably never got them. A send's ``Call`` also carries
what it sends (``call.sent``, a :class:`~iletimerkezi_async.sansio.recovery.SendRecord`),
from which a lost answer's order is found again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Literal

from ..errors import InvalidArgumentError, InvalidArgumentTypeError
from .auth import Credentials
from .call import HEADERS, Call, HTTPRequest, build_request, dumps
from .ids import validate_order_id
from .orders import Message, Order
from .recipients import MAX_RECIPIENTS, normalize_recipients
from .recovery import SendRecord
from .response import decode_empty, decode_model
from .shown import shown
from .times import in_istanbul, istanbul_minutes

__all__ = [
    "IYS_LISTS",
    "MAX_SENDER_LENGTH",
    "PAST_GRACE",
    "cancel_order",
    "send_date_time",
    "send_sms",
    "send_sms_messages",
]

IYS_LISTS = ("BIREYSEL", "TACIR")
"""The İYS consent lists: individual (``BIREYSEL``) or merchant (``TACIR``) recipients."""

MAX_SENDER_LENGTH = 11

PAST_GRACE = datetime.timedelta(minutes=1)
"""How far in the past ``send_at`` may be. The provider sends an order whose time has
passed at once, which is almost never what a schedule meant; a time up to a minute ago
is "now" computed a moment before (and the wire has no seconds)."""

IysList = Literal["BIREYSEL", "TACIR"]


def send_date_time(send_at: datetime.datetime) -> object:
    """``send_at`` as the ``sendDateTime`` value: Istanbul time, ``DD/MM/YYYY HH:MM``.

    The one place that decides the wire form. The docs show a one-item list
    (``["23/04/2022 09:00"]``); every official SDK sends a plain string, and those
    are what live accounts run on, so a plain string it is. Seconds are never sent:
    with seconds the provider ignores the schedule and sends at once.
    """
    return istanbul_minutes(send_at, "send_at")


def _sender(sender: str | None) -> str:
    if sender is None:
        raise InvalidArgumentError(
            "sender: give sender=, or set the client's sender= option or ILETIMERKEZI_SENDER"
        )
    if not isinstance(sender, str):
        raise InvalidArgumentTypeError(
            f"sender must be a non-empty str (an approved sender), got {shown(sender)}"
        )
    if not sender:
        raise InvalidArgumentError("sender must be a non-empty str (an approved sender), got ''")
    if len(sender) > MAX_SENDER_LENGTH:
        raise InvalidArgumentError(
            f"sender must be at most {MAX_SENDER_LENGTH} characters, "
            f"got {len(sender)}: {shown(sender)}"
        )
    return sender


def _text(text: object, argument: str = "text") -> str:
    if not isinstance(text, str):
        raise InvalidArgumentTypeError(f"{argument} must be a str, got {type(text).__name__}")
    if not text.strip():
        raise InvalidArgumentError(f"{argument} must not be empty")
    return text


def _now(now: object) -> datetime.datetime:
    if not isinstance(now, datetime.datetime):
        raise InvalidArgumentTypeError(
            "now: give the current time as an aware datetime with send_at, so that a "
            f"send_at in the past is refused; got {type(now).__name__}"
        )
    return in_istanbul(now, "now")


def _schedule(
    send_at: datetime.datetime | None, now: datetime.datetime | None
) -> datetime.datetime | None:
    """``send_at`` in Istanbul time to the minute (as sent), refused if in the past."""
    if send_at is None:
        return None
    send_date_time(send_at)  # checks the type and the offset, names send_at
    when = in_istanbul(send_at, "send_at")
    current = _now(now)
    if when < current - PAST_GRACE:
        raise InvalidArgumentError(
            f"send_at is in the past ({when.isoformat(timespec='minutes')}, now "
            f"{current.isoformat(timespec='minutes')}): the provider would send at once; "
            "leave it out to send now"
        )
    return when.replace(second=0, microsecond=0)


def _started(now: object) -> datetime.datetime | None:
    return None if now is None else _now(now).astimezone(datetime.UTC)


def _order_head(sender: str, send_at: datetime.datetime | None, iys: bool, iys_list: str) -> bytes:
    """The ``order`` object's fields before ``message``, as ``{"sender":...`` without ``}``
    (``sender`` already checked)."""
    if not isinstance(iys, bool):
        raise InvalidArgumentTypeError(f"iys must be True or False, got {shown(iys)}")
    if iys_list not in IYS_LISTS:
        raise InvalidArgumentError(f"iys_list must be 'BIREYSEL' or 'TACIR', got {shown(iys_list)}")
    head: dict[str, object] = {"sender": sender}
    if send_at is not None:
        head["sendDateTime"] = send_date_time(send_at)
    # The docs' string form; the provider ignores iysList when iys is "0".
    head["iys"] = "1" if iys else "0"
    head["iysList"] = iys_list
    return dumps(head)[:-1]


def _message(text: str, numbers: Sequence[str]) -> bytes:
    # The numbers are checked to be digits with an optional "+": their JSON is themselves
    # in quotes, far cheaper than encoding 50,000 strings generically.
    return b'{"text":%s,"receipents":{"number":["%s"]}}' % (
        dumps(text),
        '","'.join(numbers).encode(),
    )


def _request(credentials: Credentials, head: bytes, message: bytes) -> HTTPRequest:
    body = b'{"request":{"authentication":%s,"order":%s,"message":%s}}}' % (
        credentials.auth_json,
        head,
        message,
    )
    return HTTPRequest("POST", "send-sms/json", HEADERS, body)


def _decode_order(status_code: int, body: bytes) -> Order:
    return decode_model(status_code, body, key="order", cls=Order)


def send_sms(
    credentials: Credentials,
    recipients: str | Iterable[str],
    text: str,
    *,
    sender: str | None,
    send_at: datetime.datetime | None = None,
    iys: bool = True,
    iys_list: IysList = "BIREYSEL",
    now: datetime.datetime | None = None,
) -> Call[Order]:
    """send-sms: ``text`` to every distinct number of ``recipients`` (a write).

    Every argument is checked first (``InvalidArgumentError`` naming it): 1 to 50,000
    numbers, each digits with an optional ``+`` once spaces, dashes and parentheses are
    removed (a lone ``str`` is one number); a non-empty ``text``; a ``sender`` of 1
    to 11 characters; an aware ``send_at`` (sent as Istanbul time to the minute) no
    earlier than a minute before ``now``; ``iys_list`` ``"BIREYSEL"`` or ``"TACIR"``.

    ``now`` is the current time (an aware datetime; this layer reads no clock): needed
    with ``send_at``, and recorded in ``call.sent`` as when the send started.
    """
    numbers = normalize_recipients(recipients)
    checked = _text(text)
    name = _sender(sender)
    schedule = _schedule(send_at, now)
    head = _order_head(name, send_at, iys, iys_list)
    record = SendRecord(name, (Message(checked, tuple(numbers)),), schedule, _started(now))
    request = _request(credentials, head, _message(checked, numbers))
    return Call("send-sms", "write", request, _decode_order, sent=record)


def _checked_messages(messages: Iterable[Message]) -> tuple[Message, ...]:
    """Each message with its text checked and its recipients normalized, as ``send_sms``
    does; at least one, with at most ``MAX_RECIPIENTS`` numbers in all."""
    checked = []
    for index, item in enumerate(messages):
        if not isinstance(item, Message):
            raise InvalidArgumentTypeError(
                f"messages[{index}] must be a Message, got {type(item).__name__}"
            )
        numbers = normalize_recipients(item.recipients, f"messages[{index}].recipients")
        checked.append(Message(_text(item.text, f"messages[{index}].text"), tuple(numbers)))
    if not checked:
        raise InvalidArgumentError("messages: give at least one Message")
    total = sum(len(item.recipients) for item in checked)
    if total > MAX_RECIPIENTS:
        raise InvalidArgumentError(
            f"messages: {total} numbers in all; the provider takes at most {MAX_RECIPIENTS}"
        )
    return tuple(checked)


def send_sms_messages(
    credentials: Credentials,
    messages: Iterable[Message],
    *,
    sender: str | None,
    send_at: datetime.datetime | None = None,
    iys: bool = True,
    iys_list: IysList = "BIREYSEL",
    now: datetime.datetime | None = None,
) -> Call[Order]:
    """send-sms with a different text per group of recipients, in one order (a write).

    Each :class:`Message` is checked like ``send_sms``'s ``text`` and ``recipients``
    (duplicates are removed within a message); together they may hold at most 50,000
    numbers, as the provider does not document whether its limit sums them. ``send_at``
    and ``now`` are ``send_sms``'s.
    """
    sent = _checked_messages(messages)
    name = _sender(sender)
    schedule = _schedule(send_at, now)
    head = _order_head(name, send_at, iys, iys_list)
    record = SendRecord(name, sent, schedule, _started(now))
    body = b"[" + b",".join(_message(item.text, item.recipients) for item in sent) + b"]"
    return Call("send-sms", "write", _request(credentials, head, body), _decode_order, sent=record)


def cancel_order(credentials: Credentials, order_id: int | str) -> Call[None]:
    """cancel-order: cancel a scheduled order that has not started (a write).

    The provider answers 455 (:class:`~iletimerkezi_async.OrderNotFoundError`) for an
    unknown order and for one that started or finished.
    """
    oid = validate_order_id(order_id)
    request = build_request(credentials, "cancel-order", {"order": {"id": oid}})
    return Call("cancel-order", "write", request, decode_empty, {"order_id": oid})
