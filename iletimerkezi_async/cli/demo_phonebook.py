"""The demo's phonebook round trip: a group, contacts in it, a search, a listing, deletes."""

from __future__ import annotations

from ..client import AsyncClient
from ..sansio import Contact

__all__ = ["phonebook_round_trip"]

_PEOPLE = (("Ayşe", "905321112233"), ("Işıl", "905421112233"), ("Çağrı", "905051112233"))


async def phonebook_round_trip(client: AsyncClient) -> tuple[list[tuple[str, str]], bool]:
    """Run the round trip; the summary rows, and whether every step gave what it should.

    Listings use 2 rows per page, so walking 3 contacts takes two pages.
    """
    group = await client.add_group("Demo müşterileri")
    added: list[Contact] = []
    for name, gsm in _PEOPLE:
        added.append(
            await client.add_contact(name=name, surname="Demoğlu", gsm=gsm, groups=[group.id])
        )
    found = [c async for c in client.iter_search_contacts("DEMOĞLU", row_count=2)]
    members = [c async for c in client.iter_group_contacts(group.id, row_count=2)]
    count = (await client.get_group(group.id)).count
    for contact in added:
        await client.delete_contact(contact.id)
    await client.delete_group(group.id)
    gone = await client.search_contacts("DEMOĞLU") == [] and group.id not in {
        g.id for g in await client.get_groups()
    }
    ok = found == added and members == added and count == len(added) and gone
    rows = [
        ("phonebook: group added", f"{group.name} (id {group.id})"),
        ("phonebook: contacts added", ", ".join(f"{c.name} ({c.id})" for c in added)),
        ("phonebook: search 'DEMOĞLU'", f"{len(found)} of {len(added)} found"),
        ("phonebook: group listing", f"{len(members)} contacts, count {count}"),
        ("phonebook: deleted", "contacts and group" if gone else "NOT deleted"),
        ("phonebook round trip", "OK" if ok else "MISMATCH"),
    ]
    return rows, ok
