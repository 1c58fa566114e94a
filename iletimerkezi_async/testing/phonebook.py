"""The fake's phonebook: contacts (and, later, groups) and the methods that use them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .protocol import FakeRequest, Handler, Reject, object_field, reply
from .shapes import FakeResponse, encode_contact

if TYPE_CHECKING:
    from .fake import FakeIletiMerkezi

__all__ = ["HANDLERS", "wire_id"]


def wire_id(raw: object) -> int | None:
    """An id as the provider takes it: a number or a string of digits, nothing else."""
    if type(raw) is int and raw >= 0:
        return raw
    if type(raw) is str and raw.isascii() and raw.isdigit() and len(raw) <= 30:
        return int(raw)
    return None


def get_contact(fake: FakeIletiMerkezi, request: FakeRequest) -> FakeResponse:
    """get-contact: 400 without ``contact.id``, 422 for a malformed id, 465 for an unknown one."""
    contact = object_field(request, "contact")
    if "id" not in contact:
        raise Reject(400)
    contact_id = wire_id(contact["id"])
    if contact_id is None:
        raise Reject(422, {"contact.id": "Kişi id sayısal bir değer olmalıdır."})
    fake.stats.by_contact[contact_id] += 1
    found = fake.contacts.get(contact_id)
    if found is None:
        raise Reject(465)
    return reply(request, {"contact": encode_contact(found, request.shape)})


HANDLERS: Mapping[str, Handler] = {
    "get-contact": get_contact,
}
