"""Receive the provider's delivery reports with FastAPI.

The provider POSTs one JSON report per status change of every message to the account's
notification URL (panel: Settings -> API -> Notification URL). It signs nothing, so the
URL itself is the secret: set it to ``https://your.host/iletimerkezi/reports/<token>``
with a long random token, e.g. ``python -c "import secrets; print(secrets.token_urlsafe(32))"``,
and serve it over HTTPS only (the token is in the path, so plain HTTP would leak it).

Run it (the token from ILETIMERKEZI_WEBHOOK_TOKEN)::

    uvicorn examples.fastapi_webhook:app

Reports can arrive more than once: each ``(id, status)`` is handled once per process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, HTTPException, Request, Response

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


async def read_capped(request: Request, limit: int) -> bytes:
    """The request body, refusing with 413 past ``limit`` bytes without buffering more."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(status_code=413)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(status_code=413)
    return bytes(body)


def create_app(
    token: str, on_report: ReportHandler = log_report, *, max_bytes: int = MAX_REPORT_BYTES
) -> FastAPI:
    """The receiver: POST /iletimerkezi/reports/{token} calls ``on_report`` once per report."""
    if len(token) < 16:
        raise ValueError("use a random token of at least 16 characters")
    dedupe = ReportDeduplicator()
    app = FastAPI()

    @app.post("/iletimerkezi/reports/{received}")
    async def receive(received: str, request: Request) -> Response:
        if not webhook_token_matches(received, token):
            raise HTTPException(status_code=404)  # say nothing to a prober
        try:
            report = parse_delivery_report(await read_capped(request, max_bytes))
        except DecodeError:
            raise HTTPException(status_code=400, detail="not a delivery report") from None
        if dedupe.first_time(report):
            try:
                await on_report(report)
            except Exception:
                dedupe.forget(report)  # let the provider's next try through
                raise
        return Response(status_code=200)

    return app


# Fails at startup without a token, rather than accepting reports from anyone.
app = create_app(os.environ.get("ILETIMERKEZI_WEBHOOK_TOKEN", ""))
