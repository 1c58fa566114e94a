"""Where the client reads the time and waits: the ``clock=`` hook.

Retries back off, a 429 starts a shared cooldown and a ``Retry-After`` date is read
against the wall clock. All of that goes through one object, so that tests can run it
without real waiting: pass ``AsyncClient(..., clock=FakeClock())`` from
:mod:`iletimerkezi_async.testing` (which the fake provider can share), or any object
with the four methods of :class:`Clock`.
"""

from __future__ import annotations

import asyncio
import random
import time
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """What the client needs of a clock."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back: backoff, cooldowns and budgets."""
        ...

    def time(self) -> float:
        """The wall clock as a Unix timestamp: ``Retry-After`` dates and ``send_at`` checks."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` (a retry's backoff, a cooldown)."""
        ...

    def jitter(self) -> float:
        """A number in ``[0, 1)`` that shortens each backoff (up to half of it)."""
        ...


class SystemClock:
    """The real clock: :func:`time.monotonic`, :func:`time.time`, :func:`asyncio.sleep`
    and :func:`random.random`. The client's default."""

    def __repr__(self) -> str:
        return "SystemClock()"

    def monotonic(self) -> float:
        """:func:`time.monotonic`."""
        return time.monotonic()

    def time(self) -> float:
        """:func:`time.time`."""
        return time.time()

    async def sleep(self, seconds: float) -> None:
        """:func:`asyncio.sleep`."""
        await asyncio.sleep(seconds)

    def jitter(self) -> float:
        """:func:`random.random`."""
        return random.random()
