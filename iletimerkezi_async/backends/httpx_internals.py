"""Every httpx internal this package touches, in one place.

httpx has no public hook for the connection pool under its transport, so
:class:`~.pooled_client.PooledHttpxClient` reaches two private attributes that have held
since httpx 0.18: ``AsyncClient._transport`` (the transport for URLs no proxy mount
matches) and ``AsyncHTTPTransport._pool`` (the httpcore pool the transport sends to).
pyproject pins httpx below the next minor release, and
``tests/backends/test_httpx_internals.py`` fails loudly when either moves. If they have
moved anyway, each new client keeps httpx's own pool (slower, never wrong) and logs a
warning. httpx's type aliases for its arguments come from ``httpx._types``, for type
checkers only.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import httpcore
import httpx

if TYPE_CHECKING:
    # Re-exported, for pooled_client's annotations.
    from httpx._types import AuthTypes as AuthTypes
    from httpx._types import CertTypes as CertTypes
    from httpx._types import CookieTypes as CookieTypes
    from httpx._types import HeaderTypes as HeaderTypes
    from httpx._types import ProxyTypes as ProxyTypes
    from httpx._types import QueryParamTypes as QueryParamTypes
    from httpx._types import TimeoutTypes as TimeoutTypes

__all__ = ["default_transport_pool", "replace_pool"]

_log = logging.getLogger("iletimerkezi_async")


def default_transport_pool(client: httpx.AsyncClient) -> httpcore.AsyncConnectionPool | None:
    """httpcore's pool under the client's default transport (the one for URLs no mount
    matches), when it is httpx's own; ``None`` otherwise (a transport of the user's)."""
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
