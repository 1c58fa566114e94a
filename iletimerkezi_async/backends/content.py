"""Reading an answer's body: content decoding, and the ``max_response_bytes`` cap.

The cap applies to the decoded size, and decoding is bounded too: a small gzip
body that inflates to gigabytes is inflated 64 KiB at a time and refused as soon as
it passes the cap, never held in memory whole.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Iterator
from typing import TYPE_CHECKING

from ..errors import DecodeError
from .base import too_large

if TYPE_CHECKING:
    from zlib import _Decompress as Decompress

__all__ = ["ACCEPT_ENCODING", "decoded", "read_capped"]

ACCEPT_ENCODING = "gzip, deflate"
"""The encodings we ask for, and so the ones :func:`decoded` undoes."""

_STEP = 64 * 1024  # the most one decompress call may produce


async def read_capped(chunks: AsyncIterable[bytes], status: int, limit: int) -> bytes:
    """The whole body from ``chunks``, or :class:`DecodeError` once it passes ``limit``."""
    parts = []
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise DecodeError(too_large(status, limit), http_status=status)
        parts.append(chunk)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def decoded(
    chunks: AsyncIterator[bytes], content_encoding: str | None, status: int
) -> AsyncIterator[bytes]:
    """``chunks`` with a gzip or deflate ``Content-Encoding`` undone.

    Any other encoding is passed through as it came, as httpx does (we never ask for
    one; the decoder then refuses what is not JSON, by its status). An empty body is
    empty whatever its encoding. A corrupt compressed stream, or one that stops short,
    is a :class:`DecodeError` carrying ``status``.
    """
    codings = [part.strip().lower() for part in (content_encoding or "").split(",")]
    codings = [coding for coding in codings if coding not in ("", "identity")]
    if len(codings) != 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        return chunks
    return _inflate(chunks, codings[0], status)


async def _inflate(
    chunks: AsyncIterable[bytes], coding: str, status: int
) -> AsyncGenerator[bytes, None]:
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16) if coding != "deflate" else None
    started = False
    head = b""  # deflate: the first two bytes tell a zlib header from raw deflate
    trailing = 0
    try:
        async for chunk in chunks:
            started = started or bool(chunk)
            if inflater is not None and inflater.eof:
                # Read to the end, so that the connection sees the whole answer and can
                # be reused; what follows the compressed stream is dropped (as httpx
                # does), and beyond 64 KiB of it reading stops (the connection is closed).
                trailing += len(chunk)
                if trailing > _STEP:
                    return
                continue
            if inflater is None:
                head += chunk
                if len(head) < 2:
                    continue
                wbits = zlib.MAX_WBITS if _zlib_header(head) else -zlib.MAX_WBITS
                inflater = zlib.decompressobj(wbits)
                chunk, head = head, b""
            for out in _inflated(inflater, chunk):
                yield out
        if inflater is None:
            if not head:
                return  # an empty body
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # of one byte
            for out in _inflated(inflater, head):
                yield out
        if not inflater.eof and started:
            raise DecodeError(f"the answer's {coding} body stops short", http_status=status)
    except zlib.error as error:
        raise DecodeError(
            f"the answer's {coding} content encoding is broken", http_status=status
        ) from error


def _zlib_header(head: bytes) -> bool:
    """Whether ``head`` starts a zlib stream (RFC 1950: deflate method, valid check bits);
    servers send both that and raw deflate under the name "deflate"."""
    return head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


def _inflated(inflater: Decompress, data: bytes) -> Iterator[bytes]:
    """What ``data`` inflates to, at most 64 KiB at a time."""
    while not inflater.eof:
        out = inflater.decompress(data, _STEP)
        data = inflater.unconsumed_tail
        if out:
            yield out
        if not data and len(out) < _STEP:
            return  # this input is used up and nothing is left pending
