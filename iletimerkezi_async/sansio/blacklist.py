"""The blacklist: numbers the account never sends to (get/add/delete-blacklist).

Wire facts: the listing's fields nest under ``blacklist`` (``filter.start``/``.end``
as ``Y-m-d H:i:s`` Istanbul time, ``page``, ``rowCount`` up to 1000); the answer is
``{"blacklist": {"count": <total of every page>, "number": [...]}}``, with ``count`` a
number today and a numeric string before 2024, and ``number`` absent or empty when
there is nothing to list. add-blacklist is idempotent (adding a listed number is a
200); delete-blacklist of a number that is not listed is a 474. A 200 with no
``blacklist`` at all is an empty listing (``docs/wire-format.md``).
"""

from __future__ import annotations

import datetime

import attrs

from iletimerkezi_async.errors import DecodeError, InvalidArgumentError

from .auth import Credentials
from .call import Call, build_request
from .converter import kind_of, lenient_int, lenient_text
from .model import Model
from .numbers import normalize_number
from .paging import MAX_ROW_COUNT, validate_page
from .response import decode_empty, decode_status
from .times import istanbul_text

__all__ = [
    "BlacklistPage",
    "add_blacklist",
    "decode_blacklist_page",
    "delete_blacklist",
    "get_blacklist",
]


@attrs.frozen
class BlacklistPage(Model):
    """One page of the blacklist: ``count`` is the total over every page (not this
    page's length), ``numbers`` this page's numbers as the provider lists them
    (``+90...``)."""

    count: int
    numbers: tuple[str, ...]


def get_blacklist(
    credentials: Credentials,
    *,
    start: datetime.date | datetime.datetime | None = None,
    end: datetime.date | datetime.datetime | None = None,
    page: int = 1,
    row_count: int = MAX_ROW_COUNT,
) -> Call[BlacklistPage]:
    """get-blacklist: one page of the numbers blocked (added) between ``start`` and ``end``.

    ``start``/``end`` are aware datetimes (converted to Istanbul time; a naive one is
    an ``InvalidArgumentError``) or dates (``start`` from its first second, ``end`` through its
    last). ``page`` counts from 1; ``row_count`` is 1 to 1000.
    """
    page, row_count = validate_page(page, row_count)
    window = {}
    if start is not None:
        window["start"] = istanbul_text(start, "start")
    if end is not None:
        window["end"] = istanbul_text(end, "end", end_of_day=True)
    if len(window) == 2 and window["start"] > window["end"]:
        raise InvalidArgumentError(f"start ({window['start']}) is after end ({window['end']})")
    fields: dict[str, object] = {"page": page, "rowCount": row_count}
    if window:
        fields = {"filter": window, **fields}
    return Call(
        "get-blacklist",
        "read",
        build_request(credentials, "get-blacklist", {"blacklist": fields}),
        decode_blacklist_page,
    )


def add_blacklist(credentials: Credentials, number: str) -> Call[None]:
    """add-blacklist: block ``number`` (one per request).

    The provider documents it as idempotent (adding a listed number is a 200), so
    the call's kind is ``"read"``: like a read, it is sent again after any transport
    failure, timeout or 5xx, since sending it twice does no harm.
    """
    return Call(
        "add-blacklist",
        "read",
        build_request(credentials, "add-blacklist", _number_field(number)),
        decode_empty,
    )


def delete_blacklist(credentials: Credentials, number: str) -> Call[None]:
    """delete-blacklist: unblock ``number``; a write (a number that is not listed is a
    474 ``BadRequestError``, so it is not safely repeatable)."""
    return Call(
        "delete-blacklist",
        "write",
        build_request(credentials, "delete-blacklist", _number_field(number)),
        decode_empty,
    )


def _number_field(number: object) -> dict[str, object]:
    return {"blacklist": {"number": normalize_number(number, "number")}}


def decode_blacklist_page(status_code: int, body: bytes) -> BlacklistPage:
    """A get-blacklist answer as a :class:`BlacklistPage`, or one of our errors.

    No ``blacklist`` at all (or ``null``, ``""``, ``{}``) is an empty listing: an account
    with no blocked numbers. A page with numbers but no ``count`` is a
    :class:`DecodeError`: the count says how many pages there are.
    """
    response = decode_status(status_code, body)
    raw = response.get("blacklist")
    if raw is None or raw == "":
        return BlacklistPage(0, ())
    if type(raw) is not dict:
        raise DecodeError(
            f"expected an object, got {kind_of(raw)} @ $.response.blacklist",
            http_status=status_code,
        )
    numbers = _numbers(raw.get("number"), status_code)
    if "count" not in raw:
        if numbers:
            raise DecodeError(
                "required field missing @ $.response.blacklist.count", http_status=status_code
            )
        return BlacklistPage(0, ())  # {}: nothing listed
    try:
        count = lenient_int(raw["count"])
    except ValueError as error:
        raise DecodeError(
            f"{error} @ $.response.blacklist.count", http_status=status_code
        ) from None
    return BlacklistPage(count, numbers)


def _numbers(raw: object, status_code: int) -> tuple[str, ...]:
    # Absent, null or "" when the page is empty; a lone number from XML-style encoders.
    if raw is None or raw == "":
        return ()
    items = raw if type(raw) is list else [raw]
    try:
        numbers = tuple(lenient_text(item) for item in items)
    except ValueError as error:
        raise DecodeError(
            f"{error} @ $.response.blacklist.number", http_status=status_code
        ) from None
    if "" in numbers:
        raise DecodeError(
            "expected a number, got an empty string @ $.response.blacklist.number",
            http_status=status_code,
        )
    return numbers
