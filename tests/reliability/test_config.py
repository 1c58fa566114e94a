"""Configuration mistakes fail at construction, loudly; TLS is verified by default."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from iletimerkezi_async import AsyncClient, IletiMerkeziError, PooledHttpxClient, TransportError
from iletimerkezi_async.backends.environment import tls_context

from .conftest import BACKENDS, assert_no_resource_warning, https_server, no_task_left

KEY = "0123456789abcdef0123456789abcdef"
HASH = "f" * 64


@pytest.fixture(autouse=True)
def _fast_tls(shared_ssl_context: None) -> None:
    """Every client here builds httpx pools: share httpx's default TLS context."""


@pytest.mark.parametrize(
    "base_url",
    [
        "ftp://api.iletimerkezi.com/v1/",
        "file:///etc/passwd",
        "ws://127.0.0.1:1/v1/",
        "api.iletimerkezi.com",
        "api.iletimerkezi.com/v1/",
        "//api.iletimerkezi.com/v1/",
        "https:///v1/",
        "",
        "   ",
    ],
)
def test_base_url_must_be_http_or_https_with_a_host(base_url: str) -> None:
    for insecure in (False, True):  # the opt-in is about http, never about other schemes
        with pytest.raises(ValueError, match="base_url"):
            AsyncClient(KEY, HASH, base_url=base_url, allow_insecure_http=insecure)


@pytest.mark.parametrize(
    "base_url",
    [
        "http://example.com/v1/",
        "http://api.iletimerkezi.com/v1/",
        "HTTP://API.ILETIMERKEZI.COM/v1/",
        "http://10.0.0.5:8080/v1/",
        "http://localhost.example.com/v1/",
        "http://127.0.0.1.nip.io/v1/",
        "http://0.0.0.0:8080/v1/",
    ],
)
async def test_plain_http_to_another_host_needs_the_opt_in(base_url: str) -> None:
    with pytest.raises(ValueError, match="clear text") as caught:
        AsyncClient(KEY, HASH, base_url=base_url)
    assert "allow_insecure_http" in str(caught.value)
    assert HASH not in str(caught.value)
    async with AsyncClient(KEY, HASH, base_url=base_url, allow_insecure_http=True) as client:
        assert client.base_url.lower() == base_url.lower()


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:1/",
        "http://127.0.0.2:1/v1/",
        "http://[::1]:1/",
        "http://localhost:1/",
        "http://api.localhost:1/v1/",
    ],
)
async def test_plain_http_to_loopback_is_accepted(base_url: str) -> None:
    async with AsyncClient(KEY, HASH, base_url=base_url) as client:
        assert client.base_url == base_url


async def test_https_is_accepted_and_a_missing_slash_added() -> None:
    async with AsyncClient(KEY, HASH, base_url="https://proxy.example.com/iletimerkezi") as client:
        assert client.base_url == "https://proxy.example.com/iletimerkezi/"


@pytest.mark.parametrize(
    "credentials",
    [
        {"api_key": "", "api_hash": HASH},
        {"api_key": "   ", "api_hash": HASH},
        {"api_key": "\t\n", "api_hash": HASH},
        {"api_key": KEY, "api_hash": ""},
        {"api_key": KEY, "api_hash": "   "},
        {"api_key": KEY, "api_hash": "\n"},
        {"api_key": KEY, "secret": ""},
        {"api_key": KEY, "secret": "  "},
        {"api_key": KEY, "secret": "\t"},
        {"api_key": KEY, "api_hash": "", "secret": ""},
        {"api_key": KEY, "api_hash": " ", "secret": " "},
        {"api_key": KEY},
        {},
    ],
    ids=lambda credentials: repr(credentials).replace(KEY, "KEY").replace(HASH, "HASH"),
)
def test_empty_or_blank_credentials_fail_at_construction(credentials: dict[str, str]) -> None:
    with pytest.raises(ValueError, match=r"(?i)api_key|api_hash|secret|credentials"):
        AsyncClient(**credentials)


@pytest.mark.parametrize(
    "credentials",
    [
        {"api_key": KEY, "api_hash": HASH + "\n"},
        {"api_key": KEY, "api_hash": " " + HASH},
        {"api_key": KEY, "secret": "SECRET-WITH-NEWLINE\n"},
    ],
    ids=["hash-newline", "hash-space", "secret-newline"],
)
def test_credentials_pasted_with_whitespace_fail_without_echoing_them(
    credentials: dict[str, str],
) -> None:
    with pytest.raises(ValueError, match=r"whitespace|empty") as caught:
        AsyncClient(**credentials)
    assert HASH not in str(caught.value)
    assert "SECRET-WITH-NEWLINE" not in str(caught.value)


def test_tls_verification_is_on_by_default() -> None:
    """The default client's TLS context verifies certificates and host names."""
    client = PooledHttpxClient()
    context = tls_context()
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2
    assert client._lifo_pool is not None
    assert client._lifo_pool._ssl_context is context


# -- TLS on a socket: a self-signed certificate is refused by both backends -----------------


@pytest.fixture
async def tls_server(self_signed: tuple[Path, Path]) -> AsyncIterator[tuple[str, list[bytes]]]:
    """An https server with a self-signed certificate; yields its base URL and what it read."""
    received: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            received.append(await reader.read(65536))
        except (OSError, ssl.SSLError):
            pass  # the client refused the handshake
        finally:
            writer.close()
            with contextlib.suppress(OSError, ssl.SSLError):
                await writer.wait_closed()

    async with https_server(handle, self_signed) as base_url:
        yield base_url, received


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_self_signed_certificate_is_refused(
    tls_server: tuple[str, list[bytes]], backend: str
) -> None:
    base_url, received = tls_server
    async with no_task_left():
        async with AsyncClient(KEY, HASH, base_url=base_url, backend=backend) as client:
            with pytest.raises(IletiMerkeziError) as caught:
                await client.get_contact(1)
        await asyncio.sleep(0.05)  # let the server's handler see the refusal
    assert isinstance(caught.value, TransportError)
    assert not isinstance(caught.value, asyncio.TimeoutError)
    assert "certificate" in str(caught.value).lower() or "ssl" in str(caught.value).lower()
    assert not any(received), "the request went out over an unverified connection"
    assert_no_resource_warning()


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_trusted_certificate_carries_requests_over_tls(
    trusted_tls_provider: tuple[str, list[int]], backend: str
) -> None:
    """TLS end to end on a socket: the handshake, then several requests kept alive on it."""
    base_url, per_connection = trusted_tls_provider
    async with AsyncClient(
        KEY, HASH, base_url=base_url, backend=backend, max_concurrency=1
    ) as client:
        for _ in range(3):
            assert (await client.get_contact(7)).name == "A"
    await asyncio.sleep(0.05)  # let the server see the close
    assert per_connection == [3]
    assert_no_resource_warning()
