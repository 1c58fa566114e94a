"""The default backend: our own connections, or httpx's client when one is needed."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterable, AsyncIterator, Mapping
from typing import cast

import httpcore
import httpx

from ..errors import ClientClosedError, DecodeError, TimeoutError, TransportError
from ..sansio import HTTPRequest
from .asyncio_network import AsyncioNetworkBackend
from .base import Answer, too_large
from .connection_pool import DEFAULT_KEEPALIVE_EXPIRY, ConnectionPool
from .connections import Exchange, ProxiedConnection, Timeouts, read_fields
from .content import ACCEPT_ENCODING, decoded, read_capped
from .environment import origin, proxy_for, tls_context
from .http11 import Http11Connection, RequestHeads
from .mocking import mocked

__all__ = ["HttpxBackend"]

# Raised before a byte of the request was written: the provider never saw it. httpx's
# for the user's own client, httpcore's for our connections.
_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
    httpx.UnsupportedProtocol,
    httpcore.ConnectError,
    httpcore.ConnectTimeout,
    httpcore.PoolTimeout,
    httpcore.ProxyError,
    httpcore.UnsupportedProtocol,
    httpcore.ConnectionNotAvailable,
)
_TIMEOUTS = (httpx.TimeoutException, httpcore.TimeoutException)
_FAILURES = (
    httpx.HTTPError,
    httpx.StreamError,
    OSError,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.ProxyError,
    httpcore.UnsupportedProtocol,
    httpcore.ConnectionNotAvailable,
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
    """The default backend: our own LIFO pool of single connections, or an httpx client.

    Our own connections live in a :class:`~.connection_pool.ConnectionPool` (see there
    for why: httpcore's pool costs more per request the more connections it holds).
    Each is our own HTTP/1.1 connection (:mod:`~.http11`) or, behind a proxy, an
    httpcore proxy pool of one (:mod:`~.connections`), on plain asyncio sockets
    (:mod:`~.asyncio_network`). A connection whose request failed or was cancelled is
    closed and replaced, never reused in an unknown state.

    An httpx client is used instead with ``client`` or ``transport`` (the user's pool,
    guarded by reading each answer in a shielded task), and while a test library has
    patched httpx or httpcore to intercept requests (respx, pytest-httpx): then an
    httpx client of ours sends them, so the mock sees every request. The caller keeps
    at most ``max_connections`` requests in flight (the client's cap does).

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
        self._timeout = timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT
        self._limit = max_response_bytes
        self._keepalive_expiry = keepalive_expiry
        self._owned = client is None
        self._shared: httpx.AsyncClient | None = client
        self._pool: ConnectionPool[Exchange] | None = None
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
        self._mocking: httpx.AsyncClient | None = None
        if self._shared is None:
            proxy = proxy_for(base_url, backend="httpx")
            self._proxy = httpx.Proxy(proxy.url) if proxy is not None else None
            # Loading the CA bundle takes ~0.1 s: once, shared by every connection.
            self._tls = tls_context() if base_url.scheme == "https" else None
            self._network = AsyncioNetworkBackend()
            self._pool = ConnectionPool(
                self._connection, max_open=max_connections, keepalive_expiry=keepalive_expiry
            )
            every = timeout or httpx.Timeout(None)
            self._timeouts = Timeouts(every.connect, every.read, every.write)
            self._limits = httpx.Limits(
                max_connections=max_connections,
                max_keepalive_connections=max_connections,
                keepalive_expiry=keepalive_expiry,
            )
            # What httpx would send besides ours (Content-Type, Accept) and the length.
            self._fixed = (
                (b"Host", base_url.netloc),
                (b"Accept-Encoding", ACCEPT_ENCODING.encode()),
                (b"Connection", b"keep-alive"),
                (b"User-Agent", f"python-httpx/{httpx.__version__}".encode()),
            )
            self._heads = RequestHeads(base_url, self._fixed)
        self._httpx_urls: dict[str, httpx.URL] = {}

    def _connection(self) -> Exchange:
        """A new, not yet connected connection for our pool."""
        if self._proxy is not None:
            return ProxiedConnection(
                self._base_url,
                self._fixed,
                proxy=self._proxy,
                ssl_context=self._tls,
                keepalive_expiry=self._keepalive_expiry,
                network=self._network,
            )
        url = self._base_url
        port = url.port if url.port is not None else (443 if url.scheme == "https" else 80)
        # The ASCII (IDNA-encoded) host, to connect to and for TLS's server name.
        host = url.raw_host.decode("ascii")
        return Http11Connection(
            host, port, self._heads, ssl_context=self._tls, network=self._network
        )

    def _mocking_client(self) -> httpx.AsyncClient:
        """An httpx client for while a test mocks httpx or httpcore: our connections
        bypass the classes such mocks patch, so requests go through this instead."""
        if self._mocking is None:
            self._mocking = httpx.AsyncClient(
                proxy=self._proxy,
                verify=self._tls if self._tls is not None else True,
                limits=self._limits,
                trust_env=False,  # the environment was read at construction
                follow_redirects=False,
            )
        return self._mocking

    async def send(self, request: HTTPRequest) -> Answer:
        """Send ``request``; map httpx and httpcore failures to our errors."""
        try:
            if self._pool is not None:
                if mocked():
                    return await self._send_shared(self._mocking_client(), request)
                return await self._send_pooled(self._pool, request)
            assert self._shared is not None
            return await self._send_shared(self._shared, request)
        except _TIMEOUTS as error:
            raise TimeoutError(
                self._message(error), request_sent=not isinstance(error, _NOT_SENT)
            ) from error
        except _FAILURES as error:
            raise TransportError(
                self._message(error), request_sent=not isinstance(error, _NOT_SENT)
            ) from error

    def _message(self, error: BaseException) -> str:
        detail = f": {error}" if str(error) else ""
        return f"{type(error).__name__} talking to {self._origin}{detail}"

    async def _send_pooled(self, pool: ConnectionPool[Exchange], request: HTTPRequest) -> Answer:
        """One of our connections, its answer read inline: no task, no shield.

        Anything but a clean finish (an error, or a cancel landing anywhere) retires
        the connection: one in an unknown state is closed and replaced, never reused.
        """
        connection = pool.take()
        try:
            status, fields, raw = await connection.exchange(request, self._timeouts)
            body = await self._read_body(status, fields, raw)
        except BaseException:
            pool.discard(connection)
            raise
        pool.give_back(connection)
        return Answer(status, fields.get(b"retry-after"), body)

    async def _read_body(
        self, status: int, fields: Mapping[bytes, str], raw: AsyncIterator[bytes]
    ) -> bytes:
        """The body from ``raw`` (as it came), decoded and within the cap; every
        iterator is closed here, not left for the loop to finalize later."""
        chunks = decoded(raw, fields.get(b"content-encoding"), status)
        try:
            return await self._read_capped(status, fields, chunks)
        finally:
            await _aclose(chunks)
            await _aclose(raw)

    async def _read_capped(
        self, status: int, fields: Mapping[bytes, str], chunks: AsyncIterable[bytes]
    ) -> bytes:
        """The (decoded) body, refused with ``DecodeError`` as soon as it passes the cap."""
        length = fields.get(b"content-length")
        if (
            length is not None
            and length.isascii()
            and length.isdigit()
            and (len(length) > 18 or int(length) > self._limit)
        ):
            raise DecodeError(too_large(status, self._limit), http_status=status)
        return await read_capped(chunks, status, self._limit)

    def _httpx_url(self, path: str) -> httpx.URL:
        url = self._httpx_urls.get(path)
        if url is None:
            url = self._httpx_urls[path] = self._base_url.join(path)
        return url

    async def _send_shared(self, client: httpx.AsyncClient, request: HTTPRequest) -> Answer:
        """The user's client or transport: httpx's own pool, protected from cancels."""
        http_request = client.build_request(
            request.method,
            self._httpx_url(request.path),
            # Only the encodings we decode (httpx would add br and zstd when installed).
            headers=(*request.headers, ("Accept-Encoding", ACCEPT_ENCODING)),
            content=request.body,
            timeout=self._timeout,
        )
        try:
            response = await client.send(http_request, stream=True)
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
        """Read the raw stream and decode it as our own connections do (the same
        errors, and no generator of httpx's left for the loop to close); the response
        is closed on the way out."""
        try:
            raw = aiter(cast(AsyncIterable[bytes], response.stream))
            fields = read_fields(response.headers.raw)
            return await self._read_body(response.status_code, fields, raw)
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        """Close our connections, all at once; a user's own client is left open."""
        if self._mocking is not None:
            await self._mocking.aclose()
        if self._pool is not None:
            await self._pool.aclose()
        elif self._owned and self._shared is not None:
            await self._shared.aclose()


async def _aclose(iterator: AsyncIterator[bytes]) -> None:
    """Close ``iterator`` if it is an async generator (a suspended one holds its frame)."""
    close = getattr(iterator, "aclose", None)
    if close is not None:
        await close()
