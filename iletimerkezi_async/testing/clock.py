"""The fake provider's clock, which a client can share: real time by default, moved or
frozen by tests, and slept on without real waiting."""

from __future__ import annotations

import asyncio
import datetime
import time
from collections.abc import Callable

from iletimerkezi_async.sansio.converter import ISTANBUL

__all__ = ["FakeClock"]


class FakeClock:
    """What time it is at the fake provider (aware datetimes in Istanbul time, UTC+03:00).

    It follows the real clock until a test moves it: ``advance(seconds)`` jumps ahead
    (the 10-minute duplicate rule, scheduled orders), ``set(when)`` jumps to a moment,
    and ``freeze()`` stops it so answers carry exact, repeatable times.

    It is also a :class:`~iletimerkezi_async.Clock`: pass the fake's own clock to the
    client, ``AsyncClient(..., clock=fake.clock)``, and a retry's backoff or a 429's
    cooldown moves the clock ahead instead of waiting, so both sides agree on the time.
    Each sleep's length is kept in :attr:`sleeps`; ``jitter`` is what
    :meth:`jitter` returns (``0.0``: every backoff at its full length). One clock can
    serve any number of fakes and clients; :meth:`watch` tells code that schedules
    on it (``fake.auto_deliver``) when it jumps.
    """

    def __init__(self, *, jitter: float = 0.0) -> None:
        if not 0.0 <= jitter < 1.0:
            raise ValueError(f"jitter must be in [0, 1), got {jitter!r}")
        self._offset = 0.0
        self._frozen_at: float | None = None
        self._jitter = jitter
        self.sleeps: list[float] = []
        """The seconds of every :meth:`sleep`, in order: the backoffs a client waited."""
        self._watchers: list[Callable[[], None]] = []

    def __repr__(self) -> str:
        state = "frozen" if self._frozen_at is not None else "running"
        return f"FakeClock({self.now().isoformat()}, {state})"

    def timestamp(self) -> float:
        """The fake's current time as a Unix timestamp."""
        if self._frozen_at is not None:
            return self._frozen_at
        return time.time() + self._offset

    def now(self) -> datetime.datetime:
        """The fake's current time, in Istanbul time."""
        return datetime.datetime.fromtimestamp(self.timestamp(), ISTANBUL)

    @property
    def frozen(self) -> bool:
        """Whether the clock is stopped (:meth:`freeze`) rather than following real time."""
        return self._frozen_at is not None

    def advance(self, seconds: float | datetime.timedelta) -> None:
        """Move the clock forward (or back, with a negative value)."""
        if isinstance(seconds, datetime.timedelta):
            seconds = seconds.total_seconds()
        if self._frozen_at is not None:
            self._frozen_at += seconds
        else:
            self._offset += seconds
        self._jumped()

    def set(self, when: datetime.datetime) -> None:
        """Jump to ``when`` (an aware datetime); a frozen clock stays frozen there."""
        if when.tzinfo is None:
            raise ValueError("FakeClock.set needs an aware datetime")
        if self._frozen_at is not None:
            self._frozen_at = when.timestamp()
        else:
            self._offset = when.timestamp() - time.time()
        self._jumped()

    def freeze(self, at: datetime.datetime | None = None) -> None:
        """Stop the clock (at ``at``, or now) until :meth:`unfreeze`."""
        self._frozen_at = at.timestamp() if at is not None else self.timestamp()
        self._jumped()

    def unfreeze(self) -> None:
        """Let the clock run again from where it stands."""
        if self._frozen_at is not None:
            self._offset = self._frozen_at - time.time()
            self._frozen_at = None
            self._jumped()

    def watch(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback()`` after every move of the clock by :meth:`advance`,
        :meth:`set`, :meth:`freeze`, :meth:`unfreeze` or :meth:`sleep` (not as real
        time passes); returns a function that stops it."""
        self._watchers.append(callback)
        return lambda: self._watchers.remove(callback)

    def _jumped(self) -> None:
        for callback in list(self._watchers):
            callback()

    # -- the Clock protocol, for AsyncClient(clock=...) ------------------------------------

    def monotonic(self) -> float:
        """The clock's time in seconds, for the client's backoff and budgets."""
        return self.timestamp()

    def time(self) -> float:
        """The clock's time as a Unix timestamp (the client's wall clock)."""
        return self.timestamp()

    async def sleep(self, seconds: float) -> None:
        """Move the clock ``seconds`` ahead and let other tasks run once: no real wait.

        Each sleep moves the shared clock by its own length, so sleeps of tasks running
        side by side add up instead of overlapping: time on this clock runs at least as
        fast as it would for real, never slower (a budget can only run out sooner).
        """
        self.sleeps.append(seconds)
        self.advance(max(0.0, seconds))
        await asyncio.sleep(0)

    def jitter(self) -> float:
        """The fixed jitter given at construction."""
        return self._jitter
