"""Fixtures for the client tests: a mocked provider, a fake clock, a counting transport.

Only fixtures live here (no helpers imported by test modules), so other conftest files
in sub-directories cannot shadow anything a test imports.
"""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import json
import os
import socket
import ssl
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
import respx
from hypothesis import settings

from iletimerkezi_async import AsyncClient
from iletimerkezi_async.testing import FakeClock

# These machines are noisy: no per-example deadline. In CI, derandomized examples so a
# run is repeatable; the long fuzz run (`make fuzz`) explores at random.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


def _is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def _loopback_only() -> Iterator[None]:
    """No test may reach the real API or any address off this machine: refuse, loudly."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback(host):
            raise OSError(f"tests must not resolve {host!r}: loopback only")
        return real_getaddrinfo(host, *args, **kwargs)

    def check(address: Any) -> None:
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            raise OSError(f"tests must not connect to {address!r}: loopback only")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", getaddrinfo)
        patch.setattr(socket.socket, "connect", connect)
        patch.setattr(socket.socket, "connect_ex", connect_ex)
        yield


API_BASE = "https://api.iletimerkezi.com/v1/"
CREDENTIAL_VARS = ("ILETIMERKEZI_API_KEY", "ILETIMERKEZI_API_HASH", "ILETIMERKEZI_SECRET")


def _contact_payload(contact_id: int) -> dict[str, Any]:
    return {
        "response": {
            "status": {"code": 200, "message": "İşlem başarılı"},
            "contact": {
                "id": contact_id,
                "name": "Ayşe",
                "surname": "Yılmaz",
                "email": "ayse@example.com",
                "gsm": "905057023100",
                "custom_fields": [{"id": 2, "value": "cip cip"}],
                "groups": [12, 7],
            },
        }
    }


_BODY_BEFORE_ID, _BODY_AFTER_ID = (
    json.dumps(_contact_payload(123456789), ensure_ascii=False).encode().split(b"123456789")
)


def _requested_id(request: httpx.Request) -> int:
    return int(json.loads(request.content)["request"]["contact"]["id"])


def _answer(contact_id: int) -> httpx.Response:
    body = b"%s%d%s" % (_BODY_BEFORE_ID, contact_id, _BODY_AFTER_ID)
    return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})


def _answer_with_contact(request: httpx.Request) -> httpx.Response:
    return _answer(_requested_id(request))


class CountingTransport(httpx.AsyncBaseTransport):
    """Answers every get-contact with its contact and counts requests in flight.

    ``delay`` is awaited before answering; with ``gate``, requests wait until it is set.
    """

    def __init__(self, delay: float = 0.0, gate: asyncio.Event | None = None) -> None:
        self.delay = delay
        self.gate = gate
        self.in_flight = 0
        self.max_in_flight = 0
        self.requests = 0
        self.cancelled = 0
        self.ids: list[int] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.requests += 1
        try:
            contact_id = _requested_id(request)
            self.ids.append(contact_id)
            response = _answer(contact_id)
            await asyncio.sleep(self.delay)  # with 0, still yields to the loop once
            if self.gate is not None:
                await self.gate.wait()
            return response
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.in_flight -= 1

    async def wait_for_in_flight(self, count: int) -> None:
        """Let the loop run until ``count`` requests are in flight (fails after ~2 s)."""
        for _ in range(2000):
            if self.in_flight >= count:
                return
            await asyncio.sleep(0.001)
        raise AssertionError(f"{self.in_flight} requests in flight, expected {count}")


_ssl_contexts: list[ssl.SSLContext] = []


@pytest.fixture
def shared_ssl_context(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build httpx's default TLS context once per session instead of once per client.

    Loading the CA bundle costs ~0.1 s per ``httpx.AsyncClient``; the context is the same.
    """
    from httpx._transports import default

    real = default.create_ssl_context

    def cached(verify: Any = True, cert: Any = None, trust_env: bool = True) -> ssl.SSLContext:
        if verify is not True or cert is not None:
            return real(verify=verify, cert=cert, trust_env=trust_env)
        if not _ssl_contexts:
            _ssl_contexts.append(real(verify=True, trust_env=trust_env))
        return _ssl_contexts[0]

    monkeypatch.setattr(default, "create_ssl_context", cached)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, shared_ssl_context: None) -> pytest.MonkeyPatch:
    """No credential or logging variables leak in from the machine running the tests.

    (Also makes client construction cheap: see ``shared_ssl_context``.)
    """
    for name in (*CREDENTIAL_VARS, "ILETIMERKEZI_LOG"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def contact_payload() -> Callable[[int], dict[str, Any]]:
    """``contact_payload(id)``: the JSON of a 200 get-contact answer for ``id``."""
    return _contact_payload


@pytest.fixture
def fake_time() -> FakeClock:
    """The testing kit's clock, frozen: ``fake_time.sleeps`` lists the client's backoffs."""
    clock = FakeClock()
    clock.freeze(datetime.datetime.fromtimestamp(1_700_000_000, datetime.UTC))  # whole seconds
    return clock


@pytest.fixture
def counting_transport() -> type[CountingTransport]:
    """The :class:`CountingTransport` class: ``counting_transport(delay=0.001)``."""
    return CountingTransport


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    """respx mocking the provider; unmatched requests fail the test."""
    with respx.mock(base_url=API_BASE, assert_all_called=False) as router:
        yield router


@pytest.fixture
def route(api: respx.MockRouter) -> respx.Route:
    """``POST get-contact/json``; by default answers each id with its contact."""
    return api.post("get-contact/json", name="get_contact").mock(side_effect=_answer_with_contact)


@pytest.fixture
async def fast_client_factory(
    clean_env: pytest.MonkeyPatch, fake_time: FakeClock
) -> AsyncIterator[Callable[..., AsyncClient]]:
    """Build clients whose retries sleep on ``fake_time`` (jitter 0); closed at teardown.

    Defaults: ``api_key="0123...cdef"``, ``api_hash="HASH-SHOULD-NOT-LEAK-123"``,
    ``clock=fake_time``.
    """
    clients: list[AsyncClient] = []

    def make(**options: Any) -> AsyncClient:
        options.setdefault("api_key", "0123456789abcdef0123456789abcdef")
        if "secret" not in options:
            options.setdefault("api_hash", "HASH-SHOULD-NOT-LEAK-123")
        options.setdefault("clock", fake_time)
        client = AsyncClient(**options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis for this worker's tests: ``REDIS_URL``'s, or a ``redis-server`` of its own
    on a free loopback port (skips, saying how to run, when there is neither)."""
    from redis_server import redis_server

    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def redis_prefix() -> str:
    """A key prefix of this test's own: tests (and a shared ``REDIS_URL``) never collide."""
    return f"iletimerkezi-test:{uuid.uuid4().hex}:"


@pytest.fixture
async def redis_client(redis_url: str, redis_prefix: str) -> AsyncIterator[Any]:
    """A ``redis.asyncio`` client on ``redis_url``; the test's keys are deleted after it."""
    import redis.asyncio

    client = redis.asyncio.from_url(redis_url)
    try:
        yield client
    finally:
        async for key in client.scan_iter(match=redis_prefix + "*"):
            await client.delete(key)
        await client.aclose()
