"""One JSON line: what every command prints (``commands.write``)."""

from __future__ import annotations

import json

__all__ = ["MAX_EXACT_INTEGER", "json_line"]

MAX_EXACT_INTEGER = 2**53 - 1
"""The largest integer every JSON reader keeps exactly: jq (before 1.7) and JavaScript
read numbers as doubles, so ``123456789012345678901234567890`` would come out as
``1.2345678901234568e+29``. Integers beyond it, in either direction, are printed as
strings of their digits."""


def _exact(value: object) -> object:
    """``value`` with every integer beyond :data:`MAX_EXACT_INTEGER` as a string."""
    if type(value) is int:
        return value if -MAX_EXACT_INTEGER <= value <= MAX_EXACT_INTEGER else str(value)
    if type(value) is dict:
        return {key: _exact(item) for key, item in value.items()}
    if type(value) is list or type(value) is tuple:
        return [_exact(item) for item in value]
    return value


def json_line(value: object) -> bytes:
    """``value`` as one UTF-8 JSON line, Turkish letters unescaped, and integers beyond
    2^53 - 1 (ids of up to 30 digits) as strings, so that jq keeps every digit."""
    return json.dumps(_exact(value), ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
