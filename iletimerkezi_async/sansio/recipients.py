"""Checking and normalizing recipient numbers, fast enough for 50,000 per order."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import InvalidArgumentError, InvalidArgumentTypeError
from .numbers import MAX_DIGITS, normalize_number

__all__ = ["MAX_RECIPIENTS", "normalize_recipients"]

MAX_RECIPIENTS = 50_000
"""The provider's limit of recipients per send-sms request."""

# Every number on its own line, each digits with an optional leading "+": one regex
# pass in C checks a whole order of already clean numbers.
# (The rule itself is normalize_number's: this is its bulk form.)
_CLEAN_LINES = re.compile(rf"(?:\+?[0-9]{{1,{MAX_DIGITS}}}+\n)*+")  # possessive: no backtracking


def _clean_already(items: list[object] | tuple[object, ...]) -> list[str] | None:
    """The distinct numbers when every item is a clean ``str`` number, else ``None``.

    The common case, made cheap: one join, one regex pass and one set, all in C
    (a few more passes when the numbers carry spaces, dashes or parentheses).
    """
    try:
        joined = "\n".join(items) + "\n"  # type: ignore[arg-type]
    except TypeError:  # not all str
        return None
    if joined.count("\n") != len(items):
        return None  # a line break inside a number: refused by the slow path
    if _CLEAN_LINES.fullmatch(joined) is None:
        # Decorated numbers ("0505 123 45 67"): strip them all in one pass, look again.
        for char in " -()\t":  # str.replace is a memchr loop; faster than a regex sub
            if char in joined:
                joined = joined.replace(char, "")
        if _CLEAN_LINES.fullmatch(joined) is None:
            return None  # the slow path says which number is wrong
        numbers = joined.split("\n")[:-1]
    else:
        numbers = list(items)  # type: ignore[arg-type]  # all str: the join said so
    if len(set(numbers)) == len(numbers):
        return numbers
    return list(dict.fromkeys(numbers))


def normalize_recipients(recipients: object, argument: str = "recipients") -> list[str]:
    """The distinct numbers of ``recipients``, in first-seen order, ready to send.

    ``recipients`` is one number (a ``str``, never split into characters) or an iterable
    of them. Spaces, tabs, dashes and parentheses are removed; what is left must be
    digits with an optional leading ``+``. Raises ``InvalidArgumentError`` naming ``argument``
    for a malformed number, none at all, or more than 50,000 distinct ones.
    """
    if isinstance(recipients, bytes | bytearray | memoryview):
        raise InvalidArgumentTypeError(
            f"{argument}: numbers must be str, not {type(recipients).__name__}"
        )
    if isinstance(recipients, str | int):
        items: list[object] | tuple[object, ...] = (recipients,)
    elif isinstance(recipients, list | tuple):
        items = recipients
    elif isinstance(recipients, Iterable):
        items = list(recipients)
    else:
        raise InvalidArgumentTypeError(
            f"{argument}: expected a number or an iterable of numbers, "
            f"got {type(recipients).__name__}"
        )
    numbers = _clean_already(items)
    if numbers is None:
        numbers = list(dict.fromkeys(normalize_number(raw, argument) for raw in items))
    if not numbers:
        raise InvalidArgumentError(f"{argument}: give at least one number")
    if len(numbers) > MAX_RECIPIENTS:
        raise InvalidArgumentError(
            f"{argument}: {len(numbers)} distinct numbers; the provider takes at most "
            f"{MAX_RECIPIENTS} per order"
        )
    return numbers
