"""Phonebook contacts: one function per provider method, each returning a :class:`Call`.

Wire facts: every contact answer decodes through the shared converter, which accepts
both the current shape (numbers, flat lists) and the pre-2024 one (numeric strings,
``{"custom_field": [...]}`` / ``{"group": [...]}`` wrappers). Listings (search-contacts,
get-group-contacts) carry no total: a page shorter than ``rowCount`` is the last, and
the provider's 465 ("no contact found") on a listing is an empty page, not an error.

The request forms the provider's documents contradict each other on are chosen in one
place, :func:`encode_groups` and :func:`encode_custom_fields`; change them there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import TypeAlias

from ..errors import ContactNotFoundError, InvalidArgumentError, InvalidArgumentTypeError
from .auth import Credentials
from .call import Call, build_request
from .ids import validate_contact_id, validate_id
from .models import Contact, CustomField
from .paging import MAX_ROW_COUNT, validate_page
from .request import build_get_contact
from .response import decode_empty, decode_get_contact, decode_list
from .sentinel import NOT_GIVEN, NotGiven
from .shown import shown

__all__ = [
    "CustomFields",
    "add_contact",
    "decode_contact_page",
    "delete_contact",
    "edit_contact",
    "encode_custom_fields",
    "encode_groups",
    "get_contact",
    "search_contacts",
]


CustomFields: TypeAlias = Mapping[int, str] | Mapping[str, str] | Iterable[CustomField]
"""Custom field values: ``{field_id: value}`` or :class:`CustomField` items."""

_TEXT_FIELDS = ("name", "surname", "email", "gsm")


# -- the request forms the docs disagree on: chosen here, and only here -------------------


def encode_groups(group_ids: tuple[int, ...]) -> dict[str, object]:
    """The request form of a contact's groups: ``{"id": [10, 12]}``.

    The docs disagree: add-contact's JSON page shows ``{"group": {"id": ""}}`` (room
    for one group), edit-contact's JSON page ``{"id": [10, 12]}``, and both XML pages
    ``<groups><id/><id/></groups>``, whose JSON form is ``{"id": [...]}``. We send the
    form three of the four sources agree on, for both methods; it also carries any
    number of groups. Neither form is confirmed by the provider.
    """
    return {"id": list(group_ids)}


def encode_custom_fields(fields: tuple[CustomField, ...]) -> dict[str, object]:
    """The request form of custom fields: ``{"custom_field": [{"id": 2, "value": "x"}]}``.

    Both request templates (add-contact, edit-contact, JSON and XML) wrap the list in
    ``custom_field``, although answers carry a flat list since 2024: we follow the
    request templates.
    """
    return {"custom_field": [{"id": field.id, "value": field.value} for field in fields]}


# -- argument checks ----------------------------------------------------------------------


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


def _custom_fields(value: object) -> tuple[CustomField, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidArgumentTypeError(
            "custom_fields must be a mapping {field_id: value} or CustomField items"
        )
    if isinstance(value, Mapping):
        items = [
            CustomField(validate_id(k, "custom_fields: a field id"), v) for k, v in value.items()
        ]
    else:
        items = []
        for item in value:
            if not isinstance(item, CustomField):
                raise InvalidArgumentTypeError(
                    "custom_fields must be a mapping {field_id: value} or CustomField items,"
                    f" got an item of type {type(item).__name__}"
                )
            items.append(CustomField(validate_id(item.id, "custom_fields: a field id"), item.value))
    for item in items:
        _text(item.value, f"custom_fields: the value of custom field {item.id}")
    # One value per field: the last given wins (``{1: "a", "1": "b"}`` sends "b").
    return tuple({item.id: item for item in items}.values())


def _group_ids(value: object) -> tuple[int, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidArgumentTypeError("groups must be an iterable of group ids")
    ids = tuple(validate_id(group, "groups: a group id") for group in value)
    return tuple(dict.fromkeys(ids))  # a group listed twice is still one membership


def _contact_fields(
    texts: Mapping[str, str | NotGiven | None],
    custom_fields: tuple[CustomField, ...] | None,
    groups: tuple[int, ...] | None,
) -> dict[str, object]:
    """The ``contact`` fields to send: the texts given (not ``NOT_GIVEN``/``None``), then
    custom fields and groups unless ``None``."""
    fields: dict[str, object] = {}
    for name, value in texts.items():
        if value is not None and not isinstance(value, NotGiven):
            fields[name] = _text(value, name)
    if custom_fields is not None:
        fields["custom_fields"] = encode_custom_fields(custom_fields)
    if groups is not None:
        fields["groups"] = encode_groups(groups)
    return fields


# -- the methods --------------------------------------------------------------------------


def get_contact(credentials: Credentials, contact_id: int | str) -> Call[Contact]:
    """get-contact: one contact by id (``InvalidArgumentError`` for a malformed id).

    An answer about another contact than the one asked for is a ``DecodeError``.
    """
    cid = validate_contact_id(contact_id)
    return Call(
        "get-contact",
        "read",
        build_get_contact(credentials, cid),
        partial(_decode_contact, cid),
        {"contact_id": cid},
    )


def add_contact(
    credentials: Credentials,
    *,
    name: str | None = None,
    surname: str | None = None,
    email: str | None = None,
    gsm: str | None = None,
    custom_fields: CustomFields = (),
    groups: Iterable[int | str] = (),
) -> Call[Contact]:
    """add-contact (a write): the new contact, with the id the provider gave it.

    At least one of ``name``, ``surname``, ``email``, ``gsm`` must be a non-blank
    string (``InvalidArgumentError`` otherwise; the provider's 472). Fields left ``None`` are
    not sent; nor are ``custom_fields`` and ``groups`` when empty.
    """
    texts = {"name": name, "surname": surname, "email": email, "gsm": gsm}
    fields = _contact_fields(
        texts, _custom_fields(custom_fields) or None, _group_ids(groups) or None
    )
    if not any(str(fields.get(key, "")).strip() for key in texts):
        raise InvalidArgumentError("add_contact needs at least one of name, surname, email or gsm")
    return Call(
        "add-contact",
        "write",
        build_request(credentials, "add-contact", {"contact": fields}),
        partial(_decode_contact, None),
    )


def edit_contact(
    credentials: Credentials,
    contact_id: int | str,
    *,
    name: str | NotGiven = NOT_GIVEN,
    surname: str | NotGiven = NOT_GIVEN,
    email: str | NotGiven = NOT_GIVEN,
    gsm: str | NotGiven = NOT_GIVEN,
    custom_fields: CustomFields | NotGiven = NOT_GIVEN,
    groups: Iterable[int | str] | NotGiven = NOT_GIVEN,
) -> Call[Contact]:
    """edit-contact (a write): the contact as the provider stores it after the edit.

    Only the fields given are sent (``""`` is sent, to clear a field; ``groups=()``
    sends an empty list). What the provider does with the fields *not* sent (kept or
    cleared), and whether ``groups``/``custom_fields`` replace or merge, is not
    documented: to be sure of the result, send the full desired state. Giving no
    field at all is an ``InvalidArgumentError``.
    """
    cid = validate_contact_id(contact_id)
    texts = {"name": name, "surname": surname, "email": email, "gsm": gsm}
    for key, value in texts.items():
        if value is None:
            raise InvalidArgumentError(
                f"{key}=None: leave it out to keep it unsent, or pass '' to clear"
            )
    fields = _contact_fields(
        texts,
        None if isinstance(custom_fields, NotGiven) else _custom_fields(custom_fields),
        None if isinstance(groups, NotGiven) else _group_ids(groups),
    )
    if not fields:
        raise InvalidArgumentError("edit_contact needs at least one field to change")
    return Call(
        "edit-contact",
        "write",
        build_request(credentials, "edit-contact", {"contact": {"id": cid, **fields}}),
        partial(_decode_contact, cid),
        {"contact_id": cid},
    )


def delete_contact(credentials: Credentials, contact_id: int | str) -> Call[None]:
    """delete-contact (a write): ``None`` once deleted; 465 for an unknown contact."""
    cid = validate_contact_id(contact_id)
    return Call(
        "delete-contact",
        "write",
        build_request(credentials, "delete-contact", {"contact": {"id": cid}}),
        decode_empty,
        {"contact_id": cid},
    )


def search_contacts(
    credentials: Credentials, key: str, *, page: int = 1, row_count: int = MAX_ROW_COUNT
) -> Call[list[Contact]]:
    """search-contacts: one page of the contacts whose name, surname, gsm or email
    match ``key`` (at least 3 characters besides surrounding blanks, else ``InvalidArgumentError``).

    No match, or a page past the end, is ``[]`` (the provider answers 465 there).
    How the provider matches (substring, prefix, case) is not documented.
    """
    if not isinstance(key, str):
        raise InvalidArgumentTypeError(
            f"key must be a str of at least 3 characters, got {shown(key)}"
        )
    if len(key.strip()) < 3:
        raise InvalidArgumentError(f"key must be a str of at least 3 characters, got {shown(key)}")
    page, row_count = validate_page(page, row_count)
    fields = {"search": {"key": key, "page": page, "rowCount": row_count}}
    return Call(
        "search-contacts",
        "read",
        build_request(credentials, "search-contacts", fields),
        decode_contact_page,
    )


def decode_contact_page(status_code: int, body: bytes) -> list[Contact]:
    """One page of a contact listing (``{"contacts": [...]}``, or the pre-2024
    ``{"contacts": {"contact": [...]}}``); 465, or no ``contacts`` at all, is ``[]``."""
    try:
        return decode_list(
            status_code,
            body,
            key="contacts",
            cls=Contact,
            wrapper="contact",
            missing_is_empty=True,
        )
    except ContactNotFoundError:
        return []


def _decode_contact(contact_id: int | None, status_code: int, body: bytes) -> Contact:
    return decode_get_contact(status_code, body, contact_id=contact_id)
