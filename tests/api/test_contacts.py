"""The contact methods through the client, against the fake provider."""

from __future__ import annotations

import contextlib

import pytest

from iletimerkezi_async import (
    AsyncClient,
    BadRequestError,
    Contact,
    ContactNotFoundError,
    CustomField,
    GroupNotFoundError,
    TransportError,
)
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault


async def test_round_trip_add_search_edit_get_delete(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    group = await client.add_group("Müşteriler")
    added = await client.add_contact(
        name="Işıl",
        surname="Öztürk",
        gsm="05321234567",
        custom_fields={2: "İstanbul"},
        groups=[group.id],
    )
    assert added == Contact(
        added.id,
        "Işıl",
        "Öztürk",
        None,
        "+905321234567",
        (CustomField(2, "İstanbul"),),
        (group.id,),
    )
    assert fake.contacts[added.id] == added
    # Turkish case folding: "IŞIL" and "ışıl" are the same word.
    assert await client.search_contacts("IŞIL") == [added]
    assert await client.search_contacts("1234567") == [added]

    edited = await client.edit_contact(added.id, email="isil@example.com", groups=())
    assert edited == Contact(
        added.id, "Işıl", "Öztürk", "isil@example.com", "+905321234567", added.custom_fields, ()
    )
    assert await client.get_contact(added.id) == edited
    assert await client.search_contacts("example.com") == [edited]

    await client.delete_contact(added.id)
    assert added.id not in fake.contacts
    assert await client.search_contacts("Öztürk") == []
    with pytest.raises(ContactNotFoundError) as caught:
        await client.get_contact(added.id)
    assert caught.value.contact_id == added.id


async def test_add_assigns_new_ids(client: AsyncClient, fake: FakeIletiMerkezi) -> None:
    fake.generate(3)
    first = await client.add_contact(email="a@example.com")
    second = await client.add_contact(surname="Yılmaz")
    assert (first.id, second.id) == (4, 5)


async def test_edit_sends_only_the_given_fields(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    (contact,) = fake.generate(1)
    edited = await client.edit_contact(contact.id, surname="Yeni")
    # The fake keeps what was not sent (the provider's behaviour is not documented).
    assert edited == Contact(
        contact.id,
        contact.name,
        "Yeni",
        contact.email,
        contact.gsm,
        contact.custom_fields,
        contact.groups,
    )


async def test_unknown_custom_field_and_group_are_refused(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    fake.custom_field_ids = {1, 2}
    with pytest.raises(BadRequestError) as caught:
        await client.add_contact(name="Ali", custom_fields={9: "x"})
    assert caught.value.status_code == 473
    assert caught.value.may_have_been_applied is False
    with pytest.raises(GroupNotFoundError):
        await client.add_contact(name="Ali", groups=[77])
    assert fake.contacts == {}


async def test_edit_and_delete_of_unknown_contact_carry_its_id(client: AsyncClient) -> None:
    with pytest.raises(ContactNotFoundError) as caught:
        await client.edit_contact(42, name="x")
    assert (caught.value.contact_id, caught.value.method) == (42, "edit-contact")
    with pytest.raises(ContactNotFoundError) as caught:
        await client.delete_contact("43")
    assert (caught.value.contact_id, caught.value.method) == (43, "delete-contact")


async def test_invalid_arguments_send_nothing(client: AsyncClient, fake: FakeIletiMerkezi) -> None:
    with pytest.raises(ValueError, match="at least one of"):
        await client.add_contact()
    with pytest.raises(ValueError, match="at least 3"):
        await client.search_contacts("ab")
    with pytest.raises(ValueError, match="row_count"):
        client.iter_search_contacts("abc", row_count=0)
    assert fake.stats.requests == 0


async def test_search_pages_and_iter_walks_every_page(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    fake.add(*(Contact(i, "Ayşe", f"Soyad{i}") for i in range(1, 26)))
    fake.add(Contact(100, "Mehmet", "Kaya"))
    page = await client.search_contacts("ayşe", page=2, row_count=10)
    assert [c.id for c in page] == list(range(11, 21))
    assert await client.search_contacts("ayşe", page=4, row_count=10) == []  # past the end
    fake.reset_stats()
    found = [c.id async for c in client.iter_search_contacts("AYŞE", row_count=10)]
    assert found == list(range(1, 26))
    assert fake.stats.requests == 3  # 10 + 10 + 5: the short page ends it


async def test_iter_stops_at_an_exact_multiple_with_the_empty_page(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    fake.add(*(Contact(i, "Ayşe", "") for i in range(1, 21)))
    found = [c.id async for c in client.iter_search_contacts("ayş", row_count=10)]
    assert found == list(range(1, 21))
    assert fake.stats.requests == 3  # the third page is the provider's 465


async def test_leaving_the_loop_sends_no_more_requests(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    fake.add(*(Contact(i, "Ayşe", "") for i in range(1, 101)))
    pages = client.iter_search_contacts("ayşe", row_count=10)
    async with contextlib.aclosing(pages):
        async for contact in pages:
            if contact.id == 15:
                break
    assert fake.stats.requests == 2
    await client.search_contacts("ayşe")  # the client is still usable
    assert fake.stats.requests == 3


async def test_no_match_is_an_empty_list(client: AsyncClient, fake: FakeIletiMerkezi) -> None:
    fake.generate(5)
    assert await client.search_contacts("zzzzzz") == []
    assert [c async for c in client.iter_search_contacts("zzzzzz")] == []


async def test_a_write_is_not_sent_again_after_a_drop(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    fake.script(Fault.disconnect())
    with pytest.raises(TransportError) as caught:
        await client.add_contact(name="Ayşe")
    assert caught.value.may_have_been_applied is True
    assert caught.value.method == "add-contact"
    assert fake.stats.requests == 1
    assert [c.name for c in fake.contacts.values()] == ["Ayşe"]  # applied once, not twice


@pytest.mark.parametrize("fault", [Fault.refuse(), Fault.rate_limit("0")], ids=["refuse", "429"])
async def test_a_write_is_sent_again_when_it_never_arrived(
    client: AsyncClient, fake: FakeIletiMerkezi, fault: Fault
) -> None:
    fake.script(fault)
    added = await client.add_contact(name="Ayşe")
    assert fake.stats.requests == 2
    assert list(fake.contacts.values()) == [added]  # exactly one contact created
