"""Our own HTTP/1.1 connection: the parser on its own, then the client on a loopback
server that answers with exactly the bytes each test gives."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import gzip
import json
from collections.abc import AsyncIterator, Awaitable, Callable

import httpcore
import httpx
import pytest
from hostile_server import HostileServer, response
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


@pytest.fixture
async def serve() -> AsyncIterator[Callable[..., Awaitable[HostileServer]]]:
    """``await serve(answer, keep_alive=True)``: a loopback server sending ``answer``
    to every request, on connections it keeps open unless ``keep_alive=False``."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(answer: bytes, *, keep_alive: bool = True) -> HostileServer:
            server = HostileServer(answer, keep_alive=keep_alive)
            return await stack.enter_async_context(server)

        yield start


def ok(body: bytes = BODY, *headers: tuple[str, str]) -> bytes:
    """A 200 answer with a ``Content-Length``."""
    return response("200 OK", body, headers)


def client_for(server: HostileServer, **options: object) -> AsyncClient:
    options.setdefault("max_retries", 0)
    return AsyncClient(KEY, HASH, base_url=server.base_url, **options)  # type: ignore[arg-type]


async def three_calls(server: HostileServer, **options: object) -> None:
    async with client_for(server, max_concurrency=1, **options) as client:
        for _ in range(3):
            assert (await client.get_contact(7)).id == 7


async def test_one_connection_carries_every_request(clean_env, serve) -> None:
    server = await serve(ok())
    await three_calls(server)
    assert server.connections == 1
    head = server.request_heads[0]
    assert head.startswith(b"POST /v1/get-contact/json HTTP/1.1\r\nHost: 127.0.0.1:")
    assert b"\r\nConnection: keep-alive" in head
    assert b"\r\nAccept-Encoding: gzip, deflate" in head
    assert HASH.encode() not in head  # the hash travels in the body only


@pytest.mark.parametrize(
    "answer",
    [
        ok(BODY, ("Connection", "close")),
        ok().replace(b"HTTP/1.1", b"HTTP/1.0"),
        b"HTTP/1.1 200 OK\r\n\r\n" + BODY,  # framed by the close
        ok() + b"HTTP/1.1 200 OK\r\n",  # something after the answer, never asked for
    ],
    ids=["connection-close", "http-1.0", "until-close", "trailing-bytes"],
)
async def test_a_connection_that_cannot_carry_more_is_replaced(clean_env, serve, answer) -> None:
    server = await serve(answer, keep_alive=b"Content-Length" in answer)
    await three_calls(server)
    assert server.connections == 3


async def test_a_connection_the_server_closed_while_idle_is_replaced(clean_env, serve) -> None:
    server = await serve(ok(), keep_alive=False)
    async with client_for(server, max_concurrency=1) as client:
        for _ in range(3):
            assert (await client.get_contact(7)).id == 7
            await asyncio.sleep(0.02)  # the close reaches us while the connection idles
    assert server.connections == 3
    assert server.requests == 3  # each sent once: none lost to the closed socket


async def test_bare_lf_heads_end_at_their_first_blank_line(clean_env, serve) -> None:
    """The body holding CRLF CRLF does not move where an LF-only head ends."""
    body = json.dumps({**CONTACT, "x": "a\r\n\r\nb"}).encode()
    wire = b"HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\nContent-Length: %d\n\n%s" % (len(body), body)
    server = await serve(wire)
    await three_calls(server)
    assert server.connections == 1


async def test_a_chunked_answer_with_a_trailer(clean_env, serve) -> None:
    wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(
        [BODY[:10], BODY[10:11], BODY[11:]], b"X-Check: 1\r\n"
    )
    server = await serve(wire)
    await three_calls(server)
    assert server.connections == 1


async def test_interim_answers_are_skipped(clean_env, serve) -> None:
    interim = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
    server = await serve(interim + ok())
    await three_calls(server)
    assert server.connections == 1


async def test_a_gzip_answer_keeps_its_connection(clean_env, serve) -> None:
    packed = gzip.compress(BODY)
    server = await serve(ok(packed, ("Content-Encoding", "gzip")))
    await three_calls(server)
    assert server.connections == 1


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
    server = await serve(answer, keep_alive=False)
    async with client_for(server) as client:
        with pytest.raises(TransportError, match=message) as caught:
            await client.get_contact(7)
    # The request went out: a write would not be sent again.
    assert caught.value.request_sent is True
    assert HASH not in str(caught.value)


async def test_the_cap_applies_to_a_chunked_body(clean_env, serve) -> None:
    wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked([b" " * 4000] * 5)
    server = await serve(wire)
    async with client_for(server, max_response_bytes=10_000) as client:
        with pytest.raises(DecodeError, match="max_response_bytes"):
            await client.get_contact(7)


async def test_a_body_cut_off_at_the_cap_leaves_nothing_to_finalize(clean_env, serve) -> None:
    """Reading stops at the cap without leaving a generator for the loop to close."""
    server = await serve(ok(gzip.compress(b" " * 100_000), ("Content-Encoding", "gzip")))
    async with client_for(server, max_response_bytes=10_000) as client:
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
    server = await serve(b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{")
    async with client_for(server, timeout=0.2) as client:
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(iletimerkezi_async.TimeoutError, match="ReadTimeout") as caught:
            await client.get_contact(7)
        assert 0.15 < loop.time() - started < 2.0
    assert caught.value.request_sent is True
