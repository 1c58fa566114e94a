"""Our own HTTP/1.1 client connection: one request, then its answer, on one socket.

The default backend sends every request with this when there is no proxy. It does
what an HTTP/1.1 client must for one provider's JSON API and no more: a request head
built once per path, one write, the answer's head parsed with a few byte searches, a
body framed by ``Content-Length``, chunked or by the close, interim ``1xx`` answers
skipped, keep-alive only when both sides allow it and the answer ended cleanly.

Why not httpcore's connection: per request it made h11 event objects for every part
of both messages, took three locks and opened a tracing context, which cost several
times the CPU of this one (the README's Performance section has the measurement). The
parsing is pure (:func:`parse_head`, :func:`body_length`, :class:`ChunkedReader`) and
tested on its own.

Failures are httpcore's exception types, as from an httpcore connection, so the
backend maps every connection it holds the same way.
"""

from __future__ import annotations

import logging
import ssl
from typing import NamedTuple

import httpcore
import httpx

from ..sansio import HTTPRequest
from .connections import Incoming, Timeouts

__all__ = [
    "Body",
    "ChunkedReader",
    "Head",
    "Http11Connection",
    "RequestHeads",
    "body_length",
    "encode_head",
    "parse_head",
]

_log = logging.getLogger("iletimerkezi_async.connections")

MAX_HEAD = 64 * 1024
"""The largest answer head (status line and fields) accepted, as h11's default."""

_READ = 64 * 1024
_MAX_INTERIM = 10  # 1xx answers skipped before the real one; a server sending more is broken
_UNTIL_CLOSE = -1  # body framing: read until the server closes
_CHUNKED = -2
_READ_BY = frozenset(
    (b"content-length", b"transfer-encoding", b"connection", b"content-encoding", b"retry-after")
)
# The characters of a field name; name.translate(None, _TOKEN) leaves any others.
_TOKEN = b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Head(NamedTuple):
    """A parsed answer head: the status, the fields we read by their lower-case names
    (repeats joined with ``", "``), and whether the connection may carry another request."""

    status: int
    fields: dict[bytes, str]
    keep_alive: bool


def encode_head(method: str, target: bytes, fields: tuple[tuple[bytes, bytes], ...]) -> bytes:
    """A request head up to the ``Content-Length`` value, which the caller appends with
    the blank line and body. Refuses a field that could split the head (CR, LF, NUL).

    A plain ``ValueError``: only this library's own fixed methods, paths and header
    fields reach it, so a refusal is a bug here, not a user's mistake.
    """
    if not method.isascii() or not method.isalpha():
        raise ValueError(f"not an HTTP method: {method!r}")
    if any(byte in target for byte in b" \r\n\0") or not target:
        raise ValueError(f"not a request target: {target!r}")
    lines = [b"%s %s HTTP/1.1\r\n" % (method.encode(), target)]
    for name, value in fields:
        if not name or name.translate(None, _TOKEN):
            raise ValueError(f"not a header name: {name!r}")
        if any(byte in value for byte in b"\r\n\0"):
            raise ValueError(f"header {name!r} has a line break or NUL in its value")
        lines.append(b"%s: %s\r\n" % (name, value))
    lines.append(b"Content-Length: ")
    return b"".join(lines)


class RequestHeads:
    """Whole requests for one origin as bytes: each distinct head (method, path and
    header fields) is checked and encoded once, then only the length and body vary."""

    _MAX = 256  # distinct heads kept; this API has a few dozen

    def __init__(self, base_url: httpx.URL, fixed: tuple[tuple[bytes, bytes], ...]) -> None:
        self._base_url = base_url
        self._fixed = fixed
        self._heads: dict[tuple[str, str, tuple[tuple[str, str], ...]], bytes] = {}

    def encode(self, request: HTTPRequest) -> bytes:
        """``request`` as it goes on the wire."""
        key = (request.method, request.path, request.headers)
        head = self._heads.get(key)
        if head is None:
            if len(self._heads) >= self._MAX:
                self._heads.clear()
            target = self._base_url.join(request.path).raw_path
            fields = self._fixed + tuple(
                (name.encode(), value.encode()) for name, value in request.headers
            )
            head = self._heads[key] = encode_head(request.method, target, fields)
        body = request.body
        return b"%s%d\r\n\r\n%s" % (head, len(body), body)


