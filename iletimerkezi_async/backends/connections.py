"""What our connection pool holds: one connection to the provider, one request at a time.

Two kinds share one interface, :class:`Exchange`: our own HTTP/1.1 connection
(:class:`~.http11.Http11Connection`) for a direct connection, and, behind a proxy,
:class:`ProxiedConnection`, an httpcore proxy pool of one (httpcore speaks the
CONNECT and SOCKS handshakes).
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncGenerator, AsyncIterator, Iterable
from typing import NamedTuple, Protocol

import httpcore
import httpx

from ..sansio import HTTPRequest

__all__ = ["Exchange", "Incoming", "ProxiedConnection", "Timeouts", "read_fields"]


class Timeouts(NamedTuple):
    """Seconds allowed to connect (TLS included), for each wait on a read, and on a write."""

    connect: float | None
    read: float | None
    write: float | None


class Incoming(NamedTuple):
    """An answer as it starts to arrive: the status, the fields we read by their
    lower-case names (repeats joined with ``", "``) and the body, still content-encoded.

    The body must be read to its end (or the connection discarded) before the next
    request on the same connection.
    """

    status: int
    fields: dict[bytes, str]
    body: AsyncIterator[bytes]


class Exchange(Protocol):
    """Sends one request at a time over one connection."""

    async def exchange(self, request: HTTPRequest, timeouts: Timeouts) -> Incoming:
        """Send ``request`` and read the answer up to its body."""
        ...

    async def aclose(self) -> None:
        """Close the connection."""
        ...


_READ_BY = frozenset((b"content-length", b"content-encoding", b"retry-after"))


def read_fields(headers: Iterable[tuple[bytes, bytes]]) -> dict[bytes, str]:
    """The header fields an answer is read by, by lower-case name; repeats joined
    with ``", "`` as HTTP reads them."""
    fields: dict[bytes, str] = {}
    for name, value in headers:
        key = name.lower()
        if key in _READ_BY:
            text = value.decode("latin-1")
            fields[key] = f"{fields[key]}, {text}" if key in fields else text
    return fields


class ProxiedConnection:
    """A connection through ``proxy`` (http, https, socks5 or socks5h), as an httpcore
    proxy pool of one; requests to it are built as httpcore requests."""

    def __init__(
        self,
        base_url: httpx.URL,
        fixed: tuple[tuple[bytes, bytes], ...],
        *,
        proxy: httpx.Proxy,
        ssl_context: ssl.SSLContext | None,
        keepalive_expiry: float,
        network: httpcore.AsyncNetworkBackend,
    ) -> None:
        self._base_url = base_url
        self._fixed = fixed
        self._urls: dict[str, httpcore.URL] = {}
        url = httpcore.URL(
            scheme=proxy.url.raw_scheme,
            host=proxy.url.raw_host,
            port=proxy.url.port,
            target=proxy.url.raw_path,
        )
        self._pool: httpcore.AsyncSOCKSProxy | httpcore.AsyncHTTPProxy
        if proxy.url.scheme in ("socks5", "socks5h"):
            self._pool = httpcore.AsyncSOCKSProxy(
                proxy_url=url,
                proxy_auth=proxy.raw_auth,
                ssl_context=ssl_context,
                max_connections=1,
                keepalive_expiry=keepalive_expiry,
                network_backend=network,
            )
        else:
            self._pool = httpcore.AsyncHTTPProxy(
                proxy_url=url,
                proxy_auth=proxy.raw_auth,
                proxy_headers=proxy.headers.raw,
                ssl_context=ssl_context,
                proxy_ssl_context=proxy.ssl_context,
                max_connections=1,
                keepalive_expiry=keepalive_expiry,
                network_backend=network,
            )

    def _url(self, path: str) -> httpcore.URL:
        url = self._urls.get(path)
        if url is None:
            full = self._base_url.join(path)
            url = self._urls[path] = httpcore.URL(
                scheme=full.raw_scheme, host=full.raw_host, port=full.port, target=full.raw_path
            )
        return url

    async def exchange(self, request: HTTPRequest, timeouts: Timeouts) -> Incoming:
        """Send ``request`` through the proxy; the body is read from the answer's stream."""
        headers = [
            *self._fixed,
            *((name.encode(), value.encode()) for name, value in request.headers),
            (b"Content-Length", str(len(request.body)).encode()),
        ]
        extensions = {
            "timeout": {
                "connect": timeouts.connect,
                "read": timeouts.read,
                "write": timeouts.write,
                "pool": None,
            }
        }
        response = await self._pool.handle_async_request(
            httpcore.Request(
                request.method,
                self._url(request.path),
                headers=headers,
                content=request.body,
                extensions=extensions,
            )
        )
        return Incoming(response.status, read_fields(response.headers), _body(response))

    async def aclose(self) -> None:
        """Close the connection to the proxy, if one is open."""
        await self._pool.aclose()


async def _body(response: httpcore.Response) -> AsyncGenerator[bytes, None]:
    """The response's body; closing this closes the response (and its stream's
    own iterator, rather than leaving that to the loop's finalizer)."""
    stream = aiter(response.stream)  # type: ignore[arg-type]
    try:
        async for chunk in stream:
            yield chunk
    finally:
        close = getattr(stream, "aclose", None)
        if close is not None:
            await close()
        await response.aclose()
