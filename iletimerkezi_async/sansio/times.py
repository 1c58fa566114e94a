"""Times we send: Istanbul wall-clock text, from aware datetimes only."""

from __future__ import annotations

import datetime

from ..errors import InvalidArgumentError, InvalidArgumentTypeError
from .converter import ISTANBUL

__all__ = ["in_istanbul", "istanbul_minutes", "istanbul_text"]


def _text(when: datetime.datetime) -> str:
    # strftime's %Y does not pad years below 1000 on every platform.
    return (
        f"{when.year:04d}-{when.month:02d}-{when.day:02d} "
        f"{when.hour:02d}:{when.minute:02d}:{when.second:02d}"
    )


def in_istanbul(value: datetime.datetime, argument_name: str) -> datetime.datetime:
    """An aware ``value`` at Istanbul time, or ``InvalidArgumentError`` naming the argument."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidArgumentError(
            f"{argument_name} must be an aware datetime (e.g. with tzinfo=datetime.UTC); "
            "a naive one would be read in an unknown time zone"
        )
    try:
        return value.astimezone(ISTANBUL)
    except OverflowError:  # within hours of datetime.min/max: Istanbul time has no such day
        raise InvalidArgumentError(
            f"{argument_name} is out of range: {value.isoformat()} has no Istanbul time"
        ) from None


def istanbul_minutes(value: object, argument_name: str) -> str:
    """An aware datetime as ``"DD/MM/YYYY HH:MM"`` in Istanbul time (send-sms's
    ``sendDateTime``), or ``InvalidArgumentError`` naming ``argument_name``."""
    if not isinstance(value, datetime.datetime):
        raise InvalidArgumentTypeError(
            f"{argument_name} must be an aware datetime, got {type(value).__name__}"
        )
    when = in_istanbul(value, argument_name)
    return f"{when.day:02d}/{when.month:02d}/{when.year:04d} {when.hour:02d}:{when.minute:02d}"


def istanbul_text(
    value: object, argument_name: str, *, end_of_day: bool = False, allow_date: bool = True
) -> str:
    """``value`` as ``"YYYY-MM-DD HH:MM:SS"`` in Istanbul time (UTC+03:00), as the provider
    reads times.

    An aware ``datetime`` is converted to Istanbul time first; a naive one is a
    ``InvalidArgumentError`` (its zone would be a guess). With ``allow_date``, a ``date`` is its
    first second, or with ``end_of_day`` its last (``23:59:59``), so that a range of
    dates includes its last day. Anything else raises ``InvalidArgumentError`` naming
    ``argument_name``.
    """
    if isinstance(value, datetime.datetime):
        return _text(in_istanbul(value, argument_name))
    if allow_date and isinstance(value, datetime.date):
        clock = datetime.time(23, 59, 59) if end_of_day else datetime.time()
        return _text(datetime.datetime.combine(value, clock))
    expected = "an aware datetime or a date" if allow_date else "an aware datetime"
    raise InvalidArgumentTypeError(
        f"{argument_name} must be {expected}, got {type(value).__name__}"
    )
