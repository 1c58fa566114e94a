"""The fake's phonebook contacts: the contact methods and the search.

Where the provider's behaviour is not documented, the fake chooses, and says so:

- edit-contact changes only the fields sent; ``groups`` and ``custom_fields``, when
  sent, replace the old ones.
- search-contacts matches ``key`` as a substring of the name, surname, gsm or email,
  ignoring case the Turkish way (``I``/``ı`` and ``İ``/``i`` are pairs; see
  :func:`~.phonebook_state.fold`). Results and group listings are ordered by contact id.
- a gsm of digits is stored with ``+90`` (``05321234567``, ``5321234567`` and
  ``905321234567`` all become ``+905321234567``), as the provider returns numbers.
- an empty page (no match, an empty group, a page past the end) is a 465.

Every handler here takes the fake's :class:`~.phonebook_state.PhonebookState`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from iletimerkezi_async.sansio import Contact, CustomField
from iletimerkezi_async.sansio.converter import entries

from .phonebook_state import PhonebookState, fold
from .protocol import FakeRequest, Handler, Reject, object_field, page_args, reply, wire_id
from .shapes import FakeResponse, encode_contact, encode_contacts

__all__ = ["HANDLERS", "contact_page", "normalize_gsm"]

_TEXTS = ("name", "surname", "email", "gsm")


def normalize_gsm(gsm: str) -> str:
    """A Turkish mobile number as the provider returns it (``+905321234567``); other
    text is kept as sent, without spaces."""
    digits = gsm.replace(" ", "")
    if digits.isascii() and digits.isdigit():
        if len(digits) == 10 and digits.startswith("5"):
            return "+90" + digits
        if len(digits) == 11 and digits.startswith("05"):
            return "+9" + digits
        if len(digits) == 12 and digits.startswith("905"):
            return "+" + digits
    return digits


def contact_page(
    state: PhonebookState, ids: Sequence[int], page: int, row_count: int
) -> list[Contact]:
    """Rows ``page`` (from 1) of ``ids``; an empty page is the provider's 465."""
    start = (page - 1) * row_count
    contacts = state.contacts
    rows = [contacts[cid] for cid in ids[start : start + row_count]]
    if not rows:
        raise Reject(465)
    return rows


# -- reading a request's fields ----------------------------------------------------------


def _contact_id(contact: Mapping[str, object]) -> int:
    if "id" not in contact:
        raise Reject(400)
    contact_id = wire_id(contact["id"])
    if contact_id is None:
        raise Reject(422, {"contact.id": "Kişi id sayısal bir değer olmalıdır."})
    return contact_id


def _texts(contact: Mapping[str, object]) -> dict[str, str]:
    texts = {}
    for key in _TEXTS:
        value = contact.get(key)
        if value is None:
            continue
        if type(value) is int:  # XML-to-JSON turns digits into numbers
            value = str(value)
        if type(value) is not str:
            raise Reject(422, {f"contact.{key}": f"{key} metin olmalıdır."})
        texts[key] = normalize_gsm(value) if key == "gsm" else value
    return texts


def _custom_fields(state: PhonebookState, raw: object) -> tuple[CustomField, ...]:
    try:
        items = entries(raw, "custom_field")
    except ValueError:
        raise Reject(422, {"contact.custom_fields": "Özel alanlar hatalı."}) from None
    fields = []
    for item in items:
        field_id = wire_id(item.get("id")) if type(item) is dict else None
        value = item.get("value", "") if type(item) is dict else None
        if type(value) is int:
            value = str(value)
        if field_id is None or type(value) is not str:
            raise Reject(422, {"contact.custom_fields": "Özel alan id ve değeri gerekli."})
        if state.custom_field_ids is not None and field_id not in state.custom_field_ids:
            raise Reject(473)
        fields.append(CustomField(field_id, value))
    return tuple(fields)


