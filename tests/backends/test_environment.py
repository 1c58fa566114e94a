"""Proxy and CA settings from the environment: httpx's rules, read at construction."""

from __future__ import annotations

import httpx
import pytest

from iletimerkezi_async import AsyncClient
from iletimerkezi_async.backends.environment import proxy_for

PROXY = "http://127.0.0.1:3128"
API = httpx.URL("https://api.iletimerkezi.com/v1/")


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for scheme in ("http", "https", "all", "no"):
        monkeypatch.delenv(f"{scheme}_proxy", raising=False)
        monkeypatch.delenv(f"{scheme.upper()}_PROXY", raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("no_proxy", "bypassed"),
    [
        ("", False),
        ("*", True),
        ("api.iletimerkezi.com", True),
        ("iletimerkezi.com", True),  # the domain and its subdomains
        (".iletimerkezi.com", True),  # subdomains only: api. is one
        (".api.iletimerkezi.com", False),
        ("letimerkezi.com", False),  # not a suffix on a dot
        ("example.com, api.iletimerkezi.com", True),
        ("https://api.iletimerkezi.com", True),
        ("http://api.iletimerkezi.com", False),  # another scheme
        ("https://api.iletimerkezi.com:8443", False),  # another port
    ],
)
def test_no_proxy_rules(env: pytest.MonkeyPatch, no_proxy: str, bypassed: bool) -> None:
    env.setenv("HTTPS_PROXY", PROXY)
    env.setenv("NO_PROXY", no_proxy)
    setting = proxy_for(API, backend="httpx")
    assert (setting is None) is bypassed
    # And httpx itself agrees (reads private attributes on purpose: fail loudly if moved).
    client = httpx.AsyncClient()
    assert (client._transport_for_url(API) is client._transport) is bypassed


def test_no_proxy_by_ip_and_localhost(env: pytest.MonkeyPatch) -> None:
    env.setenv("ALL_PROXY", PROXY)
    env.setenv("NO_PROXY", "10.0.0.1,::1,localhost")
    client = httpx.AsyncClient()
    for url in ("http://10.0.0.1/v1/", "http://[::1]:8080/v1/", "http://localhost/v1/"):
        assert proxy_for(httpx.URL(url), backend="httpx") is None
        assert client._transport_for_url(httpx.URL(url)) is client._transport
    assert proxy_for(httpx.URL("http://10.0.0.2/v1/"), backend="httpx") is not None


def test_the_scheme_variable_wins_over_all_proxy(env: pytest.MonkeyPatch) -> None:
    env.setenv("ALL_PROXY", "http://127.0.0.1:1")
    env.setenv("HTTPS_PROXY", PROXY)
    assert proxy_for(API, backend="aiohttp") == (PROXY, "HTTPS_PROXY")
    assert proxy_for(httpx.URL("http://example.com/"), backend="aiohttp") == (
        "http://127.0.0.1:1",
        "ALL_PROXY",
    )


def test_lower_case_wins_and_is_named(env: pytest.MonkeyPatch) -> None:
    env.setenv("HTTPS_PROXY", "http://127.0.0.1:1")
    env.setenv("https_proxy", PROXY)
    assert proxy_for(API, backend="httpx") == (PROXY, "https_proxy")


def test_a_proxy_without_a_scheme_is_http(env: pytest.MonkeyPatch) -> None:
    env.setenv("HTTPS_PROXY", "127.0.0.1:3128")
    assert proxy_for(API, backend="httpx") == (PROXY, "HTTPS_PROXY")


def test_the_proxy_password_never_shows(env: pytest.MonkeyPatch) -> None:
    env.setenv("HTTPS_PROXY", "http://user:pa55word@127.0.0.1:3128")
    setting = proxy_for(API, backend="httpx")
    assert setting is not None
    assert "pa55word" not in repr(setting)
    env.setenv("HTTPS_PROXY", "gopher://user:pa55word@127.0.0.1:3128")
    with pytest.raises(ValueError, match="HTTPS_PROXY") as caught:
        proxy_for(API, backend="httpx")
    assert "pa55word" not in str(caught.value)


def test_an_unusable_ca_file_is_refused_at_construction(
    env: pytest.MonkeyPatch, tmp_path: pytest.TempPathFactory
) -> None:
    env.delenv("SSL_CERT_DIR", raising=False)
    env.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))  # type: ignore[operator]
    with pytest.raises(ValueError, match="SSL_CERT_FILE"):
        AsyncClient("key", "hash")


@pytest.mark.parametrize("value", [0, -1.0, "5", float("nan")])
def test_keepalive_expiry_must_be_positive_seconds(value: object) -> None:
    with pytest.raises(ValueError, match="keepalive_expiry"):
        AsyncClient("key", "hash", keepalive_expiry=value)  # type: ignore[arg-type]
