"""How an argument appears in an error message: short, and never failing itself."""

from __future__ import annotations

__all__ = ["shown"]

_MAX_CHARS = 60


def shown(value: object) -> str:
    """``repr(value)``, cut to 60 characters; a huge int by its size (its repr would
    raise beyond ~4300 digits, and would flood the message well before)."""
    if isinstance(value, int) and value.bit_length() > 128:
        return f"an int of {value.bit_length()} bits"
    try:
        text = repr(value)
    except Exception:  # a user's object with a broken __repr__
        return f"a {type(value).__name__}"
    return text if len(text) <= _MAX_CHARS else f"{text[: _MAX_CHARS - 3]}..."
