"""fake.serve(): the fake on a real loopback socket, with faults on the wire."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
import pytest

from iletimerkezi_async import ContactNotFoundError, DecodeError, RateLimitError, ServerError
from iletimerkezi_async.sansio import (
    Credentials,
    build_get_contact,
    decode_get_contact,
)
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault


async def post(
    client: httpx.AsyncClient, credentials: Credentials, contact_id: int
) -> httpx.Response:
    request = build_get_contact(credentials, contact_id)
    return await client.post(request.path, content=request.body, headers=request.headers)


def decode(response: httpx.Response, contact_id: int) -> object:
    return decode_get_contact(response.status_code, response.content, contact_id=contact_id)


@pytest.fixture
async def base_url(fake: FakeIletiMerkezi) -> AsyncIterator[str]:
    async with fake.serve() as url:
        yield url


@pytest.fixture
async def client(base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=base_url) as http:
        yield http


def raw_request(credentials: Credentials, contact_id: int, extra: bytes = b"") -> bytes:
    body = build_get_contact(credentials, contact_id).body
    head = (
        b"POST /v1/get-contact/json HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n%s\r\n" % (len(body), extra)
    )
    return head + body


async def read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    return status, await reader.readexactly(length)


async def open_raw(base_url: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    url = urlsplit(base_url)
    assert url.hostname is not None
    assert url.port is not None
    return await asyncio.open_connection(url.hostname, url.port)


async def close_raw(writer: asyncio.StreamWriter) -> None:
    writer.close()
    await writer.wait_closed()


async def started(fake: FakeIletiMerkezi) -> None:
    """Return once a request is being answered (bounded: fail rather than hang)."""
    for _ in range(2000):
        if fake.stats.in_flight:
            return
        await asyncio.sleep(0.001)
    raise AssertionError("no request reached the fake")


async def test_base_url_is_loopback_with_an_ephemeral_port(base_url: str) -> None:
    url = urlsplit(base_url)
    assert url.scheme == "http"
    assert url.hostname == "127.0.0.1"
    assert url.port
    assert url.path == "/v1/"


@pytest.mark.parametrize("shape", ["current", "legacy", "mixed"])
async def test_every_contact_decodes(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials, shape: str
) -> None:
    fake.shape = shape  # type: ignore[assignment]
    for contact in fake.contacts.values():
        response = await post(client, credentials, contact.id)
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        assert decode(response, contact.id) == contact
    response = await post(client, credentials, 404)
    with pytest.raises(ContactNotFoundError):
        decode(response, 404)


async def test_keep_alive_reuses_one_connection(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials
) -> None:
    for i in range(100):
        assert (await post(client, credentials, i % 20 + 1)).status_code == 200
    assert fake.stats.connections_opened == 1
    assert fake.stats.open_connections == 1
    assert fake.stats.requests == 100


async def test_many_concurrent_connections(
    fake: FakeIletiMerkezi, base_url: str, credentials: Credentials
) -> None:
    fake.inject(Fault.latency(0.02), 1.0)
    limits = httpx.Limits(max_connections=25)
    async with httpx.AsyncClient(base_url=base_url, limits=limits) as http:
        ids = [i % 20 + 1 for i in range(100)]
        responses = await asyncio.gather(*(post(http, credentials, i) for i in ids))
    assert [decode(r, i) for r, i in zip(responses, ids, strict=True)] == [
        fake.contacts[i] for i in ids
    ]
    assert fake.stats.connections_opened == 25
    assert fake.stats.max_in_flight == 25
    assert fake.stats.in_flight == 0


async def test_pipelined_requests_are_answered_in_order(
    fake: FakeIletiMerkezi, base_url: str, credentials: Credentials
) -> None:
    reader, writer = await open_raw(base_url)
    writer.write(b"".join(raw_request(credentials, i) for i in (3, 999, 5)))
    answers = [await read_answer(reader) for _ in range(3)]
    await close_raw(writer)
    assert [status for status, _ in answers] == [200, 465, 200]
    assert decode_get_contact(*answers[0]) == fake.contacts[3]
    assert decode_get_contact(*answers[2]) == fake.contacts[5]


async def test_connection_close_is_honoured(base_url: str, credentials: Credentials) -> None:
    reader, writer = await open_raw(base_url)
    writer.write(raw_request(credentials, 1, b"Connection: close\r\n"))
    status, _ = await read_answer(reader)
    assert status == 200
    assert await reader.read() == b""  # the server closed its side
    await close_raw(writer)


async def test_protocol_error_is_400(base_url: str) -> None:
    reader, writer = await open_raw(base_url)
    writer.write(b"THIS IS NOT HTTP\r\n\r\n")
    status, body = await read_answer(reader)
    await close_raw(writer)
    assert status == 400
    assert json.loads(body)["response"]["status"]["code"] == 400


async def test_turkish_reason_phrase_goes_out_as_utf8(
    base_url: str, credentials: Credentials
) -> None:
    reader, writer = await open_raw(base_url)
    writer.write(raw_request(credentials, 999))
    head = await reader.readuntil(b"\r\n\r\n")
    await close_raw(writer)
    assert head.startswith("HTTP/1.1 465 Kişi bulunamadı.\r\n".encode())


async def test_disconnect_closes_the_socket(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials
) -> None:
    fake.script(Fault.disconnect())
    with pytest.raises(httpx.RemoteProtocolError):
        await post(client, credentials, 1)
    assert decode(await post(client, credentials, 1), 1) == fake.contacts[1]
    assert fake.stats.connections_opened == 2
    assert fake.stats.faults == {"disconnect": 1}


async def test_truncate_sends_half_the_body(
    fake: FakeIletiMerkezi, base_url: str, client: httpx.AsyncClient, credentials: Credentials
) -> None:
    fake.script(Fault.truncate())
    with pytest.raises(httpx.RemoteProtocolError):
        await post(client, credentials, 1)
    fake.script(Fault.truncate())
    reader, writer = await open_raw(base_url)
    writer.write(raw_request(credentials, 1))
    head = await reader.readuntil(b"\r\n\r\n")
    rest = await reader.read()  # up to the server's close
    await close_raw(writer)
    length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
    assert 0 < len(rest) < length


async def test_stall_trips_the_read_timeout(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials
) -> None:
    fake.script(Fault.stall(0.5))
    request = build_get_contact(credentials, 1)
    with pytest.raises(httpx.ReadTimeout):
        await client.post(request.path, content=request.body, timeout=0.1)
    fake.script(Fault.stall(0.05), Fault.latency(0.05))
    for _ in range(2):
        response = await client.post(request.path, content=request.body, timeout=2.0)
        assert decode(response, 1) == fake.contacts[1]


async def test_answer_faults_on_the_wire(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials
) -> None:
    date = "Wed, 21 Oct 2015 07:28:00 GMT"
    fake.script(
        Fault.server_error(),
        Fault.rate_limit("1"),
        Fault.rate_limit(date),
        Fault.rate_limit(None),
        Fault.malformed(),
        Fault.provider_error(402),
    )
    html = await post(client, credentials, 1)
    assert (html.status_code, html.headers["content-type"]) == (503, "text/html")
    with pytest.raises(ServerError):
        decode(html, 1)
    for expected in ("1", date, None):
        throttled = await post(client, credentials, 1)
        assert throttled.status_code == 429
        assert throttled.headers.get("retry-after") == expected
        with pytest.raises(RateLimitError):
            decode(throttled, 1)
    with pytest.raises(DecodeError):
        decode(await post(client, credentials, 1), 1)
    assert (await post(client, credentials, 1)).status_code == 402
    assert fake.stats.connections_opened == 1  # none of these answers closes the connection
    assert fake.stats.by_status == {503: 1, 429: 3, 200: 1, 402: 1}


async def test_clean_shutdown_with_idle_and_busy_connections(
    fake: FakeIletiMerkezi, credentials: Credentials
) -> None:
    async with fake.serve() as url:
        idle_reader, idle_writer = await open_raw(url)
        fake.script(Fault.stall(30))
        busy_reader, busy_writer = await open_raw(url)
        busy_writer.write(raw_request(credentials, 1))
        await started(fake)
        assert fake.stats.open_connections == 2
    assert fake.stats.open_connections == 0
    assert fake.stats.in_flight == 0
    assert await busy_reader.read() == b""
    assert await idle_reader.read() == b""
    for writer in (idle_writer, busy_writer):
        await close_raw(writer)
    with pytest.raises(OSError):  # noqa: PT011 - refused, whatever the platform calls it
        await open_raw(url)


async def test_serve_twice_and_side_by_side(
    fake: FakeIletiMerkezi, credentials: Credentials
) -> None:
    async with fake.serve() as first, fake.serve() as second:
        assert first != second
        for url in (first, second):
            async with httpx.AsyncClient(base_url=url) as http:
                assert (await post(http, credentials, 1)).status_code == 200
    async with fake.serve() as again, httpx.AsyncClient(base_url=again) as http:
        assert (await post(http, credentials, 2)).status_code == 200
    assert fake.stats.connections_opened == 3
