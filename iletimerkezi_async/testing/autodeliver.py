"""Delivery without a test driving it: every order's messages end ``after`` real seconds
after the order is due, as ``fake.auto_deliver(...)`` and ``iletimerkezi-async fake
--deliver-after`` promise."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from types import TracebackType

from .clock import FakeClock
from .messaging import SENDING, FakeOrder, MessagingState, Outcome

__all__ = ["AutoDelivery"]


class AutoDelivery:
    """While entered (``async with``), delivers each order's messages still sending
    ``after`` real seconds after the order is due: at once for one sent without a
    schedule, after its time on ``clock`` for a scheduled one (the ``accepted``
    reports go out when it comes due). ``after=0`` delivers in the same step that made
    the order due (the send itself, or the move of the clock), so the next request
    already sees the outcome.
    """

    def __init__(
        self, messaging: MessagingState, clock: FakeClock, after: float, status: Outcome
    ) -> None:
        if not (math.isfinite(after) and after >= 0):
            raise ValueError(f"after must be a number of seconds >= 0, got {after!r}")
        if status not in ("delivered", "undelivered"):
            raise ValueError(f"status must be 'delivered' or 'undelivered', got {status!r}")
        self._messaging = messaging
        self._clock = clock
        self._after = after
        self._status: Outcome = status
        # Orders still to deliver -> the real (monotonic) time they came due, or None.
        self._waiting: dict[str, float | None] = {}
        self._wake = asyncio.Event()
        self._stops: list[Callable[[], None]] = []
        self._task: asyncio.Task[None] | None = None

    def __repr__(self) -> str:
        return f"AutoDelivery(after={self._after}, status={self._status!r})"

    async def __aenter__(self) -> AutoDelivery:
        for order in self._messaging.orders.values():
            self._waiting[order.id] = None
        self._stops = [self._messaging.watch(self._on_order), self._clock.watch(self._step)]
        self._step()
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for stop in self._stops:
            stop()
        self._stops = []
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    def _on_order(self, order: FakeOrder) -> None:
        self._waiting[order.id] = None
        self._step()

    def _step(self) -> None:
        """Start the orders that came due and deliver the ripe ones; wake the timer."""
        now, today = time.monotonic(), self._clock.now()
        for order_id, due_at in list(self._waiting.items()):
            order = self._messaging.orders[order_id]
            if order.cancelled or SENDING not in order.statuses.values():
                del self._waiting[order_id]
                continue
            if due_at is None:
                if not order.is_due(today):
                    continue
                due_at = self._waiting[order_id] = now
                self._messaging.start(order)
            if now - due_at >= self._after:
                del self._waiting[order_id]
                self._messaging.deliver(order_id, status=self._status)
        self._wake.set()

    def _next_wait(self) -> float | None:
        """Seconds until an order is ripe or comes due; ``None``: only a move of the
        clock or a new order can change anything."""
        now, today = time.monotonic(), self._clock.now()
        waits = []
        for order_id, due_at in self._waiting.items():
            if due_at is not None:
                waits.append(due_at + self._after - now)
                continue
            send_at = self._messaging.orders[order_id].send_at
            if send_at is not None and not self._clock.frozen:
                waits.append((send_at - today).total_seconds())
        return max(0.0, min(waits)) if waits else None

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), self._next_wait())
            except TimeoutError:
                self._step()
