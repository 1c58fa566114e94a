"""Receive the provider's delivery reports with FastAPI.

The provider POSTs one JSON report per status change of every message to the account's
notification URL (panel: Settings -> API -> Notification URL). It signs nothing and
sends no headers of ours, so the URL itself is the secret: set it to
``https://your.host/iletimerkezi/reports/<token>`` with a long random token, e.g.
``python -c "import secrets; print(secrets.token_urlsafe(32))"``, and serve it over
HTTPS only (the token is in the path, so plain HTTP would leak it).

Run it (the token from ILETIMERKEZI_WEBHOOK_TOKEN)::

    ILETIMERKEZI_WEBHOOK_TOKEN=... uvicorn examples.fastapi_webhook:app

Each handled report is printed on stdout. uvicorn's access log shows the path as
``/iletimerkezi/reports/***``: the token never reaches a log.

Reports can arrive more than once: each ``(id, status)`` is handled once per process,
or once across every replica with ``REDIS_URL=redis://...`` set (the ``redis`` extra).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi import FastAPI, HTTPException, Request, Response

from iletimerkezi_async import (
    DecodeError,
    DeliveryReport,
    RedisReportDeduplicator,
    ReportDeduplicator,
    parse_delivery_report,
    webhook_token_matches,
)
from iletimerkezi_async.sansio.webhook import MAX_REPORT_BYTES

ReportHandler = Callable[[DeliveryReport], Awaitable[None]]
Deduplicator = ReportDeduplicator | RedisReportDeduplicator
ROUTE = "/iletimerkezi/reports/"


async def print_report(report: DeliveryReport) -> None:
    """The default handler: replace it with your own (update an order, notify...)."""
    print(
        f"report: order {report.order_id}, message {report.id} to {report.to}: {report.status}",
        flush=True,
    )


class HideToken(logging.Filter):
    """Writes the secret path segment of a log line, and of its extra fields, as ``***``."""

    _SECRET = re.compile(re.escape(ROUTE) + r"[^\s\"'?#]+")

    def _hide(self, value: object) -> object:
        return self._SECRET.sub(ROUTE + "***", value) if isinstance(value, str) else value

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in vars(record).items():
            if isinstance(value, str) and ROUTE in value:
                setattr(record, name, self._hide(value))
        if isinstance(record.args, tuple):
            record.args = tuple(self._hide(arg) for arg in record.args)
        return True


# uvicorn's access log names the path of every request.
logging.getLogger("uvicorn.access").addFilter(HideToken())


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


async def first_time(dedupe: Deduplicator, report: DeliveryReport) -> bool:
    if isinstance(dedupe, RedisReportDeduplicator):
        return await dedupe.first_time(report)
    return dedupe.first_time(report)


async def forget(dedupe: Deduplicator, report: DeliveryReport) -> None:
    if isinstance(dedupe, RedisReportDeduplicator):
        await dedupe.forget(report)
    else:
        dedupe.forget(report)


def create_app(
    token: str,
    on_report: ReportHandler = print_report,
    *,
    dedupe: Deduplicator | None = None,
    max_bytes: int = MAX_REPORT_BYTES,
    lifespan: Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]] | None = None,
) -> FastAPI:
    """The receiver: POST /iletimerkezi/reports/{token} calls ``on_report`` once per
    report, as remembered by ``dedupe`` (by default in this process)."""
    if len(token) < 16:
        raise ValueError("use a random token of at least 16 characters")
    seen = dedupe if dedupe is not None else ReportDeduplicator()
    app = FastAPI(lifespan=lifespan)

    @app.post(ROUTE + "{received}")
    async def receive(received: str, request: Request) -> Response:
        if not webhook_token_matches(received, token):
            raise HTTPException(status_code=404)  # say nothing to a prober
        try:
            report = parse_delivery_report(await read_capped(request, max_bytes))
        except DecodeError:
            raise HTTPException(status_code=400, detail="not a delivery report") from None
        if await first_time(seen, report):
            try:
                await on_report(report)
            except Exception:
                await forget(seen, report)  # let the provider's next try through
                raise
        return Response(status_code=200)

    return app


def app_from_env(
    on_report: ReportHandler = print_report, *, prefix: str = "iletimerkezi:report:"
) -> FastAPI:
    """The app ``uvicorn`` runs: the token from ILETIMERKEZI_WEBHOOK_TOKEN; with
    REDIS_URL set, reports are remembered in Redis under ``prefix``, for every replica.

    Fails at startup without a token, rather than accepting reports from anyone.
    """
    token = os.environ.get("ILETIMERKEZI_WEBHOOK_TOKEN", "")
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        return create_app(token, on_report)
    import redis.asyncio

    client = redis.asyncio.from_url(redis_url)

    @contextlib.asynccontextmanager
    async def close_redis(app: FastAPI) -> AsyncIterator[None]:
        yield
        await client.aclose()

    dedupe = RedisReportDeduplicator(client, prefix=prefix)
    return create_app(token, on_report, dedupe=dedupe, lifespan=close_redis)


app = app_from_env()
