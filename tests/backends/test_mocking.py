"""While a test library mocks httpx, the default client's requests go where it sees them;
when it stops, they go back to the client's own connections."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
import respx
from hostile_server import HostileServer, response

from iletimerkezi_async import AsyncClient


@pytest.fixture
def contact(contact_payload: Callable[[int], dict[str, Any]]) -> dict[str, Any]:
    """The get-contact answer for id 7, from the mock and from the server alike."""
    return contact_payload(7)


@pytest.fixture
async def server(contact: dict[str, Any]) -> AsyncIterator[HostileServer]:
    answer = response("200 OK", json.dumps(contact).encode())
    async with HostileServer(answer, keep_alive=True) as server:
        yield server


def client_for(server: HostileServer) -> AsyncClient:
    return AsyncClient(
        "0123456789abcdef0123456789abcdef",
        "HASH-1234567890",
        base_url=server.base_url,
        max_retries=0,
    )


async def test_respx_sees_requests_only_while_it_is_active(
    clean_env, server: HostileServer, contact: dict[str, Any]
) -> None:
    async with client_for(server) as client:
        with respx.mock(base_url=server.base_url) as mock:
            route = mock.post("get-contact/json").respond(json=contact)
            assert (await client.get_contact(7)).id == 7
        assert route.call_count == 1
        assert server.requests == 0  # the mock answered
        assert (await client.get_contact(7)).id == 7  # and now our own connection does
    assert server.requests == 1


async def test_respx_using_httpx_sees_requests(clean_env, server, contact) -> None:
    async with client_for(server) as client:
        with respx.mock(base_url=server.base_url, using="httpx") as mock:
            route = mock.post("get-contact/json").respond(json=contact)
            assert (await client.get_contact(7)).id == 7
    assert route.call_count == 1
    # Through httpx's client, only the encodings we decode are asked for.
    assert route.calls.last.request.headers["Accept-Encoding"] == "gzip, deflate"
    assert server.requests == 0


async def test_a_patched_httpx_transport_sees_requests(
    clean_env, server, contact, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As pytest-httpx mocks: it replaces the transport's ``handle_async_request``."""
    seen: list[httpx.Request] = []

    async def answer(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=contact)

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", answer)
    async with client_for(server) as client:
        assert (await client.get_contact(7)).id == 7
    assert [request.url.path for request in seen] == ["/v1/get-contact/json"]
    assert server.requests == 0
