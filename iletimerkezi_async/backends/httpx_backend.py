"""The default backend: every request through a real ``httpx.AsyncClient.send``.

The client is a :class:`~.pooled_client.PooledHttpxClient` of ours by default, a user's
own ``http_client``, or an ``httpx.AsyncClient`` around a given ``transport``. httpx
frames, decodes and times every request; this module only reads the answer within the
size cap and turns httpx's exceptions into ours, in one place.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

import httpcore
import httpx

from ..errors import (
    ClientClosedError,
    DecodeError,
    IletiMerkeziError,
    TimeoutError,
    TransportError,
)
from ..sansio import HTTPRequest
from .base import Answer, too_large
from .environment import origin, proxy_for, tls_context
from .pool import POOLED
from .pooled_client import USER_AGENT, PooledHttpxClient

__all__ = ["HttpxBackend"]

# Raised before a byte of the request was written: the provider never saw it. (httpcore's
# too, for a user's transport that lets them through unmapped.)
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
)


class HttpxBackend:
    """Sends through an ``httpx.AsyncClient``; see the module's docstring.

    Each answer is read inline when it came from our own pool, which gives a connection
    back safely whatever cancel lands during its close, or from no socket at all (a mock,
    the fake provider). From anything else (httpx's own pool under a user's client, a
    proxy, HTTP/2, a transport wrapping one) it is read in a shielded task, since a cancel
    landing while httpcore hands a connection back leaves that connection counted as busy
    for good.

    Proxies (``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``, ``NO_PROXY``) and the CA
    bundle (``SSL_CERT_FILE``, ``SSL_CERT_DIR``) are read by httpx at construction; a
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
        keepalive_expiry: float,
    ) -> None:
        self._base_url = base_url
        self._origin = origin(base_url)
        self._timeout = timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT
        self._limit = max_response_bytes
        self._owned = client is None
        if client is None:
            client = _own_client(base_url, transport, timeout, max_connections, keepalive_expiry)
        self._client = client
        # A user's plain httpx client says python-httpx/...: then each request says who we are.
        agent = client.headers.get("user-agent", "")
        self._headers_extra = (("User-Agent", USER_AGENT),) if agent.startswith("python-") else ()
        self._urls: dict[str, httpx.URL] = {}

    async def send(self, request: HTTPRequest) -> Answer:
        """Send ``request``; map every failure to our errors, here and only here."""
        try:
            response = await self._open(request)
            if _safe_inline(response):
                return await self._read_inline(response)
            return await self._read_shielded(response)
        except IletiMerkeziError:
            raise
        except _TIMEOUTS as error:
            raise TimeoutError(
                self._message(error), request_sent=not isinstance(error, _NOT_SENT)
            ) from error
        except _FAILURES as error:
            raise TransportError(
                self._message(error), request_sent=not isinstance(error, _NOT_SENT)
            ) from error
        except Exception as error:
            # Anything else from under httpx (an h11 error httpcore let through, a user's
            # transport or hook): the request may have left, so it counts as sent.
            raise TransportError(self._message(error), request_sent=True) from error

    def _message(self, error: BaseException) -> str:
        detail = f": {error}" if str(error) else ""
        return f"{type(error).__name__} talking to {self._origin}{detail}"

    def _build(self, request: HTTPRequest) -> httpx.Request:
        url = self._urls.get(request.path)
        if url is None:
            url = self._urls[request.path] = self._base_url.join(request.path)
        return self._client.build_request(
            request.method,
            url,
            headers=(*request.headers, *self._headers_extra),
            content=request.body,
            timeout=self._timeout,
        )

    async def _open(self, request: HTTPRequest) -> httpx.Response:
        try:
            # Never a redirect, whatever the client's setting: the hash is in the body, and
            # a write sent again elsewhere could be applied twice.
            return await self._client.send(
                self._build(request), stream=True, follow_redirects=False
            )
        except RuntimeError as error:
            if not self._client.is_closed:
                raise
            # The user's own http_client was closed under us.
            raise ClientClosedError("the http_client given to AsyncClient is closed") from error

    async def _read_inline(self, response: httpx.Response) -> Answer:
        try:
            body = await self._read(response)
        finally:
            await response.aclose()
        return Answer(response.status_code, response.headers.get("retry-after"), body)

    async def _read_shielded(self, response: httpx.Response) -> Answer:
        reading = asyncio.ensure_future(self._read_and_close(response))
        reading.add_done_callback(_retrieve)
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
        """The decoded body, refused with ``DecodeError`` as soon as it passes the cap."""
        status = response.status_code
        length = response.headers.get("content-length")
        if (
            length is not None
            and length.isdigit()
            and (len(length) > 18 or int(length) > self._limit)
        ):
            raise DecodeError(too_large(status, self._limit), http_status=status)
        parts = []
        size = 0
        try:
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > self._limit:
                    raise DecodeError(too_large(status, self._limit), http_status=status)
                parts.append(chunk)
        except httpx.DecodingError as error:
            # A body that does not decompress is a bad answer, not a bad connection.
            encoding = response.headers.get("content-encoding", "")
            raise DecodeError(
                f"the answer's {encoding} content encoding is broken", http_status=status
            ) from error
        return parts[0] if len(parts) == 1 else b"".join(parts)

    async def aclose(self) -> None:
        """Close our own client and its connections; a user's own client is left open."""
        if self._owned:
            await self._client.aclose()


