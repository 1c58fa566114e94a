"""Checking phone numbers before any request: one rule for every method that takes one.

The provider takes ``905xxxxxxxxx``, ``+90 5xx xxx xx xx`` and ``5xxxxxxxxx``; whether
a number is real is its business (it answers 452/466). Ours is only the shape: once
spaces, tabs, dashes and parentheses are removed, digits with an optional leading ``+``.
"""

from __future__ import annotations

import re

from ..errors import InvalidArgumentError, InvalidArgumentTypeError
from .shown import shown

__all__ = ["MAX_DIGITS", "canonical_number", "normalize_number"]

MAX_DIGITS = 32
"""More digits than any phone number has (E.164 allows 15): longer input is a mistake."""

_NUMBER = re.compile(rf"\+?[0-9]{{1,{MAX_DIGITS}}}")
_STRIPPED = str.maketrans("", "", " -()\t")


def normalize_number(value: object, argument_name: str) -> str:
    """``value`` as the provider takes it: separators removed, digits with an optional ``+``.

    ``"+90 (505) 702-31-00"`` -> ``"+905057023100"``. A non-negative ``int`` is taken
    as its digits. Anything else (empty, letters, a ``+`` elsewhere, more than
    32 digits, another type) raises ``InvalidArgumentError`` naming ``argument_name``.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        if value >= 10**MAX_DIGITS:  # str() of a huge int raises: refuse it by size
            raise InvalidArgumentError(
                f"{argument_name}: {shown(value)} is not a phone number (more than "
                f"{MAX_DIGITS} digits)"
            )
        value = str(value)
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(
            f"{argument_name}: a phone number must be a str (or a non-negative int), "
            f"got {type(value).__name__}"
        )
    number = value.translate(_STRIPPED)
    if _NUMBER.fullmatch(number) is None:
        given = repr(value) if len(value) <= 40 else f"{len(value)} characters"
        raise InvalidArgumentError(
            f"{argument_name}: {given} is not a phone number (digits with an optional "
            "leading +; spaces, dashes and parentheses are ignored)"
        )
    return number


def canonical_number(value: object, argument_name: str = "number") -> str:
    """``value`` in the one form used to compare numbers: :func:`normalize_number`'s
    rule, then written with its country code, without ``+`` or ``00``.

    Turkey's national forms get ``90`` in front, so ``"0505 123 45 67"``,
    ``"5051234567"``, ``"905051234567"`` and ``"+90 505 123 45 67"`` all give
    ``"905051234567"``; ``"+49 172 5744833"`` and ``"0049 172 5744833"`` give
    ``"491725744833"``. Raises ``InvalidArgumentError`` as :func:`normalize_number` does.
    """
    number = normalize_number(value, argument_name)
    if number.startswith("+"):
        return number[1:]
    if number.startswith("00"):  # the international call prefix
        return number[2:]
    if len(number) == 11 and number.startswith("0"):  # Turkey's trunk prefix: 0 5xx ...
        return "90" + number[1:]
    if len(number) == 10:  # a Turkish number without any prefix: 5xx ...
        return "90" + number
    return number
