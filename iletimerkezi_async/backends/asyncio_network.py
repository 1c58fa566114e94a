"""httpcore's network interface on plain asyncio: a socket is an ``asyncio.Protocol``.

Our own HTTP/1.1 connections and httpcore's proxy connections both read and write
through it. httpcore's default network backend on asyncio is ``anyio``, which opens a
cancel scope, a timeout scope and a checkpoint around every read and write: measured on
the ``make bench`` workload, about a quarter of the CPU of a get-contact (484 against
357 µs per request, back to back). This backend does the same job with a protocol that
buffers what arrives and a future for the one reader waiting. Read and write timeouts
are watched by one loop timer per backend (:class:`_Deadlines`) rather than one per
wait, which pushed a handle onto the loop's heap and cancelled it again for every
answer. Errors are httpcore's (``ConnectError``, ``ReadTimeout``...), as from its own
backends.
"""

from __future__ import annotations

import asyncio
import functools
import math
import select
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, cast

import httpcore

__all__ = ["AsyncioNetworkBackend"]

# Reading pauses once this much is buffered unread, and resumes when a quarter is left.
_HIGH_WATER = 256 * 1024

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


class _Deadlines:
    """The streams waiting on a read or write that has a timeout, and one loop timer,
    armed for the earliest of their deadlines. A wait that ends only leaves the dict;
    when the timer fires, it fails the waits that are due and arms itself for the next."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        # The loop runs a timer up to one clock resolution early. uvloop has no such
        # attribute: the monotonic clock's own resolution stands in.
        self._early = getattr(
            loop, "_clock_resolution", time.get_clock_info("monotonic").resolution
        )
        self._waiting: dict[_Stream, None] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at = math.inf

    def watch(self, stream: _Stream, when: float) -> None:
        """Fail ``stream``'s wait at loop time ``when`` unless :meth:`forget` comes first."""
        self._waiting[stream] = None
        if when < self._timer_at:
            if self._timer is not None:
                self._timer.cancel()
            self._arm(when)

    def forget(self, stream: _Stream) -> None:
        """``stream``'s wait ended."""
        self._waiting.pop(stream, None)

    def _fire(self) -> None:
        self._timer = None
        self._timer_at = math.inf
        due = self.loop.time() + self._early
        earliest = math.inf
        for stream in list(self._waiting):
            if stream.deadline <= due:
                del self._waiting[stream]
                stream.expire()
            else:
                earliest = min(earliest, stream.deadline)
        if earliest < math.inf:
            self._arm(earliest)

    def _arm(self, when: float) -> None:
        self._timer = self.loop.call_at(when, self._fire)
        self._timer_at = when


class _Stream(asyncio.Protocol, httpcore.AsyncNetworkStream):
    """One connection: the protocol asyncio feeds, and the stream httpcore reads."""

    def __init__(self, deadlines: _Deadlines) -> None:
        self._loop = deadlines.loop
        self._deadlines = deadlines
        # The one wait with a timeout in progress (httpcore and our connection never
        # read and write at once): when it times out, and what it then raises.
        self.deadline = math.inf
        self._timed: tuple[asyncio.Future[None], type[httpcore.TimeoutException]] | None = None
        self._transport: asyncio.Transport | None = None
        self._chunks: list[bytes] = []
        self._buffered = 0
        self._eof = False
        self._lost: Exception | None = None
        self._gone = False  # connection_lost was called: the socket is closed
        self._reading_paused = False
        self._writing_paused = False
        self._reader: asyncio.Future[None] | None = None
        self._drainer: asyncio.Future[None] | None = None
        self._poller: select.poll | None = None  # see _socket_readable

    # -- the protocol side: called by the event loop --------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # Not an isinstance check: uvloop's transports do not subclass asyncio's.
        self._transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        self._chunks.append(data)
        self._buffered += len(data)
        if self._buffered > _HIGH_WATER and not self._reading_paused and self._transport:
            self._reading_paused = True
            self._transport.pause_reading()
        _wake(self._reader)

    def eof_received(self) -> bool:
        self._eof = True
        _wake(self._reader)
        return False  # close our side too: HTTP/1.1 has no use for a half-open socket

    def connection_lost(self, exc: Exception | None) -> None:
        self._gone = True
        self._eof = True
        self._lost = exc
        _wake(self._reader)
        _wake(self._drainer)

    def pause_writing(self) -> None:
        self._writing_paused = True

    def resume_writing(self) -> None:
        self._writing_paused = False
        _wake(self._drainer)

    # -- the stream side: called by httpcore ----------------------------------------------

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if not self._chunks and not self._eof:
            waiter = self._reader = self._loop.create_future()
            try:
                await self._wait(waiter, timeout, httpcore.ReadTimeout)
            finally:
                self._reader = None
        if not self._chunks:
            if self._lost is not None:
                raise httpcore.ReadError(str(self._lost) or type(self._lost).__name__)
            return b""  # the server closed the connection
        data = self._chunks[0]
        if len(data) <= max_bytes:
            del self._chunks[0]
        else:
            self._chunks[0] = data[max_bytes:]
            data = data[:max_bytes]
        self._buffered -= len(data)
        if self._reading_paused and self._buffered <= _HIGH_WATER // 4 and self._transport:
            self._reading_paused = False
            self._transport.resume_reading()
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        transport = self._transport
        if transport is None or transport.is_closing():
            raise httpcore.WriteError("the connection is closed")
        transport.write(buffer)
        if self._writing_paused:
            waiter = self._drainer = self._loop.create_future()
            try:
                await self._wait(waiter, timeout, httpcore.WriteTimeout)
            finally:
                self._drainer = None
            if self._lost is not None or transport.is_closing():
                raise httpcore.WriteError("the connection closed while writing")

    async def _wait(
        self,
        waiter: asyncio.Future[None],
        timeout: float | None,
        expired: type[httpcore.TimeoutException],
    ) -> None:
        if timeout is None:
            await waiter
            return
        self.deadline = self._loop.time() + timeout
        self._timed = (waiter, expired)
        self._deadlines.watch(self, self.deadline)
        try:
            await waiter
        finally:
            self._deadlines.forget(self)
            self._timed = None

    def expire(self) -> None:
        """The timed wait in progress ran out of time (called by :class:`_Deadlines`)."""
        if self._timed is not None:
            waiter, expired = self._timed
            if not waiter.done():
                waiter.set_exception(expired("timed out"))

    async def aclose(self) -> None:
        transport = self._transport
        if transport is None or self._gone:
            return
        # As anyio does it: a graceful close, one turn of the loop for it to finish (the
        # socket is released by a callback), then an abort for whatever is left unsent.
        transport.close()
        try:
            await asyncio.sleep(0)
        finally:
            transport.abort()  # even when cancelled: a TLS close could wait 30 s for the peer

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        assert self._transport is not None
        try:
            async with asyncio.timeout(timeout):
                tls = await self._loop.start_tls(
                    self._transport, self, ssl_context, server_hostname=server_hostname
                )
        except TimeoutError as error:
            self._transport.close()
            raise httpcore.ConnectTimeout("the TLS handshake timed out") from error
        except (OSError, ssl.SSLError, ConnectionError) as error:
            self._transport.close()
            raise httpcore.ConnectError(str(error) or type(error).__name__) from error
        if tls is None:  # the connection was lost during the handshake
            raise httpcore.ConnectError("the connection closed during the TLS handshake")
        self._transport = tls
        return self

    def _socket_readable(self) -> bool:
        """Whether the kernel holds something the loop has not delivered yet: on an idle
        connection, the server's close arriving while the loop was busy elsewhere."""
        transport = self._transport
        if transport is None or transport.is_closing():
            return True
        if self._poller is None:
            sock = transport.get_extra_info("socket")
            if sock is None or sock.fileno() < 0:
                return True
            if not hasattr(select, "poll"):  # Windows: select() works on sockets there
                return bool(select.select([sock], [], [], 0)[0])
            # One poll object per connection, registered once: not select(), which
            # fails for descriptors past 1023. The descriptor stays this socket's
            # while the transport is open (checked above).
            self._poller = select.poll()
            self._poller.register(sock.fileno(), select.POLLIN)
        return bool(self._poller.poll(0))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # What an idle connection is asked before reuse: has the server closed it?
            return bool(self._chunks) or self._eof or self._socket_readable()
        transport = self._transport
        if transport is None:
            return None
        if info == "client_addr":
            return transport.get_extra_info("sockname")
        if info == "server_addr":
            return transport.get_extra_info("peername")
        if info in ("socket", "ssl_object"):
            return transport.get_extra_info(info)
        return None


