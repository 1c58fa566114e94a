"""The blacklist: get-blacklist (and every page of it), add-blacklist, delete-blacklist."""

from __future__ import annotations

import datetime
from collections.abc import AsyncGenerator

from .._paging import iter_pages, pages_for
from ..sansio import BlacklistPage, blacklist
from ..sansio.paging import MAX_ROW_COUNT
from .base import CallPath

__all__ = ["BlacklistMethods"]

# Pages fetched ahead of the consumer by iter_blacklist: a page is at most 1,000
# numbers (~70 KB), so memory stays flat while the walk runs at the speed of several
# requests in flight.
_PREFETCH = 4


class BlacklistMethods(CallPath):
    """The client's blacklist methods."""

    async def get_blacklist(
        self,
        *,
        start: datetime.date | datetime.datetime | None = None,
        end: datetime.date | datetime.datetime | None = None,
        page: int = 1,
        row_count: int = MAX_ROW_COUNT,
    ) -> blacklist.BlacklistPage:
        """One page of blocked numbers, optionally only those blocked between ``start``
        and ``end``.

        ``start``/``end``: aware datetimes (sent in Istanbul time; a naive one is a
        ``InvalidArgumentError``) or dates (``end`` includes its whole day). ``page`` counts from
        1, ``row_count`` is 1 to 1000. The page's ``count`` is the total over all
        pages; a page past the end has no numbers.
        """
        return await self._call(
            blacklist.get_blacklist(
                self._credentials, start=start, end=end, page=page, row_count=row_count
            )
        )

    def iter_blacklist(
        self,
        *,
        start: datetime.date | datetime.datetime | None = None,
        end: datetime.date | datetime.datetime | None = None,
    ) -> AsyncGenerator[str, None]:
        """Every blocked number (``+90...``), in the provider's order, over every page.

        The first page's ``count`` says how many pages there are; the next ones are
        fetched a few at a time ahead of the loop, so memory stays flat however long
        the list. Arguments are checked before the first request (``InvalidArgumentError``).
        Leaving the loop early cancels the pages in flight.
        """
        row_count = MAX_ROW_COUNT
        blacklist.get_blacklist(self._credentials, start=start, end=end)  # validate now

        async def fetch(page: int) -> BlacklistPage:
            return await self.get_blacklist(start=start, end=end, page=page, row_count=row_count)

        return iter_pages(
            fetch,
            lambda result: result.numbers,
            row_count=row_count,
            page_count=lambda first: pages_for(first.count, row_count),
            prefetch=_PREFETCH,
        )

    async def add_blacklist(self, number: str) -> None:
        """Block ``number`` (``+90 5xx ...``, ``905...``, ``5...``: spaces, dashes and
        parentheses are ignored; anything else is an ``InvalidArgumentError`` before any I/O).

        Idempotent at the provider (blocking a blocked number succeeds), so it is
        retried like a read, after timeouts and 500, 502, 503, 504 too; like a read's,
        its errors have ``may_have_been_applied`` False, though after a timeout the number may be
        blocked: calling again is always safe. A number the provider rejects raises
        :class:`~iletimerkezi_async.RecipientError` (466).
        """
        await self._call(blacklist.add_blacklist(self._credentials, number))

    async def delete_blacklist(self, number: str) -> None:
        """Unblock ``number`` (same rules as :meth:`add_blacklist`).

        A number that is not blocked raises :class:`~iletimerkezi_async.BadRequestError`
        with ``status_code == 474``; a malformed one ``RecipientError`` (466). A write:
        sent again only when the provider provably never got it; its errors say in
        ``may_have_been_applied`` whether it may have happened.
        """
        await self._call(blacklist.delete_blacklist(self._credentials, number))
