"""Faults the fake provider can inject, and the seeded schedule that picks them."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal, TypeAlias

import attrs

from .shapes import FakeResponse, WireShape, provider_response

__all__ = ["Fault", "FaultKind", "FaultSchedule"]

FaultKind: TypeAlias = Literal[
    "refuse",
    "latency",
    "stall",
    "server_error",
    "rate_limit",
    "disconnect",
    "truncate",
    "malformed",
    "provider_error",
]
"""The name of a fault; ``FakeStats.faults`` counts by it."""

_REASONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Temporarily Unavailable",
    504: "Gateway Time-out",
}

# What a PHP backend prints when it warns before writing its JSON: not JSON at all.
_MALFORMED = (
    b'<br />\n<b>Warning</b>:  Undefined array key "contact" in '
    b"<b>/var/www/api/v1/Contact.php</b> on line <b>42</b><br />\n"
    b'{"response":{"status":{"code":200,'
)


def _non_negative(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value!r}")


@attrs.frozen
class Fault:
    """One way for an answer to go wrong. Build it with the classmethods, not directly.

    Faults are hashable values: ``Fault.latency(0.1) == Fault.latency(0.1)``, so
    they can key a fault mix.
    """

    kind: FaultKind
    seconds: float = attrs.field(default=0.0, validator=_non_negative)
    status: int = 0
    retry_after: str | None = None
    message: str | None = None

    @classmethod
    def refuse(cls) -> Fault:
        """Refuse the connection: the request never reaches the provider, nothing changes.

        In-process (``fake.transport``) this is the ``httpx.ConnectError`` of a refused
        port, which the client knows is safe to send again, writes included. On the
        socket server the connection is closed before the request is handled, which a
        client cannot tell from a drop after sending.
        """
        return cls("refuse")

    @property
    def refuses(self) -> bool:
        """Whether the provider turns the request away untouched (refuse, 429, an
        error code): the fake's state does not change."""
        return self.kind in ("refuse", "rate_limit", "provider_error")

    @classmethod
    def latency(cls, seconds: float) -> Fault:
        """Wait ``seconds``, then answer normally (a slow provider)."""
        return cls("latency", seconds=float(seconds))

    @classmethod
    def stall(cls, seconds: float) -> Fault:
        """Send nothing for ``seconds``, then answer normally: trips client read timeouts."""
        return cls("stall", seconds=float(seconds))

    @classmethod
    def server_error(cls, status: int = 503) -> Fault:
        """Answer ``status`` (5xx) with an HTML page, as a load balancer in front would."""
        if not 500 <= status <= 599:
            raise ValueError(f"server_error status must be 5xx, got {status}")
        return cls("server_error", status=status)

    @classmethod
    def rate_limit(cls, retry_after: str | int | None = "1") -> Fault:
        """Answer 429 with a provider-style JSON body and ``Retry-After: retry_after``.

        ``retry_after`` is delta seconds (``"1"`` or ``1``), an HTTP date
        (``"Wed, 21 Oct 2015 07:28:00 GMT"``), or ``None`` to send no header.
        """
        value = None if retry_after is None else str(retry_after)
        return cls("rate_limit", status=429, retry_after=value)

    @classmethod
    def disconnect(cls) -> Fault:
        """Close the connection without sending any answer."""
        return cls("disconnect")

    @classmethod
    def truncate(cls) -> Fault:
        """Send the headers with the full ``Content-Length``, then half the body, then close."""
        return cls("truncate")

    @classmethod
    def malformed(cls) -> Fault:
        """Answer 200 with a body that is not JSON."""
        return cls("malformed", status=200)

    @classmethod
    def provider_error(cls, code: int, message: str | None = None) -> Fault:
        """Answer with provider code ``code`` (402, 422, 503 ...) in a JSON body.

        The HTTP status mirrors the code; ``message`` defaults to the provider's
        Turkish text for that code.
        """
        if not 100 <= code <= 999:
            raise ValueError(f"code must have three digits, got {code}")
        return cls("provider_error", status=code, message=message)

    def response(self, shape: WireShape) -> FakeResponse | None:
        """The answer this fault sends instead of the normal one; ``None`` if it sends none
        of its own (it delays, cuts or drops the normal answer instead)."""
        if self.kind == "server_error":
            reason = _REASONS.get(self.status, "Server Error")
            body = (
                f"<html>\r\n<head><title>{self.status} {reason}</title></head>\r\n<body>\r\n"
                f"<center><h1>{self.status} {reason}</h1></center>\r\n"
                "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
            ).encode()
            headers = (
                ("Content-Type", "text/html"),
                ("Content-Length", str(len(body))),
            )
            return FakeResponse(self.status, headers, body, reason)
        if self.kind == "rate_limit":
            extra = () if self.retry_after is None else (("Retry-After", self.retry_after),)
            return provider_response(429, shape, extra_headers=extra)
        if self.kind == "malformed":
            headers = (
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Length", str(len(_MALFORMED))),
            )
            return FakeResponse(200, headers, _MALFORMED, "OK")
        if self.kind == "provider_error":
            return provider_response(self.status, shape, message=self.message)
        return None


def _check_rate(fault: Fault, rate: float) -> float:
    if not isinstance(fault, Fault):
        raise TypeError(f"expected a Fault, got {type(fault).__name__}")
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"a fault rate must be within [0, 1], got {rate!r}")
    return float(rate)


class FaultSchedule:
    """Decides, request by request, which fault (if any) happens.

    Scripted entries come first, in order (``None`` = a normal answer). With the
    script empty, a fault is drawn from the rate mix with ``random.Random(seed)``:
    the same seed and the same sequence of requests give the same faults.
    """

    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(seed)
        self._rates: dict[Fault, float] = {}
        self._script: deque[Fault | None] = deque()

    @property
    def rates(self) -> Mapping[Fault, float]:
        """The fault mix: fault -> probability per request (read-only)."""
        return MappingProxyType(self._rates)

    @property
    def pending(self) -> int:
        """How many scripted answers are still to come."""
        return len(self._script)

    def set_rates(self, mix: Mapping[Fault, float]) -> None:
        """Set the probability of each fault in ``mix`` (0 removes it); others stay.

        The probabilities of all faults together may not exceed 1.
        """
        updated = dict(self._rates)
        for fault, rate in mix.items():
            updated[fault] = _check_rate(fault, rate)
            if updated[fault] == 0.0:
                del updated[fault]
        total = sum(updated.values())
        if total > 1.0 + 1e-9:
            raise ValueError(f"fault rates add up to {total:g}, more than 1")
        self._rates = updated

    def push(self, entries: Iterable[Fault | None]) -> None:
        """Queue the next answers, in order: a fault each, or ``None`` for a normal one."""
        checked = []
        for entry in entries:
            if entry is not None and not isinstance(entry, Fault):
                raise TypeError(f"script entries are Fault or None, got {type(entry).__name__}")
            checked.append(entry)
        self._script.extend(checked)

    def clear(self) -> None:
        """Forget the script and every rate (the random sequence goes on)."""
        self._rates.clear()
        self._script.clear()

    def next(self) -> Fault | None:
        """The fault for the next request, or ``None`` for a normal answer."""
        if self._script:
            return self._script.popleft()
        if not self._rates:
            return None
        draw = self._random.random()
        for fault, rate in self._rates.items():
            if draw < rate:
                return fault
            draw -= rate
        return None
