"""The tools users point at httpx see the default client's requests, with no code of ours.

Every test uses the default client (no ``transport=``, ``http_client=`` or ``backend=``)
against a loopback server standing in for the provider: a mock must see every request
and keep it from the server; a recorder and a tracer must see it on its way there.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import pytest
import respx
import vcr
from hostile_server import Answer, HostileServer, response
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pytest_httpx import HTTPXMock

from iletimerkezi_async import AsyncClient
from iletimerkezi_async.testing import FakeClock

KEY = "0123456789abcdef0123456789abcdef"
HASH = "HASH-SHOULD-NOT-LEAK-123"
IDS = (7, 8, 9)


def _asked(content: bytes) -> int:
    return int(json.loads(content)["request"]["contact"]["id"])


def _echo(contact_payload: Callable[[int], dict[str, Any]]) -> Answer:
    """A server's answer with the contact each request asked for."""

    async def answer(server: HostileServer, writer: asyncio.StreamWriter) -> None:
        body = json.dumps(contact_payload(_asked(server.request_bodies[-1]))).encode()
        await server.send(writer, response("200 OK", body))

    return answer


@pytest.fixture
async def provider(
    clean_env: pytest.MonkeyPatch, contact_payload: Callable[[int], dict[str, Any]]
) -> AsyncIterator[HostileServer]:
    """A keep-alive loopback server answering each get-contact with its contact."""
    async with HostileServer(_echo(contact_payload), keep_alive=True) as server:
        yield server


def _client(server: HostileServer, **options: Any) -> AsyncClient:
    return AsyncClient(KEY, HASH, base_url=server.base_url, **options)


@pytest.mark.parametrize("using", ["httpcore", "httpx"])
async def test_respx_sees_every_request(
    provider: HostileServer, using: str, contact_payload: Callable[[int], dict[str, Any]]
) -> None:
    with respx.mock(base_url=provider.base_url, using=using) as router:
        route = router.post("get-contact/json").mock(
            side_effect=lambda request: httpx.Response(
                200, json=contact_payload(_asked(request.content))
            )
        )
        async with _client(provider) as client:
            contacts = [await client.get_contact(i) for i in IDS]
    assert [contact.id for contact in contacts] == list(IDS)
    assert route.call_count == len(IDS)
    assert provider.requests == 0


async def test_pytest_httpx_sees_every_request(
    provider: HostileServer,
    httpx_mock: HTTPXMock,
    contact_payload: Callable[[int], dict[str, Any]],
) -> None:
    httpx_mock.add_callback(
        lambda request: httpx.Response(200, json=contact_payload(_asked(request.content))),
        url=f"{provider.base_url}get-contact/json",
        is_reusable=True,
    )
    async with _client(provider) as client:
        contacts = [await client.get_contact(i) for i in IDS]
    assert [contact.id for contact in contacts] == list(IDS)
    assert len(httpx_mock.get_requests()) == len(IDS)
    assert provider.requests == 0


async def test_a_patched_send_sees_every_request(
    provider: HostileServer, contact_payload: Callable[[int], dict[str, Any]]
) -> None:
    seen: list[httpx.Request] = []

    async def send(self: httpx.AsyncClient, request: httpx.Request, **_: Any) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=contact_payload(_asked(request.content)), request=request)

    with mock.patch.object(httpx.AsyncClient, "send", send):
        async with _client(provider) as client:
            contacts = [await client.get_contact(i) for i in IDS]
    assert [contact.id for contact in contacts] == list(IDS)
    assert [_asked(request.content) for request in seen] == list(IDS)
    assert provider.requests == 0


async def test_vcrpy_records_then_replays_without_the_server(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, contact_payload: Callable[[int], dict[str, Any]]
) -> None:
    cassette = str(tmp_path / "lookups.yaml")
    recorder = vcr.VCR(match_on=["method", "uri", "body"], record_mode="once")
    async with HostileServer(_echo(contact_payload), keep_alive=True) as server:
        base_url = server.base_url
        with recorder.use_cassette(cassette):
            async with AsyncClient(KEY, HASH, base_url=base_url) as client:
                recorded = [await client.get_contact(i) for i in IDS]
        assert server.requests == len(IDS)  # recording reached the server
    # The server is gone: only the cassette can answer now.
    with recorder.use_cassette(cassette) as played:
        async with AsyncClient(KEY, HASH, base_url=base_url) as client:
            replayed = [await client.get_contact(i) for i in IDS]
        assert played.play_count == len(IDS)
    assert replayed == recorded
    assert [contact.id for contact in replayed] == list(IDS)


async def test_opentelemetry_traces_every_attempt(
    clean_env: pytest.MonkeyPatch, contact_payload: Callable[[int], dict[str, Any]]
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    body = json.dumps(contact_payload(7)).encode()
    answers = iter([response("503 Service Unavailable"), response("200 OK", body)])

    async def answer(server: HostileServer, writer: Any) -> None:
        await server.send(writer, next(answers))

    instrumentor = HTTPXClientInstrumentor()
    instrumentor.instrument(tracer_provider=provider)
    try:
        async with (
            HostileServer(answer, keep_alive=True) as server,
            AsyncClient(KEY, HASH, base_url=server.base_url, clock=FakeClock()) as client,
        ):
            contact = await client.get_contact(7)
    finally:
        instrumentor.uninstrument()
    assert contact.id == 7
    spans = exporter.get_finished_spans()
    assert [(span.attributes or {}).get("http.status_code") for span in spans] == [503, 200]
    heads = [head.lower() for head in server.request_heads]
    assert len(heads) == 2
    assert all(b"\r\ntraceparent: 00-" in head for head in heads)
