"""Building requests: what to send, as plain data any HTTP library can send."""

from __future__ import annotations

import attrs

from .auth import Credentials
from .ids import validate_contact_id

__all__ = ["HEADERS", "HTTPRequest", "build_get_contact"]

HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Type", "application/json"),
    ("Accept", "application/json"),
)


@attrs.frozen
class HTTPRequest:
    """One request to send: ``method``, ``path`` relative to the base URL, headers, body.

    The body embeds the credentials, so ``repr`` leaves it out.
    """

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes = attrs.field(repr=False)


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
