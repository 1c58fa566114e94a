"""``PooledHttpxClient``: httpx's own settings, on the client's pool, over real sockets."""

from __future__ import annotations

import asyncio
import gc
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from hostile_server import HostileServer

from iletimerkezi_async import (
    APIError,
    AsyncClient,
    PooledHttpxClient,
    TransportError,
    __version__,
)
from iletimerkezi_async.testing import FakeClock, FakeIletiMerkezi, Fault

from .conftest import assert_no_resource_warning, https_server, settle, wait_until

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


async def test_the_pool_is_kept_and_its_idle_sockets_close_unused() -> None:
    """A user's PooledHttpxClient keeps connections alive across calls and closes idle
    ones after keepalive_expiry with no further call (httpcore's own pool waits for one)."""
    fake = FakeIletiMerkezi()
    fake.generate(10)
    fake.inject(Fault.latency(0.01), 1.0)
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4, keepalive_expiry=0.3)
    async with (
        fake.serve() as base_url,
        PooledHttpxClient(limits=limits) as http,
        AsyncClient(fake.api_key, fake.api_hash, base_url=base_url, http_client=http) as client,
    ):
        for _ in range(3):
            await asyncio.gather(*(client.get_contact(i) for i in range(1, 9)))
        assert fake.stats.open_connections == 4
        await wait_until(lambda: fake.stats.open_connections == 0, 5, "idle sockets closed")
    assert fake.stats.requests == 24
    assert fake.stats.connections_opened == 4
    agent = f"iletimerkezi-async/{__version__} httpx/{httpx.__version__}"
    assert http.headers["User-Agent"] == agent


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


async def test_an_h11_error_is_a_transport_error_that_may_have_sent() -> None:
    """An error httpcore lets through from h11 (here: a Content-Length header the body
    contradicts) is still our error, and counts as sent: the head may be on the wire."""
    fake = FakeIletiMerkezi()
    async with (
        fake.serve() as base_url,
        PooledHttpxClient(headers={"Content-Length": "1"}) as http,
        AsyncClient(fake.api_key, fake.api_hash, base_url=base_url, http_client=http) as client,
    ):
        with pytest.raises(TransportError) as caught:
            await client.send_sms("905551112233", "Kodunuz: 4711", sender="APITEST")
    assert caught.value.request_sent is True
    assert caught.value.may_have_been_applied is True


async def test_a_users_follow_redirects_is_not_followed(clean_env: pytest.MonkeyPatch) -> None:
    """The hash travels in the body: a redirect must never carry it (or a write) elsewhere,
    whatever the user's client says."""
    async with HostileServer(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") as elsewhere:
        moved = f"HTTP/1.1 307 Moved\r\nLocation: {elsewhere.base_url}get-contact/json\r\n"
        async with (
            HostileServer((moved + "Content-Length: 0\r\n\r\n").encode()) as server,
            PooledHttpxClient(follow_redirects=True) as http,
            AsyncClient("k", "h", base_url=server.base_url, http_client=http) as client,
        ):
            with pytest.raises(APIError) as caught:
                await client.get_contact(7)
    assert caught.value.status_code == 307
    assert (server.requests, elsewhere.requests) == (1, 0)


async def test_closing_with_requests_pending_leaves_no_socket_open() -> None:
    """Closing a PooledHttpxClient ends the request in flight and its connection, as
    httpx's own pool does, and a request still queued for a connection never opens one."""
    fake = FakeIletiMerkezi()
    fake.generate(3)
    fake.inject(Fault.latency(0.2), 1.0)
    async with fake.serve() as base_url:
        http = PooledHttpxClient(limits=httpx.Limits(max_connections=1), base_url=base_url)
        body = b'{"request":{"authentication":{"key":"%s","hash":"%s"},"contact":{"id":"1"}}}' % (
            fake.api_key.encode(),
            fake.api_hash.encode(),
        )
        first = asyncio.ensure_future(http.post("get-contact/json", content=body))
        queued = asyncio.ensure_future(http.post("get-contact/json", content=body))
        await wait_until(lambda: fake.stats.in_flight == 1, 2, "one request in flight")
        await http.aclose()
        with pytest.raises(httpx.ReadError):
            await first
        with pytest.raises(httpx.ConnectError, match="pool is closed"):
            await queued
        await wait_until(lambda: fake.stats.open_connections == 0, 2, "the socket closed")
    assert fake.stats.connections_opened == 1
    await settle()
    assert_no_resource_warning()


# The first loop ends with its idle connection open: Python warns when it is collected.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_one_pooled_client_serves_two_event_loops_in_turn() -> None:
    """A PooledHttpxClient made at import time and used by two ``asyncio.run`` calls (as
    scripts and test suites do) works in both, and still closes idle sockets in the
    second; the first loop's connections went with it."""
    fake = FakeIletiMerkezi()
    fake.generate(2)
    http = PooledHttpxClient(limits=httpx.Limits(keepalive_expiry=0.3))

    async def lookup(contact_id: int, *, then_idle: bool) -> int:
        async with fake.serve() as base_url:
            client = AsyncClient(fake.api_key, fake.api_hash, base_url=base_url, http_client=http)
            async with client:
                contact = await client.get_contact(contact_id)
            if then_idle:
                await wait_until(lambda: fake.stats.open_connections == 0, 5, "idle socket closed")
        return contact.id

    assert asyncio.run(lookup(1, then_idle=False)) == 1
    assert asyncio.run(lookup(2, then_idle=True)) == 2
    gc.collect()  # here, where the warnings of the first loop's sockets are expected
