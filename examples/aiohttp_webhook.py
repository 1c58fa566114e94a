"""Receive the provider's delivery reports with aiohttp.

The provider POSTs one JSON report per status change of every message to the account's
notification URL (panel: Settings -> API -> Notification URL). It signs nothing, so the
URL itself is the secret: set it to ``https://your.host/iletimerkezi/reports/<token>``
with a long random token, and serve it over HTTPS only.

Run it (the token from ILETIMERKEZI_WEBHOOK_TOKEN)::

    python -m aiohttp.web -H 127.0.0.1 -P 8080 examples.aiohttp_webhook:init_app

Reports can arrive more than once: each ``(id, status)`` is handled once per process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable

from aiohttp import web

from iletimerkezi_async import (
    DecodeError,
    DeliveryReport,
    ReportDeduplicator,
    parse_delivery_report,
    webhook_token_matches,
)
from iletimerkezi_async.sansio.webhook import MAX_REPORT_BYTES

logger = logging.getLogger("iletimerkezi.webhook")

ReportHandler = Callable[[DeliveryReport], Awaitable[None]]


async def log_report(report: DeliveryReport) -> None:
    """The default handler: replace it with your own (update an order, notify...)."""
    logger.info("message %d of order %s: %s", report.id, report.order_id, report.status)


def create_app(
    token: str, on_report: ReportHandler = log_report, *, max_bytes: int = MAX_REPORT_BYTES
) -> web.Application:
    """The receiver: POST /iletimerkezi/reports/{token} calls ``on_report`` once per report."""
    if len(token) < 16:
        raise ValueError("use a random token of at least 16 characters")
    dedupe = ReportDeduplicator()

    async def receive(request: web.Request) -> web.Response:
        if not webhook_token_matches(request.match_info["token"], token):
            raise web.HTTPNotFound()  # say nothing to a prober
        try:
            # client_max_size below makes read() refuse a larger body with 413.
            report = parse_delivery_report(await request.read(), max_bytes=max_bytes)
        except DecodeError:
            raise web.HTTPBadRequest(text="not a delivery report") from None
        if dedupe.first_time(report):
            try:
                await on_report(report)
            except Exception:
                dedupe.forget(report)  # let the provider's next try through
                raise
        return web.Response()

    app = web.Application(client_max_size=max_bytes)
    app.router.add_post("/iletimerkezi/reports/{token}", receive)
    return app


def init_app(argv: list[str] | None = None) -> web.Application:
    """Entry point for ``python -m aiohttp.web``: the token from the environment."""
    return create_app(os.environ.get("ILETIMERKEZI_WEBHOOK_TOKEN", ""))
