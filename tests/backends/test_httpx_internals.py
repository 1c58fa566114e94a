"""The httpx internals ``backends/httpx_internals.py`` relies on are where it expects them.

These tests read private attributes on purpose: when an httpx release moves one, they fail
here, loudly, instead of the client silently falling back to httpx's own (slower) pool.
"""

from __future__ import annotations

import httpcore
import httpx
import pytest

from iletimerkezi_async import AsyncClient, PooledHttpxClient
from iletimerkezi_async.backends.pool import LifoConnectionPool

KEY = "0123456789abcdef0123456789abcdef"
HASH = "HASH-SHOULD-NOT-LEAK-123"


def test_httpx_keeps_its_transport_and_pool_where_we_reach_them() -> None:
    client = httpx.AsyncClient()
    transport = client._transport
    assert type(transport) is httpx.AsyncHTTPTransport
    assert type(transport._pool) is httpcore.AsyncConnectionPool
    url = httpx.URL("https://api.iletimerkezi.com/v1/")
    assert client._transport_for_url(url) is transport


def test_the_default_client_sends_on_our_pool_under_httpx_transport(
    clean_env: pytest.MonkeyPatch,
) -> None:
    client = AsyncClient(KEY, HASH)
    http_client = client._backend._client  # type: ignore[attr-defined]
    assert type(http_client) is PooledHttpxClient
    assert type(http_client._transport) is httpx.AsyncHTTPTransport
    assert isinstance(http_client._transport._pool, LifoConnectionPool)
    assert http_client._transport_for_url(httpx.URL(client.base_url)) is http_client._transport


def test_every_default_client_shares_one_tls_context(clean_env: pytest.MonkeyPatch) -> None:
    """Loading the CA bundle costs about 0.1 s: it is done once per process."""
    pools = [PooledHttpxClient()._transport._pool for _ in range(3)]
    assert len({id(pool._ssl_context) for pool in pools}) == 1


def test_http2_keeps_httpx_own_pool(clean_env: pytest.MonkeyPatch) -> None:
    client = PooledHttpxClient(http2=True)  # h2 comes with the dev extra
    assert type(client._transport._pool) is httpcore.AsyncConnectionPool


def test_a_proxy_keeps_httpx_own_proxy_pool(clean_env: pytest.MonkeyPatch) -> None:
    proxied = PooledHttpxClient(proxy="http://127.0.0.1:3128")
    transport = proxied._transport_for_url(httpx.URL("https://api.iletimerkezi.com/v1/"))
    assert type(transport._pool) is httpcore.AsyncHTTPProxy  # type: ignore[attr-defined]
