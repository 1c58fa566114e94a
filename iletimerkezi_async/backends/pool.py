"""A last-in, first-out pool of httpcore connections, under httpx's own transport.

httpx's default pool (httpcore's ``AsyncConnectionPool``) walks its whole queue of
requests and list of connections on every request and every release, and wakes every
waiting request when one connection frees up; its cost per request grows with the number
of connections (in ``make bench``, raw httpx at c=200 runs at about 0.6 of itself at c=50).
This pool only chooses connections: a request takes the most recently used idle one (a
list pop) or opens a new one, and its connection goes back on top when the response is
closed (an append). Everything on the wire stays httpcore's: each connection is an
``httpcore.AsyncHTTPConnection`` (h11 parses every answer, anyio does the sockets and TLS).

Last-in first-out keeps the busiest connections warm and lets the ones at the bottom go
idle, so they can be closed: an idle connection is closed after ``keepalive_expiry``
seconds by a sweep on every give-back and by one loop timer, armed only while idle
connections exist, so sockets are closed even if the pool is never used again.

A connection whose response was not read to its end and closed cleanly (an error, a
cancel landing anywhere) is closed, never reused in an unknown state; its slot is given
back whatever happens, so no cancel can leave the pool short of a connection.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import AsyncIterable, AsyncIterator
from types import TracebackType
from typing import cast

import httpcore

from .._slots import Slots

__all__ = ["POOLED", "LifoConnectionPool"]

POOLED = "iletimerkezi_async.pooled"
"""The response extension this pool sets: the answer can be read inline, cancels and all."""

_log = logging.getLogger("iletimerkezi_async.connections")


class LifoConnectionPool:
    """An ``httpcore`` request interface over a stack of single HTTP/1.1 connections.

    At most ``max_connections`` requests hold a connection at once (``None``: no limit);
    the others wait in arrival order, up to the request's ``pool`` timeout
    (``httpcore.PoolTimeout``). At most ``max_keepalive_connections`` idle ones are kept.
    """

    def __init__(
        self,
        *,
        ssl_context: ssl.SSLContext | None,
        max_connections: int | None,
        max_keepalive_connections: int | None,
        keepalive_expiry: float | None,
    ) -> None:
        self._ssl_context = ssl_context
        self._max_connections = max_connections
        self._slots = self._new_slots()
        self._max_idle = max_keepalive_connections
        self._expiry = keepalive_expiry
        # Idle connections, oldest first, with the time each went idle: the top of the
        # stack is the end of the list, so the expired ones are always at the front.
        self._idle: list[tuple[httpcore.AsyncHTTPConnection, float]] = []
        self._busy: set[httpcore.AsyncHTTPConnection] = set()
        self._closing: set[asyncio.Task[None]] = set()
        self._timer: asyncio.TimerHandle | None = None
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        """Send ``request`` on a pooled connection; the connection is given back when the
        response is closed."""
        if request.url.scheme not in (b"http", b"https"):
            raise httpcore.UnsupportedProtocol(
                f"Request URL has an unsupported protocol {request.url.scheme!r}"
            )
        self._check_loop()
        await self._acquire(request)
        try:
            if self._closed:
                # httpx says "client has been closed" before a request reaches us; this is
                # one that waited for a connection while the pool was closed.
                raise httpcore.ConnectError("the connection pool is closed")
            connection, response = await self._exchange(request)
        except BaseException:
            self._release_slot()
            raise
        response.extensions[POOLED] = True
        return httpcore.Response(
            status=response.status,
            headers=response.headers,
            content=_PooledStream(cast(AsyncIterable[bytes], response.stream), self, connection),
            extensions=response.extensions,
        )

    def _check_loop(self) -> None:
        """Connections, timer and waiters belong to one event loop: a pool used again from
        another (a second ``asyncio.run``) starts afresh there. The old loop's sockets
        cannot be closed from here; they went with their loop."""
        loop = asyncio.get_running_loop()
        if loop is self._loop:
            return
        if self._loop is not None:
            _log.debug("connection pool used from a new event loop: its connections dropped")
            self._idle.clear()
            self._busy.clear()
            self._timer = None
            self._slots = self._new_slots()
        self._loop = loop

    def _new_slots(self) -> Slots | None:
        return Slots(self._max_connections) if self._max_connections is not None else None

    async def _acquire(self, request: httpcore.Request) -> None:
        slots = self._slots
        if slots is None or slots.try_acquire():
            return  # no wait, so no timer for the pool timeout
        timeout = request.extensions.get("timeout", {}).get("pool")
        try:
            async with asyncio.timeout(timeout):
                await slots.acquire()
        except TimeoutError as error:
            raise httpcore.PoolTimeout("no connection became free in time") from error

    def _release_slot(self) -> None:
        if self._slots is not None:
            self._slots.release()

    async def _exchange(
        self, request: httpcore.Request
    ) -> tuple[httpcore.AsyncHTTPConnection, httpcore.Response]:
        """Send on the most recent idle connection to the request's origin, or a new one.

        A connection that turns out unable to take it (``ConnectionNotAvailable``: closed
        under us before anything was written) is dropped and the next one tried.
        """
        while True:
            connection = self._take(request.url.origin)
            try:
                return connection, await connection.handle_async_request(request)
            except httpcore.ConnectionNotAvailable:
                self._discard(connection)
            except BaseException:
                self._discard(connection)
                raise

    def _take(self, origin: httpcore.Origin) -> httpcore.AsyncHTTPConnection:
        idle = self._idle
        for index in range(len(idle) - 1, -1, -1):
            connection = idle[index][0]
            if connection.can_handle_request(origin):
                del idle[index]
                if connection.has_expired():  # its time is up, or the server closed it
                    self._close(connection)
                    continue
                self._busy.add(connection)
                return connection
        connection = httpcore.AsyncHTTPConnection(
            origin=origin,
            ssl_context=self._ssl_context,
            keepalive_expiry=self._expiry,
        )
        self._busy.add(connection)
        return connection

    def _give_back(self, connection: httpcore.AsyncHTTPConnection) -> None:
        """The response is closed: reuse the connection if it is idle, else close it."""
        self._release_slot()
        self._busy.discard(connection)
        if self._closed or not connection.is_idle():
            # After aclose() too: a connection still connecting then had nothing to close.
            self._close(connection)
            return
        now = time.monotonic()
        self._idle.append((connection, now))
        if self._max_idle is not None and len(self._idle) > self._max_idle:
            self._close(self._idle.pop(0)[0])
        self._sweep(now)
        self._arm()

    def _discard(self, connection: httpcore.AsyncHTTPConnection) -> None:
        self._busy.discard(connection)
        self._close(connection)

    def _sweep(self, now: float) -> None:
        """Close the idle connections that expired by ``now``."""
        if self._expiry is None:
            return
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
        self._sweep(time.monotonic())
        self._arm()

    def _arm(self) -> None:
        """Schedule the sweep for the oldest idle connection's expiry, if none is due."""
        if self._timer is None and self._idle and self._expiry is not None:
            loop = asyncio.get_running_loop()
            # A loop timer, not a task: no task lingers while connections sit idle.
            delay = self._idle[0][1] + self._expiry - time.monotonic()
            self._timer = loop.call_at(loop.time() + max(0.0, delay), self._on_timer)

    def _close(self, connection: httpcore.AsyncHTTPConnection) -> None:
        # In a task of its own: the caller may be cancelled, or be a sync method.
        closing = asyncio.get_running_loop().create_task(connection.aclose())
        self._closing.add(closing)
        closing.add_done_callback(self._closed_one)

    def _closed_one(self, closing: asyncio.Task[None]) -> None:
        self._closing.discard(closing)
        if not closing.cancelled() and closing.exception() is not None:
            # Nobody awaits a background close; the socket is gone either way.
            _log.debug("closing a connection failed: %r", closing.exception())

    async def aclose(self) -> None:
        """Close every connection, idle, in use or being closed. Safe to call twice."""
        self._closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        connections = [connection for connection, _ in self._idle] + list(self._busy)
        self._idle.clear()
        self._busy.clear()
        results = await asyncio.gather(
            *(connection.aclose() for connection in connections),
            *self._closing,
            return_exceptions=True,
        )
        for result in results:
            if isinstance(result, Exception):
                _log.debug("closing a connection failed: %r", result)

    async def __aenter__(self) -> LifoConnectionPool:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.aclose()


class _PooledStream:
    """A response body whose close gives its connection back to the pool."""

    def __init__(
        self,
        stream: AsyncIterable[bytes],
        pool: LifoConnectionPool,
        connection: httpcore.AsyncHTTPConnection,
    ) -> None:
        self._stream = stream
        self._pool = pool
        self._connection = connection
        self._closed = False

    def __aiter__(self) -> AsyncIterator[bytes]:
        # httpcore's own iterator: no generator of ours in between.
        return aiter(self._stream)

    async def aclose(self) -> None:
        """Close the body (h11 then knows whether the connection can be reused) and give
        the connection back; a cancel or failure during the close retires it instead."""
        if self._closed:
            return
        self._closed = True
        try:
            close = getattr(self._stream, "aclose", None)
            if close is not None:
                await close()
        finally:
            self._pool._give_back(self._connection)
