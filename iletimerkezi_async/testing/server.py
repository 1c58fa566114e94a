"""The fake provider on a real loopback socket: asyncio streams plus h11 (HTTP/1.1).

Faults happen on the wire here: a disconnect closes the socket unanswered, a
truncation sends the full ``Content-Length`` and then half the body, a stall
sends nothing for a while. Paths under ``/_fake/`` go to the control API
(``testing/control.py``), untouched by faults and not counted in ``stats``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import h11

from .control import Control
from .responder import Responder
from .shapes import FakeResponse, provider_response

__all__ = ["serve"]

_READ_SIZE = 65536


def _h11_response(answer: FakeResponse) -> h11.Response:
    return h11.Response(
        status_code=answer.status,
        headers=[(name.encode(), value.encode()) for name, value in answer.headers],
        reason=answer.reason.encode(),
    )


class _Connection:
    """One client connection: requests in order, keep-alive until either side closes."""

    def __init__(
        self,
        responder: Responder,
        control: Control,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        self._responder = responder
        self._control = control
        self._reader = reader
        self._writer = writer
        self._h11 = h11.Connection(h11.SERVER)

    async def run(self) -> None:
        conn = self._h11
        while True:
            try:
                request = await self._next_request()
            except h11.RemoteProtocolError as error:
                await self._reject(error.error_status_hint)
                return
            if request is None:
                return
            if not await self._answer(*request):
                return
            if conn.our_state is not h11.DONE or conn.their_state is not h11.DONE:
                return  # "Connection: close", or HTTP/1.0
            conn.start_next_cycle()

    async def _next_request(self) -> tuple[h11.Request, bytes] | None:
        conn = self._h11
        request: h11.Request | None = None
        chunks: list[bytes] = []
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                conn.receive_data(await self._reader.read(_READ_SIZE))
            elif isinstance(event, h11.Request):
                request = event
            elif isinstance(event, h11.Data):
                chunks.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                assert request is not None
                return request, b"".join(chunks)
            else:  # ConnectionClosed: the client hung up between requests
                return None

    async def _reject(self, status: int) -> None:
        if self._h11.our_state not in (h11.IDLE, h11.SEND_RESPONSE):
            return
        legacy = self._responder.shape == "legacy"
        await self._send(provider_response(status, "legacy" if legacy else "current"))

    async def _send(self, answer: FakeResponse) -> None:
        conn = self._h11
        self._writer.write(
            conn.send(_h11_response(answer))
            + conn.send(h11.Data(data=answer.body))
            + conn.send(h11.EndOfMessage())
        )
        await self._writer.drain()

    async def _answer(self, request: h11.Request, body: bytes) -> bool:
        """Send the answer to ``request``; ``False`` when the connection must close."""
        method = request.method.decode("latin-1")
        path = request.target.decode("latin-1").partition("?")[0]
        if self._control.handles(path):
            await self._send(await self._control.answer(method, path, body))
            return True
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in request.headers
        }
        with self._responder.exchange(method, path, headers, body) as exchange:
            fault, answer = exchange.fault, exchange.response
            kind = fault.kind if fault is not None else None
            if fault is not None and kind in ("latency", "stall"):
                await asyncio.sleep(fault.seconds)
            elif kind in ("disconnect", "refuse"):
                return False
            exchange.sent()
            if kind == "truncate":
                conn = self._h11
                part = answer.body[: len(answer.body) // 2]
                self._writer.write(
                    conn.send(_h11_response(answer)) + conn.send(h11.Data(data=part))
                )
                await self._writer.drain()
                return False
            await self._send(answer)
            return True


class _Server:
    def __init__(self, responder: Responder, control: Control) -> None:
        self._responder = responder
        self._control = control
        self._tasks: set[asyncio.Task[object]] = set()
        self._closing = False
        self._server: asyncio.Server | None = None

    async def start(self, host: str, port: int) -> str:
        self._server = await asyncio.start_server(self._on_connect, host, port)
        bound_host, bound_port = self._server.sockets[0].getsockname()[:2]
        if ":" in bound_host:
            bound_host = f"[{bound_host}]"
        return f"http://{bound_host}:{bound_port}/v1/"

    async def _on_connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        stats = self._responder.stats
        if task is not None:
            self._tasks.add(task)
        stats.connections_opened += 1
        stats.open_connections += 1
        try:
            try:
                if not self._closing:
                    await _Connection(self._responder, self._control, reader, writer).run()
            except (OSError, h11.ProtocolError):
                pass  # the client went away or broke the protocol mid-answer
            finally:
                stats.open_connections -= 1
                writer.close()
                with contextlib.suppress(OSError):
                    await writer.wait_closed()
        except asyncio.CancelledError:
            # Only close() cancels these tasks, and it awaits them. Python 3.11's
            # start_server logs a traceback for every handler task that ends cancelled.
            pass
        finally:
            self._tasks.discard(task)

    async def close(self) -> None:
        self._closing = True
        server = self._server
        if server is None:
            return
        server.close()
        # Connections accepted just before close() may not have started yet: give
        # them a few turns of the loop to register (or see _closing and leave).
        for _ in range(3):
            await asyncio.sleep(0)
            while self._tasks:
                tasks = list(self._tasks)
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                self._tasks.difference_update(tasks)
        await server.wait_closed()


@contextlib.asynccontextmanager
async def serve(
    responder: Responder, control: Control, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[str]:
    """Serve the API through ``responder`` and ``/_fake/`` through ``control`` on
    ``host:port`` for the duration of the block; yield the API's base URL.

    On exit: stop accepting, close every connection, and wait for every handler.
    """
    server = _Server(responder, control)
    try:
        yield await server.start(host, port)
    finally:
        await server.close()
