"""JSON Lines for contacts and failures."""

from __future__ import annotations

import json

import attrs

from ..errors import APIError, DecodeError, IletiMerkeziError
from ..sansio import Contact

__all__ = ["contact_line", "error_line"]


def contact_line(contact: Contact) -> bytes:
    """One contact as a UTF-8 JSON line, Turkish letters unescaped."""
    return _line(attrs.asdict(contact))


def error_line(contact_id: int | str, error: Exception) -> bytes:
    """One failure as a JSON line: ``id``, ``error`` (class name), ``code``, ``message``."""
    code: int | None = None
    if isinstance(error, APIError | DecodeError):
        code = error.status_code
    message = error.message if isinstance(error, IletiMerkeziError) else str(error)
    return _line(
        {"id": contact_id, "error": type(error).__name__, "code": code, "message": message}
    )


def _line(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
