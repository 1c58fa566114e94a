"""generate_contacts: realistic, deterministic Turkish contacts."""

from __future__ import annotations

import re

import pytest

from iletimerkezi_async.testing import generate_contacts

TURKISH = set("çğıİöşüÇÖŞÜ")


def test_same_seed_same_contacts() -> None:
    assert generate_contacts(50, seed=3) == generate_contacts(50, seed=3)


def test_other_seed_other_contacts() -> None:
    assert generate_contacts(50, seed=1) != generate_contacts(50, seed=2)


def test_a_contact_does_not_depend_on_its_neighbours() -> None:
    assert generate_contacts(10, start_id=11) == generate_contacts(20)[10:]


def test_ids_run_from_start_id() -> None:
    assert [c.id for c in generate_contacts(5, start_id=1000)] == list(range(1000, 1005))
    assert generate_contacts(0) == []


@pytest.mark.parametrize(("n", "start_id"), [(-1, 1), (1, -1)])
def test_negative_arguments_are_rejected(n: int, start_id: int) -> None:
    with pytest.raises(ValueError, match="must be >= 0"):
        generate_contacts(n, start_id=start_id)


def test_contacts_look_turkish_and_realistic() -> None:
    contacts = generate_contacts(300)
    letters = {ch for c in contacts for ch in c.name + c.surname}
    assert letters >= TURKISH
    gsm_numbers = [c.gsm for c in contacts if c.gsm is not None]
    assert all(re.fullmatch(r"\+?905\d{9}", gsm) for gsm in gsm_numbers)
    assert any(gsm.startswith("+") for gsm in gsm_numbers)
    assert any(not gsm.startswith("+") for gsm in gsm_numbers)
    emails = [c.email for c in contacts if c.email is not None]
    assert 0 < len(emails) < len(contacts)
    assert all(email.isascii() and re.fullmatch(r"[a-z0-9.]+@[a-z.]+", email) for email in emails)
    assert {len(c.custom_fields) for c in contacts} == {0, 1, 2, 3}
    assert {len(c.groups) for c in contacts} == {0, 1, 2, 3}
    for contact in contacts:
        assert len({f.id for f in contact.custom_fields}) == len(contact.custom_fields)
        assert len(set(contact.groups)) == len(contact.groups)


def test_dotted_capital_i_is_ascii_folded_in_emails() -> None:
    # "İ".lower() would leave a combining dot behind in the address.
    contacts = [c for c in generate_contacts(500) if c.email and c.name.startswith("İ")]
    assert contacts
    assert all(c.email is not None and c.email.startswith("i") for c in contacts)
