"""What the fake's per-area handlers see and return: one parsed request, one answer.

A handler is ``handler(state, request) -> FakeResponse``, where ``state`` is its area's
state object (the phonebook's, the messaging state, the blacklist...). It reads the
method's fields from ``request.fields`` (the ``request`` object minus
``authentication``, already checked), changes the state, and answers with
:func:`reply`; to refuse, it raises :class:`Reject` with the provider's code.
:func:`bind` ties an area's handlers to its state, giving the routes the fake answers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TypeAlias, TypeVar

import attrs

from .shapes import FakeResponse, WireShape, provider_response

__all__ = [
    "FakeRequest",
    "Handler",
    "Reject",
    "Route",
    "bind",
    "object_field",
    "page_args",
    "reply",
    "wire_id",
]

State = TypeVar("State")


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


Handler: TypeAlias = Callable[[State, FakeRequest], FakeResponse]
"""An area's handler of one API method: ``handler(state, request)``."""

Route: TypeAlias = Callable[[FakeRequest], FakeResponse]
"""A handler bound to its state: what the fake calls for one API method."""


def bind(handlers: Mapping[str, Handler[State]], state: State) -> dict[str, Route]:
    """The routes of an area: each of its ``handlers`` called with ``state``."""
    return {name: functools.partial(handler, state) for name, handler in handlers.items()}


def object_field(request: FakeRequest, name: str) -> Mapping[str, object]:
    """``request.fields[name]`` when it is a JSON object; otherwise the provider's 400."""
    value = request.fields.get(name)
    if type(value) is not dict:
        raise Reject(400)
    return value


def reply(request: FakeRequest, payload: Mapping[str, object] | None = None) -> FakeResponse:
    """A 200 answer carrying ``payload`` beside ``status``, in the request's shape."""
    return provider_response(200, request.shape, extra=payload)


def wire_id(raw: object) -> int | None:
    """An id as the provider takes it: a number or a string of digits, nothing else."""
    if type(raw) is int and raw >= 0:
        return raw
    if type(raw) is str and raw.isascii() and raw.isdigit() and len(raw) <= 30:
        return int(raw)
    return None


def _number(raw: object) -> int | None:
    if type(raw) is int:
        return raw
    if type(raw) is str and raw.isascii() and raw.lstrip("-").isdigit() and len(raw) <= 30:
        return int(raw)
    return None


def page_args(fields: Mapping[str, object]) -> tuple[int, int]:
    """``(page, rowCount)`` of a listing: 1 and 1000 when missing or ``""``; 464 for a
    page below 1; 422 for a non-number or a ``rowCount`` outside 1..1000."""
    raw_page, raw_rows = fields.get("page", ""), fields.get("rowCount", "")
    page = 1 if raw_page in ("", None) else _number(raw_page)
    rows = 1000 if raw_rows in ("", None) else _number(raw_rows)
    if page is None:
        raise Reject(422, {"page": "page sayısal bir değer olmalıdır."})
    if rows is None or not 1 <= rows <= 1000:
        raise Reject(422, {"rowCount": "rowCount 1 ile 1000 arasında olmalıdır."})
    if page < 1:
        raise Reject(464)
    return page, rows
