"""Delivery reports: the JSON the provider POSTs to the account's notification URL.

On every status change of every message (accepted, then delivered or undelivered) the
provider POSTs ``{"report": {"id", "packet_id", "status", "to", "body"}}``. It signs
nothing and documents no retry policy, so receivers should keep the URL secret
(:func:`webhook_token_matches`) and expect a report more than once
(:class:`ReportDeduplicator`). Everything here is pure: use it from any web framework.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Literal, TypeAlias, cast

import attrs

from iletimerkezi_async.errors import DecodeError, InvalidArgumentError

from .arguments import int_at_least
from .converter import kind_of, lenient_int, lenient_text, text_id
from .model import Model
from .response import load_json

__all__ = [
    "MAX_REPORT_BYTES",
    "DeliveryReport",
    "DeliveryStatus",
    "ReportDeduplicator",
    "parse_delivery_report",
    "webhook_token_matches",
]

MAX_REPORT_BYTES = 64 * 1024
"""The default size cap of a report body: real ones are a few hundred bytes plus the text."""

DeliveryStatus: TypeAlias = Literal["accepted", "delivered", "undelivered"]
"""``accepted`` by the carrier, then ``delivered`` or ``undelivered``."""
_STATUSES: tuple[str, ...] = ("accepted", "delivered", "undelivered")


@attrs.frozen
class DeliveryReport(Model):
    """One status change of one message.

    ``id`` is the message's id (one per recipient of an order), ``order_id`` the
    order's id as ``send_sms`` returned it (the wire's ``packet_id``), ``to`` the
    recipient (``+905...``) and ``text`` the message sent. ``(id, status)`` identifies
    a report: use it to drop repeats.
    """

    id: int
    order_id: str
    status: DeliveryStatus
    to: str
    text: str

    @property
    def key(self) -> tuple[int, str]:
        """``(id, status)``: the same for a report delivered twice."""
        return (self.id, self.status)


def _document(body: bytes | str | Mapping[str, object], max_bytes: int) -> object:
    if isinstance(body, Mapping):
        return body
    if isinstance(body, str):
        if len(body) > max_bytes:  # each character is at least one byte
            raise DecodeError(f"a delivery report over {max_bytes} bytes")
        body = body.encode("utf-8", "surrogatepass")
    elif not isinstance(body, bytes | bytearray | memoryview):
        raise DecodeError(f"expected a JSON body (bytes, str or a mapping), got {kind_of(body)}")
    if len(body) > max_bytes:
        raise DecodeError(f"a delivery report over {max_bytes} bytes")
    try:
        return load_json(bytes(body))
    except (ValueError, RecursionError) as error:  # also UnicodeDecodeError
        what = "an empty body" if not bytes(body).strip() else "a body that is not JSON"
        raise DecodeError(f"a delivery report must be JSON, got {what}") from error


def _field(report: Mapping[str, object], name: str, read: Callable[[object], object]) -> object:
    if name not in report:
        raise DecodeError(f"required field missing @ $.report.{name}")
    try:
        return read(report[name])
    except ValueError as error:
        raise DecodeError(f"{error} @ $.report.{name}") from None


def parse_delivery_report(
    body: bytes | str | Mapping[str, object], *, max_bytes: int = MAX_REPORT_BYTES
) -> DeliveryReport:
    """Read one webhook body (raw bytes, text, or JSON already parsed) as a
    :class:`DeliveryReport`.

    ``id`` and ``packet_id`` may be JSON numbers or numeric strings. A body larger
    than ``max_bytes``, not JSON, or not the documented shape (a missing field, an
    unknown ``status``) raises :class:`~iletimerkezi_async.DecodeError`; nothing else
    escapes.
    """
    document = _document(body, max_bytes)
    report = document.get("report") if isinstance(document, Mapping) else None
    if not isinstance(report, Mapping):
        where = "$.report" if isinstance(document, Mapping) else "$"
        found = kind_of(report if isinstance(document, Mapping) else document)
        raise DecodeError(f"expected an object, got {found} @ {where}")
    status = _field(report, "status", lenient_text)
    if status not in _STATUSES:
        shown = repr(status) if len(str(status)) <= 20 else "a long string"
        raise DecodeError(
            f"expected accepted, delivered or undelivered, got {shown} @ $.report.status"
        )
    return DeliveryReport(
        id=cast(int, _field(report, "id", lenient_int)),
        order_id=cast(str, _field(report, "packet_id", text_id)),
        status=cast(DeliveryStatus, status),
        to=cast(str, _field(report, "to", lenient_text)),
        text=cast(str, _field(report, "body", lenient_text)),
    )


def webhook_token_matches(received: str | bytes | None, expected: str | bytes) -> bool:
    """Whether the token a request carried (a secret path segment or query value) is
    ``expected``, compared in constant time so the secret cannot be guessed byte by
    byte from response times. ``None`` (no token) never matches; an empty
    ``expected`` is an ``InvalidArgumentError`` (it would let everyone in)."""
    want = expected.encode() if isinstance(expected, str) else bytes(expected)
    if not want:
        raise InvalidArgumentError("expected must be a non-empty secret")
    if received is None:
        return False
    got = received.encode("utf-8", "surrogatepass") if isinstance(received, str) else received
    import hmac  # here: it loads OpenSSL, which importing the pure layer does not need

    return hmac.compare_digest(got, want)


class ReportDeduplicator:
    """Remembers the last ``max_size`` report keys ``(id, status)`` to drop repeats.

    ``if dedupe.first_time(report): handle(report)`` (and :meth:`forget` the report
    if handling it failed, so that the provider's next try gets through). Memory stays
    bounded: the oldest keys are forgotten first, so a repeat arriving after
    ``max_size`` newer reports passes again. One process only: for several workers or
    replicas, :class:`~iletimerkezi_async.RedisReportDeduplicator` keeps the keys in Redis.
    """

    def __init__(self, max_size: int = 100_000) -> None:
        self.max_size = int_at_least(max_size, "max_size", 1)
        self._seen: OrderedDict[tuple[int, str], None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._seen)

    def __repr__(self) -> str:
        return f"ReportDeduplicator(max_size={self.max_size}, remembered={len(self._seen)})"

    def first_time(self, report: DeliveryReport) -> bool:
        """``True`` the first time a report's ``(id, status)`` is seen, ``False`` for a
        repeat (which also counts as recent again)."""
        key = report.key
        if key in self._seen:
            self._seen.move_to_end(key)
            return False
        self._seen[key] = None
        if len(self._seen) > self.max_size:
            self._seen.popitem(last=False)
        return True

    def forget(self, report: DeliveryReport) -> None:
        """Forget ``report`` (when handling it failed), so a repeat is handled again."""
        self._seen.pop(report.key, None)
