"""Our own HTTP/1.1 connection: the parser on its own, then the client on a loopback
server that answers with exactly the bytes each test gives."""

from __future__ import annotations

import asyncio
import gc
import gzip
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable

import httpcore
import httpx
import pytest
import respx
from hypothesis import given
from hypothesis import strategies as st

import iletimerkezi_async
from iletimerkezi_async import AsyncClient, DecodeError, TransportError
from iletimerkezi_async.backends.http11 import (
    ChunkedReader,
    RequestHeads,
    body_length,
    encode_head,
    parse_head,
)
from iletimerkezi_async.sansio import HTTPRequest

KEY = "0123456789abcdef0123456789abcdef"
HASH = "HASH-SHOULD-NOT-LEAK-123"
CONTACT = {
    "response": {
        "status": {"code": 200, "message": "OK"},
        "contact": {"id": 7, "name": "Çağrı", "surname": "Y", "gsm": "+905551112233"},
    }
}
BODY = json.dumps(CONTACT).encode()


# -- the answer's head -----------------------------------------------------------------------


def test_a_head_is_read_by_its_status_and_the_fields_that_matter() -> None:
    head = parse_head(
        b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nX-Other: 1\r\n"
        b"content-encoding: gzip\r\nContent-Encoding: identity"
    )
    assert head.status == 429
    assert head.fields == {b"retry-after": "3", b"content-encoding": "gzip, identity"}
    assert head.keep_alive


@pytest.mark.parametrize(
    ("head", "keep_alive"),
    [
        (b"HTTP/1.1 200 OK", True),
        (b"HTTP/1.1 200 OK\r\nConnection: keep-alive", True),
        (b"HTTP/1.1 200 OK\r\nConnection: Upgrade, CLOSE", False),
        (b"HTTP/1.0 200 OK", False),
        (b"HTTP/1.0 200 OK\r\nConnection: keep-alive", False),
        (b"HTTP/1.1 200", True),  # no reason phrase
        (b"HTTP/1.1 200 OK\nConnection: close", False),  # bare LF line ends
    ],
)
def test_keep_alive_only_when_both_sides_allow_it(head: bytes, keep_alive: bool) -> None:
    assert parse_head(head).keep_alive is keep_alive


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/2 200 OK",
        b"HTTP/1.1 20 OK",
        b"HTTP/1.1 2000 OK",
        b"HTTP/1.1 abc OK",
        b"HTTP/1.1 099 Low",
        b"ICY 200 OK",
        b"",
        b"HTTP/1.1 200 OK\r\nno colon here",
        b"HTTP/1.1 200 OK\r\n folded: line",
        b"HTTP/1.1 200 OK\r\nbad name: x",
        b"HTTP/1.1 200 OK\r\n: empty name",
    ],
)
def test_a_malformed_head_is_a_protocol_error(head: bytes) -> None:
    with pytest.raises(httpcore.RemoteProtocolError):
        parse_head(head)


@pytest.mark.parametrize(
    ("status", "fields", "length"),
    [
        (200, {b"content-length": "12"}, 12),
        (200, {b"content-length": "12, 12"}, 12),  # repeated, the same: allowed
        (200, {}, -1),  # until the server closes
        (200, {b"transfer-encoding": "chunked"}, -2),
        (200, {b"transfer-encoding": " Chunked", b"content-length": "5"}, -2),
        (204, {b"content-length": "12"}, 0),
        (304, {}, 0),
        (100, {}, 0),
    ],
)
def test_the_body_is_framed_as_rfc_9112_says(
    status: int, fields: dict[bytes, str], length: int
) -> None:
    assert body_length(status, fields) == length


@pytest.mark.parametrize("coding", ["gzip", "gzip, chunked", "chunked, chunked", "identity"])
def test_only_plain_chunked_transfer_coding_is_taken(coding: str) -> None:
    with pytest.raises(httpcore.RemoteProtocolError, match="Transfer-Encoding"):
        body_length(200, {b"transfer-encoding": coding})


