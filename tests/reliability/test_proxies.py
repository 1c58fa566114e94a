"""Proxies from the environment, by httpx's rules, on both backends.

Honoured ones are checked through a loopback forward proxy that counts the
absolute-URI requests it relays; unusable ones must fail when the client is made.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator

import pytest

from iletimerkezi_async import AsyncClient
from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import make_client

PROXY_VARIABLES = [f"{scheme}_proxy" for scheme in ("http", "https", "all", "no")] + [
    f"{scheme}_PROXY" for scheme in ("HTTP", "HTTPS", "ALL", "NO")
]


@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


class ForwardProxy:
    """A plain-HTTP forward proxy for one request per connection; records request lines."""

    def __init__(self) -> None:
        self.request_lines: list[bytes] = []
        self.handlers: set[asyncio.Task[None]] = set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.handlers.add(asyncio.current_task())  # type: ignore[arg-type]
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            line, rest = head.split(b"\r\n", 1)
            self.request_lines.append(line)
            method, target, version = line.split(b" ")
            # "POST http://host:port/path HTTP/1.1" -> "POST /path HTTP/1.1" to host:port.
            authority, _, path = target.removeprefix(b"http://").partition(b"/")
            host, _, port = authority.rpartition(b":")
            up_reader, up_writer = await asyncio.open_connection(host.decode(), int(port))
            up_writer.write(b"%s /%s %s\r\n%s" % (method, path, version, rest))
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        except asyncio.CancelledError:
            pass  # the test is over
        finally:
            writer.close()

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()


class TunnelProxy(ForwardProxy):
    """An HTTP ``CONNECT`` proxy, as https goes through: records each ``CONNECT`` line,
    then relays bytes both ways (TLS end to end, unseen by the proxy)."""

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.handlers.add(asyncio.current_task())  # type: ignore[arg-type]
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            line = head.split(b"\r\n", 1)[0]
            self.request_lines.append(line)
            host, _, port = line.split(b" ")[1].rpartition(b":")
            up_reader, up_writer = await asyncio.open_connection(host.decode(), int(port))
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        except (asyncio.IncompleteReadError, ConnectionError, ValueError, asyncio.CancelledError):
            pass
        finally:
            writer.close()


@contextlib.asynccontextmanager
async def forward_proxy(
    kind: type[ForwardProxy] = ForwardProxy,
) -> AsyncIterator[tuple[ForwardProxy, str]]:
    proxy = kind()
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield proxy, f"http://127.0.0.1:{port}"
    finally:
        server.close()
        for handler in proxy.handlers:
            handler.cancel()
        await asyncio.gather(*proxy.handlers, return_exceptions=True)
        await server.wait_closed()


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
async def test_a_proxy_from_the_environment_is_used(
    fake: FakeIletiMerkezi,
    served: str,
    backend: str,
    variable: str,
    no_proxy_env: pytest.MonkeyPatch,
) -> None:
    async with forward_proxy() as (proxy, proxy_url):
        no_proxy_env.setenv(variable, proxy_url)
        async with make_client(fake, served, backend, max_retries=0) as client:
            assert await client.get_contact(5) == fake.contacts[5]
    assert proxy.request_lines == [f"POST {served}get-contact/json HTTP/1.1".encode()]
    assert fake.stats.requests == 1


async def test_no_proxy_bypasses_the_proxy(
    fake: FakeIletiMerkezi, served: str, backend: str, no_proxy_env: pytest.MonkeyPatch
) -> None:
    async with forward_proxy() as (proxy, proxy_url):
        no_proxy_env.setenv("HTTP_PROXY", proxy_url)
        no_proxy_env.setenv("NO_PROXY", "example.com,127.0.0.1")
        async with make_client(fake, served, backend, max_retries=0) as client:
            assert await client.get_contact(5) == fake.contacts[5]
    assert proxy.request_lines == []


async def test_https_goes_through_a_connect_tunnel(
    trusted_tls_provider: tuple[str, list[int]], backend: str, no_proxy_env: pytest.MonkeyPatch
) -> None:
    """As behind a company proxy: one tunnel, TLS inside it, kept alive for the next call."""
    base_url, per_connection = trusted_tls_provider
    async with forward_proxy(TunnelProxy) as (proxy, proxy_url):
        no_proxy_env.setenv("HTTPS_PROXY", proxy_url)
        async with AsyncClient(
            "key",
            "hash",
            base_url=base_url,
            backend=backend,
            max_concurrency=1,  # type: ignore[arg-type]
        ) as client:
            for _ in range(2):
                assert (await client.get_contact(7)).name == "A"
    authority = base_url.removeprefix("https://").split("/")[0]
    assert proxy.request_lines == [f"CONNECT {authority} HTTP/1.1".encode()]
    assert per_connection == [2]


def test_socks_without_socksio_is_refused_at_construction(
    backend: str, no_proxy_env: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("aiohttp")
    if backend == "httpx":
        with contextlib.suppress(ImportError):
            __import__("socksio")
            pytest.skip("socksio is installed here")
    no_proxy_env.setenv("ALL_PROXY", "socks5://user:s3cret@127.0.0.1:1080")
    expected = "needs the socksio package" if backend == "httpx" else "cannot use a SOCKS proxy"
    with pytest.raises(ValueError, match=expected) as caught:
        AsyncClient("key", "hash", backend=backend)  # type: ignore[arg-type]
    assert "ALL_PROXY=socks5://127.0.0.1:1080" in str(caught.value)
    assert "s3cret" not in str(caught.value)


def test_an_unknown_proxy_scheme_is_refused_at_construction(
    backend: str, no_proxy_env: pytest.MonkeyPatch
) -> None:
    no_proxy_env.setenv("https_proxy", "ftp://127.0.0.1:2121")
    with pytest.raises(ValueError, match=re.escape("https_proxy=ftp://127.0.0.1:2121")):
        AsyncClient("key", "hash", backend=backend)  # type: ignore[arg-type]


def test_a_proxy_for_another_scheme_is_not_checked(
    backend: str, no_proxy_env: pytest.MonkeyPatch
) -> None:
    """``HTTP_PROXY`` does not apply to the https API, so it cannot break the client."""
    no_proxy_env.setenv("HTTP_PROXY", "ftp://127.0.0.1:2121")
    AsyncClient("key", "hash", backend=backend)  # type: ignore[arg-type]
