"""The fake's one rule for phone numbers, shared by send-sms, the blacklist and tests.

What the fake takes, after removing spaces, tabs, dashes and parentheses:

- Turkish mobiles in every form the provider documents for send-sms: ``905xxxxxxxxx``,
  ``+90 5xx xxx xx xx``, ``05xxxxxxxxx`` and ``5xxxxxxxxx`` (or those digits as an int).
  They are stored and answered as ``+905xxxxxxxxx``.
- Other countries' numbers written with ``+`` and 8 to 15 digits (``+49172574483311``,
  the provider's own blacklist example): the blacklist methods take them.

send-sms sends only to Turkish mobiles (its documented formats): any other number is
452, like a blacklisted one. The blacklist methods answer 466 for what is neither.
"""

from __future__ import annotations

import re

__all__ = ["is_turkish_mobile", "provider_number"]

_SEPARATORS = str.maketrans("", "", " -()\t")
_TURKISH_MOBILE = re.compile(r"\+905[0-9]{9}")
_INTERNATIONAL = re.compile(r"\+[1-9][0-9]{7,14}")


def provider_number(raw: object) -> str | None:
    """``raw`` as the provider stores it (``+905xxxxxxxxx``, or ``+`` and the digits for
    another country), or ``None`` when it is no number the provider takes."""
    if type(raw) is int and raw >= 0:
        raw = str(raw)
    if type(raw) is not str:
        return None
    number = raw.translate(_SEPARATORS)
    if number.isascii() and number.isdigit():
        for prefix in ("90", "0", ""):  # 905..., 05..., 5...
            rest = number[len(prefix) :]
            if number.startswith(prefix) and _TURKISH_MOBILE.fullmatch("+90" + rest):
                return "+90" + rest
        return None
    if number.startswith("+90"):
        return number if _TURKISH_MOBILE.fullmatch(number) else None
    return number if _INTERNATIONAL.fullmatch(number) else None


def is_turkish_mobile(number: str) -> bool:
    """Whether a normalized number (from :func:`provider_number`) is a Turkish mobile,
    the only kind send-sms sends to."""
    return _TURKISH_MOBILE.fullmatch(number) is not None
