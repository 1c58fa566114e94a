"""What every area's methods need from the client: credentials and the generic call path."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypeVar

from ..sansio import Call, Credentials

if TYPE_CHECKING:
    from ..clock import Clock

__all__ = ["CallPath"]

T = TypeVar("T")


class CallPath:
    """The part of :class:`~iletimerkezi_async.AsyncClient` the area methods are built on."""

    _credentials: Credentials
    _time: Clock

    async def _call(self, call: Call[T]) -> T:
        """Run ``call``: retries, the concurrency cap, the time budget and logging."""
        raise NotImplementedError

    def _limit(self, concurrency: int | None) -> int:
        """The concurrency for one bulk or paged call: at most the client's cap."""
        raise NotImplementedError

    async def _sleep_unless_closed(self, seconds: float) -> None:
        """Sleep on the client's clock; ``aclose`` ends the sleep early."""
        raise NotImplementedError

    def _wall_now(self) -> datetime.datetime:
        """The client's wall clock as an aware datetime (UTC)."""
        return datetime.datetime.fromtimestamp(self._time.time(), datetime.UTC)
