"""``TransportError.request_sent``: ``False`` only when the request provably never left.

Each case on a real loopback socket, on both backends; every message names the host
the client tried, never the request body.
"""

from __future__ import annotations

import contextlib
import socket
import sys
from collections.abc import Iterator

import httpx
import pytest

import iletimerkezi_async
from iletimerkezi_async import TransportError
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

from .conftest import closed_port, make_client, timed


def _origin(base_url: str) -> str:
    return base_url.removesuffix("/v1/")


async def test_a_refused_connection_was_not_sent(fake: FakeIletiMerkezi, backend: str) -> None:
    base_url = f"http://127.0.0.1:{closed_port()}/v1/"
    async with make_client(fake, base_url, backend, max_retries=0) as client:
        error, _ = await timed(client.get_contact(1))
    assert isinstance(error, TransportError)
    assert not isinstance(error, iletimerkezi_async.TimeoutError)
    assert error.request_sent is False
    assert f"talking to {_origin(base_url)}" in str(error)
    assert fake.api_hash not in str(error)


async def test_a_connection_dropped_after_the_request_may_have_been_sent(
    fake: FakeIletiMerkezi, served: str, backend: str
) -> None:
    fake.inject(Fault.disconnect(), 1.0)  # reads the whole request, then hangs up
    async with make_client(fake, served, backend, max_retries=0) as client:
        error, _ = await timed(client.get_contact(1))
    assert isinstance(error, TransportError)
    assert error.request_sent is True
    assert fake.stats.requests == 1
    assert f"talking to {_origin(served)}" in str(error)
    assert fake.api_hash not in str(error)


async def test_a_read_timeout_may_have_been_sent(
    fake: FakeIletiMerkezi, served: str, backend: str
) -> None:
    fake.inject(Fault.stall(2), 1.0)
    timeout = httpx.Timeout(0.2, connect=2)
    async with make_client(fake, served, backend, max_retries=0, timeout=timeout) as client:
        error, _ = await timed(client.get_contact(1))
    assert isinstance(error, iletimerkezi_async.TimeoutError)
    assert error.request_sent is True
    assert f"talking to {_origin(served)}" in str(error)


async def test_a_truncated_answer_was_sent(
    fake: FakeIletiMerkezi, served: str, backend: str
) -> None:
    fake.inject(Fault.truncate(), 1.0)
    async with make_client(fake, served, backend, max_retries=0) as client:
        error, _ = await timed(client.get_contact(1))
    assert isinstance(error, TransportError)
    assert error.request_sent is True


@contextlib.contextmanager
def full_backlog() -> Iterator[int]:
    """A port whose accept queue is full: a new connect hangs (Linux drops the SYN)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = []
        try:
            for _ in range(4):
                filler = socket.socket()
                filler.setblocking(False)
                filler.connect_ex(("127.0.0.1", port))
                fillers.append(filler)
            yield port
        finally:
            for filler in fillers:
                filler.close()


async def test_a_connect_timeout_was_not_sent(fake: FakeIletiMerkezi, backend: str) -> None:
    if sys.platform != "linux":
        pytest.skip("relies on Linux dropping SYNs to a full accept queue")
    with full_backlog() as port:
        base_url = f"http://127.0.0.1:{port}/v1/"
        timeout = httpx.Timeout(5, connect=0.2)
        async with make_client(fake, base_url, backend, max_retries=0, timeout=timeout) as client:
            error, _ = await timed(client.get_contact(1))
    assert isinstance(error, iletimerkezi_async.TimeoutError)
    assert error.request_sent is False
    assert f"talking to {_origin(base_url)}" in str(error)
