"""A delivery-report receiver for tests: a loopback aiohttp server that records every
report POSTed to it, for the fake provider (in-process or the ``fake`` command) to
send to.

``async with ReportReceiver() as receiver:`` gives ``receiver.url`` (POST reports
there), ``receiver.reports`` (the ``report`` objects, in arrival order) and
``await receiver.wait_for(n)``. ``GET receiver.url + "/received"`` answers the
reports as JSON Lines, for a test written in another language.
"""

from __future__ import annotations

import asyncio
import json
from types import TracebackType
from typing import Any

from aiohttp import web


class ReportReceiver:
    """Records the ``report`` of each JSON body POSTed to any path but ``/received``."""

    def __init__(self) -> None:
        self.reports: list[dict[str, Any]] = []
        self.url = ""
        self._arrived = asyncio.Condition()
        app = web.Application()
        app.router.add_get("/received", self._received)
        app.router.add_post("/{tail:.*}", self._receive)
        self._runner = web.AppRunner(app, access_log=None)

    async def __aenter__(self) -> ReportReceiver:
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self._runner.cleanup()

    async def _receive(self, request: web.Request) -> web.Response:
        report = json.loads(await request.read())["report"]
        async with self._arrived:
            self.reports.append(report)
            self._arrived.notify_all()
        return web.Response()

    async def _received(self, request: web.Request) -> web.Response:
        lines = "".join(json.dumps(report, ensure_ascii=False) + "\n" for report in self.reports)
        return web.Response(text=lines, content_type="application/x-ndjson")

    async def wait_for(self, count: int, within: float = 10.0) -> list[dict[str, Any]]:
        """The reports once at least ``count`` arrived; ``AssertionError`` after
        ``within`` seconds."""
        async with self._arrived:
            try:
                await asyncio.wait_for(
                    self._arrived.wait_for(lambda: len(self.reports) >= count), within
                )
            except TimeoutError:
                raise AssertionError(
                    f"{len(self.reports)} of {count} reports within {within} s: {self.reports}"
                ) from None
        return list(self.reports)

    def by_number(self) -> dict[str, list[str]]:
        """Each recipient's report statuses, in arrival order."""
        statuses: dict[str, list[str]] = {}
        for report in self.reports:
            statuses.setdefault(report["to"], []).append(report["status"])
        return statuses
