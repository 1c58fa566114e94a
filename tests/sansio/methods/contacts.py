"""Rows for the contact methods."""

from __future__ import annotations

from iletimerkezi_async.errors import ContactNotFoundError, DecodeError
from iletimerkezi_async.sansio import Contact, CustomField, contacts

from . import CREDENTIALS, Answer, MethodCase, ok

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

CASES: list[MethodCase] = [
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
        ],
        without_payload=DecodeError,
        codes=(400, 401, 404, 465),
        ids={"contact_id": 1007},
    ),
]

MEHMET = Contact(1008, "Mehmet", "Öztürk", "mehmet@example.com", None, (), (7, 12))
MEHMET_CURRENT = {
    "id": 1008,
    "name": "Mehmet",
    "surname": "Öztürk",
    "email": "mehmet@example.com",
    "gsm": "",
    "custom_fields": [],
    "groups": [7, 12],
}
MEHMET_LEGACY = {
    **MEHMET_CURRENT,
    "id": "1008",
    "custom_fields": {"custom_field": []},
    "groups": {"group": [{"id": "7"}, {"id": "12"}]},
}
ADDED = {"contact": {**CURRENT, "groups": [12]}}

CASES += [
    MethodCase(
        name="add-contact",
        build=lambda credentials: contacts.add_contact(
            credentials,
            name="Ayşe",
            surname="Yılmaz",
            gsm="+905057023100",
            custom_fields={2: "cip cip"},
            groups=[12, "12"],
        ),
        method="add-contact",
        kind="write",
        golden={
            "contact": {
                "name": "Ayşe",
                "surname": "Yılmaz",
                "gsm": "+905057023100",
                # The documented choices: see encode_custom_fields / encode_groups.
                "custom_fields": {"custom_field": [{"id": 2, "value": "cip cip"}]},
                "groups": {"id": [12]},
            }
        },
        answers=[
            Answer(ok(**ADDED), AYSE, name="current"),
            Answer(ok("200", contact=LEGACY), AYSE, name="legacy"),
            Answer(ok(contact={**CURRENT, "id": "1007"}), AYSE, name="id as a string"),
        ],
        without_payload=DecodeError,
        codes=(400, 401, 404, 422, 463, 472, 473),
    ),
    MethodCase(
        name="add-contact (gsm only)",
        build=lambda credentials: contacts.add_contact(credentials, gsm="905321234567"),
        method="add-contact",
        kind="write",
        golden={"contact": {"gsm": "905321234567"}},
        answers=[
            Answer(
                ok(
                    contact={
                        "id": 5,
                        "name": "",
                        "surname": "",
                        "email": "",
                        "gsm": "+905321234567",
                        "custom_fields": [],
                        "groups": [],
                    }
                ),
                Contact(5, "", "", None, "+905321234567"),
                name="blank fields",
            )
        ],
        without_payload=DecodeError,
    ),
    MethodCase(
        name="edit-contact",
        build=lambda credentials: contacts.edit_contact(
            credentials, 1008, email="mehmet@example.com", gsm="", groups=(7, 12)
        ),
        method="edit-contact",
        kind="write",
        # Omitted arguments (name, surname, custom_fields) are not sent at all.
        golden={
            "contact": {
                "id": 1008,
                "email": "mehmet@example.com",
                "gsm": "",
                "groups": {"id": [7, 12]},
            }
        },
        answers=[
            Answer(ok(contact=MEHMET_CURRENT), MEHMET, name="current"),
            Answer(ok("200", contact=MEHMET_LEGACY), MEHMET, name="legacy"),
            Answer(ok(contact=CURRENT), DecodeError, name="another contact"),
        ],
        without_payload=DecodeError,
        codes=(400, 401, 404, 422, 463, 465, 473),
        ids={"contact_id": 1008},
    ),
    MethodCase(
        name="edit-contact (custom fields)",
        build=lambda credentials: contacts.edit_contact(
            credentials,
            "1007",
            custom_fields=[CustomField(2, "eski"), CustomField(3, ""), CustomField(2, "cip cip")],
        ),
        method="edit-contact",
        kind="write",
        golden={
            "contact": {
                "id": 1007,
                "custom_fields": {
                    "custom_field": [{"id": 2, "value": "cip cip"}, {"id": 3, "value": ""}]
                },
            }
        },
        answers=[Answer(ok(contact=CURRENT), AYSE, name="current")],
        without_payload=DecodeError,
        ids={"contact_id": 1007},
    ),
    MethodCase(
        name="delete-contact",
        build=lambda credentials: contacts.delete_contact(credentials, "1007"),
        method="delete-contact",
        kind="write",
        golden={"contact": {"id": 1007}},
        answers=[
            Answer(ok(), None, name="current"),
            Answer(ok("200"), None, name="legacy"),
        ],
        without_payload=None,
        codes=(400, 401, 404, 465),
        ids={"contact_id": 1007},
    ),
    MethodCase(
        name="search-contacts",
        build=lambda credentials: contacts.search_contacts(
            credentials, "yılmaz", page=2, row_count=10
        ),
        method="search-contacts",
        kind="read",
        golden={"search": {"key": "yılmaz", "page": 2, "rowCount": 10}},
        answers=[
            Answer(ok(contacts=[CURRENT, MEHMET_CURRENT]), [AYSE, MEHMET], name="current"),
            Answer(
                ok("200", contacts={"contact": [LEGACY, MEHMET_LEGACY]}),
                [AYSE, MEHMET],
                name="legacy",
            ),
            Answer(ok("200", contacts={"contact": LEGACY}), [AYSE], name="legacy, one"),
            Answer(ok(contacts=[]), [], name="empty list"),
            Answer(ok(contacts=""), [], name="empty string"),
            Answer(
                {"response": {"status": {"code": 465, "message": "Kişi bulunamadı"}}},
                [],
                status=465,
                name="465 is no match",
            ),
            Answer(
                {"response": {"status": {"code": "465", "message": "Kişi bulunamadı"}}},
                [],
                status=200,
                name="465 as a string",
            ),
            Answer(ok(contacts=[CURRENT, {"id": "x"}]), DecodeError, name="a bad row"),
            Answer(ok(contacts=7), DecodeError, name="not a list"),
        ],
        without_payload=[],
        codes=(400, 401, 404, 464, 471),
    ),
    MethodCase(
        name="search-contacts (defaults)",
        build=lambda credentials: contacts.search_contacts(credentials, "+90505"),
        method="search-contacts",
        kind="read",
        golden={"search": {"key": "+90505", "page": 1, "rowCount": 1000}},
        answers=[Answer(ok(contacts=[CURRENT]), [AYSE], name="current")],
        without_payload=[],
    ),
]

