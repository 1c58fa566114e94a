"""Reading an answer's body on our own connections: content decoding and the size cap."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import AsyncIterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iletimerkezi_async import DecodeError
from iletimerkezi_async.backends.content import decoded, read_capped


async def chunks_of(data: bytes, cuts: list[int]) -> AsyncIterator[bytes]:
    """``data`` in pieces cut at ``cuts`` (as a socket might deliver it)."""
    start = 0
    for cut in sorted({min(cut, len(data)) for cut in cuts}):
        yield data[start:cut]
        start = cut
    yield data[start:]


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


ENCODERS = {
    "gzip": gzip.compress,
    "x-gzip": gzip.compress,
    "deflate": zlib.compress,  # what the RFC means by deflate
    "raw deflate": raw_deflate,  # what some servers send under that name
}


async def read(
    data: bytes, encoding: str | None, cuts: list[int], limit: int = 1 << 30, status: int = 200
) -> bytes:
    return await read_capped(decoded(chunks_of(data, cuts), encoding, status), status, limit)


@pytest.mark.parametrize("name", list(ENCODERS))
@given(data=st.binary(max_size=5000), cuts=st.lists(st.integers(0, 6000), max_size=6))
def test_each_encoding_round_trips_however_the_body_is_cut(
    name: str, data: bytes, cuts: list[int]
) -> None:
    encoding = "deflate" if name == "raw deflate" else name
    assert asyncio.run(read(ENCODERS[name](data), encoding, cuts)) == data


@pytest.mark.parametrize("encoding", [None, "", "identity", " Identity "])
async def test_an_unencoded_body_is_read_as_is(encoding: str | None) -> None:
    assert await read(b'{"a":1}', encoding, [3]) == b'{"a":1}'


async def test_names_are_case_insensitive_and_identity_is_ignored() -> None:
    assert await read(gzip.compress(b"x" * 10), "identity, GZIP", []) == b"x" * 10


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, gzip", "compress"])
async def test_an_encoding_we_did_not_ask_for_is_passed_through(encoding: str) -> None:
    """As httpx does: the decoder then judges the bytes (and the status still counts)."""
    assert await read(b"whatever", encoding, []) == b"whatever"


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_an_empty_body_is_empty_whatever_its_encoding(encoding: str) -> None:
    """A 429 or 503 with an empty gzip body must still be read as that status."""
    assert await read(b"", encoding, [], status=503) == b""


async def test_a_corrupt_stream_is_a_decode_error_with_the_status() -> None:
    with pytest.raises(DecodeError, match="gzip content encoding is broken") as caught:
        await read(b"\x1f\x8b not really gzip at all", "gzip", [], status=503)
    assert caught.value.http_status == 503


async def test_what_follows_the_end_of_the_stream_is_read_and_dropped_up_to_64_kib() -> None:
    """Read on, so the connection sees the whole answer and stays reusable; dropped, as
    httpx drops it; and no more than 64 KiB of it is read."""
    pulled = []

    async def chunks() -> AsyncIterator[bytes]:
        yield gzip.compress(b"answer")
        for _ in range(4):
            pulled.append(True)
            yield b"x" * 30_000

    assert await read_capped(decoded(chunks(), "gzip", 200), 200, 100) == b"answer"
    assert len(pulled) == 3  # 30 and 60 KB dropped; at 90 KB reading stops


async def test_a_stream_that_stops_short_is_a_decode_error() -> None:
    whole = gzip.compress(b"y" * 10_000)
    with pytest.raises(DecodeError, match="stops short") as caught:
        await read(whole[: len(whole) // 2], "gzip", [])
    assert caught.value.http_status == 200


async def test_a_bomb_is_inflated_in_bounded_steps_and_stopped_at_the_cap() -> None:
    bomb = gzip.compress(bytes(32 * 1024 * 1024))  # 32 KiB on the wire
    assert len(bomb) < 64 * 1024
    pieces = [len(piece) async for piece in decoded(chunks_of(bomb, []), "gzip", 200)]
    assert sum(pieces) == 32 * 1024 * 1024
    assert max(pieces) <= 64 * 1024  # never the whole thing in memory at once
    with pytest.raises(DecodeError, match="max_response_bytes=1048576"):
        await read(bomb, "gzip", [], limit=1 << 20)


async def test_the_cap_counts_decoded_bytes_exactly() -> None:
    body = gzip.compress(b"z" * 1000)
    assert await read(body, "gzip", [], limit=1000) == b"z" * 1000
    with pytest.raises(DecodeError) as caught:
        await read(body, "gzip", [], limit=999)
    assert caught.value.http_status == 200
