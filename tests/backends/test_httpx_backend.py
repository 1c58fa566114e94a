"""The default (httpx) backend: the response size cap, timeouts, redirects, and a real socket."""

from __future__ import annotations

import asyncio
import gc
import gzip
import json
import re
import socket
import threading
import time

import httpx
import pytest

import iletimerkezi_async
from iletimerkezi_async import (
    APIError,
    AsyncClient,
    Contact,
    DecodeError,
    TransportError,
)
from iletimerkezi_async.testing import FakeClock

KEY = "0123456789abcdef0123456789abcdef"
HASH = "HASH-SHOULD-NOT-LEAK-123"


class ChunkedBody(httpx.AsyncByteStream):
    """A streamed body (no Content-Length) that records how much of it was read."""

    def __init__(self, chunks: int, size: int = 100) -> None:
        self.chunks = chunks
        self.size = size
        self.sent = 0
        self.closed = False

    async def __aiter__(self):
        for _ in range(self.chunks):
            self.sent += 1
            yield b" " * self.size

    async def aclose(self) -> None:
        self.closed = True


# -- the response size cap -----------------------------------------------------------------


async def test_body_over_the_cap_with_content_length(fast_client_factory, fake_time, route):
    route.side_effect = [httpx.Response(200, content=b"x" * 1000)] * 3
    client = fast_client_factory(max_response_bytes=100)
    with pytest.raises(DecodeError, match="max_response_bytes") as caught:
        await client.get_contact(1)
    assert caught.value.status_code == 200
    assert caught.value.contact_id == 1
    assert route.call_count == 1  # not retried
    assert fake_time.sleeps == []


async def test_body_over_the_cap_without_content_length(fast_client_factory, fake_time, route):
    bodies: list[ChunkedBody] = []

    def answer(request):
        bodies.append(ChunkedBody(chunks=10))
        response = httpx.Response(200, stream=bodies[-1])
        assert "content-length" not in response.headers
        return response

    route.side_effect = answer
    client = fast_client_factory(max_response_bytes=100)
    with pytest.raises(DecodeError, match="max_response_bytes"):
        await client.get_contact(1)
    assert route.call_count == 1
    assert len(bodies) == 1
    assert bodies[0].sent <= 2  # reading stopped at the cap, not at the end of the body
    assert fake_time.sleeps == []


async def test_body_over_the_cap_with_a_lying_content_length(fast_client_factory, route):
    route.side_effect = lambda request: httpx.Response(
        200, headers={"Content-Length": "50"}, stream=ChunkedBody(chunks=10)
    )
    client = fast_client_factory(max_response_bytes=100)
    with pytest.raises(DecodeError, match="max_response_bytes"):
        await client.get_contact(1)
    assert route.call_count == 1


async def test_cap_applies_to_the_decompressed_size(fast_client_factory, route):
    bomb = gzip.compress(b" " * 100_000)
    assert len(bomb) < 1000
    route.side_effect = [httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})]
    client = fast_client_factory(max_response_bytes=10_000)
    with pytest.raises(DecodeError, match="max_response_bytes"):
        await client.get_contact(1)
    assert route.call_count == 1


# Only a body refused by its Content-Length here: a body cut off midway is read through
# httpx's own nested stream generators, which httpx leaves for the loop to close.
@pytest.mark.parametrize("encoding", [None])
async def test_a_body_cut_off_at_the_cap_leaves_nothing_to_finalize(
    fast_client_factory, route, encoding
):
    """The body's readers are closed when reading stops early, not left suspended for
    the event loop to close later in tasks of its own."""
    body = b" " * 100_000
    headers = {}
    if encoding is not None:
        body, headers = gzip.compress(body), {"Content-Encoding": encoding}
    route.side_effect = [httpx.Response(200, content=body, headers=headers)]
    client = fast_client_factory(max_response_bytes=10_000)
    with pytest.raises(DecodeError, match="max_response_bytes"):
        await client.get_contact(1)
    gc.collect()
    await asyncio.sleep(0)  # a finalizer's task would be scheduled by now
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_body_exactly_at_the_cap_is_read(fast_client_factory, route, contact_payload):
    body = json.dumps(contact_payload(1)).encode()
    route.side_effect = lambda request: httpx.Response(200, content=body)
    at_cap = fast_client_factory(max_response_bytes=len(body))
    assert isinstance(await at_cap.get_contact(1), Contact)
    below = fast_client_factory(max_response_bytes=len(body) - 1)
    with pytest.raises(DecodeError):
        await below.get_contact(1)