def _wake(waiter: asyncio.Future[None] | None) -> None:
    if waiter is not None and not waiter.done():
        waiter.set_result(None)


class AsyncioNetworkBackend(httpcore.AsyncNetworkBackend):
    """Opens connections for httpcore as asyncio protocols (see the module's docstring)."""

    def __init__(self) -> None:
        self._deadlines: _Deadlines | None = None

    def _streams(self) -> Callable[[], _Stream]:
        """Makes streams for the running loop, sharing its deadline watch."""
        loop = asyncio.get_running_loop()
        deadlines = self._deadlines
        if deadlines is None or deadlines.loop is not loop:
            deadlines = self._deadlines = _Deadlines(loop)
        return functools.partial(_Stream, deadlines)

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await _opened(self._connecting(host, port, local_address), timeout, socket_options)

    async def _connecting(
        self, host: str, port: int, local_address: str | None
    ) -> tuple[asyncio.BaseTransport, asyncio.BaseProtocol]:
        loop = asyncio.get_running_loop()
        local = (local_address, 0) if local_address else None
        found = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        if len(found) == 1:
            family, _, proto, _, address = found[0]
            return await loop.create_connection(
                self._streams(),
                str(address[0]),
                int(address[1]),
                family=family,
                proto=proto,
                local_addr=local,
            )
        # Several addresses (IPv6 and IPv4, say): raced 250 ms apart, as anyio does, so
        # one that drops packets does not eat the whole connect timeout. (Only here: a
        # cancel landing as a raced attempt connects can drop that socket unclosed.)
        return await loop.create_connection(
            self._streams(), host, port, local_addr=local, happy_eyeballs_delay=0.25
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        opening = asyncio.get_running_loop().create_unix_connection(self._streams(), path)
        return await _opened(opening, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def _opened(
    opening: Awaitable[tuple[asyncio.BaseTransport, asyncio.BaseProtocol]],
    timeout: float | None,
    socket_options: Iterable[SocketOption] | None,
) -> _Stream:
    try:
        async with asyncio.timeout(timeout):
            transport, stream = await opening
    except TimeoutError as error:
        raise httpcore.ConnectTimeout("timed out connecting") from error
    except (OSError, UnicodeError) as error:  # UnicodeError: a host name IDNA refuses
        raise httpcore.ConnectError(str(error) or type(error).__name__) from error
    try:
        sock: socket.socket | None = transport.get_extra_info("socket")
        for option in socket_options or ():
            if sock is not None:
                sock.setsockopt(*option)
    except OSError as error:
        transport.close()
        raise httpcore.ConnectError(f"a socket option was refused: {error}") from error
    assert isinstance(stream, _Stream)
    return stream