def test_both_framings_at_once_end_the_connection() -> None:
    head = parse_head(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3")
    assert not head.keep_alive


@pytest.mark.parametrize("value", ["12, 13", "-1", "1e3", "", "١٢", "9" * 19, "1" * 5000])
def test_a_bad_content_length_is_a_protocol_error(value: str) -> None:
    with pytest.raises(httpcore.RemoteProtocolError, match="Content-Length"):
        body_length(200, {b"content-length": value})


# -- chunked transfer coding -------------------------------------------------------------------


def chunked(pieces: list[bytes], trailer: bytes = b"") -> bytes:
    out = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(piece), piece) for piece in pieces if piece)
    return out + b"0\r\n" + trailer + b"\r\n"


@given(
    pieces=st.lists(st.binary(max_size=300), max_size=8),
    trailer=st.sampled_from([b"", b"X-Sum: 1\r\n", b"A: 1\r\nB: 2\r\n"]),
    after=st.binary(max_size=20),
    cuts=st.lists(st.integers(min_value=0, max_value=4000), max_size=10),
)
def test_chunked_bodies_decode_however_they_are_cut(
    pieces: list[bytes], trailer: bytes, after: bytes, cuts: list[int]
) -> None:
    wire = chunked(pieces, trailer)
    data = wire + after
    reader = ChunkedReader()
    out = b""
    start = 0
    for cut in [*sorted(cut % (len(data) + 1) for cut in cuts), len(data)]:
        if reader.done:
            break
        out += reader.feed(data[start:cut])
        start = max(start, cut)
    assert reader.done
    assert out == b"".join(pieces)
    # What came after the body is kept (the connection is then not reused).
    assert reader.rest + data[start:] == after


@pytest.mark.parametrize(
    "wire",
    [b"zz\r\n", b"5\r\nhello world\r\n", b"-1\r\n", b"\r\n", b"1" * 20 + b"\r\n"],
)
def test_broken_chunking_is_a_protocol_error(wire: bytes) -> None:
    with pytest.raises(httpcore.RemoteProtocolError):
        ChunkedReader().feed(wire)


def test_an_endless_trailer_is_refused() -> None:
    with pytest.raises(httpcore.RemoteProtocolError, match="trailer"):
        ChunkedReader().feed(b"0\r\n" + b"X: yyyyyyyy\r\n" * 7000)


def test_an_endless_chunk_size_line_is_refused() -> None:
    with pytest.raises(httpcore.RemoteProtocolError, match="too long"):
        ChunkedReader().feed(b"a" * 5000)


# -- the request -------------------------------------------------------------------------------


def test_the_request_on_the_wire() -> None:
    heads = RequestHeads(httpx.URL("https://h.example:8443/v1/"), ((b"Host", b"h.example:8443"),))
    request = HTTPRequest(
        "POST", "get-contact/json", (("Content-Type", "application/json"),), b"{}"
    )
    assert heads.encode(request) == (
        b"POST /v1/get-contact/json HTTP/1.1\r\nHost: h.example:8443\r\n"
        b"Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
    )


@pytest.mark.parametrize(
    ("method", "target", "fields"),
    [
        ("POST", b"/a", ((b"X", b"1\r\nInjected: yes"),)),
        ("POST", b"/a", ((b"X", b"nul\0"),)),
        ("POST", b"/a", ((b"Bad Name", b"1"),)),
        ("POST", b"/a b", ()),
        ("PO ST", b"/a", ()),
    ],
)
def test_a_head_that_could_be_split_is_refused(
    method: str, target: bytes, fields: tuple[tuple[bytes, bytes], ...]
) -> None:
    with pytest.raises(ValueError, match=r"not|line break"):
        encode_head(method, target, fields)


# -- on a socket -------------------------------------------------------------------------------


class Scripted:
    """Answers the n-th request with ``answers[n]`` (the last one again after the end),
    keeping each connection open until the answer says otherwise; counts connections."""

    def __init__(self, *answers: bytes, close_after: bool = False) -> None:
        self.answers = list(answers)
        self.close_after = close_after
        self.connections = 0
        self.requests: list[bytes] = []
        self.base_url = ""
        self._tasks: set[asyncio.Task[None]] = set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                found = re.search(rb"(?i)content-length: *(\d+)", head)
                body = await reader.readexactly(int(found.group(1)) if found else 0)
                self.requests.append(head + body)
                answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
                writer.write(answer)
                await writer.drain()
                if self.close_after:
                    return
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()
            self._tasks.discard(task)


