"""The suite runs with no network beyond loopback: tests/conftest.py refuses anything else,
so a test that would reach the real API fails instead of trying."""

import socket

import pytest

from iletimerkezi_async import AsyncClient, TransportError


def test_resolving_the_real_api_is_refused() -> None:
    with pytest.raises(OSError, match="loopback only"):
        socket.getaddrinfo("api.iletimerkezi.com", 443)


def test_connecting_off_the_machine_is_refused() -> None:
    with socket.socket() as sock, pytest.raises(OSError, match="loopback only"):
        sock.connect(("192.0.2.1", 443))  # TEST-NET-1: never routed anyway


async def test_a_client_left_on_the_default_base_url_cannot_reach_out() -> None:
    async with AsyncClient("key", "hash", max_retries=0) as client:
        with pytest.raises(TransportError):
            await client.get_contact(1)
