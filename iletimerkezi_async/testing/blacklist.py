"""The fake's blacklist: numbers with the time each was blocked, and its three methods."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping

from iletimerkezi_async.sansio.converter import ISTANBUL

from .clock import FakeClock
from .numbers import provider_number
from .protocol import FakeRequest, Handler, Reject, object_field, page_args, reply
from .shapes import FakeResponse

__all__ = ["HANDLERS", "FakeBlacklist"]

_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class FakeBlacklist:
    """The account's blocked numbers (normalized: ``+905...``, or ``+`` and the digits
    for another country; see ``testing/numbers.py``) with the time each was blocked by
    the fake's clock. Set-like: ``number in fake.blacklist``,
    ``fake.blacklist.add("+905...")``, ``discard``, iteration in the order added.

    ``add`` and ``discard`` take any form the provider takes (``0505 ...``, ``905...``)
    and raise ``ValueError`` for a number it would refuse (466).
    """

    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self._added: dict[str, datetime.datetime] = {}

    def __repr__(self) -> str:
        return f"FakeBlacklist({len(self._added)} numbers)"

    def __contains__(self, number: object) -> bool:
        return provider_number(number) in self._added

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._added))

    def __len__(self) -> int:
        return len(self._added)

    @staticmethod
    def _number(number: str) -> str:
        normalized = provider_number(number)
        if normalized is None:
            raise ValueError(f"not a number the provider takes: {number!r}")
        return normalized

    def add(self, number: str, *, at: datetime.datetime | None = None) -> None:
        """Block ``number`` at ``at`` (default: the clock's now); a blocked number keeps
        its first time, as re-adding is a no-op at the provider."""
        if at is not None and at.utcoffset() is None:
            raise ValueError("at must be an aware datetime")
        self._added.setdefault(self._number(number), at or self._clock.now())

    def discard(self, number: str) -> None:
        """Unblock ``number`` if it is blocked."""
        self._added.pop(self._number(number), None)

    def clear(self) -> None:
        """Unblock every number."""
        self._added.clear()

    def added_at(self, number: str) -> datetime.datetime:
        """When ``number`` was blocked (``KeyError`` if it is not)."""
        return self._added[self._number(number)]

    def listed(self, start: datetime.datetime | None, end: datetime.datetime | None) -> list[str]:
        """The numbers blocked within ``[start, end]``, in the order they were added."""
        return [
            number
            for number, when in self._added.items()
            if (start is None or when >= start) and (end is None or when <= end)
        ]


def _bound(window: Mapping[str, object], name: str) -> datetime.datetime | None:
    raw = window.get(name)
    if raw is None or raw == "":
        return None
    try:
        if type(raw) is not str:
            raise ValueError(name)
        return datetime.datetime.strptime(raw, _TIME_FORMAT).replace(tzinfo=ISTANBUL)
    except ValueError:
        raise Reject(422, {name: f"{name} Y-m-d H:i:s biçimi ile eşleşmiyor."}) from None


def get_blacklist(blacklist: FakeBlacklist, request: FakeRequest) -> FakeResponse:
    """get-blacklist: ``blacklist`` (optional) with ``filter.start``/``.end``, ``page``
    (464 below 1) and ``rowCount`` (1 to 1000, 422 otherwise). ``count`` is the total
    matched; legacy answers send it as a string."""
    options = request.fields.get("blacklist")
    options = {} if options is None or options == "" else options
    if type(options) is not dict:
        raise Reject(400)
    window = options.get("filter")
    window = {} if window is None or window == "" else window
    if type(window) is not dict:
        raise Reject(422, {"filter": "filter bir nesne olmalıdır."})
    start, end = _bound(window, "start"), _bound(window, "end")
    page, row_count = page_args(options)
    numbers = blacklist.listed(start, end)
    rows = numbers[(page - 1) * row_count : page * row_count]
    count: int | str = len(numbers) if request.shape == "current" else str(len(numbers))
    return reply(request, {"blacklist": {"count": count, "number": rows}})


def _number(request: FakeRequest) -> str:
    blacklist = object_field(request, "blacklist")
    if "number" not in blacklist:
        raise Reject(400)
    number = provider_number(blacklist["number"])
    if number is None:
        raise Reject(466)
    return number


def add_blacklist(blacklist: FakeBlacklist, request: FakeRequest) -> FakeResponse:
    """add-blacklist: block one number; idempotent; 466 for a number it refuses."""
    blacklist.add(_number(request))
    return reply(request)


def delete_blacklist(blacklist: FakeBlacklist, request: FakeRequest) -> FakeResponse:
    """delete-blacklist: unblock one number; 474 when it is not blocked, 466 when malformed."""
    number = _number(request)
    if number not in blacklist:
        raise Reject(474)
    blacklist.discard(number)
    return reply(request)


HANDLERS: Mapping[str, Handler[FakeBlacklist]] = {
    "get-blacklist": get_blacklist,
    "add-blacklist": add_blacklist,
    "delete-blacklist": delete_blacklist,
}
