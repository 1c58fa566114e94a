"""What the fake's per-area handlers see and return: one parsed request, one answer.

A handler is ``handler(fake, request) -> FakeResponse``. It reads the method's fields
from ``request.fields`` (the ``request`` object minus ``authentication``, already
checked), changes the fake's state, and answers with :func:`reply`; to refuse, it
raises :class:`Reject` with the provider's code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeAlias

import attrs

from .shapes import FakeResponse, WireShape, provider_response

if TYPE_CHECKING:
    from .fake import FakeIletiMerkezi

__all__ = ["FakeRequest", "Handler", "Reject", "object_field", "reply"]


@attrs.frozen
class FakeRequest:
    """One authenticated request: the API ``method`` (``"get-contact"``), its ``fields``
    and the ``shape`` the answer is to be encoded in."""

    method: str
    fields: Mapping[str, object]
    shape: WireShape


class Reject(Exception):
    """Raised by a handler: answer with provider ``code`` (and a 422's ``errors`` map)."""

    def __init__(self, code: int, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.errors = errors


Handler: TypeAlias = Callable[["FakeIletiMerkezi", FakeRequest], FakeResponse]


def object_field(request: FakeRequest, name: str) -> Mapping[str, object]:
    """``request.fields[name]`` when it is a JSON object; otherwise the provider's 400."""
    value = request.fields.get(name)
    if type(value) is not dict:
        raise Reject(400)
    return value


def reply(request: FakeRequest, payload: Mapping[str, object] | None = None) -> FakeResponse:
    """A 200 answer carrying ``payload`` beside ``status``, in the request's shape."""
    return provider_response(200, request.shape, extra=payload)
