"""Phonebook groups: the tree, one group, its contacts, add/edit/delete."""

from __future__ import annotations

from collections.abc import AsyncGenerator

from .._paging import iter_pages
from ..sansio import Contact, Group, groups
from ..sansio.paging import MAX_ROW_COUNT
from .base import CallPath

__all__ = ["GroupMethods"]


class GroupMethods(CallPath):
    """The client's group methods."""

    async def get_groups(self) -> list[Group]:
        """Every group, as a tree: the root groups, each with its subgroups in
        ``children`` and its contact ``count``."""
        return await self._call(groups.get_groups(self._credentials))

    async def get_group(self, group_id: int | str) -> Group:
        """One group with its subgroups.

        :class:`~iletimerkezi_async.GroupNotFoundError` (carrying ``group_id``) if unknown.
        """
        return await self._call(groups.get_group(self._credentials, group_id))

    async def get_group_contacts(
        self, group_id: int | str, *, page: int = 1, row_count: int = MAX_ROW_COUNT
    ) -> list[Contact]:
        """One page of a group's contacts: ``[]`` for an empty group or a page past the
        end; :class:`~iletimerkezi_async.GroupNotFoundError` for an unknown group.
        :meth:`iter_group_contacts` walks every page."""
        return await self._call(
            groups.get_group_contacts(self._credentials, group_id, page=page, row_count=row_count)
        )

    def iter_group_contacts(
        self, group_id: int | str, *, row_count: int = MAX_ROW_COUNT
    ) -> AsyncGenerator[Contact, None]:
        """Every contact of a group, page after page (``row_count`` per request).

        Arguments are checked at once (``InvalidArgumentError``). Pages are fetched one at a
        time as the loop needs them (memory holds one page at most); leaving the
        loop sends no further request. A short or empty page ends the walk.
        """
        groups.get_group_contacts(self._credentials, group_id, row_count=row_count)  # checks

        async def page(number: int) -> list[Contact]:
            return await self.get_group_contacts(group_id, page=number, row_count=row_count)

        return iter_pages(page, _rows, row_count=row_count)

    async def add_group(self, name: str, *, parent_id: int | str | None = None) -> Group:
        """Add a group (a subgroup of ``parent_id`` if given); return its id and name.

        The answer carries no count or children (``count`` 0, ``children`` empty). A
        blank ``name`` is an ``InvalidArgumentError``; an unknown parent a ``GroupNotFoundError``.
        """
        return await self._call(groups.add_group(self._credentials, name, parent_id=parent_id))

    async def edit_group(
        self, group_id: int | str, *, name: str, parent_id: int | str | None = None
    ) -> Group:
        """Rename or move a group; return its id and name.

        The provider takes the whole state: ``parent_id=None`` makes it a root group,
        so pass the current parent to keep a subgroup in place.
        """
        return await self._call(
            groups.edit_group(self._credentials, group_id, name=name, parent_id=parent_id)
        )

    async def delete_group(self, group_id: int | str) -> None:
        """Delete a group. What the provider does with its contacts and subgroups is
        not documented (the fake unlinks the contacts and deletes the subgroups)."""
        await self._call(groups.delete_group(self._credentials, group_id))


def _rows(page: list[Contact]) -> list[Contact]:
    return page
