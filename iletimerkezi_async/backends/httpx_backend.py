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
from .connection_pool import DEFAULT_KEEPALIVE_EXPIRY, ConnectionPool
from .environment import origin, proxy_for, tls_context

__all__ = ["HttpxBackend"]

# Raised before a byte of the request was written: the provider never saw it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError)


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
    """Sends over httpx: our own LIFO pool of single httpx connections, or the user's client.

    Our own connections live in a :class:`~.connection_pool.ConnectionPool` (see there
    for why: httpcore's pool costs more per request the more connections it holds).
    A connection whose request failed or was cancelled is simply closed and replaced,
    so httpcore's cancellation-unsafe cleanup can never leave one of ours stuck. With
    ``client`` or ``transport`` there is one shared httpx pool (the user's), guarded
    by reading each answer in a shielded task. The caller keeps at most
    ``max_connections`` requests in flight (the client's cap does).

    Proxies (``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``, ``NO_PROXY``) and the CA
    bundle (``SSL_CERT_FILE``, ``SSL_CERT_DIR``) are read here, at construction: a
    setting that cannot work raises ``ValueError`` naming the variable.
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
        keepalive_expiry: float = DEFAULT_KEEPALIVE_EXPIRY,
    ) -> None:
        self._base_url = base_url
        self._origin = origin(base_url)
        self._urls: dict[str, httpx.URL] = {}
        self._timeout = timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT
        self._limit = max_response_bytes
        self._keepalive_expiry = keepalive_expiry
        self._owned = client is None
        self._shared: httpx.AsyncClient | None = client
        self._pool: ConnectionPool[httpx.AsyncHTTPTransport] | None = None
        self._proxy: str | None = None
        self._tls: ssl.SSLContext | bool = True
        if client is None and transport is not None:
            # A given transport is one pool (or none): splitting it cannot help.
            limits = httpx.Limits(
                max_connections=max_connections,
                max_keepalive_connections=max_connections,
                keepalive_expiry=keepalive_expiry,
            )
            self._shared = httpx.AsyncClient(
                transport=transport, limits=limits, timeout=timeout, follow_redirects=False
            )
        if self._shared is None:
            proxy = proxy_for(base_url, backend="httpx")
            self._proxy = proxy.url if proxy is not None else None
            # Loading the CA bundle takes ~0.1 s: once, shared by every connection.
            self._tls = tls_context() if base_url.scheme == "https" else True
            self._pool = ConnectionPool(
                self._connection, max_open=max_connections, keepalive_expiry=keepalive_expiry
            )
            # What httpx.AsyncClient would add; ours (Content-Type, Accept) win.
            self._default_headers = httpx.Headers(
                {
                    "Accept-Encoding": "gzip, deflate",
                    "Connection": "keep-alive",
                    "User-Agent": f"python-httpx/{httpx.__version__}",
                }
            )
            self._timeouts = (timeout or httpx.Timeout(None)).as_dict()

    def _connection(self) -> httpx.AsyncHTTPTransport:
        """A new single-connection transport for our pool (the environment was read already)."""
        limits = httpx.Limits(
            max_connections=1, max_keepalive_connections=1, keepalive_expiry=self._keepalive_expiry
        )
        return httpx.AsyncHTTPTransport(
            verify=self._tls, limits=limits, proxy=self._proxy, trust_env=False
        )

    def _url(self, path: str) -> httpx.URL:
        url = self._urls.get(path)
        if url is None:
            url = self._urls[path] = self._base_url.join(path)
        return url

    async def send(self, request: HTTPRequest) -> Answer:
        """Send ``request``; map httpx failures to our errors."""
        try:
            if self._pool is not None:
                return await self._send_pooled(self._pool, request)
            assert self._shared is not None
            return await self._send_shared(self._shared, request)
        except httpx.TimeoutException as error:
            raise TimeoutError(
                self._message(error), request_sent=not isinstance(error, _NOT_SENT)
            ) from error
        except httpx.DecodingError as error:
            raise DecodeError(
                f"the answer's content encoding is broken ({type(error).__name__})",
            ) from error
        except (httpx.HTTPError, httpx.StreamError, OSError) as error:
            raise TransportError(
                self._message(error), request_sent=not isinstance(error, _NOT_SENT)
            ) from error

    def _message(self, error: BaseException) -> str:
        detail = f": {error}" if str(error) else ""
        return f"{type(error).__name__} talking to {self._origin}{detail}"

    def _build(self, client: httpx.AsyncClient, request: HTTPRequest) -> httpx.Request:
        return client.build_request(
            request.method,
            self._url(request.path),
            headers=request.headers,
            content=request.body,
            timeout=self._timeout,
        )

    async def _send_pooled(
        self, pool: ConnectionPool[httpx.AsyncHTTPTransport], request: HTTPRequest
    ) -> Answer:
        """One of our connections, straight to its transport, read inline: no task, no shield.

        Anything but a clean finish (an error, or a cancel landing anywhere, even in
        httpcore's hand-back) retires the connection: a pool of one in an unknown
        state is closed and replaced rather than reused.
        """
        headers = self._default_headers.copy()
        headers.update(request.headers)
        http_request = httpx.Request(
            request.method,
            self._url(request.path),
            headers=headers,
            content=request.body,
            extensions={"timeout": self._timeouts},
        )
        transport = pool.take()
        try:
            response = await transport.handle_async_request(http_request)
            response.request = http_request
            try:
                body = await self._read(response)
            finally:
                await response.aclose()
        except BaseException:
            pool.discard(transport)
            raise
        pool.give_back(transport)
        return Answer(response.status_code, response.headers.get("retry-after"), body)

    async def _send_shared(self, client: httpx.AsyncClient, request: HTTPRequest) -> Answer:
        """The user's client or transport: httpx's own pool, protected from cancels."""
        try:
            response = await client.send(self._build(client, request), stream=True)
        except RuntimeError as error:
            if not client.is_closed:
                raise
            # The user's own http_client was closed under us.
            raise ClientClosedError("the http_client given to AsyncClient is closed") from error
        reading = asyncio.ensure_future(self._read_and_close(response))
        try:
            body = await asyncio.shield(reading)
        except asyncio.CancelledError:
            await _abandon(response, reading)
            raise
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
        if length is not None and "content-encoding" not in response.headers:
            # On a socket h11 reads exactly Content-Length bytes, so this stays within
            # the cap; the check after is for transports that do not frame the body.
            content = await response.aread()
            if len(content) > limit:
                raise DecodeError(
                    too_large(response.status_code, limit), status_code=response.status_code
                )
            return content
        # Counted as it arrives: Content-Length may be absent, and the cap applies to
        # the decoded (decompressed) size.
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
        """Close our connections, all at once; a user's own client is left open."""
        if self._pool is not None:
            await self._pool.aclose()
        elif self._owned and self._shared is not None:
            await self._shared.aclose()