def parse_head(head: bytes) -> Head:
    """The status line and fields of ``head`` (the bytes before the blank line).

    Accepts bare LF line ends, as h11 does; refuses anything else that is not HTTP/1.x
    with :class:`httpcore.RemoteProtocolError`.
    """
    lines = head.split(b"\n")
    status_line = lines[0].rstrip(b"\r")
    version, _, rest = status_line.partition(b" ")
    code = rest[:3]
    if (
        version not in (b"HTTP/1.1", b"HTTP/1.0")
        or len(code) != 3
        or not code.isdigit()
        or code[0] == ord("0")
        or rest[3:4] not in (b"", b" ")
    ):
        raise httpcore.RemoteProtocolError(f"not an HTTP/1.1 status line: {status_line[:80]!r}")
    fields: dict[bytes, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not name or name.translate(None, _TOKEN):
            # A field with no colon, or obsolete line folding, which RFC 9112 lets a
            # client refuse.
            raise httpcore.RemoteProtocolError(f"malformed header line: {line[:80]!r}")
        key = name.lower()
        if key in _READ_BY:
            text = value.strip(b" \t\r").decode("latin-1")
            fields[key] = f"{fields[key]}, {text}" if key in fields else text
    tokens = {token.strip().lower() for token in fields.get(b"connection", "").split(",")}
    # Both framings at once is how requests get smuggled: such a connection is not reused.
    both = b"transfer-encoding" in fields and b"content-length" in fields
    keep_alive = version == b"HTTP/1.1" and "close" not in tokens and not both
    return Head(int(code), fields, keep_alive)


def body_length(status: int, fields: dict[bytes, str]) -> int:
    """How the body of an answer to a POST is framed: its length in bytes,
    ``_CHUNKED`` or ``_UNTIL_CLOSE`` (RFC 9112, section 6.3)."""
    if status < 200 or status in (204, 304):
        return 0
    coding = fields.get(b"transfer-encoding")
    if coding is not None:
        # Only plain chunked, as h11: a coding under it would reach the JSON decoder.
        if coding.strip().lower() != "chunked":
            raise httpcore.RemoteProtocolError(f"unsupported Transfer-Encoding: {coding[:80]!r}")
        return _CHUNKED
    length = fields.get(b"content-length")
    if length is None:
        return _UNTIL_CLOSE
    values = {value.strip() for value in length.split(",")}
    value = values.pop()
    # 18 digits is beyond any body; int() would refuse 4,300 with a ValueError.
    if values or not value.isascii() or not value.isdigit() or len(value) > 18:
        raise httpcore.RemoteProtocolError(f"invalid Content-Length: {length[:80]!r}")
    return int(value)


class ChunkedReader:
    """Undoes chunked transfer coding, fed bytes as they arrive.

    :meth:`feed` returns the data it could decode; :attr:`done` tells when the last
    chunk and the trailer have been read, and :attr:`rest` holds what came after.
    """

    __slots__ = ("_buffer", "_left", "_trailer", "_trailer_size", "done", "rest")

    _MAX_LINE = 4096

    def __init__(self) -> None:
        self._buffer = b""
        self._left = 0  # data bytes left in the current chunk
        self._trailer = False
        self._trailer_size = 0
        self.done = False
        self.rest = b""

    def feed(self, data: bytes) -> bytes:
        """The chunk data found in what has arrived so far, ``data`` included."""
        buffer = self._buffer + data if self._buffer else data
        out: list[bytes] = []
        at = 0  # an index, not slices: many small chunks must not copy the rest each time
        while at < len(buffer) and not self.done:
            if self._left > 0:
                piece = buffer[at : at + self._left]
                out.append(piece)
                self._left -= len(piece)
                at += len(piece)
                if self._left == 0:
                    self._left = -1  # the CRLF after the data is next
                continue
            end = buffer.find(b"\n", at)
            if end < 0:
                if len(buffer) - at > self._MAX_LINE:
                    raise httpcore.RemoteProtocolError("a chunk-size line is too long")
                break
            line, at = buffer[at:end].rstrip(b"\r"), end + 1
            if self._left < 0:  # the end of a chunk's data
                if line:
                    raise httpcore.RemoteProtocolError("chunk data longer than its size")
                self._left = 0
            elif self._trailer:
                self._trailer_size += len(line)
                if self._trailer_size > MAX_HEAD:
                    raise httpcore.RemoteProtocolError(f"the trailer is over {MAX_HEAD} bytes")
                self.done = not line
            else:
                self._left = _chunk_size(line)
                self._trailer = self._left == 0
        if self.done:
            self.rest, at = buffer[at:], len(buffer)
        self._buffer = buffer[at:]
        return b"".join(out)


def _chunk_size(line: bytes) -> int:
    size = line.split(b";", 1)[0].strip(b" \t")
    if not size or len(size) > 16 or not all(byte in b"0123456789abcdefABCDEF" for byte in size):
        raise httpcore.RemoteProtocolError(f"invalid chunk size: {line[:80]!r}")
    return int(size, 16)


class Http11Connection:
    """One connection to ``host``:``port`` (TLS with ``ssl_context``), opened on first
    use and again whenever the last answer left it unusable or the server closed it
    while idle. Sends one request at a time: the caller (our pool) makes sure of that.
    """

    def __init__(
        self,
        host: str,
        port: int,
        heads: RequestHeads,
        *,
        ssl_context: ssl.SSLContext | None,
        network: httpcore.AsyncNetworkBackend,
    ) -> None:
        self._heads = heads
        self._host = host
        self._port = port
        self._ssl_context = ssl_context
        self._network = network
        self._stream: httpcore.AsyncNetworkStream | None = None
        self._reusable = False
        self._closed = False

    @property
    def ssl_context(self) -> ssl.SSLContext | None:
        """The TLS settings new connections are made with (``None`` for plain http)."""
        return self._ssl_context

    async def exchange(self, request: HTTPRequest, timeouts: Timeouts) -> Incoming:
        """Send ``request`` and read the answer's head; its body is a :class:`Body`."""
        data = self._heads.encode(request)
        stream = await self._ready(timeouts.connect)
        self._reusable = False  # until this answer's body has ended cleanly
        await stream.write(data, timeouts.write)
        buffer = b""
        for _ in range(_MAX_INTERIM + 1):
            head, buffer = await _read_head(stream, buffer, timeouts.read)
            parsed = parse_head(head)
            if parsed.status >= 200:
                break
            if parsed.status == 101:
                raise httpcore.RemoteProtocolError("the server switched protocols")
        else:
            raise httpcore.RemoteProtocolError(f"over {_MAX_INTERIM} interim (1xx) answers")
        length = body_length(parsed.status, parsed.fields)
        body = Body(self, stream, buffer, length, parsed.keep_alive, timeouts.read)
        return Incoming(parsed.status, parsed.fields, body)

    async def _ready(self, timeout: float | None) -> httpcore.AsyncNetworkStream:
        stream = self._stream
        if stream is not None and (not self._reusable or stream.get_extra_info("is_readable")):
            # Unusable, or the server closed it (or sent something unasked) while it
            # was idle: nothing of this request was written yet, so a new one is safe.
            _log.debug(
                "replacing the connection to %s:%d: %s",
                self._host,
                self._port,
                "the last answer ended it" if not self._reusable else "closed while idle",
            )
            self._stream = None
            await stream.aclose()
            stream = None
        if stream is None:
            _log.debug("connecting to %s:%d", self._host, self._port)
            stream = await self._network.connect_tcp(self._host, self._port, timeout=timeout)
            if self._ssl_context is not None:
                try:
                    stream = await stream.start_tls(
                        self._ssl_context, server_hostname=self._host, timeout=timeout
                    )
                except BaseException:
                    await stream.aclose()
                    raise
            if self._closed:  # aclose() came while connecting: keep no socket open
                await stream.aclose()
                raise httpcore.ConnectError("the connection was closed while connecting")
            self._stream = stream
        return stream

    def _ended(self, reusable: bool) -> None:
        """The answer's body was read to its end."""
        self._reusable = reusable

    async def aclose(self) -> None:
        """Close the socket, if one is open; the connection opens no other."""
        self._closed = True
        stream, self._stream = self._stream, None
        if stream is not None:
            await stream.aclose()


async def _read_head(
    stream: httpcore.AsyncNetworkStream, buffer: bytes, timeout: float | None
) -> tuple[bytes, bytes]:
    """The next head in ``buffer`` and what follows it, reading more as needed."""
    searched = 0
    while True:
        # The first blank line ends the head, with CRLF or bare LF line ends.
        crlf, lf = buffer.find(b"\n\r\n", searched), buffer.find(b"\n\n", searched)
        if lf >= 0 and (crlf < 0 or lf < crlf):
            return buffer[:lf], buffer[lf + 2 :]
        if crlf >= 0:
            return buffer[:crlf], buffer[crlf + 3 :]
        if len(buffer) > MAX_HEAD:
            raise httpcore.RemoteProtocolError(f"the answer's head is over {MAX_HEAD} bytes")
        searched = max(0, len(buffer) - 2)
        data = await stream.read(_READ, timeout)
        if not data:
            raise httpcore.RemoteProtocolError(
                "Server disconnected without sending a response."
                if not buffer
                else "Server disconnected in the middle of the answer's head."
            )
        buffer += data


class Body:
    """An answer's body, as an async iterator of the bytes as they came (still
    content-encoded). When it ends cleanly, the connection may be used again."""

    __slots__ = ("_chunked", "_connection", "_keep_alive", "_left", "_rest", "_stream", "_timeout")

    def __init__(
        self,
        connection: Http11Connection,
        stream: httpcore.AsyncNetworkStream,
        rest: bytes,
        length: int,
        keep_alive: bool,
        timeout: float | None,
    ) -> None:
        self._connection = connection
        self._stream = stream
        self._rest = rest
        self._left = length
        self._chunked = ChunkedReader() if length == _CHUNKED else None
        self._keep_alive = keep_alive and length != _UNTIL_CLOSE
        self._timeout = timeout
        if length == 0:
            self._end(rest)

    def __aiter__(self) -> Body:
        return self

    async def __anext__(self) -> bytes:
        if self._left == 0:
            raise StopAsyncIteration
        while True:
            data = self._rest or await self._stream.read(_READ, self._timeout)
            self._rest = b""
            if not data:
                if self._left != _UNTIL_CLOSE:
                    raise httpcore.RemoteProtocolError(
                        "Server disconnected without sending the whole answer."
                    )
                self._left = 0
                self._end(b"")
                raise StopAsyncIteration
            if self._left == _UNTIL_CLOSE:
                return data
            if self._chunked is not None:
                out = self._chunked.feed(data)
                if self._chunked.done:
                    self._left = 0
                    self._end(self._chunked.rest)
                if out:
                    return out
                if self._left == 0:
                    raise StopAsyncIteration
                continue
            if len(data) > self._left:
                data, extra = data[: self._left], data[self._left :]
            else:
                extra = b""
            self._left -= len(data)
            if self._left == 0:
                self._end(extra)
            return data

    def _end(self, extra: bytes) -> None:
        # Bytes after the answer were never asked for: the connection is not reused.
        self._connection._ended(self._keep_alive and not extra)
