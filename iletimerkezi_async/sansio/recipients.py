"""Checking and normalizing recipient numbers, fast enough for 50,000 per order."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["MAX_RECIPIENTS", "normalize_recipients"]

MAX_RECIPIENTS = 50_000
"""The provider's limit of recipients per send-sms request."""

# Every number on its own line, each digits with an optional leading "+": one regex
# pass in C checks a whole order of already clean numbers.
_CLEAN_LINES = re.compile(r"(?:\+?[0-9]{1,32}\n)*")
_NUMBER = re.compile(r"\+?[0-9]{1,32}")
_STRIPPED = str.maketrans("", "", " -()\t")


def _clean(raw: object, argument: str) -> str:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return str(raw)
    if not isinstance(raw, str):
        raise ValueError(
            f"{argument}: a number must be a str (or a non-negative int), got {type(raw).__name__}"
        )
    number = raw.translate(_STRIPPED)
    if _NUMBER.fullmatch(number) is None:
        shown = repr(raw) if len(raw) <= 40 else f"{len(raw)} characters"
        raise ValueError(
            f"{argument}: {shown} is not a phone number (digits with an optional leading +;"
            " spaces, dashes and parentheses are ignored)"
        )
    return number


def normalize_recipients(recipients: object, argument: str = "recipients") -> list[str]:
    """The distinct numbers of ``recipients``, in first-seen order, ready to send.

    ``recipients`` is one number (a ``str``, never split into characters) or an iterable
    of them. Spaces, tabs, dashes and parentheses are removed; what is left must be
    digits with an optional leading ``+``. Raises ``ValueError`` naming ``argument``
    for a malformed number, none at all, or more than 50,000 distinct ones.
    """
    if isinstance(recipients, str | int):
        items: list[object] | tuple[object, ...] = (recipients,)
    elif isinstance(recipients, list | tuple):
        items = recipients
    elif isinstance(recipients, Iterable):
        items = list(recipients)
    else:
        raise ValueError(
            f"{argument}: expected a number or an iterable of numbers, "
            f"got {type(recipients).__name__}"
        )
    try:
        numbers = list(dict.fromkeys(items))  # distinct, order kept; cheap before any check
    except TypeError:  # an unhashable item: the slow path names it
        numbers = list(items)
    try:
        joined = "\n".join(numbers) + "\n"  # type: ignore[arg-type]
    except TypeError:  # not all str: take the slow path, which says which one
        joined = ""
    if not (
        joined
        and joined.count("\n") == len(numbers)  # no number hides a line break
        and _CLEAN_LINES.fullmatch(joined) is not None
    ):
        numbers = list(dict.fromkeys(_clean(raw, argument) for raw in numbers))
    if not numbers:
        raise ValueError(f"{argument}: give at least one number")
    if len(numbers) > MAX_RECIPIENTS:
        raise ValueError(
            f"{argument}: {len(numbers)} distinct numbers; the provider takes at most "
            f"{MAX_RECIPIENTS} per order"
        )
    return numbers  # type: ignore[return-value]
