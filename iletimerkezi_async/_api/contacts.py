"""Phonebook contacts: get-contact and its bulk forms."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterable, Iterable
from typing import Literal, overload

from ..bulk import gather_contacts, stream_contacts
from ..errors import ClientClosedError, IletiMerkeziError, WrongEventLoopError
from ..sansio import Contact, contacts
from .base import CallPath

__all__ = ["ContactMethods"]


class ContactMethods(CallPath):
    """The client's contact methods."""

    async def get_contact(self, contact_id: int | str) -> Contact:
        """Fetch one contact by id.

        Raises ``ValueError`` for a malformed id before any I/O,
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
        ``ValueError`` and nothing is sent. With ``return_exceptions=False``
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