async def test_gzip_answers_are_decoded(fast_client_factory, route, contact_payload):
    body = gzip.compress(json.dumps(contact_payload(1)).encode())
    route.side_effect = [httpx.Response(200, content=body, headers={"Content-Encoding": "gzip"})]
    client = fast_client_factory()
    assert (await client.get_contact(1)).id == 1


async def test_broken_content_encoding_is_a_decode_error(fast_client_factory, route):
    # A streamed body: respx would otherwise try (and fail) to decode it itself.
    route.side_effect = lambda request: httpx.Response(
        200, stream=ChunkedBody(chunks=1, size=20), headers={"Content-Encoding": "gzip"}
    )
    client = fast_client_factory()
    with pytest.raises(DecodeError, match="gzip content encoding is broken"):
        await client.get_contact(1)
    assert route.call_count == 1  # a broken answer is not asked again


# -- timeouts and redirects ----------------------------------------------------------------


async def test_default_timeouts_are_sent_with_each_request(fast_client_factory, route):
    client = fast_client_factory()
    await client.get_contact(1)
    timeout = route.calls.last.request.extensions["timeout"]
    assert timeout == {"connect": 5.0, "read": 10.0, "write": 10.0, "pool": 10.0}


async def test_a_float_timeout_applies_to_every_phase(fast_client_factory, route):
    client = fast_client_factory(timeout=3.0)
    await client.get_contact(1)
    timeout = route.calls.last.request.extensions["timeout"]
    assert timeout == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}


async def test_a_users_http_client_keeps_its_own_timeout(clean_env, route):
    async with httpx.AsyncClient(timeout=httpx.Timeout(2.5)) as own:
        async with AsyncClient(KEY, HASH, http_client=own) as client:
            await client.get_contact(1)
        timeout = route.calls.last.request.extensions["timeout"]
        assert timeout["read"] == 2.5
        async with AsyncClient(KEY, HASH, http_client=own, timeout=7.0) as client:
            await client.get_contact(1)
        assert route.calls.last.request.extensions["timeout"]["read"] == 7.0


async def test_redirects_are_not_followed(fast_client_factory, api, route):
    elsewhere = api.post("https://evil.example/steal").mock(return_value=httpx.Response(200))
    route.side_effect = [
        httpx.Response(302, headers={"Location": "https://evil.example/steal"}),
    ]
    client = fast_client_factory()
    with pytest.raises(APIError) as caught:
        await client.get_contact(1)
    assert caught.value.status_code == 302
    assert route.call_count == 1
    assert elsewhere.call_count == 0


# -- a real loopback socket (no respx) -----------------------------------------------------


class MiniProvider:
    """A tiny HTTP/1.1 keep-alive server answering get-contact; counts what it sees."""

    def __init__(self, payload, delay: float = 0.002) -> None:
        self.payload = payload
        self.delay = delay
        self.connections = 0
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.truncate_first = False
        self.close_after_answer = False  # as a server whose keep-alive timeout is short
        self.gzip_tail: bytes | None = None  # gzip the answers, then append these bytes
        self._handlers: set[asyncio.Task] = set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._handlers.add(asyncio.current_task())
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
                body = await reader.readexactly(length)
                self.requests += 1
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
                try:
                    await asyncio.sleep(self.delay)
                finally:
                    self.in_flight -= 1
                contact_id = int(json.loads(body)["request"]["contact"]["id"])
                answer = json.dumps(self.payload(contact_id)).encode()
                head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                if self.truncate_first:
                    self.truncate_first = False
                    writer.write(head + b"Content-Length: %d\r\n\r\n" % len(answer) + answer[:10])
                    await writer.drain()
                    return  # drop the connection mid-body
                if self.gzip_tail is not None:
                    answer = gzip.compress(answer) + self.gzip_tail
                    head += b"Content-Encoding: gzip\r\n"
                writer.write(head + b"Content-Length: %d\r\n\r\n" % len(answer) + answer)
                await writer.drain()
                if self.close_after_answer:
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def finish(self) -> None:
        for task in list(self._handlers):
            if task is not asyncio.current_task():
                task.cancel()
        await asyncio.gather(*self._handlers, return_exceptions=True)


