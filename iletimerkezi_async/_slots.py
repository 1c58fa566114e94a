"""The client's concurrency cap (``max_concurrency``): slots handed out first come,
first served, in constant time however many calls wait.

``asyncio.Semaphore`` on Python 3.11 scans its waiters on every release (to skip the
ones already woken but not yet running) and on every acquire: with thousands of calls
gathered at once that scan grew with the concurrency, and was the largest cost that
did in ``make bench`` (c=200 against c=50). Here a release hands its slot straight
to the oldest waiter, which is then never counted as waiting again.
"""

from __future__ import annotations

import asyncio
from collections import deque

__all__ = ["Slots"]


class Slots:
    """At most ``size`` holders at once; the others wait in arrival order."""

    def __init__(self, size: int) -> None:
        self._free = size
        # Waiters in arrival order. A cancelled one stays until a release reaches it.
        # Whenever a slot is free this is empty: a release with a live waiter hands
        # the slot over instead of freeing it.
        self._waiters: deque[asyncio.Future[None]] = deque()

    def try_acquire(self) -> bool:
        """Take a slot if one is free now, without waiting; whether it was taken."""
        if self._free > 0:
            self._free -= 1
            return True
        return False

    async def acquire(self) -> None:
        """Wait for a slot and take it."""
        if self._free > 0:
            self._free -= 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed a slot just as the cancel came: pass it on
            raise

    def release(self) -> None:
        """Give a slot back: to the oldest live waiter, else to the free ones."""
        waiters = self._waiters
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._free += 1
