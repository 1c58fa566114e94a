"""A tiny hostile HTTP/1.1 server: loopback only, an ephemeral port, raw bytes out.

It reads one request per connection (head and ``Content-Length`` body), then sends
whatever the test gives: fixed bytes, or an ``answer(server, writer)`` coroutine that
streams (see :meth:`HostileServer.send`). Then it closes the connection, or, with
``keep_alive=True``, reads the next request on it.

::

    async with HostileServer(b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\n{}") as server:
        client = AsyncClient(..., base_url=server.base_url)
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from types import TracebackType

__all__ = ["Answer", "HostileServer", "response"]

Answer = bytes | Callable[["HostileServer", asyncio.StreamWriter], Awaitable[None]]


def response(
    status: str,
    body: bytes = b"",
    headers: tuple[tuple[str, str], ...] = (),
    *,
    length: bool = True,
    reason: bytes | None = None,
) -> bytes:
    """Raw bytes of an HTTP/1.1 answer. ``status`` is ``"200 OK"``-like; ``reason`` replaces
    its reason phrase with raw bytes (non-ASCII allowed). ``Content-Length`` is added unless
    ``length=False`` or the headers already name one."""
    code, _, text = status.partition(" ")
    line = b"HTTP/1.1 " + code.encode() + b" " + (reason if reason is not None else text.encode())
    names = {name.lower() for name, _ in headers}
    lines = [line, *(f"{name}: {value}".encode("latin-1") for name, value in headers)]
    if length and "content-length" not in names:
        lines.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class HostileServer:
    """Serves ``answer`` to every request; counts what it did.

    ``requests``: requests read in full; ``request_heads`` and ``request_bodies``: what
    they were; ``connections``: connections accepted; ``bytes_sent``: bytes :meth:`send`
    handed to the socket; ``client_gone``: a write failed because the client hung up;
    ``done``: set each time a connection's handler ends.
    """

    def __init__(self, answer: Answer, *, keep_alive: bool = False) -> None:
        self.answer = answer
        self.keep_alive = keep_alive
        self.connections = 0
        self.request_bodies: list[bytes] = []
        self.requests = 0
        self.bytes_sent = 0
        self.client_gone = False
        self.done = asyncio.Event()
        self.request_heads: list[bytes] = []
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[object]] = set()
        self.base_url = ""

    async def __aenter__(self) -> HostileServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}/v1/"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.close()
        for _ in range(3):  # a connection accepted just now may not have started yet
            await asyncio.sleep(0)
            tasks = list(self._tasks)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def send(self, writer: asyncio.StreamWriter, data: bytes) -> None:
        """Write ``data`` and wait for the socket to take it; ``ConnectionError`` once the
        client is gone."""
        if writer.transport.is_closing():
            raise ConnectionResetError("the client went away")
        writer.write(data)
        self.bytes_sent += len(data)
        await writer.drain()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Read one request and send the answer to it."""
        head = await reader.readuntil(b"\r\n\r\n")
        self.request_heads.append(head)
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        self.request_bodies.append(await reader.readexactly(length))
        self.requests += 1
        if isinstance(self.answer, bytes):
            await self.send(writer, self.answer)
        else:
            await self.answer(self, writer)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.connections += 1
        try:
            while True:
                await self._one(reader, writer)
                if not self.keep_alive:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            self.client_gone = True
        except asyncio.CancelledError:
            pass  # only __aexit__ cancels, and it waits for us
        finally:
            writer.close()
            with contextlib.suppress(OSError, asyncio.CancelledError):
                await writer.wait_closed()
            self._tasks.discard(task)
            self.done.set()
