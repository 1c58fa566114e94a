"""Checking plain argument values (counts, sizes, seconds): the one place for each rule."""

from __future__ import annotations

import math

from ..errors import InvalidArgumentError, InvalidArgumentTypeError
from .shown import shown

__all__ = ["int_at_least", "seconds"]


def int_at_least(value: object, name: str, minimum: int) -> int:
    """``value`` unchanged if it is an ``int`` (not a ``bool``) of at least ``minimum``;
    else :class:`InvalidArgumentTypeError` (another type) or :class:`InvalidArgumentError`."""
    if type(value) is not int:
        raise InvalidArgumentTypeError(f"{name} must be an int >= {minimum}, got {shown(value)}")
    if value < minimum:
        raise InvalidArgumentError(f"{name} must be an int >= {minimum}, got {shown(value)}")
    return value


def seconds(value: object, name: str, *, finite: bool = True) -> float:
    """``value`` as a ``float`` if it is a number of seconds >= 0 (and not infinite, unless
    ``finite=False``); else :class:`InvalidArgumentTypeError` or :class:`InvalidArgumentError`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgumentTypeError(
            f"{name} must be a number of seconds >= 0, got {shown(value)}"
        )
    if not value >= 0 or (finite and value == math.inf):
        raise InvalidArgumentError(f"{name} must be a number of seconds >= 0, got {shown(value)}")
    return float(value)
