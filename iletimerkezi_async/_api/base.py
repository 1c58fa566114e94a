"""What every area's methods need from the client: credentials and the generic call path."""

from __future__ import annotations

from typing import TypeVar

from ..sansio import Call, Credentials

__all__ = ["CallPath"]

T = TypeVar("T")


class CallPath:
    """The part of :class:`~iletimerkezi_async.AsyncClient` the area methods are built on."""

    _credentials: Credentials

    async def _call(self, call: Call[T]) -> T:
        """Run ``call``: retries, the concurrency cap, the time budget and logging."""
        raise NotImplementedError

    def _limit(self, concurrency: int | None) -> int:
        """The concurrency for one bulk or paged call: at most the client's cap."""
        raise NotImplementedError
