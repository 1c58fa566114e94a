"""The in-process httpx transport of the fake: faults become what httpx raises on a socket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx

from .responder import Responder
from .shapes import FakeResponse

__all__ = ["FakeTransport"]


class _TruncatedStream(httpx.AsyncByteStream):
    """Yields part of a body, then fails like h11 does when the peer hangs up early."""

    def __init__(self, part: bytes, expected: int, request: httpx.Request) -> None:
        self._part = part
        self._expected = expected
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._part
        raise httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body "
            f"(received {len(self._part)} bytes, expected {self._expected})",
            request=self._request,
        )


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout")
    if isinstance(timeout, dict):
        value = timeout.get("read")
        if isinstance(value, int | float):
            return float(value)
    return None


class FakeTransport(httpx.AsyncBaseTransport):
    """Answers requests for any host from the fake provider, in-process.

    Get it from ``fake.transport``. A dropped connection raises
    ``httpx.RemoteProtocolError``, a truncated body raises it while reading, and a
    delay longer than the request's read timeout raises ``httpx.ReadTimeout``, as
    they would on a real socket.
    """

    def __init__(self, responder: Responder) -> None:
        self._responder = responder

    def __repr__(self) -> str:
        return f"FakeTransport({self._responder!r})"

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer ``request`` as the fake provider would, faults included."""
        body = await request.aread()
        with self._responder.exchange(
            request.method, request.url.path, request.headers, body
        ) as exchange:
            fault, answer = exchange.fault, exchange.response
            kind = fault.kind if fault is not None else None
            if kind == "refuse":
                raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
            if fault is not None and kind in ("latency", "stall"):
                await self._wait(fault.seconds, request)
            elif kind == "disconnect":
                raise httpx.RemoteProtocolError(
                    "Server disconnected without sending a response.", request=request
                )
            exchange.sent()
            if kind == "truncate":
                stream = _TruncatedStream(
                    answer.body[: len(answer.body) // 2], len(answer.body), request
                )
                return self._response(answer, request, stream)
            return self._response(answer, request, httpx.ByteStream(answer.body))

    @staticmethod
    async def _wait(seconds: float, request: httpx.Request) -> None:
        # httpx enforces read timeouts in the network layer, which this transport
        # replaces: enforce them here so a stall fails the way it would on a socket.
        limit = _read_timeout(request)
        if limit is not None and seconds > limit:
            await asyncio.sleep(limit)
            raise httpx.ReadTimeout("timed out", request=request)
        await asyncio.sleep(seconds)

    @staticmethod
    def _response(
        answer: FakeResponse, request: httpx.Request, stream: httpx.AsyncByteStream
    ) -> httpx.Response:
        return httpx.Response(
            answer.status,
            headers=list(answer.headers),
            stream=stream,
            request=request,
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": answer.reason.encode(),
            },
        )
