"""Hostile or broken answers on a real socket: only our errors, quickly, and nothing leaks.

A raw server (``hostile_server.py``) sends bodies far over ``max_response_bytes`` (declared,
streamed forever, or a gzip bomb), JSON built to hurt a parser, invalid UTF-8, odd status
lines and headers, and a redirect that would carry the hash to another host.
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
import zlib
from collections.abc import Callable

import pytest
from hostile_server import Answer, HostileServer, response

import iletimerkezi_async
from iletimerkezi_async import (
    APIError,
    Contact,
    ContactNotFoundError,
    CustomField,
    DecodeError,
    IletiMerkeziError,
    TransportError,
)
from iletimerkezi_async.sansio import decode_get_contact
from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import assert_no_resource_warning, make_client, no_task_left, wait_until

CAP = 1 << 20  # the client's default max_response_bytes
MiB = 1 << 20
JSON = (("Content-Type", "application/json; charset=utf-8"),)
CONTACT = {
    "id": 1,
    "name": "Çağrı",
    "surname": "Öztürk",
    "email": "",
    "gsm": "+905321234567",
    "custom_fields": [{"id": 2, "value": "çip çip"}],
    "groups": [12, 7],
}
EXPECTED = Contact(
    1, "Çağrı", "Öztürk", None, "+905321234567", (CustomField(2, "çip çip"),), (12, 7)
)


def envelope(
    code: object = 200, contact: object = CONTACT, message: str = "İşlem başarılı."
) -> bytes:
    document = {"response": {"status": {"code": code, "message": message}, "contact": contact}}
    return json.dumps(document, ensure_ascii=False).encode()


def ok(body: bytes, headers: tuple[tuple[str, str], ...] = JSON) -> bytes:
    return response("200 OK", body, headers)


def streaming(head: bytes, piece: bytes, *, limit: int = 64 * MiB, pause: float = 0.0) -> Answer:
    """Send ``head``, then ``piece`` again and again until the client hangs up (or ``limit``)."""

    async def answer(server: HostileServer, writer: asyncio.StreamWriter) -> None:
        await server.send(writer, head)
        while server.bytes_sent < limit:
            await server.send(writer, piece)
            if pause:
                await asyncio.sleep(pause)

    return answer


@functools.cache
def gzip_bomb(size: int = 48 * MiB) -> bytes:
    """A gzip stream of ``size`` bytes of zeros: about 47 KiB on the wire."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * MiB
    return b"".join(compressor.compress(block) for _ in range(size // MiB)) + compressor.flush()


def contact_with_id(raw_id: str) -> bytes:
    """A valid envelope whose contact id is the raw JSON text ``raw_id``."""
    return envelope().replace(b'"id": 1,', b'"id": ' + raw_id.encode() + b",", 1)


CORRUPT_GZIP = b"\x1f\x8b\x08\x00garbage-not-deflate"


def provider_465() -> bytes:
    return json.dumps(
        {"response": {"status": {"code": 465, "message": "Kişi bulunamadı."}}}, ensure_ascii=False
    ).encode()


# name -> (answer factory, what get_contact(1) must give: a class of ours, or EXPECTED)
CASES: dict[str, tuple[Callable[[], Answer], object]] = {
    "5MiB-body-with-content-length": (
        lambda: ok(b"[" + b" " * (5 * MiB) + b"]"),
        DecodeError,
    ),
    "content-length-5MiB-then-a-trickle": (
        # Reading it all would take minutes: the client must refuse it from the header.
        lambda: streaming(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (5 * MiB, b" " * 65536),
            b" ",
            pause=0.05,
            limit=65536 + 200,
        ),
        DecodeError,
    ),
    "chunked-forever": (
        lambda: streaming(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n",
            b"10000\r\n" + b" " * 65536 + b"\r\n",
        ),
        DecodeError,
    ),
    "no-length-until-close-forever": (
        lambda: streaming(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
            b" " * 65536,
        ),
        DecodeError,
    ),
    "gzip-bomb": (
        lambda: ok(gzip_bomb(), (*JSON, ("Content-Encoding", "gzip"))),
        DecodeError,
    ),
    "deeply-nested-json": (lambda: ok(b"[" * 100_000), DecodeError),
    "deeply-nested-contact": (
        lambda: ok(envelope(contact="PLACEHOLDER").replace(b'"PLACEHOLDER"', b"[" * 100_000)),
        DecodeError,
    ),
    "100000-digit-id": (lambda: ok(contact_with_id("1" * 100_000)), DecodeError),
    "100000-digit-code": (
        lambda: ok(envelope(code="C").replace(b'"C"', b"1" * 100_000)),
        DecodeError,
    ),
    "4000-digit-id": (lambda: ok(contact_with_id("1" * 4000)), DecodeError),
    "4000-digit-id-as-string": (lambda: ok(contact_with_id('"' + "1" * 4000 + '"')), DecodeError),
    "1e999-id": (lambda: ok(contact_with_id("1e999")), DecodeError),
    "nan-id": (lambda: ok(contact_with_id("NaN")), DecodeError),
    "invalid-utf8": (
        lambda: ok(envelope().replace("Çağrı".encode(), b"\xff\xfe\xc3")),
        DecodeError,
    ),
    "lone-surrogate-escape": (
        lambda: ok(envelope().replace("Çağrı".encode(), b"\\ud800")),
        "any",  # see test_text_that_cannot_be_utf8_is_a_decode_error
    ),
    "empty-200": (lambda: ok(b""), DecodeError),
    "html-content-type-json-body": (
        lambda: ok(envelope(), (("Content-Type", "text/html; charset=iso-8859-1"),)),
        EXPECTED,
    ),
    "no-content-type-json-body": (lambda: ok(envelope(), ()), EXPECTED),
    "duplicate-keys-last-is-ours": (
        lambda: ok(
            envelope(contact="PLACEHOLDER").replace(
                b'"PLACEHOLDER"',
                b'{"id": 2, ' + json.dumps(CONTACT, ensure_ascii=False).encode()[1:],
            )
        ),
        EXPECTED,  # JSON's last key wins, as everywhere in Python
    ),
    "duplicate-keys-last-is-another-contact": (
        lambda: ok(
            envelope(contact="PLACEHOLDER").replace(
                b'"PLACEHOLDER"',
                json.dumps(CONTACT, ensure_ascii=False).encode()[:-1] + b', "id": 2}',
            )
        ),
        DecodeError,
    ),
    "duplicate-status-last-is-465": (
        lambda: ok(envelope().replace(b'"contact"', b'"status": {"code": 465}, "contact"', 1)),
        ContactNotFoundError,
    ),
    "465-utf8-turkish-reason": (
        lambda: response("465", provider_465(), JSON, reason="Kişi bulunamadı".encode()),
        ContactNotFoundError,
    ),
    "465-latin5-turkish-reason": (
        lambda: response("465", provider_465(), JSON, reason="Kişi bulunamadı".encode("iso8859_9")),
        ContactNotFoundError,
    ),
    "465-latin1-reason": (
        lambda: response("465", provider_465(), JSON, reason="Kiþi bulunamadý".encode("latin-1")),
        ContactNotFoundError,
    ),
    "not-http-at-all": (lambda: b"SSH-2.0-OpenSSH_9.6\r\n", TransportError),
    "bad-status-line": (lambda: b"HTTP/1.1 two hundred OK\r\n\r\n", TransportError),
    "200KiB-header": (
        lambda: response("200 OK", envelope(), (*JSON, ("X-Junk", "a" * 200_000))),
        TransportError,
    ),
    "broken-chunk-size": (
        lambda: b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        TransportError,
    ),
    "truncated-body": (
        lambda: response("200 OK", envelope(), (*JSON, ("Content-Length", "5000"))),
        TransportError,
    ),
    "corrupt-gzip": (
        lambda: ok(CORRUPT_GZIP, (*JSON, ("Content-Encoding", "gzip"))),
        (DecodeError, TransportError),  # see test_a_broken_content_encoding_is_a_decode_error
    ),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_hostile_answer(case: str, backend: str) -> None:
    make_answer, expected = CASES[case]
    fake = FakeIletiMerkezi()  # only for its credentials
    async with no_task_left(), HostileServer(make_answer()) as server:
        async with make_client(fake, server.base_url, backend, max_retries=0, timeout=5) as client:
            started = time.monotonic()
            try:
                result: object = await client.get_contact(1)
            except IletiMerkeziError as error:
                result = error
            elapsed = time.monotonic() - started
        # The server notices the client is gone and stops writing.
        await wait_until(server.done.is_set, 3, "the server's handler ends")
        assert server.bytes_sent < 40 * MiB
    assert elapsed < 3, f"{case} took {elapsed:.1f}s"
    assert server.requests == 1
    if expected == "any":
        assert isinstance(result, Contact | IletiMerkeziError), repr(result)
    elif isinstance(expected, Contact):
        assert result == expected
    else:
        assert isinstance(result, expected), repr(result)  # type: ignore[arg-type]
        assert isinstance(result, IletiMerkeziError)
        assert result.contact_id == 1
    if isinstance(result, ContactNotFoundError):
        assert result.status_code == 465
    if case.startswith("465-"):  # the body's message, whatever the reason phrase said
        assert isinstance(result, ContactNotFoundError)
        assert result.message == "Kişi bulunamadı."
    assert_no_resource_warning()


async def test_the_size_cap_is_max_response_bytes(backend: str) -> None:
    """The same 1.5 MiB answer is refused at the default cap and read at a larger one."""
    padded = envelope().replace(b'"email"', b'"padding": "' + b"x" * (3 * MiB // 2) + b'", "email"')
    fake = FakeIletiMerkezi()
    async with no_task_left(), HostileServer(ok(padded)) as server:
        async with make_client(fake, server.base_url, backend, max_retries=0) as client:
            with pytest.raises(DecodeError, match="max_response_bytes"):
                await client.get_contact(1)
        async with make_client(
            fake, server.base_url, backend, max_retries=0, max_response_bytes=2 * MiB
        ) as client:
            assert await client.get_contact(1) == EXPECTED
    assert_no_resource_warning()


async def test_a_redirect_is_not_followed(backend: str) -> None:
    """A 307 would resend the body, hash included, to wherever ``Location`` points."""
    fake = FakeIletiMerkezi()
    async with no_task_left(), HostileServer(ok(envelope())) as elsewhere:
        redirect = response(
            "307 Temporary Redirect", b"", (("Location", elsewhere.base_url + "get-contact/json"),)
        )
        async with (
            HostileServer(redirect) as server,
            make_client(fake, server.base_url, backend, max_retries=0) as client,
        ):
            with pytest.raises(APIError) as caught:
                await client.get_contact(1)
    assert caught.value.status_code == 307
    assert elsewhere.requests == 0
    assert fake.api_hash not in str(caught.value)
    assert_no_resource_warning()


async def test_a_hostile_5xx_is_retried_then_raised_as_ours(backend: str) -> None:
    """An unparseable 502 (non-ASCII, invalid UTF-8 HTML) is retried, then ``ServerError``."""
    body = b"<html><h1>502 K\xc4\xb1sa devre \xff\xfe</h1></html>"
    fake = FakeIletiMerkezi()
    async with (
        no_task_left(),
        HostileServer(response("502 Bad Gateway", body)) as server,
        make_client(fake, server.base_url, backend) as client,
    ):
        with pytest.raises(iletimerkezi_async.ServerError) as caught:
            await client.get_contact(1)
    assert caught.value.status_code == 502
    assert server.requests == 7  # the first attempt and six retries
    assert_no_resource_warning()


@pytest.mark.parametrize(
    "backend",
    [
        "httpx",
        "aiohttp",
    ],
)
async def test_a_broken_content_encoding_is_a_decode_error(
    backend: str, shared_ssl_context: None
) -> None:
    """Both backends: a 200 whose gzip is corrupt is a ``DecodeError``, not retried."""
    fake = FakeIletiMerkezi()
    answer = ok(CORRUPT_GZIP, (*JSON, ("Content-Encoding", "gzip")))
    async with (
        no_task_left(),
        HostileServer(answer) as server,
        make_client(fake, server.base_url, backend) as client,
    ):
        with pytest.raises(IletiMerkeziError) as caught:
            await client.get_contact(1)
    assert_no_resource_warning()
    assert server.requests == 1
    assert isinstance(caught.value, DecodeError), repr(caught.value)


def test_text_that_cannot_be_utf8_is_a_decode_error() -> None:
    """``"\\ud800"`` is valid JSON but not Unicode text: a DecodeError, not a poisoned name."""
    body = envelope().replace("Çağrı".encode(), b"\\ud800")
    with pytest.raises(DecodeError, match=r"\$\.response\.contact\.name"):
        decode_get_contact(200, body, contact_id=1)


async def test_deeply_nested_errors_map_is_still_our_error(shared_ssl_context: None) -> None:
    """A 422 whose ``errors`` value nests deeper than ``str``/``json.dumps`` can go.

    ``json.loads`` accepts a little more nesting than turning the value back into text
    does, so depths are swept across the recursion limit: one lands in the gap.
    """
    bodies = []
    for depth in range(700, 1001, 5):
        as_list = "[" * depth + "1" + "]" * depth
        as_dict = '{"a":' * depth + "1" + "}" * depth
        for nested in (as_list, as_dict):
            bodies.append(
                b'{"response":{"status":{"code":422},"errors":{"f":%s}}}' % nested.encode()
            )
    queue = list(bodies)

    async def answer(server: HostileServer, writer: asyncio.StreamWriter) -> None:
        await server.send(writer, response("422 Unprocessable Entity", queue.pop(0), JSON))

    fake = FakeIletiMerkezi()
    async with (
        no_task_left(),
        HostileServer(answer) as server,
        make_client(fake, server.base_url, "httpx", max_retries=0) as client,
    ):
        for _ in bodies:
            with pytest.raises(IletiMerkeziError):
                await client.get_contact(1)
