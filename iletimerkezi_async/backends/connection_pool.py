"""Our own LIFO pool of single connections.

Why not one ``httpx.AsyncClient`` with N connections: httpcore's pool scans every
pooled connection on each request and each release, and hands requests that arrive
together the same idle connection (all but one then go round again). Both costs grow
with the pool, so plain httpx gets slower per request as concurrency rises (in
``make bench``, several times fewer requests per second than this pool at c=50 and c=200:
see the README's Performance section).
Here each connection is a single one (:mod:`~.connections`: our own HTTP/1.1, or an
httpcore proxy pool of one behind a proxy): taking and giving one back is a list pop and
append, and no httpx client or transport layer (cookies, redirects, auth, model
conversions this API does not use) runs per request.

Last-in first-out keeps the busiest connections warm and lets the ones at the bottom
of the stack go idle, so they can be closed: a pool that only expires connections when
it is used again never reaches the bottom of a stack. An idle connection is
closed once it has been idle for ``keepalive_expiry`` seconds (httpx's 5 s by default),
by a sweep on every take and give-back and by one loop timer, armed only while idle
connections exist: no timer or task per connection, and the sockets are closed even if
the pool is never used again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from ..errors import ClientClosedError, TransportError

__all__ = ["DEFAULT_KEEPALIVE_EXPIRY", "Connection", "ConnectionPool"]

DEFAULT_KEEPALIVE_EXPIRY = 5.0
"""Seconds an idle connection is kept: httpx's own default."""

_log = logging.getLogger("iletimerkezi_async")


class Connection(Protocol):
    """What the pool holds: anything it can close (a :class:`~.connections.Exchange`)."""

    async def aclose(self) -> None:
        """Close the connection."""
        ...


C = TypeVar("C", bound=Connection)


class ConnectionPool(Generic[C]):
    """Single connections, made by ``factory`` on need.

    :meth:`take` one for a request and :meth:`give_back` it when the response is
    closed, or :meth:`discard` it when the connection may be in any other state (a
    cancel or failure mid-request). At most ``max_open`` are in use or idle at once.
    """

    def __init__(
        self,
        factory: Callable[[], C],
        *,
        max_open: int,
        keepalive_expiry: float = DEFAULT_KEEPALIVE_EXPIRY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._factory = factory
        self._max_open = max_open
        self._expiry = keepalive_expiry
        self._clock = clock
        # Idle connections, oldest first, with the time each went idle: the top of the
        # stack is the end of the list, so the expired ones are always at the front.
        self._idle: list[tuple[C, float]] = []
        self._busy: set[C] = set()
        self._closing: set[asyncio.Task[None]] = set()
        self._timer: asyncio.TimerHandle | None = None
        self._closed = False

    @property
    def open_connections(self) -> int:
        """Connections in use or idle (not counting ones being closed)."""
        return len(self._busy) + len(self._idle)

    @property
    def idle_connections(self) -> int:
        """Connections waiting in the pool for the next request."""
        return len(self._idle)

    def take(self) -> C:
        """The most recently used idle connection, or a new one.

        Raises :class:`~iletimerkezi_async.errors.TransportError` (``request_sent=False``)
        when ``max_open`` are already in use: the caller's concurrency cap prevents it.
        """
        if self._closed:
            raise ClientClosedError("this AsyncClient is closed; create a new one")
        idle = self._idle
        if idle:
            client, since = idle.pop()
            if self._clock() - since < self._expiry:
                self._busy.add(client)
                return client
            # The top of the stack expired, so all of it did: the request gets a new one.
            self._close(client)
            self._sweep(float("inf"))
        if len(self._busy) >= self._max_open:
            raise TransportError(f"all {self._max_open} connections are in use", request_sent=False)
        client = self._factory()
        self._busy.add(client)
        return client

    def give_back(self, client: C) -> None:
        """Put ``client`` back on top of the stack, its response fully read and closed."""
        if self._closed:
            return  # aclose() closed every connection, this one included
        self._busy.discard(client)
        now = self._clock()
        self._idle.append((client, now))
        self._sweep(now)
        self._arm()

    def discard(self, client: C) -> None:
        """Retire ``client`` (its state is unknown); it is closed in the background."""
        if self._closed:
            return  # aclose() closed it, and awaited the close: no stray task
        self._busy.discard(client)
        self._close(client)

    def _sweep(self, now: float) -> None:
        """Close the idle connections that expired by ``now`` (all of them for ``inf``)."""
        idle = self._idle
        cutoff = now - self._expiry
        expired = 0
        while expired < len(idle) and idle[expired][1] <= cutoff:
            self._close(idle[expired][0])
            expired += 1
        if expired:
            del idle[:expired]

    def _on_timer(self) -> None:
        """The one background sweep: runs when the oldest idle connection expires."""
        self._timer = None
        self._sweep(self._clock())
        self._arm()

    def _arm(self) -> None:
        """Schedule the sweep for the oldest idle connection's expiry, if none is due."""
        if self._timer is None and self._idle and not self._closed:
            loop = asyncio.get_running_loop()
            # A loop timer, not a task: no task lingers while connections sit idle.
            delay = self._idle[0][1] + self._expiry - self._clock()
            self._timer = loop.call_at(loop.time() + max(0.0, delay), self._on_timer)

    def _close(self, client: C) -> None:
        # In a task of its own: the caller may be cancelled, or be a sync method.
        closing = asyncio.get_running_loop().create_task(client.aclose())
        self._closing.add(closing)
        closing.add_done_callback(self._closed_one)

    def _closed_one(self, closing: asyncio.Task[None]) -> None:
        self._closing.discard(closing)
        if not closing.cancelled() and closing.exception() is not None:
            # Nobody awaits a background close; the socket is gone either way.
            _log.debug("closing an idle connection failed: %r", closing.exception())

    async def aclose(self) -> None:
        """Close every connection, idle, in use or being closed, all at once.

        One failing close does not keep the others open. Raises
        :class:`~iletimerkezi_async.errors.TransportError` afterwards if any failed.
        Safe to call twice.
        """
        self._closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        clients = [client for client, _ in self._idle] + list(self._busy)
        self._idle.clear()
        self._busy.clear()  # no take() after this, so any give-back is one of these
        closes = [client.aclose() for client in clients]
        results = await asyncio.gather(*closes, *self._closing, return_exceptions=True)
        failed = [
            result
            for result in results[: len(closes)]
            if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError)
        ]
        if failed:
            raise TransportError(
                f"{len(failed)} of {len(closes)} connections failed to close cleanly"
                f" (all were closed): {type(failed[0]).__name__}"
            ) from failed[0]
