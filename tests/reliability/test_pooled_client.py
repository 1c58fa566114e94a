"""``PooledHttpxClient``: httpx's own settings, on the client's pool, over real sockets."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from hostile_server import HostileServer

from iletimerkezi_async import AsyncClient, PooledHttpxClient, TransportError, __version__
from iletimerkezi_async.testing import FakeClock, FakeIletiMerkezi, Fault

from .conftest import https_server

BODY = (
    b'{"response":{"status":{"code":200,"message":"OK"},"contact":{"id":7,"name":"A",'
    b'"surname":"B","email":"","gsm":"","custom_fields":[],"groups":[]}}}'
)
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"


@pytest.fixture
async def own_ca_provider(
    self_signed: tuple[Path, Path], clean_env: pytest.MonkeyPatch
) -> AsyncIterator[tuple[str, list[bytes]]]:
    """An https server whose certificate only its own CA vouches for (the system's and
    certifi's bundles do not); yields its base URL and the request heads it read."""
    heads: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                heads.append(head)
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                await reader.readexactly(length)
                writer.write(ANSWER % (len(BODY), BODY))
                await writer.drain()
        except (asyncio.IncompleteReadError, OSError, ssl.SSLError):
            pass  # the client closed the connection, or refused the handshake
        finally:
            writer.close()

    async with https_server(handle, self_signed) as base_url:
        yield base_url, heads


async def test_verify_with_its_own_ca_reaches_the_server(
    own_ca_provider: tuple[str, list[bytes]], self_signed: tuple[Path, Path]
) -> None:
    base_url, heads = own_ca_provider
    context = ssl.create_default_context(cafile=str(self_signed[0]))
    async with PooledHttpxClient(verify=context, headers={"X-Team": "sms"}) as http:
        async with AsyncClient("k", "h", base_url=base_url, http_client=http) as client:
            contacts = await asyncio.gather(*(client.get_contact(7) for _ in range(5)))
        assert not http.is_closed  # the user's client is theirs to close
    assert {contact.name for contact in contacts} == {"A"}
    assert len(heads) == 5
    assert all(b"\r\nx-team: sms\r\n" in head.lower() for head in heads)


async def test_without_its_ca_the_handshake_is_refused(
    own_ca_provider: tuple[str, list[bytes]],
) -> None:
    base_url, heads = own_ca_provider
    async with (
        PooledHttpxClient() as http,
        AsyncClient("k", "h", base_url=base_url, http_client=http, max_retries=0) as client,
    ):
        with pytest.raises(TransportError) as caught:
            await client.get_contact(7)
    assert caught.value.request_sent is False
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert heads == []


async def test_event_hooks_see_every_attempt_retries_included() -> None:
    fake = FakeIletiMerkezi()
    fake.generate(10)
    fake.script(Fault.server_error(), Fault.server_error())
    requests: list[str] = []
    responses: list[int] = []

    async def on_request(request: httpx.Request) -> None:
        requests.append(request.url.path)

    async def on_response(response: httpx.Response) -> None:
        responses.append(response.status_code)

    hooks = {"request": [on_request], "response": [on_response]}
    async with fake.serve() as base_url, PooledHttpxClient(event_hooks=hooks) as http:
        client = AsyncClient(
            fake.api_key, fake.api_hash, base_url=base_url, http_client=http, clock=FakeClock()
        )
        async with client:
            contact = await client.get_contact(1)
    assert contact == fake.contacts[1]
    assert requests == ["/v1/get-contact/json"] * 3
    assert responses == [503, 503, 200]


async def test_the_pool_is_kept_and_says_who_we_are() -> None:
    """A user's PooledHttpxClient keeps connections alive across calls, as ours does."""
    fake = FakeIletiMerkezi()
    fake.generate(10)
    fake.inject(Fault.latency(0.01), 1.0)
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
    async with (
        fake.serve() as base_url,
        PooledHttpxClient(limits=limits) as http,
        AsyncClient(fake.api_key, fake.api_hash, base_url=base_url, http_client=http) as client,
    ):
        for _ in range(3):
            await asyncio.gather(*(client.get_contact(i) for i in range(1, 9)))
    assert fake.stats.requests == 24
    assert fake.stats.connections_opened <= 4
    assert (
        http.headers["User-Agent"] == f"iletimerkezi-async/{__version__} httpx/{httpx.__version__}"
    )


async def test_more_requests_than_connections_wait_their_turn() -> None:
    """Used directly, the pool holds at most ``max_connections``; the rest queue for them,
    and a queue longer than the pool timeout is a ``PoolTimeout``."""
    fake = FakeIletiMerkezi()
    fake.generate(10)
    fake.inject(Fault.latency(0.05), 1.0)
    limits = httpx.Limits(max_connections=2)
    async with fake.serve() as base_url:
        body = b'{"request":{"authentication":{"key":"%s","hash":"%s"},"contact":{"id":"1"}}}' % (
            fake.api_key.encode(),
            fake.api_hash.encode(),
        )
        async with PooledHttpxClient(limits=limits, base_url=base_url) as http:
            answers = await asyncio.gather(
                *(http.post("get-contact/json", content=body) for _ in range(6))
            )
            assert [answer.status_code for answer in answers] == [200] * 6
            assert fake.stats.max_in_flight == 2
            with pytest.raises(httpx.PoolTimeout):
                await asyncio.gather(
                    *(
                        http.post(
                            "get-contact/json", content=body, timeout=httpx.Timeout(5, pool=0.01)
                        )
                        for _ in range(3)
                    )
                )


@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
async def test_both_backends_say_who_they_are(backend: str, clean_env: pytest.MonkeyPatch) -> None:
    import aiohttp

    library = httpx.__version__ if backend == "httpx" else aiohttp.__version__
    async with HostileServer(ANSWER % (len(BODY), BODY)) as server:
        client = AsyncClient("k", "h", base_url=server.base_url, backend=backend)
        async with client:
            await client.get_contact(7)
    line = f"\r\nuser-agent: iletimerkezi-async/{__version__} {backend}/{library}\r\n"
    assert [head.lower().count(line.encode()) for head in server.request_heads] == [1]
