"""``RedisReportDeduplicator``: each delivery report handled once across every replica of
a receiver, with the keys kept in Redis (the ``redis`` extra, on ``redis.asyncio``).

The in-process :class:`~iletimerkezi_async.ReportDeduplicator` serves one process; a
receiver behind a load balancer runs on several, and the provider may send the same
report twice, to any of them. Here the first replica to claim a report's
``(id, status)`` wins, in one atomic ``SET key 1 NX PX ttl``: two replicas racing on
one report cannot both handle it.
"""

from __future__ import annotations

import datetime
import math
from typing import TYPE_CHECKING

from .errors import InvalidArgumentError, InvalidArgumentTypeError
from .sansio.shown import shown
from .sansio.webhook import DeliveryReport

if TYPE_CHECKING:
    from redis.asyncio import Redis, RedisCluster

__all__ = ["DEFAULT_TTL", "RedisReportDeduplicator"]

DEFAULT_TTL = datetime.timedelta(days=7)
"""How long a report's key is kept: far longer than a provider's repeats take."""

_NEEDS_EXTRA = (
    'RedisReportDeduplicator needs the redis package: pip install "iletimerkezi-async[redis]"'
)


def _check_client(client: object) -> None:
    try:
        import redis
        import redis.asyncio
    except ImportError as error:
        raise ImportError(_NEEDS_EXTRA, name="redis") from error
    if isinstance(client, redis.Redis | redis.RedisCluster):
        raise InvalidArgumentTypeError(
            "RedisReportDeduplicator needs an asyncio client (redis.asyncio.Redis, "
            f"e.g. redis.asyncio.from_url(url)), got the synchronous {type(client).__name__}"
        )
    if not isinstance(client, redis.asyncio.Redis | redis.asyncio.RedisCluster):
        raise InvalidArgumentTypeError(
            f"expected a redis.asyncio.Redis or RedisCluster, got {type(client).__name__}"
        )


def _milliseconds(ttl: datetime.timedelta | float) -> int:
    seconds = ttl.total_seconds() if isinstance(ttl, datetime.timedelta) else ttl
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise InvalidArgumentTypeError(f"ttl must be a timedelta or seconds, got {shown(ttl)}")
    if not (math.isfinite(seconds) and seconds >= 0.001):
        raise InvalidArgumentError(f"ttl must be at least a millisecond, got {shown(ttl)}")
    return math.ceil(seconds * 1000)


class RedisReportDeduplicator:
    """Remembers each report's ``(id, status)`` in Redis for ``ttl`` (7 days by
    default), under ``prefix`` + ``"<id>:<status>"``, to drop repeats across processes.

    ``if await dedupe.first_time(report): handle(report)``, and ``await
    dedupe.forget(report)`` if handling failed, so that the provider's next try gets
    through. The contract of :class:`~iletimerkezi_async.ReportDeduplicator`, with
    async methods. ``redis_client`` is a ``redis.asyncio.Redis`` (or ``RedisCluster``),
    which you create, share and close. A repeat arriving after ``ttl`` is handled
    again; a longer ``ttl`` costs a key (about 100 bytes) per report for longer. Errors
    of the Redis client (``redis.exceptions.RedisError``) reach the caller as they are:
    answer 5xx, and the provider sends the report again.
    """

    def __init__(
        self,
        redis_client: Redis | RedisCluster,
        *,
        ttl: datetime.timedelta | float = DEFAULT_TTL,
        prefix: str = "iletimerkezi:report:",
    ) -> None:
        _check_client(redis_client)
        if not isinstance(prefix, str) or not prefix:
            kind = InvalidArgumentTypeError if not isinstance(prefix, str) else InvalidArgumentError
            raise kind(f"prefix must be a non-empty string, got {shown(prefix)}")
        self._redis = redis_client
        self._ttl_ms = _milliseconds(ttl)
        self.prefix = prefix

    @property
    def ttl(self) -> datetime.timedelta:
        """How long a report is remembered."""
        return datetime.timedelta(milliseconds=self._ttl_ms)

    def __repr__(self) -> str:
        # Not the client's: its connection settings may hold a password.
        return f"RedisReportDeduplicator(prefix={self.prefix!r}, ttl={self.ttl})"

    def key(self, report: DeliveryReport) -> str:
        """The Redis key of ``report``: ``prefix`` + ``"<id>:<status>"``."""
        message_id, status = report.key
        return f"{self.prefix}{message_id}:{status}"

    async def first_time(self, report: DeliveryReport) -> bool:
        """``True`` for the one caller, on any replica, that claims a report's
        ``(id, status)`` first within ``ttl``; ``False`` for every repeat."""
        claimed = await self._redis.set(self.key(report), b"1", nx=True, px=self._ttl_ms)
        return bool(claimed)

    async def forget(self, report: DeliveryReport) -> None:
        """Forget ``report`` (when handling it failed), so a repeat is handled again."""
        await self._redis.delete(self.key(report))
