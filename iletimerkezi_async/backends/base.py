"""What the client needs from an HTTP library."""

from __future__ import annotations

from typing import NamedTuple, Protocol

from ..sansio import HTTPRequest

__all__ = ["Answer", "Backend", "too_large"]


class Answer(NamedTuple):
    """A raw answer: HTTP status, the ``Retry-After`` header if any, the body."""

    status: int
    retry_after: str | None
    body: bytes


class Backend(Protocol):
    """Sends requests; raises only :mod:`iletimerkezi_async.errors` exceptions."""

    async def send(self, request: HTTPRequest) -> Answer:
        """Send ``request`` and read the whole answer (at most the size cap)."""
        ...

    async def aclose(self) -> None:
        """Release connections this backend owns."""
        ...


def too_large(status: int, limit: int) -> str:
    """The DecodeError message for an answer over the size cap."""
    return f"HTTP {status} answer is larger than max_response_bytes={limit}; not read"
