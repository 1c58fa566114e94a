"""fake.transport: the in-process httpx transport, faults included."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from iletimerkezi_async import (
    Contact,
    ContactNotFoundError,
    DecodeError,
    RateLimitError,
    ServerError,
)
from iletimerkezi_async.sansio import (
    Credentials,
    build_get_contact,
    decode_get_contact,
    parse_retry_after,
)
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

BASE_URL = "https://api.iletimerkezi.com/v1/"


async def post(
    client: httpx.AsyncClient, credentials: Credentials, contact_id: int
) -> httpx.Response:
    request = build_get_contact(credentials, contact_id)
    return await client.post(request.path, content=request.body, headers=request.headers)


def decode(response: httpx.Response, contact_id: int) -> Contact:
    """What any HTTP stack does with the sans-IO layer: decode the status and body, and
    give a 429 the wait its ``Retry-After`` header asks for."""
    try:
        return decode_get_contact(response.status_code, response.content, contact_id=contact_id)
    except RateLimitError as error:
        error.retry_after = parse_retry_after(response.headers.get("retry-after"), time.time())
        raise


@pytest.fixture
async def client(fake: FakeIletiMerkezi) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=fake.transport, base_url=BASE_URL) as http:
        yield http


async def test_answers_for_any_host(fake: FakeIletiMerkezi, credentials: Credentials) -> None:
    request = build_get_contact(credentials, 3)
    async with httpx.AsyncClient(transport=fake.transport) as http:
        for base in (BASE_URL, "http://localhost:1/v1/", "https://example.test/v1/"):
            response = await http.post(base + request.path, content=request.body)
            assert decode(response, 3) == fake.contacts[3]
    assert fake.transport is fake.transport


@pytest.mark.parametrize("shape", ["current", "legacy", "mixed"])
async def test_every_contact_decodes(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials, shape: str
) -> None:
    fake.shape = shape  # type: ignore[assignment]
    for contact in fake.contacts.values():
        response = await post(client, credentials, contact.id)
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        assert decode(response, contact.id) == contact


async def test_unknown_contact(client: httpx.AsyncClient, credentials: Credentials) -> None:
    response = await post(client, credentials, 999)
    assert response.status_code == 465
    with pytest.raises(ContactNotFoundError):
        decode(response, 999)


async def test_disconnect_raises_like_a_socket(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials
) -> None:
    fake.script(Fault.disconnect())
    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        await post(client, credentials, 1)
    assert decode(await post(client, credentials, 1), 1) == fake.contacts[1]


async def test_truncate_fails_while_reading_the_body(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials
) -> None:
    fake.script(Fault.truncate())
    with pytest.raises(httpx.RemoteProtocolError, match="complete message body"):
        await post(client, credentials, 1)
    fake.script(Fault.truncate())
    request = build_get_contact(credentials, 1)
    async with client.stream("POST", request.path, content=request.body) as response:
        assert response.status_code == 200
        expected = int(response.headers["content-length"])
        chunks: list[bytes] = []

        async def read_all() -> None:
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)

        with pytest.raises(httpx.RemoteProtocolError):
            await read_all()
        assert 0 < len(b"".join(chunks)) < expected


async def test_latency_delays_the_answer(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials
) -> None:
    fake.script(Fault.latency(0.2))
    started = time.perf_counter()
    response = await post(client, credentials, 2)
    assert time.perf_counter() - started >= 0.19
    assert decode(response, 2) == fake.contacts[2]


async def test_stall_past_the_read_timeout_is_a_read_timeout(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials
) -> None:
    fake.script(Fault.stall(30))
    request = build_get_contact(credentials, 1)
    started = time.perf_counter()
    with pytest.raises(httpx.ReadTimeout):
        await client.post(request.path, content=request.body, timeout=0.1)
    assert time.perf_counter() - started < 5
    fake.script(Fault.stall(0.05))
    response = await client.post(request.path, content=request.body, timeout=1.0)
    assert decode(response, 1) == fake.contacts[1]
    assert fake.stats.in_flight == 0


async def test_server_error_rate_limit_malformed(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials
) -> None:
    fake.script(Fault.server_error(502), Fault.rate_limit("2"), Fault.malformed())
    html = await post(client, credentials, 1)
    assert html.status_code == 502
    assert html.headers["content-type"] == "text/html"
    with pytest.raises(ServerError):
        decode(html, 1)
    throttled = await post(client, credentials, 1)
    assert throttled.headers["retry-after"] == "2"
    with pytest.raises(RateLimitError) as caught:
        decode(throttled, 1)
    assert caught.value.retry_after == 2.0
    with pytest.raises(DecodeError):
        decode(await post(client, credentials, 1), 1)


async def test_stats(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials
) -> None:
    fake.script(Fault.disconnect(), Fault.server_error(), None, Fault.latency(0))
    for contact_id in (1, 1, 2, 500):
        with contextlib.suppress(httpx.RemoteProtocolError):
            await post(client, credentials, contact_id)
    stats = fake.stats
    assert stats.requests == 4
    assert stats.in_flight == 0
    assert stats.by_status == {503: 1, 200: 1, 465: 1}
    assert stats.faults == {"disconnect": 1, "server_error": 1, "latency": 1}
    assert stats.by_contact == {1: 2, 2: 1, 500: 1}
    fake.reset_stats()
    assert stats.requests == 0
    assert not stats.by_status
    assert not stats.by_contact
    assert not stats.faults


async def test_max_in_flight_under_concurrency(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials
) -> None:
    fake.inject(Fault.latency(0.05), 1.0)
    responses = await asyncio.gather(*(post(client, credentials, i) for i in range(1, 21)))
    assert all(r.status_code == 200 for r in responses)
    assert fake.stats.max_in_flight == 20
    assert fake.stats.in_flight == 0
    assert fake.stats.requests == 20


async def test_in_flight_is_released_on_cancellation(
    fake: FakeIletiMerkezi, client: httpx.AsyncClient, credentials: Credentials
) -> None:
    fake.script(Fault.stall(30))
    task = asyncio.create_task(post(client, credentials, 1))
    for _ in range(2000):
        if fake.stats.in_flight:
            break
        await asyncio.sleep(0.001)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert fake.stats.in_flight == 0


async def test_seeded_rate_is_reproducible(credentials: Credentials) -> None:
    async def outcomes(seed: int) -> list[int]:
        fake = FakeIletiMerkezi(seed=seed)
        fake.generate(5)
        fake.inject_mix({Fault.server_error(): 0.3, Fault.disconnect(): 0.2})
        seen = []
        async with httpx.AsyncClient(transport=fake.transport, base_url=BASE_URL) as http:
            for i in range(60):
                try:
                    seen.append((await post(http, credentials, i % 5 + 1)).status_code)
                except httpx.RemoteProtocolError:
                    seen.append(0)
        return seen

    first = await outcomes(11)
    assert first == await outcomes(11)
    assert first != await outcomes(12)
    assert {0, 200, 503} == set(first)
