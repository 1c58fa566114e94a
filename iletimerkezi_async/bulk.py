"""Running many lookups: bounded fan-out, streaming results, cancelling on early exit."""

from __future__ import annotations

import asyncio
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
)
from typing import Any, Generic, TypeVar

from .errors import IletiMerkeziError, InvalidArgumentError, InvalidArgumentTypeError
from .sansio import validate_contact_id

__all__ = ["gather_contacts", "stream_contacts"]

R = TypeVar("R")
Fetch = Callable[[int], Awaitable[R | IletiMerkeziError]]

_END = object()


def _reject_text(ids: object) -> None:
    # A str is an iterable of characters: "1007" must not mean ids 1, 0, 0, 7.
    if isinstance(ids, str | bytes | bytearray):
        raise InvalidArgumentTypeError(
            f"ids must be an iterable of contact ids, not a single {type(ids).__name__}"
        )


class _Lookups(Generic[R]):
    """The lookups of ids read from ``ids`` as slots free up: those in flight, and the
    queue their futures (and a pending read of an async source) land in as they finish."""

    def __init__(
        self, fetch: Fetch[R], ids: Iterable[int | str] | AsyncIterable[int | str], limit: int
    ) -> None:
        self._fetch = fetch
        self._limit = limit
        self._sync_ids = iter(ids) if isinstance(ids, Iterable) else None
        self._async_ids = aiter(ids) if self._sync_ids is None else None  # type: ignore[arg-type]
        self._exhausted = False
        self._running: dict[asyncio.Future[Any], int] = {}
        # Futures land here as they finish: one wake-up per result, however many run.
        self._finished: asyncio.Queue[asyncio.Future[Any]] = asyncio.Queue()
        self._next_id: asyncio.Future[Any] | None = None  # pending read of an async source

    @property
    def done(self) -> bool:
        """Whether nothing runs and no id is being read: the source is exhausted."""
        return not self._running and self._next_id is None

    def fill(self) -> Iterator[tuple[int | str, InvalidArgumentError]]:
        """Start lookups while there is room, yielding each malformed id's result; an
        async source gets one read of its next id started instead."""
        if self._sync_ids is not None:
            while not self._exhausted and len(self._running) < self._limit:
                raw = next(self._sync_ids, _END)
                if raw is _END:
                    self._exhausted = True
                elif (bad := self._start(raw)) is not None:  # type: ignore[arg-type]
                    yield bad
        elif not self._exhausted and self._next_id is None and len(self._running) < self._limit:
            assert self._async_ids is not None
            self._next_id = asyncio.ensure_future(anext(self._async_ids, _END))
            self._next_id.add_done_callback(self._finished.put_nowait)

    async def next_result(self) -> tuple[int | str, R | IletiMerkeziError] | None:
        """Wait for the next lookup to finish, or the next id of an async source to be
        read (``None`` once its lookup started, the id's result if it is malformed)."""
        future = await self._finished.get()
        if future is not self._next_id:
            return self._running.pop(future), future.result()
        self._next_id = None
        raw = future.result()
        if raw is _END:
            self._exhausted = True
            return None
        return self._start(raw)

    def _start(self, raw: int | str) -> tuple[int | str, InvalidArgumentError] | None:
        """Start the lookup of ``raw``, or return the malformed id's result."""
        try:
            contact_id = validate_contact_id(raw)
        except InvalidArgumentError as error:  # ContactIdTypeError too
            return raw, error
        task = asyncio.ensure_future(self._fetch(contact_id))
        task.add_done_callback(self._finished.put_nowait)
        self._running[task] = contact_id
        return None

    async def close(self) -> None:
        """Cancel and await every lookup (and read) still running; close the source."""
        leftovers = [*self._running, *([self._next_id] if self._next_id is not None else [])]
        for task in leftovers:
            task.cancel()
        if leftovers:
            await asyncio.gather(*leftovers, return_exceptions=True)
        if self._async_ids is not None and hasattr(self._async_ids, "aclose"):
            await self._async_ids.aclose()


async def stream_contacts(
    fetch: Fetch[R],
    ids: Iterable[int | str] | AsyncIterable[int | str],
    *,
    limit: int,
) -> AsyncGenerator[tuple[int | str, R | IletiMerkeziError], None]:
    """Yield ``(id, fetch(id))`` as each completes, with at most ``limit`` in flight.

    ``ids`` is read only as slots free up. A malformed id is yielded at once, as
    given, with an :class:`InvalidArgumentError`, and the stream goes on: one bad
    line in a file of ids must not lose the lookups around it. On exit
    (exhausted, closed early or cancelled) every lookup still running is
    cancelled and awaited.
    """
    _reject_text(ids)
    lookups = _Lookups(fetch, ids, limit)
    try:
        while True:
            for bad in lookups.fill():
                yield bad
            if lookups.done:
                return
            if (result := await lookups.next_result()) is not None:
                yield result
    finally:
        await lookups.close()


async def gather_contacts(
    fetch: Fetch[R],
    ids: Iterable[int | str],
    *,
    limit: int,
    return_exceptions: bool,
) -> list[R | IletiMerkeziError] | list[R]:
    """Fetch every distinct id once; results in input order.

    All ids are validated before the first request: a malformed one raises
    ``InvalidArgumentError`` and nothing is sent (:func:`stream_contacts`, which cannot see
    ahead, yields it in place instead). Without ``return_exceptions`` the first
    error cancels the rest and is raised.
    """
    _reject_text(ids)
    order = [validate_contact_id(raw) for raw in ids]
    results: dict[int | str, R | IletiMerkeziError] = {}
    stream = stream_contacts(fetch, dict.fromkeys(order), limit=limit)
    try:
        async for contact_id, result in stream:
            if isinstance(result, IletiMerkeziError) and not return_exceptions:
                raise result
            results[contact_id] = result
    finally:
        await stream.aclose()
    return [results[contact_id] for contact_id in order]
