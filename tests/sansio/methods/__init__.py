"""Rows of the table-driven test of every API method (``tests/sansio/test_methods.py``).

Each area's module lists ``CASES``: how to build the method's call, the golden request
(the ``request`` object without ``authentication``), answers with what they must
decode to, and what a 200 with no payload gives. Adding a method to the package means
adding its rows here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import attrs

from iletimerkezi_async.sansio import Call, Credentials

CREDENTIALS = Credentials("api-key-0123456789", "HASH-SHOULD-NOT-LEAK-0123")


def ok(code: int | str = 200, **payload: object) -> dict[str, object]:
    """A provider answer with status ``code`` and ``payload`` beside the status."""
    return {"response": {"status": {"code": code, "message": "İşlem başarılı"}, **payload}}


@attrs.frozen
class Answer:
    """One answer to decode: HTTP ``status``, the JSON ``document`` (or raw bytes), and
    ``expect`` (the decoded value, or the error class it must raise)."""

    document: object
    expect: object
    status: int = 200
    name: str = ""


@attrs.frozen
class MethodCase:
    """One method call and everything it must do on the wire."""

    name: str
    build: Callable[[Credentials], Call[object]]
    method: str
    kind: str
    golden: Mapping[str, object]
    answers: Sequence[Answer]
    # What a 200 with nothing beside its status decodes to (or the error it raises). The
    # rule: a listing is empty; a value (a contact, a balance ...) is a DecodeError; a
    # method that answers with its status only succeeds (None).
    without_payload: object
    # The documented error codes of the method: each must decode to its error class.
    codes: Sequence[int] = ()
    ids: Mapping[str, object] = attrs.field(factory=dict)


def cases() -> list[MethodCase]:
    """Every row of every area."""
    from . import blacklist, consent, contacts, groups, messaging

    return [*contacts.CASES, *groups.CASES, *messaging.CASES, *blacklist.CASES, *consent.CASES]


def invalid() -> list[tuple[Callable[[], object], str]]:
    """Calls refused before any request, with a word their ``ValueError`` must contain."""
    from . import contacts, groups

    return [*contacts.INVALID, *groups.INVALID]
