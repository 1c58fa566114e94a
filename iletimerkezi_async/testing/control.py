"""The fake's control API, under ``/_fake/`` on the socket server: drive delivery, read
the orders and move the clock from a test in any language.

- ``POST /_fake/deliver`` with ``{"order_id": ..., "numbers": [...], "status": ...}``
  (every field optional: every order, every number, ``"delivered"``) answers
  ``{"changed": N}`` once every report it caused was POSTed to the webhook URL.
- ``GET /_fake/orders`` answers a JSON list of the orders, oldest first: ``id``,
  ``sender``, ``text``, ``messages`` (``text`` and ``recipients`` of each),
  ``recipients`` (``number`` and ``status``: ``sending``, ``delivered`` or
  ``undelivered``), ``send_at`` and ``submitted_at`` (ISO 8601, Istanbul time;
  ``send_at`` is ``null`` for an order sent at once), ``cancelled``,
  ``schedule_ignored``, ``iys`` and ``iys_list``.
- ``POST /_fake/clock/advance`` with ``{"seconds": N}`` moves the fake's clock (a
  scheduled order comes due, the 10-minute duplicate rule ends) and answers
  ``{"now": ...}``, once the reports it caused were POSTed.

A request it cannot read is a 400, an unknown order or path a 404, a wrong method a
405; each with ``{"error": "..."}``.
"""

from __future__ import annotations

import datetime
import http
import json
import math
from collections.abc import Awaitable, Callable, Mapping

from .clock import FakeClock
from .messaging import DELIVERED, SENDING, FakeOrder, MessagingState, Outcome
from .shapes import FakeResponse, json_response
from .webhooks import WebhookOutbox

__all__ = ["PREFIX", "Control"]

PREFIX = "/_fake/"

_STATUS_WORDS = {SENDING: "sending", DELIVERED: "delivered"}
_DELIVER_FIELDS = frozenset({"order_id", "numbers", "status"})
_DELIVER_EXAMPLE = '{"order_id": "428000", "numbers": ["+905051234567"], "status": "delivered"}'
_ADVANCE_EXAMPLE = '{"seconds": 600}'
_OUTCOMES: Mapping[object, Outcome] = {"delivered": "delivered", "undelivered": "undelivered"}


class _Refused(Exception):
    """A control request that cannot be carried out: its HTTP status and why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _when(value: datetime.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _order(order: FakeOrder) -> dict[str, object]:
    return {
        "id": order.id,
        "sender": order.sender,
        "text": order.text,
        "messages": [
            {"text": message.text, "recipients": list(message.recipients)}
            for message in order.messages
        ],
        "recipients": [
            {"number": number, "status": _STATUS_WORDS.get(code, "undelivered")}
            for number, code in order.statuses.items()
        ],
        "send_at": _when(order.send_at),
        "submitted_at": _when(order.submitted_at),
        "cancelled": order.cancelled,
        "schedule_ignored": order.schedule_ignored,
        "iys": order.iys,
        "iys_list": order.iys_list,
    }


def _document(body: bytes, example: str, *, empty_ok: bool = False) -> Mapping[str, object]:
    if not body.strip() and empty_ok:
        return {}
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        document = None
    if type(document) is not dict:
        raise _Refused(400, f"the body must be a JSON object like {example}")
    return document


def _numbers(raw: object) -> list[str] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(number, str) for number in raw):
        raise _Refused(400, "numbers must be a list of strings")
    return [str(number) for number in raw]


def _seconds(raw: object) -> float:
    try:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ValueError(raw)
        seconds = float(raw)
    except (ValueError, OverflowError):
        seconds = math.nan
    if not math.isfinite(seconds):
        raise _Refused(400, f"seconds must be a finite number: {_ADVANCE_EXAMPLE}")
    return seconds


def _answer(status: int, document: object, *headers: tuple[str, str]) -> FakeResponse:
    reason = http.HTTPStatus(status).phrase
    return json_response(status, document, reason=reason, extra_headers=headers)


class Control:
    """Answers ``/_fake/`` requests over the fake's ``messaging``, ``clock`` and
    ``webhooks`` (see the module docstring)."""

    def __init__(
        self, messaging: MessagingState, clock: FakeClock, webhooks: WebhookOutbox
    ) -> None:
        self._messaging = messaging
        self._clock = clock
        self._webhooks = webhooks
        self._routes: Mapping[str, tuple[str, Callable[[bytes], Awaitable[object]]]] = {
            "deliver": ("POST", self._deliver),
            "orders": ("GET", self._orders),
            "clock/advance": ("POST", self._advance),
        }

    @staticmethod
    def handles(path: str) -> bool:
        """Whether ``path`` belongs to the control API."""
        return path.startswith(PREFIX)

    async def answer(self, method: str, path: str, body: bytes) -> FakeResponse:
        """The answer to one control request."""
        route = self._routes.get(path[len(PREFIX) :].rstrip("/"))
        if route is None:
            known = ", ".join(PREFIX + name for name in self._routes)
            return _answer(404, {"error": f"no {path}; the control API has {known}"})
        allowed, handler = route
        if method != allowed:
            return _answer(405, {"error": f"{path} takes {allowed}"}, ("Allow", allowed))
        try:
            return _answer(200, await handler(body))
        except _Refused as refused:
            return _answer(refused.status, {"error": str(refused)})

    async def _deliver(self, body: bytes) -> object:
        fields = _document(body, _DELIVER_EXAMPLE, empty_ok=True)
        unknown = sorted(set(fields) - _DELIVER_FIELDS)
        if unknown:
            raise _Refused(400, f"unknown field {unknown[0]!r}; expected order_id, numbers, status")
        order_id = fields.get("order_id")
        if isinstance(order_id, bool) or not isinstance(order_id, str | int | None):
            raise _Refused(400, "order_id must be a string or a number")
        numbers = _numbers(fields.get("numbers"))
        outcome = _OUTCOMES.get(fields.get("status", "delivered"))
        if outcome is None:
            raise _Refused(400, "status must be 'delivered' or 'undelivered'")
        try:
            changed = self._messaging.deliver(order_id, numbers, outcome)
        except KeyError:
            raise _Refused(404, f"no order {order_id!r}") from None
        await self._webhooks.flush()
        return {"changed": changed}

    async def _orders(self, body: bytes) -> object:
        return [_order(order) for order in self._messaging.orders.values()]

    async def _advance(self, body: bytes) -> object:
        self._clock.advance(_seconds(_document(body, _ADVANCE_EXAMPLE).get("seconds")))
        await self._webhooks.flush()
        return {"now": self._clock.now().isoformat()}
