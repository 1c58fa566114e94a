"""What our connection pool holds: one HTTP/1.1 connection to the provider.

Each is an httpcore connection (or, behind a proxy, an httpcore proxy pool of one) on
:class:`~.asyncio_network.AsyncioNetworkBackend`, spoken to in httpcore's own request
and response types: no httpx client, transport or model in between. They are
httpcore's public classes, so a test that mocks httpcore (respx does) still sees every
request.
"""

from __future__ import annotations

import ssl
from typing import Protocol

import httpcore
import httpx

from .asyncio_network import AsyncioNetworkBackend

__all__ = ["DirectConnection", "Exchange", "open_exchange"]


class Exchange(Protocol):
    """Sends one request at a time over one connection."""

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        """Send ``request``; the response's body is read from its stream."""
        ...

    async def aclose(self) -> None:
        """Close the connection."""
        ...


class DirectConnection:
    """One connection to ``origin``, opened on first use and opened again when it is
    no longer reusable: the server closed it, or it idled past ``keepalive_expiry``."""

    def __init__(
        self,
        origin: httpcore.Origin,
        *,
        ssl_context: ssl.SSLContext | None,
        keepalive_expiry: float,
        network: httpcore.AsyncNetworkBackend,
    ) -> None:
        self._origin = origin
        self._ssl_context = ssl_context
        self._keepalive_expiry = keepalive_expiry
        self._network = network
        self._connection: httpcore.AsyncHTTPConnection | None = None

    @property
    def ssl_context(self) -> ssl.SSLContext | None:
        """The TLS settings new connections are made with (``None`` for plain http)."""
        return self._ssl_context

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        """Send ``request``, on a new connection if the last one cannot be reused."""
        connection = self._connection
        if connection is not None and (not connection.is_idle() or connection.has_expired()):
            self._connection = None
            await connection.aclose()
            connection = None
        if connection is None:
            connection = self._connection = httpcore.AsyncHTTPConnection(
                self._origin,
                ssl_context=self._ssl_context,
                keepalive_expiry=self._keepalive_expiry,
                network_backend=self._network,
            )
        return await connection.handle_async_request(request)

    async def aclose(self) -> None:
        """Close the connection, if one is open."""
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.aclose()


def open_exchange(
    base_url: httpx.URL,
    *,
    ssl_context: ssl.SSLContext | None,
    keepalive_expiry: float,
    proxy: httpx.Proxy | None,
    network: httpcore.AsyncNetworkBackend | None = None,
) -> Exchange:
    """A new, not yet connected :class:`Exchange` to ``base_url``'s origin, through
    ``proxy`` (an http, https, socks5 or socks5h one) when one is given."""
    network = network if network is not None else AsyncioNetworkBackend()
    if proxy is None:
        origin = httpcore.Origin(base_url.raw_scheme, base_url.raw_host, _port(base_url))
        return DirectConnection(
            origin, ssl_context=ssl_context, keepalive_expiry=keepalive_expiry, network=network
        )
    url = httpcore.URL(
        scheme=proxy.url.raw_scheme,
        host=proxy.url.raw_host,
        port=proxy.url.port,
        target=proxy.url.raw_path,
    )
    if proxy.url.scheme in ("socks5", "socks5h"):
        return httpcore.AsyncSOCKSProxy(
            proxy_url=url,
            proxy_auth=proxy.raw_auth,
            ssl_context=ssl_context,
            max_connections=1,
            keepalive_expiry=keepalive_expiry,
            network_backend=network,
        )
    return httpcore.AsyncHTTPProxy(
        proxy_url=url,
        proxy_auth=proxy.raw_auth,
        proxy_headers=proxy.headers.raw,
        ssl_context=ssl_context,
        proxy_ssl_context=proxy.ssl_context,
        max_connections=1,
        keepalive_expiry=keepalive_expiry,
        network_backend=network,
    )


def _port(url: httpx.URL) -> int:
    if url.port is not None:
        return url.port
    return 443 if url.scheme == "https" else 80