@pytest.fixture
async def serve() -> AsyncIterator[Callable[..., Awaitable[Scripted]]]:
    """``await serve(*answers, close_after=False)`` starts a :class:`Scripted` server."""
    servers: list[tuple[asyncio.Server, Scripted]] = []

    async def start(*answers: bytes, close_after: bool = False) -> Scripted:
        script = Scripted(*answers, close_after=close_after)
        server = await asyncio.start_server(script.handle, "127.0.0.1", 0)
        servers.append((server, script))
        script.base_url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/v1/"
        return script

    yield start
    for server, script in servers:
        server.close()
        for task in list(script._tasks):
            task.cancel()
        await asyncio.gather(*script._tasks, return_exceptions=True)
        await server.wait_closed()


def ok(body: bytes = BODY, extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n%s\r\n%s" % (len(body), extra, body)


def client_for(script: Scripted, **options: object) -> AsyncClient:
    options.setdefault("max_retries", 0)
    return AsyncClient(KEY, HASH, base_url=script.base_url, **options)  # type: ignore[arg-type]


async def three_calls(script: Scripted, **options: object) -> None:
    async with client_for(script, max_concurrency=1, **options) as client:
        for _ in range(3):
            assert (await client.get_contact(7)).id == 7


async def test_one_connection_carries_every_request(clean_env, serve) -> None:
    script = await serve(ok())
    await three_calls(script)
    assert script.connections == 1
    head = script.requests[0].split(b"\r\n\r\n")[0]
    assert head.startswith(b"POST /v1/get-contact/json HTTP/1.1\r\nHost: 127.0.0.1:")
    assert b"\r\nConnection: keep-alive" in head
    assert b"\r\nAccept-Encoding: gzip, deflate" in head
    assert HASH.encode() not in head  # the hash travels in the body only


@pytest.mark.parametrize(
    "answer",
    [
        ok(extra=b"Connection: close\r\n"),
        ok().replace(b"HTTP/1.1", b"HTTP/1.0"),
        b"HTTP/1.1 200 OK\r\n\r\n" + BODY,  # framed by the close
        ok() + b"HTTP/1.1 200 OK\r\n",  # something after the answer, never asked for
    ],
    ids=["connection-close", "http-1.0", "until-close", "trailing-bytes"],
)
async def test_a_connection_that_cannot_carry_more_is_replaced(clean_env, serve, answer) -> None:
    script = await serve(answer, close_after=b"Content-Length" not in answer)
    await three_calls(script)
    assert script.connections == 3


async def test_a_connection_the_server_closed_while_idle_is_replaced(clean_env, serve) -> None:
    script = await serve(ok(), close_after=True)
    async with client_for(script, max_concurrency=1) as client:
        for _ in range(3):
            assert (await client.get_contact(7)).id == 7
            await asyncio.sleep(0.02)  # the close reaches us while the connection idles
    assert script.connections == 3
    assert len(script.requests) == 3  # each sent once: none lost to the closed socket


async def test_bare_lf_heads_end_at_their_first_blank_line(clean_env, serve) -> None:
    """The body holding CRLF CRLF does not move where an LF-only head ends."""
    body = json.dumps({**CONTACT, "x": "a\r\n\r\nb"}).encode()
    wire = b"HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\nContent-Length: %d\n\n%s" % (len(body), body)
    script = await serve(wire)
    await three_calls(script)
    assert script.connections == 1


async def test_a_chunked_answer_with_a_trailer(clean_env, serve) -> None:
    wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(
        [BODY[:10], BODY[10:11], BODY[11:]], b"X-Check: 1\r\n"
    )
    script = await serve(wire)
    await three_calls(script)
    assert script.connections == 1


async def test_interim_answers_are_skipped(clean_env, serve) -> None:
    interim = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
    script = await serve(interim + ok())
    await three_calls(script)
    assert script.connections == 1


async def test_a_gzip_answer_keeps_its_connection(clean_env, serve) -> None:
    packed = gzip.compress(BODY)
    script = await serve(ok(packed, b"Content-Encoding: gzip\r\n"))
    await three_calls(script)
    assert script.connections == 1


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (b"HTTP/1.1 101 Switching Protocols\r\n\r\n", "switched protocols"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n" + BODY, "whole answer"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", "whole answer"),
        (b"HTTP/1.1 200 OK\r\nX: " + b"a" * 70_000, "over 65536 bytes"),
        (b"HTTP/1.1 200 OK\r\nContent-", "middle of the answer's head"),
        (b"", "without sending a response"),
        (b"SSH-2.0-OpenSSH\r\n\r\n", "not an HTTP/1.1 status line"),
        (b"HTTP/1.1 100 Continue\r\n\r\n" * 11 + ok(), "over 10 interim"),
    ],
    ids=["101", "short", "short-chunked", "huge-head", "cut-head", "nothing", "not-http", "1xx"],
)
async def test_a_broken_answer_is_a_transport_error_after_sending(
    clean_env, serve, answer, message
) -> None:
    script = await serve(answer, close_after=True)
    async with client_for(script) as client:
        with pytest.raises(TransportError, match=message) as caught:
            await client.get_contact(7)
    # The request went out: a write would not be sent again.
    assert caught.value.request_sent is True
    assert HASH not in str(caught.value)


