"""The demo's phonebook round trip through injected faults: a group, contacts in it, a
search, a listing, deletes. Every write that may have been applied is read back."""

from __future__ import annotations

from collections.abc import Awaitable

from ..client import AsyncClient
from ..errors import ContactNotFoundError, GroupNotFoundError, IletiMerkeziError
from ..sansio import Contact, Group
from ..sansio.numbers import canonical_number
from .demo_writes import WriteFailed, write_once

__all__ = ["phonebook_round_trip"]

_PEOPLE = (("Ayşe", "905321112233"), ("Işıl", "905421112233"), ("Çağrı", "905051112233"))
_GROUP = "Demo müşterileri"
_SURNAME = "Demoğlu"


async def phonebook_round_trip(client: AsyncClient) -> tuple[list[tuple[str, str]], bool]:
    """Run the round trip; the summary rows, and whether every step gave what it should.

    A failure is a row, never an exception: a write that may have been applied is read
    back (the group listing, a search, the contact or group itself) before it is sent
    again, and each such check is listed.
    """
    log: list[str] = []
    try:
        rows, ok = await _round_trip(client, log)
    except (IletiMerkeziError, WriteFailed) as error:
        rows, ok = [("phonebook round trip", f"FAILED: {type(error).__name__}: {error}")], False
    return [*rows, *(("phonebook: after a fault", line) for line in log)], ok


async def _round_trip(client: AsyncClient, log: list[str]) -> tuple[list[tuple[str, str]], bool]:
    """Listings use 2 rows per page, so walking 3 contacts takes two pages."""
    group = await _add_group(client, log)
    added = [await _add_contact(client, name, gsm, group, log) for name, gsm in _PEOPLE]
    found = [c async for c in client.iter_search_contacts(_SURNAME.upper(), row_count=2)]
    members = [c async for c in client.iter_group_contacts(group.id, row_count=2)]
    count = (await client.get_group(group.id)).count
    for contact in added:
        await _delete_contact(client, contact, log)
    await _delete_group(client, group, log)
    gone = await client.search_contacts(_SURNAME) == [] and group.id not in {
        g.id for g in await client.get_groups()
    }
    ok = found == added and members == added and count == len(added) and gone
    rows = [
        ("phonebook: group added", f"{group.name} (id {group.id})"),
        ("phonebook: contacts added", ", ".join(f"{c.name} ({c.id})" for c in added)),
        (f"phonebook: search '{_SURNAME.upper()}'", f"{len(found)} of {len(added)} found"),
        ("phonebook: group listing", f"{len(members)} contacts, count {count}"),
        ("phonebook: deleted", "contacts and group" if gone else "NOT deleted"),
        ("phonebook round trip", "OK" if ok else "MISMATCH"),
    ]
    return rows, ok


async def _add_group(client: AsyncClient, log: list[str]) -> Group:
    async def listed(_: IletiMerkeziError) -> Group | None:
        return next((g for g in await client.get_groups() if g.name == _GROUP), None)

    return await write_once("add-group", lambda: client.add_group(_GROUP), listed, log)


async def _add_contact(
    client: AsyncClient, name: str, gsm: str, group: Group, log: list[str]
) -> Contact:
    async def found(_: IletiMerkeziError) -> Contact | None:
        # The provider may store the number in another form (+90...): compare canonically.
        wanted = canonical_number(gsm)
        matches = await client.search_contacts(gsm)
        return next(
            (c for c in matches if c.name == name and c.gsm and canonical_number(c.gsm) == wanted),
            None,
        )

    def add() -> Awaitable[Contact]:
        return client.add_contact(name=name, surname=_SURNAME, gsm=gsm, groups=[group.id])

    return await write_once(f"add-contact {name}", add, found, log)


async def _delete_contact(client: AsyncClient, contact: Contact, log: list[str]) -> None:
    async def delete() -> bool:
        await client.delete_contact(contact.id)
        return True

    async def gone(_: IletiMerkeziError) -> bool | None:
        try:
            await client.get_contact(contact.id)
        except ContactNotFoundError:
            return True
        return None

    await write_once(f"delete-contact {contact.id}", delete, gone, log)


async def _delete_group(client: AsyncClient, group: Group, log: list[str]) -> None:
    async def delete() -> bool:
        await client.delete_group(group.id)
        return True

    async def gone(_: IletiMerkeziError) -> bool | None:
        try:
            await client.get_group(group.id)
        except GroupNotFoundError:
            return True
        return None

    await write_once(f"delete-group {group.id}", delete, gone, log)
