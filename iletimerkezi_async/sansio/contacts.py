"""Phonebook contacts: one function per provider method, each returning a :class:`Call`.

Wire facts: every contact answer decodes through the shared converter, which accepts
both the current shape (numbers, flat lists) and the pre-2024 one (numeric strings,
``{"custom_field": [...]}`` / ``{"group": [...]}`` wrappers).
"""

from __future__ import annotations

from functools import partial

from .auth import Credentials
from .call import Call
from .ids import validate_contact_id
from .models import Contact
from .request import build_get_contact
from .response import decode_get_contact

__all__ = ["get_contact"]


def get_contact(credentials: Credentials, contact_id: int | str) -> Call[Contact]:
    """get-contact: one contact by id (``ValueError`` for a malformed id).

    An answer about another contact than the one asked for is a ``DecodeError``.
    """
    cid = validate_contact_id(contact_id)
    return Call(
        "get-contact",
        "read",
        build_get_contact(credentials, cid),
        partial(_decode_get_contact, cid),
        {"contact_id": cid},
    )


def _decode_get_contact(
    contact_id: int, status_code: int, body: bytes, retry_after: float | None
) -> Contact:
    return decode_get_contact(status_code, body, contact_id=contact_id, retry_after=retry_after)