def _group_ids(state: PhonebookState, raw: object) -> tuple[int, ...]:
    """Every form the docs show: ``{"id": [..]}``, ``{"group": {"id": ..}}``,
    ``{"group": [{"id": ..}]}``, a list of ids or of ``{"id": ..}``."""
    if type(raw) is dict and "id" in raw:
        raw = raw["id"]
    try:
        items = entries(raw, "group")
    except ValueError:
        items = [raw]  # a lone id
    ids: list[int] = []
    for item in items:
        inner = item.get("id") if type(item) is dict else item
        for value in inner if type(inner) is list else [inner]:
            if value == "":
                continue  # the docs' empty template element
            group_id = wire_id(value)
            if group_id is None:
                raise Reject(422, {"contact.groups": "Grup id sayısal bir değer olmalıdır."})
            if state.group(group_id) is None:
                raise Reject(463)
            if group_id not in ids:
                ids.append(group_id)
    return tuple(ids)


def _build(state: PhonebookState, contact_id: int, fields: Mapping[str, object]) -> Contact:
    """The contact ``fields`` describe (on top of the stored one, for an edit)."""
    old = state.contacts.get(contact_id) or Contact(contact_id, "", "")
    texts = _texts(fields)
    custom = old.custom_fields
    if "custom_fields" in fields:
        custom = _custom_fields(state, fields["custom_fields"])
    groups = old.groups
    if "groups" in fields:
        groups = _group_ids(state, fields["groups"])
    contact = Contact(
        contact_id,
        texts.get("name", old.name),
        texts.get("surname", old.surname),
        texts.get("email", old.email or "") or None,
        texts.get("gsm", old.gsm or "") or None,
        custom,
        groups,
    )
    if not any((contact.name.strip(), contact.surname.strip(), contact.email, contact.gsm)):
        raise Reject(472)
    return contact


# -- the methods --------------------------------------------------------------------------


def get_contact(state: PhonebookState, request: FakeRequest) -> FakeResponse:
    """get-contact: 400 without ``contact.id``, 422 for a malformed id, 465 for an unknown one."""
    contact_id = _contact_id(object_field(request, "contact"))
    state.stats.by_contact[contact_id] += 1
    found = state.contacts.get(contact_id)
    if found is None:
        raise Reject(465)
    return reply(request, {"contact": encode_contact(found, request.shape)})


def add_contact(state: PhonebookState, request: FakeRequest) -> FakeResponse:
    """add-contact: 472 with no name/surname/email/gsm, 473 for an unknown custom field
    (see ``fake.custom_field_ids``), 463 for an unknown group, 422 for malformed values."""
    contact = _build(state, state.next_contact_id(), object_field(request, "contact"))
    state.put(contact)
    return reply(request, {"contact": encode_contact(contact, request.shape)})


def edit_contact(state: PhonebookState, request: FakeRequest) -> FakeResponse:
    """edit-contact: changes the fields sent; 465 for an unknown contact, and the
    codes of add-contact."""
    fields = object_field(request, "contact")
    contact_id = _contact_id(fields)
    if contact_id not in state.contacts:
        raise Reject(465)
    contact = _build(state, contact_id, fields)
    state.put(contact)
    return reply(request, {"contact": encode_contact(contact, request.shape)})


def delete_contact(state: PhonebookState, request: FakeRequest) -> FakeResponse:
    """delete-contact: 400 without an id, 422 for a malformed one, 465 for an unknown one."""
    contact_id = _contact_id(object_field(request, "contact"))
    if contact_id not in state.contacts:
        raise Reject(465)
    state.remove(contact_id)
    return reply(request)


def search_contacts(state: PhonebookState, request: FakeRequest) -> FakeResponse:
    """search-contacts: 471 for a key under 3 characters, 464 for a page below 1,
    465 when the page is empty."""
    search = object_field(request, "search")
    key = search.get("key", "")
    if type(key) is not str:
        raise Reject(422, {"search.key": "Arama terimi metin olmalıdır."})
    if len(key.strip()) < 3:
        raise Reject(471)
    page, row_count = page_args(search)
    rows = contact_page(state, state.search(fold(key.strip())), page, row_count)
    return reply(request, {"contacts": encode_contacts(rows, request.shape)})


HANDLERS: Mapping[str, Handler[PhonebookState]] = {
    "get-contact": get_contact,
    "add-contact": add_contact,
    "edit-contact": edit_contact,
    "delete-contact": delete_contact,
    "search-contacts": search_contacts,
}