def _safe_inline(response: httpx.Response) -> bool:
    """Whether ``response`` can be read inline, cancels and all: it came from our pool,
    or from no socket (a mock, an in-memory transport)."""
    extensions = response.extensions
    return POOLED in extensions or "network_stream" not in extensions


def _retrieve(reading: asyncio.Future[bytes]) -> None:
    """Look at a shielded read's outcome, so that one nobody awaits any more (its caller
    was cancelled) is never reported as an exception never retrieved."""
    if not reading.cancelled():
        reading.exception()


def _own_client(
    base_url: httpx.URL,
    transport: httpx.AsyncBaseTransport | None,
    timeout: httpx.Timeout | None,
    max_connections: int,
    keepalive_expiry: float,
) -> httpx.AsyncClient:
    """The client the backend owns: ours, or a plain one around ``transport``."""
    limits = httpx.Limits(
        max_connections=max_connections,
        max_keepalive_connections=max_connections,
        keepalive_expiry=keepalive_expiry,
    )
    if transport is not None:
        return httpx.AsyncClient(
            transport=transport,
            limits=limits,
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )
    # The environment is read here, for the base URL alone, by httpx's rules: a proxy for
    # another scheme is not checked, and one that cannot work is a ValueError naming it.
    proxy = proxy_for(base_url, backend="httpx")
    return PooledHttpxClient(
        verify=tls_context(),
        proxy=proxy.url if proxy is not None else None,
        trust_env=False,
        limits=limits,
        timeout=timeout,
        follow_redirects=False,
    )


async def _abandon(response: httpx.Response, reading: asyncio.Future[bytes]) -> None:
    """Stop reading an answer nobody waits for any more, without cancelling the close.

    httpcore's cleanup is not safe against asyncio cancellation: a cancel that lands
    while it hands the connection back to its pool leaves that connection marked busy
    for good, one fewer per such cancel. So an HTTP/1.1 read is ended by shutting its
    socket down, and the task that owns the response finishes its own cleanup. An HTTP/2
    socket carries other calls' streams too: that read is left to finish in the
    background (bounded by the read timeout and the size cap), its task kept until then.
    """
    if reading.done():
        return
    if response.extensions.get("http_version") == b"HTTP/2":
        _finishing.add(reading)
        reading.add_done_callback(_finishing.discard)
        return
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if sock is None:  # no socket of httpcore's pool under it: nothing to protect
        reading.cancel()
    else:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    await asyncio.wait([reading])


# Shielded HTTP/2 reads whose caller was cancelled, kept alive until they finish.
_finishing: set[asyncio.Future[bytes]] = set()
