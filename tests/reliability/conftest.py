"""Shared helpers for the reliability tests: clients on a real loopback socket, leak checks.

Test modules import the helpers with ``from .conftest import ...`` (as ``tests/cli`` does);
the fixtures below are found by pytest on its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import shutil
import ssl
import subprocess
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from iletimerkezi_async import AsyncClient, Contact, IletiMerkeziError
from iletimerkezi_async.sansio import RetryPolicy
from iletimerkezi_async.testing import FakeIletiMerkezi

BACKENDS = ("httpx", "aiohttp")
"""Every test that talks over a socket runs on both backends."""


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> dict[str, Callable[[], asyncio.AbstractEventLoop]]:
    """test_uvloop.py's tests run on uvloop; every other test here on asyncio's loop."""
    if item.nodeid.split("::")[0].endswith("test_uvloop.py"):
        import uvloop  # test_uvloop.py skips itself when uvloop is missing

        return {"uvloop": uvloop.new_event_loop}
    return {"asyncio": asyncio.new_event_loop}


FAST_RETRY = RetryPolicy(max_retries=6, base_delay=0.005, max_delay=0.05)
"""Six retries with millisecond backoff: chaos runs finish in seconds."""


def make_client(
    fake: FakeIletiMerkezi,
    base_url: str,
    backend: str,
    *,
    retry: RetryPolicy | None = None,
    **options: Any,
) -> AsyncClient:
    """A client with ``fake``'s credentials on ``base_url`` and millisecond backoff.

    Retries: ``max_retries`` from ``options`` (6 if not given) with ``FAST_RETRY``'s
    delays, or the whole ``retry`` policy. ``options`` go to ``AsyncClient``
    (``api_hash=``/``secret=`` override the fake's).
    """
    options.setdefault("api_key", fake.api_key)
    if "secret" not in options:
        options.setdefault("api_hash", fake.api_hash)
    max_retries = options.pop("max_retries", FAST_RETRY.max_retries)
    policy = retry or attrs.evolve(FAST_RETRY, max_retries=max_retries)
    return AsyncClient(base_url=base_url, backend=backend, retry_policy=policy, **options)


def check_results(
    fake: FakeIletiMerkezi, pairs: list[tuple[int, Contact | IletiMerkeziError]]
) -> tuple[int, list[IletiMerkeziError]]:
    """Fail on any contact that is not exactly ``fake.contacts[id]`` or any foreign error.

    Returns how many contacts were fetched and the errors (all ours).
    """
    wrong = []
    foreign = []
    errors = []
    for contact_id, result in pairs:
        if isinstance(result, Contact):
            if result != fake.contacts[contact_id]:
                wrong.append((contact_id, result))
        elif isinstance(result, IletiMerkeziError):
            errors.append(result)
        else:
            foreign.append((contact_id, result))
    assert not wrong, f"{len(wrong)} contacts came back wrong, e.g. {wrong[:3]}"
    assert not foreign, f"{len(foreign)} results are not ours, e.g. {foreign[:3]}"
    return len(pairs) - len(errors), errors


async def settle() -> None:
    """Let callbacks scheduled by closing transports run."""
    for _ in range(5):
        await asyncio.sleep(0)


@contextlib.asynccontextmanager
async def no_task_left() -> AsyncIterator[None]:
    """Fail if the block leaves a task running that was not running before it."""
    before = asyncio.all_tasks()
    yield
    await settle()
    left = {task for task in asyncio.all_tasks() - before if not task.done()}
    assert not left, f"tasks left running: {left}"


def assert_no_resource_warning() -> None:
    """Collect garbage and fail on any ``ResourceWarning`` (an unclosed socket or session)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert not leaks, leaks


async def wait_until(predicate: Callable[[], bool], within: float, what: str) -> float:
    """Poll ``predicate`` every 5 ms; return the seconds it took, fail after ``within`` seconds."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > within:
            raise AssertionError(f"not within {within}s: {what}")
        await asyncio.sleep(0.005)
    return time.monotonic() - started


async def timed(awaitable: Awaitable[Any]) -> tuple[Any, float]:
    """``(result or raised IletiMerkeziError, seconds)``: other exceptions propagate."""
    started = time.monotonic()
    try:
        result = await awaitable
    except IletiMerkeziError as error:
        result = error
    return result, time.monotonic() - started


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(autouse=True)
def _quiet_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credential, base URL or logging variables leak in from the machine."""
    for name in (
        "ILETIMERKEZI_API_KEY",
        "ILETIMERKEZI_API_HASH",
        "ILETIMERKEZI_SECRET",
        "ILETIMERKEZI_BASE_URL",
        "ILETIMERKEZI_LOG",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake() -> FakeIletiMerkezi:
    """A fake provider with contacts 1..300 in the mixed (current + legacy) shape."""
    provider = FakeIletiMerkezi(shape="mixed", seed=7)
    provider.generate(300, start_id=1)
    return provider


@pytest.fixture
async def served(fake: FakeIletiMerkezi) -> AsyncIterator[str]:
    """``fake`` on a loopback socket: its base URL."""
    async with fake.serve() as base_url:
        yield base_url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, shared_ssl_context: None) -> str:
    """``"httpx"`` and ``"aiohttp"``."""
    return str(request.param)


# -- TLS on a loopback socket ----------------------------------------------------------


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make a self-signed certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@contextlib.asynccontextmanager
async def https_server(
    handle: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]],
    certificate: tuple[Path, Path],
) -> AsyncIterator[str]:
    """A loopback https server with ``certificate`` running ``handle``; yields its base URL."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"https://127.0.0.1:{port}/v1/"
    finally:
        server.close()
        await server.wait_closed()


@pytest.fixture
async def trusted_tls_provider(
    self_signed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[str, list[int]]]:
    """An https server whose certificate the client trusts (through ``SSL_CERT_FILE``),
    answering every get-contact on a kept-alive connection; yields its base URL and
    the number of requests each connection carried."""
    monkeypatch.setenv("SSL_CERT_FILE", str(self_signed[0]))
    per_connection: list[int] = []
    body = (
        b'{"response":{"status":{"code":200,"message":"OK"},"contact":{"id":7,"name":"A",'
        b'"surname":"B","email":"","gsm":"","custom_fields":[],"groups":[]}}}'
    )
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        per_connection.append(0)
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                await reader.readexactly(length)
                per_connection[-1] += 1
                writer.write(answer % (len(body), body))
                await writer.drain()
        except (asyncio.IncompleteReadError, OSError, ssl.SSLError):
            pass  # the client closed the connection
        finally:
            writer.close()

    async with https_server(handle, self_signed) as base_url:
        yield base_url, per_connection
