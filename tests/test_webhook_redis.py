"""RedisReportDeduplicator against a real Redis: one atomic claim per report across
clients, forget, the TTL, and a base install that never needs redis."""

from __future__ import annotations

import asyncio
import datetime
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

import iletimerkezi_async
from iletimerkezi_async import (
    DeliveryReport,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    RedisReportDeduplicator,
    ReportDeduplicator,
)

REPORT = DeliveryReport(1599558518, "104525848", "delivered", "+905057023100", "Merhaba")
ROOT = Path(__file__).resolve().parents[1]


def dedupe(client: Any, prefix: str, **options: Any) -> RedisReportDeduplicator:
    return RedisReportDeduplicator(client, prefix=prefix, **options)


async def test_a_report_is_handled_once_and_again_after_forget(
    redis_client: Any, redis_prefix: str
) -> None:
    seen = dedupe(redis_client, redis_prefix)
    assert await seen.first_time(REPORT)
    assert not await seen.first_time(REPORT)
    accepted = DeliveryReport(REPORT.id, REPORT.order_id, "accepted", REPORT.to, REPORT.text)
    assert await seen.first_time(accepted)  # another status of the same message
    await seen.forget(REPORT)
    assert await seen.first_time(REPORT)
    assert await redis_client.exists(f"{redis_prefix}1599558518:delivered") == 1


async def test_replicas_racing_on_one_report_handle_it_once(
    redis_url: str, redis_client: Any, redis_prefix: str
) -> None:
    import redis.asyncio

    # Three replicas, each with its own connections, claim the same 50 reports at once.
    replicas = [redis.asyncio.from_url(redis_url) for _ in range(3)]
    try:
        claims = [dedupe(client, redis_prefix) for client in replicas]
        reports = [DeliveryReport(i, "1", "delivered", "+905057023100", "x") for i in range(1, 51)]
        won = await asyncio.gather(
            *(claim.first_time(report) for report in reports for claim in claims for _ in "ab")
        )
    finally:
        for client in replicas:
            await client.aclose()
    per_report = [sum(won[i * 6 : i * 6 + 6]) for i in range(50)]
    assert per_report == [1] * 50


async def test_the_ttl_bounds_how_long_a_report_is_remembered(
    redis_client: Any, redis_prefix: str
) -> None:
    seen = dedupe(redis_client, redis_prefix, ttl=datetime.timedelta(milliseconds=150))
    assert seen.ttl == datetime.timedelta(milliseconds=150)
    assert await seen.first_time(REPORT)
    assert 0 < await redis_client.pttl(seen.key(REPORT)) <= 150
    await asyncio.sleep(0.3)
    assert await seen.first_time(REPORT)  # forgotten: a repeat this late passes again
    week = dedupe(redis_client, redis_prefix + "week:")
    assert week.ttl == datetime.timedelta(days=7)
    assert await week.first_time(REPORT)
    remaining = await redis_client.ttl(week.key(REPORT))
    assert 7 * 86400 - 5 <= remaining <= 7 * 86400


async def test_arguments_are_checked(redis_client: Any) -> None:
    import redis

    for ttl in (0, -1, 0.0001, float("nan"), datetime.timedelta(0)):
        with pytest.raises(InvalidArgumentError, match="ttl"):
            RedisReportDeduplicator(redis_client, ttl=ttl)
    with pytest.raises(InvalidArgumentTypeError, match="ttl"):
        RedisReportDeduplicator(redis_client, ttl="7d")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="prefix"):
        RedisReportDeduplicator(redis_client, prefix="")
    with pytest.raises(InvalidArgumentTypeError, match="synchronous Redis"):
        RedisReportDeduplicator(redis.Redis())  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentTypeError, match="got str"):
        RedisReportDeduplicator("redis://127.0.0.1")  # type: ignore[arg-type]


def test_repr_shows_no_password() -> None:
    import redis.asyncio

    client = redis.asyncio.from_url("redis://:s3cret-pass@127.0.0.1:1/0")
    text = repr(RedisReportDeduplicator(client, prefix="app:"))
    assert text == "RedisReportDeduplicator(prefix='app:', ttl=7 days, 0:00:00)"
    assert "s3cret" not in text


def test_without_redis_installed_it_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)
    monkeypatch.setitem(sys.modules, "redis.asyncio", None)
    with pytest.raises(ImportError, match=r'pip install "iletimerkezi-async\[redis\]"'):
        RedisReportDeduplicator(object())  # type: ignore[arg-type]


def test_the_base_install_is_free_of_redis() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert not [dep for dep in project["dependencies"] if dep.startswith("redis")]
    assert project["optional-dependencies"]["redis"] == ["redis>=5.0"]
    # Importing the package, the class and the testing kit loads no redis module.
    code = (
        "import sys, iletimerkezi_async, iletimerkezi_async.testing\n"
        "iletimerkezi_async.RedisReportDeduplicator\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'redis'))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert ran.stdout.strip() == "[]"


def test_it_is_exported_beside_the_in_process_one() -> None:
    assert "RedisReportDeduplicator" in iletimerkezi_async.__all__
    assert "ReportDeduplicator" in iletimerkezi_async.__all__
    assert RedisReportDeduplicator.__module__ == "iletimerkezi_async.webhook_redis"
    assert ReportDeduplicator.__doc__
    assert RedisReportDeduplicator.__doc__
