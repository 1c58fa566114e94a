"""The default backend, on httpx."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections.abc import AsyncGenerator
from typing import cast

import httpx

from ..errors import ClientClosedError, DecodeError, TimeoutError, TransportError
from ..sansio import HTTPRequest
from .base import Answer, too_large

__all__ = ["HttpxBackend"]


def _pool(
    size: int,
    timeout: httpx.Timeout | None,
    transport: httpx.AsyncBaseTransport | None,
    verify: ssl.SSLContext | bool = True,
) -> httpx.AsyncClient:
    # Keep-alive equal to the connection cap: a smaller keep-alive pool closes and
    # reopens sockets under steady load.
    limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
    return httpx.AsyncClient(
        transport=transport, limits=limits, timeout=timeout, follow_redirects=False, verify=verify
    )


async def _abandon(response: httpx.Response, reading: asyncio.Future[bytes]) -> None:
    """Stop reading an answer nobody waits for any more, without cancelling the close.

    httpcore's cleanup is not safe against asyncio cancellation: a cancel that lands
    while it hands the connection back to its pool leaves that connection marked busy
    for good, one fewer per such cancel. So the read is ended by shutting the socket
    down, and the task that owns the response finishes its own cleanup.
    """
    if not reading.done():
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is None:  # an in-memory transport: no httpcore pool to protect
            reading.cancel()
        else:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        await asyncio.wait([reading])
    if not reading.cancelled():
        reading.exception()  # seen here: the caller was cancelled, nobody else will look


class HttpxBackend:
    """Sends over httpx: our own connections (closed by :meth:`aclose`) or the user's client.

    Our own connections each get an httpx pool of one, made on first need and
    reused last-in first-out. httpcore's pool scans all its connections on every
    request and release, and hands two requests that arrive together the same idle
    connection (one of them then retries): a pool per connection avoids both, which
    makes high concurrency cheaper per request instead of dearer. The caller keeps
    at most ``max_connections`` requests in flight (the client's cap does).
    """

    def __init__(
        self,
        base_url: httpx.URL,
        *,
        client: httpx.AsyncClient | None,
        transport: httpx.AsyncBaseTransport | None,
        timeout: httpx.Timeout | None,
        max_connections: int,
        max_response_bytes: int,
    ) -> None:
        self._owned = client is None
        self._clients: list[httpx.AsyncClient] = []
        # The pools not in use right now; a request takes one and gives it back.
        self._free: list[httpx.AsyncClient] = []
        # Our own pools of one connection each, grown on need; else one shared pool.
        self._per_connection = client is None and transport is None
        self._grow = self._per_connection
        self._tls: ssl.SSLContext | None = None
        self._closing: set[asyncio.Task[None]] = set()
        if client is None and transport is not None:
            # A given transport is one pool (or none): splitting it cannot help.
            client = _pool(max_connections, timeout, transport)
        if client is not None:
            self._clients = [client]
            self._free = [client] * max_connections
        self._base_url = base_url
        self._urls: dict[str, httpx.URL] = {}
        self._http_timeout = timeout
        self._timeout = timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT
        self._limit = max_response_bytes

    def _take(self) -> httpx.AsyncClient:
        if self._free:
            return self._free.pop()
        if not self._grow:  # cannot happen under the caller's cap; share rather than fail
            return self._clients[0]
        if self._tls is None:
            # Loading the CA bundle takes ~0.1 s: once for all pools, verification on.
            self._tls = httpx.create_ssl_context()
        client = _pool(1, self._http_timeout, None, self._tls)
        self._clients.append(client)
        return client

    def _url(self, path: str) -> httpx.URL:
        url = self._urls.get(path)
        if url is None:
            url = self._urls[path] = self._base_url.join(path)
        return url

    def _drop(self, client: httpx.AsyncClient) -> None:
        """Retire one of our pools; it is closed in the background (we may be cancelled)."""
        self._clients.remove(client)
        closing = asyncio.ensure_future(client.aclose())
        self._closing.add(closing)
        closing.add_done_callback(self._closing.discard)

    async def send(self, request: HTTPRequest) -> Answer:
        """Send ``request``; map httpx failures to our errors."""
        client = self._take()
        keep = True
        try:
            http_request = client.build_request(
                request.method,
                self._url(request.path),
                headers=request.headers,
                content=request.body,
                timeout=self._timeout,
            )
            try:
                response = await client.send(http_request, stream=True)
            except BaseException:
                # A send that failed or was cancelled (mid-connect, say) can leave
                # httpcore's connection marked busy for good: a pool of one is then
                # useless, so it is retired and a fresh one made on next need.
                keep = not self._per_connection
                raise
            reading = asyncio.ensure_future(self._read_and_close(response))
            try:
                body = await asyncio.shield(reading)
            except asyncio.CancelledError:
                await _abandon(response, reading)
                raise
        except (httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            raise TimeoutError(
                f"{type(error).__name__} talking to the provider", request_sent=False
            ) from error
        except httpx.TimeoutException as error:
            raise TimeoutError(f"{type(error).__name__} talking to the provider") from error
        except httpx.ConnectError as error:
            raise TransportError(
                f"{type(error).__name__} talking to the provider: {error}", request_sent=False
            ) from error
        except httpx.DecodingError as error:
            raise DecodeError(
                f"the answer's content encoding is broken ({type(error).__name__})",
            ) from error
        except (httpx.HTTPError, httpx.StreamError, OSError) as error:
            detail = f": {error}" if str(error) else ""
            raise TransportError(
                f"{type(error).__name__} talking to the provider{detail}"
            ) from error
        except RuntimeError as error:
            if not client.is_closed:
                raise
            # The user's own http_client was closed under us.
            raise ClientClosedError("the http_client given to AsyncClient is closed") from error
        finally:
            if keep:
                self._free.append(client)
            else:
                self._drop(client)
        return Answer(response.status_code, response.headers.get("retry-after"), body)

    async def _read_and_close(self, response: httpx.Response) -> bytes:
        try:
            return await self._read(response)
        finally:
            await response.aclose()

    async def _read(self, response: httpx.Response) -> bytes:
        limit = self._limit
        length = response.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            raise DecodeError(
                too_large(response.status_code, limit), status_code=response.status_code
            )
        # Counted as it arrives too: Content-Length may be absent or wrong, and the
        # cap applies to the decoded (decompressed) size.
        chunks = []
        size = 0
        # Closed at once on the way out: an abandoned generator is closed later by a
        # task of its own, which outlives the request.
        stream = cast(AsyncGenerator[bytes, None], response.aiter_bytes())
        async with contextlib.aclosing(stream) as body:
            async for chunk in body:
                size += len(chunk)
                if size > limit:
                    raise DecodeError(
                        too_large(response.status_code, limit), status_code=response.status_code
                    )
                chunks.append(chunk)
        return b"".join(chunks)

    async def aclose(self) -> None:
        """Close the pools we made; a user's client is left open."""
        self._grow = False
        if self._owned:
            for client in list(self._clients):
                await client.aclose()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)
