"""Retry decisions: whether to try again and how long to wait. Pure: the caller
passes in the clock's reading and a random number."""

from __future__ import annotations

import math

import attrs

from iletimerkezi_async.errors import (
    APIError,
    DecodeError,
    IletiMerkeziError,
    RateLimitError,
    ServerError,
    TransportError,
)

from .arguments import int_at_least, seconds

__all__ = ["RETRYABLE_STATUS", "RetryPolicy", "may_have_been_applied", "parse_retry_after"]

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta seconds or an HTTP date.

    ``now`` is the current Unix time, used for the date form. ``None`` when the
    header is absent or unreadable; never negative.
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        # Imported here: email.utils is slow to import (socket, calendar, random ...),
        # and only a Retry-After given as a date needs it.
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:  # RFC 9110 dates are GMT
            return None
        seconds = when.timestamp() - now
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)


def _count(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    int_at_least(value, attribute.name, 0)


def _seconds(_: object, attribute: attrs.Attribute[float], value: object) -> None:
    seconds(value, attribute.name)


@attrs.frozen
class RetryPolicy:
    """When to retry a failed attempt and how long to wait first.

    Retried: transport errors and timeouts, and status codes 429, 500, 502, 503,
    504 (which includes an unreadable body on a 5xx). Never: other codes, a
    decodable answer, a :class:`DecodeError` on a 2xx. The wait is exponential
    (``base_delay`` doubling up to ``max_delay``) with jitter, or the provider's
    ``Retry-After`` when it asked for one no longer than ``max_retry_after``.
    """

    max_retries: int = attrs.field(default=2, validator=_count)
    base_delay: float = attrs.field(default=0.5, validator=_seconds)
    max_delay: float = attrs.field(default=8.0, validator=_seconds)
    max_retry_after: float = attrs.field(default=60.0, validator=_seconds)

    @staticmethod
    def is_retryable(error: IletiMerkeziError, *, write: bool = False) -> bool:
        """Whether ``error`` is worth another attempt at all.

        A ``write`` is sent again only when the provider provably never acted on it:
        the request never left (a connection that could not be made) or a 429.
        """
        if write:
            if isinstance(error, TransportError):
                return not error.request_sent
            return isinstance(error, RateLimitError)
        if isinstance(error, TransportError):
            return True
        return isinstance(error, APIError) and error.status_code in RETRYABLE_STATUS

    def next_delay(
        self,
        attempts: int,
        error: IletiMerkeziError,
        *,
        jitter: float,
        retry_after: float | None = None,
        time_left: float | None = None,
        write: bool = False,
    ) -> float | None:
        """Seconds to wait before the next attempt, or ``None`` to raise ``error`` now.

        ``attempts`` is how many attempts were made, ``jitter`` a number in [0, 1),
        ``retry_after`` the wait a ``Retry-After`` header asked for (a
        :class:`RateLimitError` carries its own), ``time_left`` what remains of the
        call's time budget, ``write`` whether the call changes state at the provider
        (see :meth:`is_retryable`). A wait asked for replaces the backoff, unless it
        is longer than ``max_retry_after``: then the error is raised at once.
        """
        if attempts > self.max_retries or not self.is_retryable(error, write=write):
            return None
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            retry_after = error.retry_after
        if retry_after is not None:
            if retry_after > self.max_retry_after:
                return None
            delay = retry_after
        else:
            delay = self._backoff(attempts) * (1.0 - 0.5 * jitter)
        if time_left is not None and delay >= time_left:
            return None
        return delay

    def _backoff(self, attempts: int) -> float:
        """``base_delay`` doubled after each attempt but the first, up to ``max_delay``."""
        try:
            return min(self.max_delay, math.ldexp(self.base_delay, attempts - 1))
        except OverflowError:  # a float holds no more than 1023 doublings
            return self.max_delay


def may_have_been_applied(error: IletiMerkeziError) -> bool:
    """Whether a write that failed with ``error`` may still have taken effect.

    No when the provider rejected it with a 4xx code or the request never left; maybe
    when the connection failed or timed out after sending, on a 5xx (the provider or a
    proxy failed midway), or when a 2xx answer could not be read.
    """
    if isinstance(error, TransportError):
        return error.request_sent
    if isinstance(error, DecodeError):  # an unreadable answer: judged by its HTTP status
        status = error.http_status
        return status is None or status < 300 or status >= 500
    return isinstance(error, ServerError)