# Arguments refused before any request: (builder, what the message names).
INVALID = [
    (lambda: contacts.add_contact(CREDENTIALS), "at least one of name"),
    (lambda: contacts.add_contact(CREDENTIALS, name="  ", email=""), "at least one of name"),
    (lambda: contacts.add_contact(CREDENTIALS, name=5), "name must be a str"),  # type: ignore[arg-type]
    (lambda: contacts.add_contact(CREDENTIALS, name="a", groups="12"), "groups"),
    (lambda: contacts.add_contact(CREDENTIALS, name="a", groups=[-1]), "groups: a group id"),
    (
        lambda: contacts.add_contact(CREDENTIALS, name="a", custom_fields={"x": "v"}),
        "custom_fields: a field id",
    ),
    (
        lambda: contacts.add_contact(CREDENTIALS, name="a", custom_fields={1: 2}),  # type: ignore[dict-item]
        "custom_fields: the value of custom field 1",
    ),
    (lambda: contacts.add_contact(CREDENTIALS, name="a", custom_fields=["x"]), "CustomField"),  # type: ignore[list-item]
    (lambda: contacts.edit_contact(CREDENTIALS, 1), "at least one field"),
    (lambda: contacts.edit_contact(CREDENTIALS, 1, name=None), "name=None"),  # type: ignore[arg-type]
    (lambda: contacts.edit_contact(CREDENTIALS, "1a", name="x"), "contact id"),
    (lambda: contacts.delete_contact(CREDENTIALS, -1), "contact id"),
    (lambda: contacts.search_contacts(CREDENTIALS, "ab"), "at least 3"),
    (lambda: contacts.search_contacts(CREDENTIALS, " ab "), "at least 3"),
    (lambda: contacts.search_contacts(CREDENTIALS, "abc", page=0), "page"),
    (lambda: contacts.search_contacts(CREDENTIALS, "abc", page=True), "page"),
    (lambda: contacts.search_contacts(CREDENTIALS, "abc", row_count=0), "row_count"),
    (lambda: contacts.search_contacts(CREDENTIALS, "abc", row_count=1001), "row_count"),
]

__all__ = ["CASES", "INVALID", "ContactNotFoundError"]
