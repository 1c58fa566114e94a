"""Rows for the contact methods."""

from __future__ import annotations

from iletimerkezi_async.errors import ContactNotFoundError, DecodeError
from iletimerkezi_async.sansio import Contact, CustomField, contacts

from . import Answer, MethodCase, ok

AYSE = Contact(1007, "Ayşe", "Yılmaz", None, "+905057023100", (CustomField(2, "cip cip"),), (12,))
CURRENT = {
    "id": 1007,
    "name": "Ayşe",
    "surname": "Yılmaz",
    "email": "",
    "gsm": "+905057023100",
    "custom_fields": [{"id": 2, "value": "cip cip"}],
    "groups": [12],
}
LEGACY = {
    "id": "1007",
    "name": "Ayşe",
    "surname": "Yılmaz",
    "email": "",
    "gsm": "+905057023100",
    "custom_fields": {"custom_field": [{"id": "2", "value": "cip cip"}]},
    "groups": {"group": [{"id": "12"}]},
}

CASES = [
    MethodCase(
        name="get-contact",
        build=lambda credentials: contacts.get_contact(credentials, "1007"),
        method="get-contact",
        kind="read",
        golden={"contact": {"id": "1007"}},
        answers=[
            Answer(ok(contact=CURRENT), AYSE, name="current"),
            Answer(ok("200", contact=LEGACY), AYSE, name="legacy"),
            Answer(ok(contact={**CURRENT, "id": 1008}), DecodeError, name="another contact"),
            Answer(ok(), DecodeError, name="no contact"),
        ],
        codes=(400, 401, 404, 465),
        ids={"contact_id": 1007},
    ),
]

__all__ = ["CASES", "ContactNotFoundError"]
