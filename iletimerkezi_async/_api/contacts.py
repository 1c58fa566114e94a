"""Phonebook contacts: get-contact and its bulk forms, add/edit/delete, search."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterable, Iterable
from typing import Literal, overload

from .._paging import iter_pages
from ..bulk import gather_contacts, stream_contacts
from ..errors import ClientClosedError, IletiMerkeziError, WrongEventLoopError
from ..sansio import Contact, contacts
from ..sansio.contacts import CustomFields
from ..sansio.paging import MAX_ROW_COUNT
from ..sansio.sentinel import NOT_GIVEN, NotGiven
from .base import CallPath

__all__ = ["ContactMethods"]


class ContactMethods(CallPath):
    """The client's contact methods."""

    async def get_contact(self, contact_id: int | str) -> Contact:
        """Fetch one contact by id.

        Raises ``InvalidArgumentError`` for a malformed id before any I/O,
        :class:`~iletimerkezi_async.ContactNotFoundError` when there is no such
        contact, and other :class:`~iletimerkezi_async.IletiMerkeziError`
        subclasses once retries are exhausted.
        """
        return await self._call(contacts.get_contact(self._credentials, contact_id))

    @overload
    async def get_contacts(
        self,
        ids: Iterable[int | str],
        *,
        concurrency: int | None = None,
        return_exceptions: Literal[False] = False,
    ) -> list[Contact]: ...

    @overload
    async def get_contacts(
        self,
        ids: Iterable[int | str],
        *,
        concurrency: int | None = None,
        return_exceptions: Literal[True],
    ) -> list[Contact | IletiMerkeziError]: ...

    @overload
    async def get_contacts(
        self,
        ids: Iterable[int | str],
        *,
        concurrency: int | None = None,
        return_exceptions: bool,
    ) -> list[Contact] | list[Contact | IletiMerkeziError]: ...

    async def get_contacts(
        self,
        ids: Iterable[int | str],
        *,
        concurrency: int | None = None,
        return_exceptions: bool = False,
    ) -> list[Contact] | list[Contact | IletiMerkeziError]:
        """Fetch many contacts; results in input order, each distinct id fetched once.

        Every id is validated before any request: a malformed one raises
        ``InvalidArgumentError`` and nothing is sent. With ``return_exceptions=False``
        the first failure cancels the rest and is raised; with ``True`` failures
        take their id's place in the list. ``concurrency`` lowers the client's cap
        for this call.
        """
        return await gather_contacts(
            self._get_contact_or_error,
            ids,
            limit=self._limit(concurrency),
            return_exceptions=return_exceptions,
        )

    def iter_contacts(
        self,
        ids: Iterable[int | str] | AsyncIterable[int | str],
        *,
        concurrency: int | None = None,
    ) -> AsyncGenerator[tuple[int | str, Contact | IletiMerkeziError], None]:
        """Yield ``(contact_id, Contact or error)`` as each lookup completes.

        ``ids`` (any iterable or async iterable) is read lazily, with at most
        ``concurrency`` lookups in flight, so memory stays flat however many ids
        stream through. A malformed id (``"abc"``, ``-1``, ``None`` ...) is not
        sent: it is yielded as given, with an
        :class:`~iletimerkezi_async.InvalidArgumentError` (a ``ValueError`` too),
        when it is reached, and the stream goes on. Leaving the loop early cancels
        the lookups in flight; wrap it in ``contextlib.aclosing`` to have that
        happen at once rather than when the generator is collected.
        """
        return stream_contacts(self._get_contact_or_error, ids, limit=self._limit(concurrency))

    async def _get_contact_or_error(self, contact_id: int) -> Contact | IletiMerkeziError:
        try:
            return await self.get_contact(contact_id)
        except (ClientClosedError, WrongEventLoopError):
            raise  # the client's state, not this id's result
        except IletiMerkeziError as error:
            return error

    async def add_contact(
        self,
        *,
        name: str | None = None,
        surname: str | None = None,
        email: str | None = None,
        gsm: str | None = None,
        custom_fields: CustomFields = (),
        groups: Iterable[int | str] = (),
    ) -> Contact:
        """Add a contact to the phonebook and return it, with the id it was given.

        Needs at least one of ``name``, ``surname``, ``email``, ``gsm`` (``InvalidArgumentError``
        otherwise). ``custom_fields`` is ``{field_id: value}`` or
        :class:`~iletimerkezi_async.CustomField` items (field ids come from the
        panel: an unknown one is a ``BadRequestError`` 473); ``groups`` are group ids
        (an unknown one is :class:`~iletimerkezi_async.GroupNotFoundError`).

        A write: it is sent again only when the provider provably never got it. An
        error with ``may_have_been_applied=True`` means the contact may exist: search
        before adding it again.
        """
        return await self._call(
            contacts.add_contact(
                self._credentials,
                name=name,
                surname=surname,
                email=email,
                gsm=gsm,
                custom_fields=custom_fields,
                groups=groups,
            )
        )

    async def edit_contact(
        self,
        contact_id: int | str,
        *,
        name: str | NotGiven = NOT_GIVEN,
        surname: str | NotGiven = NOT_GIVEN,
        email: str | NotGiven = NOT_GIVEN,
        gsm: str | NotGiven = NOT_GIVEN,
        custom_fields: CustomFields | NotGiven = NOT_GIVEN,
        groups: Iterable[int | str] | NotGiven = NOT_GIVEN,
    ) -> Contact:
        """Change a contact; return it as the provider stores it after the edit.

        Only the arguments given are sent (``""`` clears a text field). What the
        provider does with fields *not* sent, and whether ``groups`` and
        ``custom_fields`` replace or merge, is not documented: send the full
        desired state to be sure. Giving no field is an ``InvalidArgumentError``.
        """
        return await self._call(
            contacts.edit_contact(
                self._credentials,
                contact_id,
                name=name,
                surname=surname,
                email=email,
                gsm=gsm,
                custom_fields=custom_fields,
                groups=groups,
            )
        )

    async def delete_contact(self, contact_id: int | str) -> None:
        """Delete a contact. :class:`~iletimerkezi_async.ContactNotFoundError` if unknown."""
        await self._call(contacts.delete_contact(self._credentials, contact_id))

    async def search_contacts(
        self, key: str, *, page: int = 1, row_count: int = MAX_ROW_COUNT
    ) -> list[Contact]:
        """One page of the contacts whose name, surname, gsm or email match ``key``.

        ``key`` needs at least 3 characters; ``page`` >= 1, ``row_count`` 1..1000
        (``InvalidArgumentError`` otherwise, before any I/O). No match, or a page past the
        end, is ``[]``. :meth:`iter_search_contacts` walks every page.
        """
        return await self._call(
            contacts.search_contacts(self._credentials, key, page=page, row_count=row_count)
        )

    def iter_search_contacts(
        self, key: str, *, row_count: int = MAX_ROW_COUNT
    ) -> AsyncGenerator[Contact, None]:
        """Every contact matching ``key``, page after page (``row_count`` per request).

        Arguments are checked at once (``InvalidArgumentError``). Pages are fetched one at a
        time as the loop needs them, so memory holds one page at most; leaving the
        loop sends no further request (``contextlib.aclosing`` ends it at once).
        The listing has no total: a short or empty page ends it.
        """
        contacts.search_contacts(self._credentials, key, row_count=row_count)  # checks

        async def page(number: int) -> list[Contact]:
            return await self.search_contacts(key, page=number, row_count=row_count)

        return iter_pages(page, _rows, row_count=row_count)


def _rows(page: list[Contact]) -> list[Contact]:
    return page