async def test_the_cap_applies_to_a_chunked_body(clean_env, serve) -> None:
    wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked([b" " * 4000] * 5)
    script = await serve(wire)
    async with client_for(script, max_response_bytes=10_000) as client:
        with pytest.raises(DecodeError, match="max_response_bytes"):
            await client.get_contact(7)


async def test_a_body_cut_off_at_the_cap_leaves_nothing_to_finalize(clean_env, serve) -> None:
    """Reading stops at the cap without leaving a generator for the loop to close."""
    script = await serve(ok(gzip.compress(b" " * 100_000), b"Content-Encoding: gzip\r\n"))
    async with client_for(script, max_response_bytes=10_000) as client:
        with pytest.raises(DecodeError, match="max_response_bytes"):
            await client.get_contact(7)
        gc.collect()
        await asyncio.sleep(0)  # a finalizer's task would be scheduled by now
        finalizing = [
            task
            for task in asyncio.all_tasks()
            if "async_generator" in type(task.get_coro()).__name__
        ]
        assert not finalizing


async def test_each_read_has_its_own_timeout(clean_env, serve) -> None:
    script = await serve(b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{")
    async with client_for(script, timeout=0.2) as client:
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(iletimerkezi_async.TimeoutError, match="ReadTimeout") as caught:
            await client.get_contact(7)
        assert 0.15 < loop.time() - started < 2.0
    assert caught.value.request_sent is True


# -- test libraries that mock httpx still see every request --------------------------------


async def test_respx_sees_requests_only_while_it_is_active(clean_env, serve) -> None:
    script = await serve(ok())
    async with client_for(script) as client:
        with respx.mock(base_url=script.base_url) as mock:
            route = mock.post("get-contact/json").respond(json=CONTACT | {})
            assert (await client.get_contact(7)).id == 7
        assert route.call_count == 1
        assert script.requests == []  # the mock answered
        assert (await client.get_contact(7)).id == 7  # and now our own connection does
    assert len(script.requests) == 1


async def test_respx_using_httpx_sees_requests(clean_env, serve) -> None:
    script = await serve(ok())
    async with client_for(script) as client:
        with respx.mock(base_url=script.base_url, using="httpx") as mock:
            route = mock.post("get-contact/json").respond(json=CONTACT)
            assert (await client.get_contact(7)).id == 7
    assert route.call_count == 1
    # Through httpx's client, only the encodings we decode are asked for.
    assert route.calls.last.request.headers["Accept-Encoding"] == "gzip, deflate"
    assert script.requests == []


async def test_a_patched_httpx_transport_sees_requests(
    clean_env, serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As pytest-httpx mocks: it replaces the transport's ``handle_async_request``."""
    seen: list[httpx.Request] = []

    async def answer(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=CONTACT)

    script = await serve(ok())
    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", answer)
    async with client_for(script) as client:
        assert (await client.get_contact(7)).id == 7
    assert [request.url.path for request in seen] == ["/v1/get-contact/json"]
    assert script.requests == []
