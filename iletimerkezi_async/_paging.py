"""Walking every page of a paged method, with flat memory and no requests left behind."""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from typing import TypeVar

__all__ = ["iter_pages", "pages_for"]

R = TypeVar("R")
I = TypeVar("I")  # noqa: E741 - an item of a page


def pages_for(total: int, row_count: int) -> int:
    """How many pages of ``row_count`` rows hold ``total`` rows (at least 1)."""
    return max(1, math.ceil(total / row_count))


async def iter_pages(
    fetch: Callable[[int], Awaitable[R]],
    items: Callable[[R], Sequence[I]],
    *,
    row_count: int,
    page_count: Callable[[R], int | None] | None = None,
    empty_on: tuple[type[BaseException], ...] = (),
    prefetch: int = 1,
) -> AsyncGenerator[I, None]:
    """Yield every item of every page, in page order.

    ``fetch(page)`` gets one page (from 1), ``items(result)`` its rows. When
    ``page_count(first_page)`` knows how many pages there are, pages 2.. are fetched
    ``prefetch`` at a time ahead of the consumer (memory stays bounded by that many
    pages); otherwise pages are read one after another until one has fewer than
    ``row_count`` rows. An error in ``empty_on`` (the provider's "nothing found") ends
    the walk as an empty page. Leaving the loop early cancels the pages in flight.
    """
    try:
        first = await fetch(1)
    except empty_on:
        return
    rows = items(first)
    pages = page_count(first) if page_count is not None else None
    for item in rows:
        yield item
    if pages is None:
        async for item in _sequential(fetch, items, row_count, empty_on, len(rows)):
            yield item
    else:
        async for item in _ahead(fetch, items, pages, empty_on, max(1, prefetch)):
            yield item


async def _sequential(
    fetch: Callable[[int], Awaitable[R]],
    items: Callable[[R], Sequence[I]],
    row_count: int,
    empty_on: tuple[type[BaseException], ...],
    last: int,
) -> AsyncGenerator[I, None]:
    page = 1
    while last >= row_count:
        page += 1
        try:
            rows = items(await fetch(page))
        except empty_on:
            return
        for item in rows:
            yield item
        last = len(rows)


async def _ahead(
    fetch: Callable[[int], Awaitable[R]],
    items: Callable[[R], Sequence[I]],
    pages: int,
    empty_on: tuple[type[BaseException], ...],
    prefetch: int,
) -> AsyncGenerator[I, None]:
    window: deque[asyncio.Task[R]] = deque()
    next_page = 2
    try:
        while window or next_page <= pages:
            while next_page <= pages and len(window) < prefetch:
                window.append(asyncio.ensure_future(fetch(next_page)))
                next_page += 1
            try:
                result = await window.popleft()
            except empty_on:
                return  # the listing shrank while we walked it
            for item in items(result):
                yield item
    finally:
        for task in window:
            task.cancel()
        if window:
            await asyncio.gather(*window, return_exceptions=True)
