"""One replica of a delivery-report receiver, for test_replicas.py: a webhook example,
wired from the environment as its docstring runs it (REDIS_URL set), on a free
loopback port.

Usage: ``python replica.py fastapi|aiohttp`` with ILETIMERKEZI_WEBHOOK_TOKEN, REDIS_URL
and REPORT_PREFIX set. Prints ``listening PORT`` first, then the example's line for each
report it handles. Its handler takes a moment (so that repeats overlap with it), and
fails once, across every replica, for a report whose text is ``FAIL_ONCE``.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import redis.asyncio

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))

from iletimerkezi_async import DeliveryReport

FAIL_ONCE = "FAIL_ONCE"


def main(kind: str) -> None:
    prefix = os.environ["REPORT_PREFIX"]
    markers = redis.asyncio.from_url(os.environ["REDIS_URL"])

    async def handle(report: DeliveryReport) -> None:
        await asyncio.sleep(0.02)
        if report.text == FAIL_ONCE and await markers.set(
            f"{prefix}failed:{report.id}", 1, nx=True
        ):
            raise RuntimeError("the database is down")
        await example.print_report(report)

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    print(f"listening {sock.getsockname()[1]}", flush=True)
    if kind == "fastapi":
        import fastapi_webhook as example
        import uvicorn

        app = example.app_from_env(handle, prefix=prefix)
        uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
    else:
        import aiohttp_webhook as example
        from aiohttp import web

        web.run_app(example.app_from_env(handle, prefix=prefix), sock=sock, print=None)


if __name__ == "__main__":
    main(sys.argv[1])
