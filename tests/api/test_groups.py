"""The group methods through the client, against the fake provider."""

from __future__ import annotations

import contextlib

import pytest

from iletimerkezi_async import AsyncClient, BadRequestError, Contact, Group, GroupNotFoundError
from iletimerkezi_async.testing import FakeIletiMerkezi


async def test_group_tree_round_trip(client: AsyncClient, fake: FakeIletiMerkezi) -> None:
    dealers = await client.add_group("Bayiler")
    assert dealers == Group(dealers.id, "Bayiler", 0, ())
    izmir = await client.add_group("İzmir", parent_id=dealers.id)
    ankara = await client.add_group("Ankara", parent_id=str(dealers.id))
    customers = await client.add_group("Müşteriler")
    await client.add_contact(name="Ayşe", groups=[izmir.id, customers.id])
    await client.add_contact(name="Can", groups=[customers.id])

    tree = await client.get_groups()
    assert tree == [
        Group(dealers.id, "Bayiler", 0, (Group(izmir.id, "İzmir", 1), Group(ankara.id, "Ankara"))),
        Group(customers.id, "Müşteriler", 2),
    ]
    assert tree == fake.group_tree()
    assert await client.get_group(dealers.id) == tree[0]

    # Move Ankara to the root and rename it.
    moved = await client.edit_group(ankara.id, name="Ankara Merkez")
    assert moved == Group(ankara.id, "Ankara Merkez")
    assert [g.name for g in await client.get_groups()] == ["Bayiler", "Ankara Merkez", "Müşteriler"]
    back = await client.edit_group(ankara.id, name="Ankara", parent_id=dealers.id)
    assert back.name == "Ankara"
    assert fake.groups[dealers.id].children[1].id == ankara.id


async def test_deleting_a_group_removes_its_subtree_and_unlinks_contacts(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    top = await client.add_group("Bayiler")
    sub = await client.add_group("İzmir", parent_id=top.id)
    other = await client.add_group("Müşteriler")
    ayse = await client.add_contact(name="Ayşe", groups=[sub.id, other.id])
    await client.delete_group(top.id)
    assert set(fake.groups) == {other.id}
    assert fake.contacts[ayse.id].groups == (other.id,)  # the contact stays
    with pytest.raises(GroupNotFoundError) as caught:
        await client.get_group(sub.id)
    assert (caught.value.group_id, caught.value.method) == (sub.id, "get-group")


async def test_group_contacts_pages(client: AsyncClient, fake: FakeIletiMerkezi) -> None:
    group = fake.add_group("Müşteriler")
    empty = fake.add_group("Boş")
    fake.add(*(Contact(i, f"Kişi {i}", "", groups=(group.id,)) for i in range(1, 24)))
    fake.add(Contact(99, "Dışarıda", ""))
    assert fake.groups[group.id].count == 23
    page = await client.get_group_contacts(group.id, page=3, row_count=10)
    assert [c.id for c in page] == [21, 22, 23]
    assert await client.get_group_contacts(group.id, page=9) == []
    assert await client.get_group_contacts(empty.id) == []  # the provider's 465
    fake.reset_stats()
    ids = [c.id async for c in client.iter_group_contacts(group.id, row_count=10)]
    assert ids == list(range(1, 24))
    assert fake.stats.requests == 3


async def test_leaving_iter_group_contacts_sends_no_more_requests(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    group = fake.add_group("Müşteriler")
    fake.add(*(Contact(i, "Ali", "", groups=(group.id,)) for i in range(1, 51)))
    contacts = client.iter_group_contacts(group.id, row_count=10)
    async with contextlib.aclosing(contacts):
        async for contact in contacts:
            if contact.id == 3:
                break
    assert fake.stats.requests == 1


async def test_unknown_groups_raise_with_their_id(client: AsyncClient) -> None:
    for call in (
        client.get_group(5),
        client.get_group_contacts(6),
        client.edit_group(7, name="x"),
        client.delete_group(8),
        client.add_group("x", parent_id=9),
    ):
        with pytest.raises(GroupNotFoundError) as caught:
            await call
        assert caught.value.group_id is not None
        assert caught.value.may_have_been_applied is False
    with pytest.raises(GroupNotFoundError) as caught:
        await client.iter_group_contacts(10).__anext__()
    assert caught.value.group_id == 10


async def test_a_group_cannot_move_into_its_own_subtree(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    top = await client.add_group("Bayiler")
    sub = await client.add_group("İzmir", parent_id=top.id)
    with pytest.raises(BadRequestError) as caught:
        await client.edit_group(top.id, name="Bayiler", parent_id=sub.id)
    assert caught.value.status_code == 422
    assert "group.parent" in caught.value.errors


async def test_invalid_group_arguments_send_nothing(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    with pytest.raises(ValueError, match="name"):
        await client.add_group(" ")
    with pytest.raises(ValueError, match="group_id"):
        client.iter_group_contacts("x")
    with pytest.raises(ValueError, match="own parent"):
        await client.edit_group(3, name="x", parent_id="3")
    assert fake.stats.requests == 0
