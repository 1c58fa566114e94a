"""``PooledHttpxClient``: an ``httpx.AsyncClient`` whose transport sends on our LIFO pool.

Every request goes through the real ``httpx.AsyncClient.send`` and the real
``httpx.AsyncHTTPTransport.handle_async_request``, so everything that hooks httpx there
(respx, pytest-httpx, vcrpy, a patched ``send``, OpenTelemetry's and other tracers' httpx
instrumentation, event hooks) sees it. Only the pool under the transport differs
(:mod:`~.pool`): httpx builds the client, its settings and its transport as usual, and the
pool is swapped in afterwards (:mod:`~.httpx_internals`). With ``http2=True`` the pool stays
httpx's (HTTP/2 multiplexes requests over one connection), and proxy mounts, from
``proxy=`` or the environment, keep httpx's proxy pools.
"""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, TypedDict, Unpack

import httpx

from .._version import __version__
from .environment import tls_context
from .httpx_internals import default_transport_pool, replace_pool
from .pool import LifoConnectionPool

if TYPE_CHECKING:
    from .httpx_internals import (
        AuthTypes,
        CertTypes,
        CookieTypes,
        HeaderTypes,
        ProxyTypes,
        QueryParamTypes,
        TimeoutTypes,
    )

__all__ = ["USER_AGENT", "HttpxOptions", "PooledHttpxClient"]

USER_AGENT = f"iletimerkezi-async/{__version__} httpx/{httpx.__version__}"
"""What the client says it is, with the HTTP library under it."""

EventHook = Callable[..., Awaitable[object]]


class PooledHttpxClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` on iletimerkezi-async's connection pool: pass one as
    ``AsyncClient(http_client=...)`` to set httpx's options and keep the pool.

    Takes httpx's own keyword arguments (``verify`` as a bool, a CA path or an
    ``ssl.SSLContext``; ``cert``; ``proxy``; ``trust_env``; ``event_hooks``; ``headers``;
    ``http2`` when ``h2`` is installed; ``limits``; ...) with httpx's defaults, except
    ``transport``: for a transport of your own, use a plain ``httpx.AsyncClient``. Requests
    through a proxy, and HTTP/2 ones, go through httpx's own pools (a proxy's CONNECT and
    HTTP/2's streams over one connection are httpcore's business).
    ``User-Agent`` is ``iletimerkezi-async/<version> httpx/<version>`` unless ``headers``
    sets one. The CA bundle of the default ``verify=True`` is loaded once per process.

    Every request goes through ``httpx.AsyncClient.send`` and
    ``httpx.AsyncHTTPTransport``, so httpx's mocking and tracing tools see it.
    """

    def __init__(self, **options: Unpack[HttpxOptions]) -> None:
        cert = options.pop("cert", None)  # into the TLS context: httpx deprecates it
        context = _ssl_context(options.get("verify", True), cert, options.get("trust_env", True))
        limits = options.get("limits") or _HTTPX_DEFAULT_LIMITS
        options["verify"] = context
        options["limits"] = limits
        super().__init__(**options)
        headers = options.get("headers")
        if headers is None or "user-agent" not in httpx.Headers(headers):
            self.headers["User-Agent"] = USER_AGENT
        self._lifo_pool: LifoConnectionPool | None = None
        if not options.get("http2", False) and default_transport_pool(self) is not None:
            self._lifo_pool = _lifo_pool(context, limits)
            replace_pool(self, self._lifo_pool)


class HttpxOptions(TypedDict, total=False):
    """``httpx.AsyncClient``'s keyword arguments, as :class:`PooledHttpxClient` takes them
    (all but ``transport``); each defaults as in httpx."""

    auth: AuthTypes | None
    params: QueryParamTypes | None
    headers: HeaderTypes | None
    cookies: CookieTypes | None
    verify: ssl.SSLContext | str | bool
    cert: CertTypes | None
    http1: bool
    http2: bool
    proxy: ProxyTypes | None
    mounts: Mapping[str, httpx.AsyncBaseTransport | None] | None
    timeout: TimeoutTypes
    follow_redirects: bool
    limits: httpx.Limits
    max_redirects: int
    event_hooks: Mapping[str, list[EventHook]] | None
    base_url: httpx.URL | str
    trust_env: bool
    default_encoding: str | Callable[[bytes], str]


_HTTPX_DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


def _lifo_pool(context: ssl.SSLContext, limits: httpx.Limits) -> LifoConnectionPool:
    """Our pool, with the client's TLS context and limits."""
    return LifoConnectionPool(
        ssl_context=context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
    )


def _ssl_context(
    verify: ssl.SSLContext | str | bool, cert: CertTypes | None, trust_env: bool
) -> ssl.SSLContext:
    """httpx's TLS context for these settings; the default one is shared per process
    (:func:`~.environment.tls_context`), any other is made for this client alone."""
    if verify is True and cert is None and trust_env:
        return tls_context()
    return httpx.create_ssl_context(verify=verify, cert=cert, trust_env=trust_env)
