"""Receive the provider's delivery reports with aiohttp.

The provider POSTs one JSON report per status change of every message to the account's
notification URL (panel: Settings -> API -> Notification URL). It signs nothing and
sends no headers of ours, so the URL itself is the secret: set it to
``https://your.host/iletimerkezi/reports/<token>`` with a long random token, and serve
it over HTTPS only.

Run it (the token from ILETIMERKEZI_WEBHOOK_TOKEN)::

    ILETIMERKEZI_WEBHOOK_TOKEN=... python -m aiohttp.web -H 127.0.0.1 -P 8080 \\
        examples.aiohttp_webhook:init_app

Each handled report is printed on stdout. aiohttp's access log shows the path as
``/iletimerkezi/reports/***``: the token never reaches a log.

Reports can arrive more than once: each ``(id, status)`` is handled once per process,
or once across every replica with ``REDIS_URL=redis://...`` set (the ``redis`` extra).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Awaitable, Callable

from aiohttp import web

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
        # aiohttp formats the line itself, and passes its parts as extra attributes.
        for name, value in vars(record).items():
            if isinstance(value, str) and ROUTE in value:
                setattr(record, name, self._hide(value))
        if isinstance(record.args, tuple):
            record.args = tuple(self._hide(arg) for arg in record.args)
        return True


# aiohttp's access log names the path of every request.
logging.getLogger("aiohttp.access").addFilter(HideToken())


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
) -> web.Application:
    """The receiver: POST /iletimerkezi/reports/{token} calls ``on_report`` once per
    report, as remembered by ``dedupe`` (by default in this process)."""
    if len(token) < 16:
        raise ValueError("use a random token of at least 16 characters")
    seen = dedupe if dedupe is not None else ReportDeduplicator()

    async def receive(request: web.Request) -> web.Response:
        if not webhook_token_matches(request.match_info["token"], token):
            raise web.HTTPNotFound()  # say nothing to a prober
        try:
            # client_max_size below makes read() refuse a larger body with 413.
            report = parse_delivery_report(await request.read(), max_bytes=max_bytes)
        except DecodeError:
            raise web.HTTPBadRequest(text="not a delivery report") from None
        if await first_time(seen, report):
            try:
                await on_report(report)
            except Exception:
                await forget(seen, report)  # let the provider's next try through
                raise
        return web.Response()

    app = web.Application(client_max_size=max_bytes)
    app.router.add_post(ROUTE + "{token}", receive)
    return app


def app_from_env(
    on_report: ReportHandler = print_report, *, prefix: str = "iletimerkezi:report:"
) -> web.Application:
    """The token from ILETIMERKEZI_WEBHOOK_TOKEN; with REDIS_URL set, reports are
    remembered in Redis under ``prefix``, for every replica. Fails without a token."""
    token = os.environ.get("ILETIMERKEZI_WEBHOOK_TOKEN", "")
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        return create_app(token, on_report)
    import redis.asyncio

    client = redis.asyncio.from_url(redis_url)
    app = create_app(token, on_report, dedupe=RedisReportDeduplicator(client, prefix=prefix))

    async def close_redis(app: web.Application) -> None:
        await client.aclose()

    app.on_cleanup.append(close_redis)
    return app


def init_app(argv: list[str] | None = None) -> web.Application:
    """Entry point for ``python -m aiohttp.web``: see :func:`app_from_env`."""
    return app_from_env()
