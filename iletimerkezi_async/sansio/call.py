"""One API call as plain data: what to send, how to read the answer, and whether it writes.

Every provider method is a function in its area's module (``contacts``, ``groups`` ...)
that validates its arguments and returns a :class:`Call`. Any HTTP stack can run it::

    call = search_contacts(credentials, "ayşe")
    # POST call.request.body to base_url + call.request.path with call.request.headers
    contacts = call.decode(status, body)

The client's one generic call path does exactly this, with retries, the concurrency
cap and logging; it knows nothing about any method beyond what a ``Call`` says.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Generic, Literal, TypeAlias, TypeVar

import attrs

from .auth import Credentials

if TYPE_CHECKING:
    from .recovery import SendRecord

__all__ = ["HEADERS", "Call", "Decoder", "HTTPRequest", "Kind", "build_request", "dumps"]

T = TypeVar("T")

Kind: TypeAlias = Literal["read", "write"]
"""A read may be sent again freely: it has no effect at the provider, or one that
repeating cannot change (add-blacklist, documented as idempotent). A write has an
effect that sending it twice could repeat."""

Decoder: TypeAlias = Callable[[int, bytes], T]
"""``decode(http_status, body)`` -> the result, or raises one of our errors. It reads
the answer and nothing else: context from outside it (the call's method and ids, a
``Retry-After`` header) is added to the error by whoever ran the call."""

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


@attrs.frozen
class Call(Generic[T]):
    """An API call ready to send.

    ``method`` is the provider's method name (``"get-contact"``), ``kind`` whether it is
    a ``"read"`` or a ``"write"`` (writes are only sent again when the provider
    provably never got them), ``request`` what to send, and ``decode(status, body)``
    turns the answer into the result or raises a typed error. ``ids``
    (``contact_id``, ``group_id``, ``order_id``) are attached to every error of the call.
    ``sent`` is what a send-sms call sends (texts and numbers, so kept out of the repr):
    what finds its order again if the answer is lost.
    """

    method: str
    kind: Kind
    request: HTTPRequest
    decode: Decoder[T] = attrs.field(repr=False)
    ids: Mapping[str, int | str] = attrs.field(factory=dict)
    sent: SendRecord | None = attrs.field(default=None, repr=False)

    @property
    def is_write(self) -> bool:
        """Whether the call changes state at the provider."""
        return self.kind == "write"


_dumps_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def dumps(value: object) -> bytes:
    """Compact JSON as UTF-8 bytes, Turkish letters unescaped."""
    return _dumps_compact(value).encode()


def build_request(
    credentials: Credentials, method: str, fields: Mapping[str, object]
) -> HTTPRequest:
    """The POST of ``method`` with ``{"request": {"authentication": ..., **fields}}``.

    The authentication object is spliced in as prepared bytes (it is the same for every
    request), so only the method's own fields are encoded here.
    """
    body = b'{"request":{"authentication":%s' % credentials.auth_json
    if fields:
        body += b"," + dumps(fields)[1:-1]
    return HTTPRequest("POST", f"{method}/json", HEADERS, body + b"}}")
