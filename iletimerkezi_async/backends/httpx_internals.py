"""Every httpx internal this package touches, in one place.

httpx has no public hook for the connection pool under its transport, so
:class:`~.pooled_client.PooledHttpxClient` reaches two private attributes that have held
since httpx 0.18: ``AsyncClient._transport`` (the transport for URLs no proxy mount
matches) and ``AsyncHTTPTransport._pool`` (the httpcore pool the transport sends to).
pyproject pins httpx below the next minor release, and ``tests/backends/test_pinned.py``
fails loudly when either moves. If they have moved anyway, the client keeps httpx's own
pool (slower, never wrong) and logs one warning. ``pooled_client.py`` also names httpx's
argument type aliases from ``httpx._types``, for type checkers only.
"""

from __future__ import annotations

import logging

import httpcore
import httpx

__all__ = ["default_transport_pool", "replace_pool", "sends_direct"]

_log = logging.getLogger("iletimerkezi_async")


def default_transport_pool(client: httpx.AsyncClient) -> httpcore.AsyncConnectionPool | None:
    """httpcore's pool under the client's default transport, when it is one (no user
    transport, no proxy for every URL); ``None`` otherwise."""
    transport = getattr(client, "_transport", None)
    if type(transport) is not httpx.AsyncHTTPTransport:
        return None
    pool = getattr(transport, "_pool", None)
    if type(pool) is not httpcore.AsyncConnectionPool:
        _log.warning(
            "httpx %s keeps its connection pool elsewhere; using httpx's own pool",
            httpx.__version__,
        )
        return None
    return pool


def replace_pool(client: httpx.AsyncClient, pool: object) -> None:
    """Put ``pool`` under the client's default transport (checked first with
    :func:`default_transport_pool`)."""
    client._transport._pool = pool  # type: ignore[attr-defined]


def sends_direct(client: httpx.AsyncClient, url: httpx.URL) -> bool:
    """Whether requests to ``url`` go through the client's default transport (no proxy
    or other mount in between)."""
    return client._transport_for_url(url) is client._transport
