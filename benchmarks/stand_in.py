"""A deliberately cheap stand-in for the provider, for benchmarks only.

Run as its own process (``python benchmarks/stand_in.py``) so that its CPU never
counts as the client's. It listens on 127.0.0.1 on an ephemeral port, speaks just
enough HTTP/1.1 (keep-alive, pipelining, ``Content-Length`` bodies) and answers
every request with a precomputed 200 get-contact JSON answer in the current shape
for the id found in the request body.

Control protocol on stdin/stdout, one line each:

- on start it prints ``PORT <n>``;
- for each ``cpu`` line read it prints
  ``CPU <process_time seconds> <requests served> <connections accepted> <connections open>``;
- it exits when stdin is closed.

Nothing is validated (no auth check, no method check): the point is to spend as
little CPU per request as possible, so the benchmark measures the client.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import sys
import time

_HEAD_END = b"\r\n\r\n"
_LENGTH = re.compile(rb"(?i)\r\ncontent-length:[ \t]*(\d+)")
_CONTACT_ID = re.compile(rb'"contact":\{"id":"?(\d+)')

# The answer body is PREFIX + id + SUFFIX (current shape, UTF-8 Turkish letters).
_PREFIX = b'{"response":{"status":{"code":200,"message":"OK"},"contact":{"id":'
_SUFFIX = (
    '","name":"Çağrı","surname":"Yılmaz","email":"c@example.com","gsm":"+905551112233",'
    '"custom_fields":[{"id":1,"value":"x"}],"groups":[1,2]}}}'
).encode()
_SUFFIX = _SUFFIX[1:]  # drop the quote: the id is a JSON number in the current shape
_FIXED = len(_PREFIX) + len(_SUFFIX)
_HEAD = (
    b"HTTP/1.1 200 OK\r\n"
    b"Content-Type: application/json; charset=utf-8\r\n"
    b"Connection: keep-alive\r\n"
    b"Content-Length: %d\r\n\r\n"
)
# The whole head depends only on the id's length: build each once.
_HEADS = {digits: _HEAD % (_FIXED + digits) for digits in range(1, 21)}
_BAD = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"

served = 0
connections = 0
open_connections = 0


def answer(contact_id: bytes) -> bytes:
    """The full HTTP answer for ``contact_id`` (ASCII digits)."""
    return b"".join((_HEADS[len(contact_id)], _PREFIX, contact_id, _SUFFIX))


def body_for(request_body: bytes) -> bytes:
    """Just the JSON answer to a get-contact request body (for in-process use)."""
    found = _CONTACT_ID.search(request_body)
    if found is None:
        raise ValueError("no contact id in the request")
    return b"".join((_PREFIX, found.group(1), _SUFFIX))


class _Connection(asyncio.Protocol):
    __slots__ = ("_buffer", "_transport")

    def __init__(self) -> None:
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        global connections, open_connections
        connections += 1
        open_connections += 1
        self._transport = transport  # type: ignore[assignment]
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def connection_lost(self, exc: Exception | None) -> None:
        global open_connections
        open_connections -= 1

    def data_received(self, data: bytes) -> None:
        global served
        buffer = self._buffer + data if self._buffer else data
        out = []
        while True:
            end = buffer.find(_HEAD_END)
            if end < 0:
                break
            match = _LENGTH.search(buffer, 0, end + 2)
            length = int(match.group(1)) if match else 0
            stop = end + 4 + length
            if len(buffer) < stop:
                break
            found = _CONTACT_ID.search(buffer, end + 4, stop)
            if found is None or len(found.group(1)) > 20:
                out.append(_BAD)
                self._buffer = b""
                assert self._transport is not None
                self._transport.write(b"".join(out))
                self._transport.close()
                return
            out.append(answer(found.group(1)))
            served += 1
            buffer = buffer[stop:]
        self._buffer = buffer
        if out:
            assert self._transport is not None
            self._transport.write(out[0] if len(out) == 1 else b"".join(out))


async def _main() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Connection, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    done = loop.create_future()
    stdin = sys.stdin.fileno()
    pending = b""

    def on_control() -> None:
        nonlocal pending
        chunk = os.read(stdin, 4096)
        if not chunk:
            loop.remove_reader(stdin)
            if not done.done():
                done.set_result(None)
            return
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            if line.strip() == b"cpu":
                sys.stdout.write(
                    f"CPU {time.process_time():.6f} {served} {connections} {open_connections}\n"
                )
                sys.stdout.flush()

    loop.add_reader(stdin, on_control)
    sys.stdout.write(f"PORT {port}\n")
    sys.stdout.flush()
    async with server:
        await done


if __name__ == "__main__":
    asyncio.run(_main())
