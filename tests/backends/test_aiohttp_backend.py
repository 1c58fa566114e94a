"""The aiohttp backend's own settings (its behaviour on the wire is covered, beside the
httpx backend's, in tests/reliability/)."""

import pytest

from iletimerkezi_async import AsyncClient

KEY, HASH = "aiohttp-key", "aiohttp-hash"


@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_proxy_from_the_environment_like_httpx(no_proxy_env: pytest.MonkeyPatch) -> None:
    no_proxy_env.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    client = AsyncClient(KEY, HASH, backend="aiohttp")
    assert client._backend._proxy == "http://127.0.0.1:3128"


def test_no_proxy_excludes_the_host(no_proxy_env: pytest.MonkeyPatch) -> None:
    no_proxy_env.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    no_proxy_env.setenv("NO_PROXY", "api.iletimerkezi.com")
    client = AsyncClient(KEY, HASH, backend="aiohttp")
    assert client._backend._proxy is None


def test_no_proxy_by_default() -> None:
    assert AsyncClient(KEY, HASH, backend="aiohttp")._backend._proxy is None
