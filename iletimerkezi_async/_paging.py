"""Walking every page of a paged method, with flat memory and no requests left behind."""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from typing import TypeVar

__all__ = ["iter_pages", "pages_for"]

R = TypeVar("R")
I = TypeVar("I")  # noqa: E741 - an item of a page


def pages_for(total: int, row_count: int) -> int:
    """How many pages of ``row_count`` rows hold ``total`` rows."""
    return math.ceil(total / row_count)


async def iter_pages(
    fetch: Callable[[int], Awaitable[R]],
    items: Callable[[R], Sequence[I]],
    *,
    row_count: int,
    page_count: Callable[[R], int | None] | None = None,
    prefetch: int = 1,
) -> AsyncGenerator[I, None]:
    """Yield every item of every page, in page order.

    ``fetch(page)`` gets one page (from 1), ``items(result)`` its rows. When
    ``page_count(first_page)`` knows how many pages there are, pages 2.. are fetched
    ``prefetch`` (at least 1) at a time ahead of the consumer, so memory stays bounded
    by that many pages; otherwise pages are read one after another until one has
    fewer than ``row_count`` rows. Leaving the loop early (``aclose``) cancels the
    pages in flight and returns once they have ended.
    """
    first = await fetch(1)
    rows = items(first)
    pages = page_count(first) if page_count is not None else None
    for item in rows:
        yield item
    rest = (
        _sequential(fetch, items, row_count, len(rows))
        if pages is None
        else _ahead(fetch, items, pages, prefetch)
    )
    # Closing this generator must close the inner one now, not when it is collected.
    async with contextlib.aclosing(rest):
        async for item in rest:
            yield item


async def _sequential(
    fetch: Callable[[int], Awaitable[R]],
    items: Callable[[R], Sequence[I]],
    row_count: int,
    last: int,
) -> AsyncGenerator[I, None]:
    page = 1
    while last >= row_count:
        page += 1
        rows = items(await fetch(page))
        for item in rows:
            yield item
        last = len(rows)


async def _ahead(
    fetch: Callable[[int], Awaitable[R]],
    items: Callable[[R], Sequence[I]],
    pages: int,
    prefetch: int,
) -> AsyncGenerator[I, None]:
    window: deque[asyncio.Task[R]] = deque()
    next_page = 2
    try:
        while window or next_page <= pages:
            while next_page <= pages and len(window) < prefetch:
                window.append(asyncio.ensure_future(fetch(next_page)))
                next_page += 1
            for item in items(await window.popleft()):
                yield item
    finally:
        for task in window:
            task.cancel()
        if window:
            await asyncio.gather(*window, return_exceptions=True)
