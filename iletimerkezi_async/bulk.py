"""Running many lookups: bounded fan-out, streaming results, cancelling on early exit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterable, Awaitable, Callable, Iterable
from typing import Any, TypeVar

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
    running: dict[asyncio.Future[Any], int] = {}
    # Futures land here as they finish: one wake-up per result, however many run.
    finished: asyncio.Queue[asyncio.Future[Any]] = asyncio.Queue()
    next_id: asyncio.Future[Any] | None = None  # pending read of an async source
    sync_ids = iter(ids) if isinstance(ids, Iterable) else None
    async_ids = aiter(ids) if sync_ids is None else None  # type: ignore[arg-type]
    exhausted = False

    def start(raw: int | str) -> tuple[int | str, InvalidArgumentError] | None:
        """Start the lookup of ``raw``, or return the malformed id's result."""
        try:
            contact_id = validate_contact_id(raw)
        except InvalidArgumentError as error:  # ContactIdTypeError too
            return raw, error
        task = asyncio.ensure_future(fetch(contact_id))
        task.add_done_callback(finished.put_nowait)
        running[task] = contact_id
        return None

    try:
        while True:
            if sync_ids is not None:
                while not exhausted and len(running) < limit:
                    raw = next(sync_ids, _END)
                    if raw is _END:
                        exhausted = True
                    elif (bad := start(raw)) is not None:  # type: ignore[arg-type]
                        yield bad
            elif not exhausted and next_id is None and len(running) < limit:
                assert async_ids is not None
                next_id = asyncio.ensure_future(anext(async_ids, _END))
                next_id.add_done_callback(finished.put_nowait)
            if not running and next_id is None:
                return
            future = await finished.get()
            if future is next_id:
                next_id = None
                raw = future.result()
                if raw is _END:
                    exhausted = True
                elif (bad := start(raw)) is not None:
                    yield bad
            else:
                yield running.pop(future), future.result()
    finally:
        leftovers = [*running, *([next_id] if next_id is not None else [])]
        for task in leftovers:
            task.cancel()
        if leftovers:
            await asyncio.gather(*leftovers, return_exceptions=True)
        if async_ids is not None and hasattr(async_ids, "aclose"):
            await async_ids.aclose()


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
