"""get-contact's request, built by hand: it is the hot path of bulk lookups."""

from __future__ import annotations

from .auth import Credentials
from .call import HEADERS, HTTPRequest
from .ids import validate_contact_id

__all__ = ["HEADERS", "HTTPRequest", "build_get_contact"]


def build_get_contact(credentials: Credentials, contact_id: int | str) -> HTTPRequest:
    """The get-contact request for ``contact_id`` (validated first: see ``validate_contact_id``).

    The id is sent as a string of digits, as the provider's documentation shows it.
    """
    contact = validate_contact_id(contact_id)
    body = b'{"request":{"authentication":%s,"contact":{"id":"%d"}}}' % (
        credentials.auth_json,
        contact,
    )
    return HTTPRequest("POST", "get-contact/json", HEADERS, body)