@pytest.fixture
async def mini_provider(contact_payload):
    provider = MiniProvider(contact_payload)
    server = await asyncio.start_server(provider.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    provider.base_url = f"http://127.0.0.1:{port}/v1/"
    yield provider
    server.close()
    await provider.finish()
    await server.wait_closed()


async def test_real_socket_many_calls_never_hit_the_pool_timeout(clean_env, mini_provider):
    # A pool timeout of 0.2 s would fire if more requests than connections were let through.
    timeout = httpx.Timeout(5.0, pool=0.2)
    async with AsyncClient(
        KEY, HASH, base_url=mini_provider.base_url, max_concurrency=20, timeout=timeout
    ) as client:
        contacts = await asyncio.gather(*(client.get_contact(i) for i in range(400)))
    assert [contact.id for contact in contacts] == list(range(400))
    assert mini_provider.requests == 400
    assert mini_provider.max_in_flight == 20
    assert mini_provider.connections == 20  # kept alive and reused, never more


async def test_real_socket_a_connection_the_server_closed_is_not_reused(clean_env, mini_provider):
    """A kept-alive connection the server has closed since is replaced before the next
    request, not tried and failed: with retries off, every call still succeeds."""
    mini_provider.close_after_answer = True
    async with AsyncClient(
        KEY, HASH, base_url=mini_provider.base_url, max_retries=0, max_concurrency=1
    ) as client:
        for contact_id in range(3):
            assert (await client.get_contact(contact_id)).id == contact_id
            await asyncio.sleep(0.02)  # the server's close reaches the client
    assert mini_provider.requests == 3
    assert mini_provider.connections == 3


def closing_server(answer: bytes, seen: list[bytes]) -> int:
    """A server in a thread of its own (so a busy event loop cannot delay it): each
    connection gets one ``answer``, then is closed 50 ms later. Returns its port."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve_one(conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data or not data.endswith(b"}"):
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            seen.append(data)
            conn.sendall(answer)
            time.sleep(0.05)  # a short keep-alive timeout

    def accept() -> None:
        with listener:
            while True:
                conn, _ = listener.accept()
                threading.Thread(target=serve_one, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return int(listener.getsockname()[1])


async def test_a_connection_closed_while_the_loop_was_busy_is_not_reused(
    clean_env, contact_payload
):
    """The server's close reached the socket, but not yet the event loop (busy with other
    work): the next request still goes on a new connection, not into the closed one."""
    body = json.dumps(contact_payload(1)).encode()
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    seen: list[bytes] = []
    port = closing_server(answer, seen)
    async with AsyncClient(
        KEY, HASH, base_url=f"http://127.0.0.1:{port}/v1/", max_retries=0
    ) as client:
        await client.get_contact(1)
        busy_until = time.monotonic() + 0.2
        while time.monotonic() < busy_until:
            pass  # CPU-bound work on the loop (decoding, say) while the close arrives
        assert (await client.get_contact(1)).id == 1
    assert len(seen) == 2


@pytest.mark.parametrize("tail", [b"", b"junk after the gzip stream"], ids=["clean", "junk"])
async def test_real_socket_gzip_answers_keep_their_connection(clean_env, mini_provider, tail):
    """A gzip body is read to its end, so the connection is reused (not reconnected for
    every answer), and nothing is left for the loop to finalize."""
    mini_provider.gzip_tail = tail
    async with AsyncClient(
        KEY, HASH, base_url=mini_provider.base_url, max_retries=0, max_concurrency=1
    ) as client:
        for contact_id in range(3):
            assert (await client.get_contact(contact_id)).id == contact_id
        gc.collect()
        await asyncio.sleep(0)
        stray = asyncio.all_tasks() - {asyncio.current_task(), *mini_provider._handlers}
        assert not stray
    assert mini_provider.requests == 3
    assert mini_provider.connections == 1


async def test_real_socket_dropped_mid_body_is_retried(clean_env, mini_provider):
    mini_provider.truncate_first = True
    clock = FakeClock()
    async with AsyncClient(KEY, HASH, base_url=mini_provider.base_url, clock=clock) as client:
        contact = await client.get_contact(42)
    assert contact.id == 42
    assert mini_provider.requests == 2
    assert len(clock.sleeps) == 1


async def test_real_socket_read_timeout(clean_env, mini_provider):
    mini_provider.delay = 2.0
    async with AsyncClient(
        KEY, HASH, base_url=mini_provider.base_url, timeout=0.1, max_retries=0
    ) as client:
        with pytest.raises(iletimerkezi_async.TimeoutError) as caught:
            await client.get_contact(1)
    assert caught.value.request_sent is True  # the request went out; the answer did not come
    assert "ReadTimeout" in str(caught.value)


async def test_real_socket_connection_refused(clean_env):
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()  # nothing listens on this port any more
    async with AsyncClient(
        KEY, HASH, base_url=f"http://127.0.0.1:{port}/v1/", max_retries=0
    ) as client:
        with pytest.raises(TransportError) as caught:
            await client.get_contact(1)
    assert caught.value.request_sent is False  # safe to send again, even a write
    assert "ConnectError" in str(caught.value)
