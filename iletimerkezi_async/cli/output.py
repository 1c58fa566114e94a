"""JSON Lines for results and failures."""

from __future__ import annotations

import json

from ..errors import APIError, DecodeError, IletiMerkeziError
from ..sansio.model import Model

__all__ = ["error_line", "json_line", "model_line"]


def model_line(model: Model) -> bytes:
    """One result model as a UTF-8 JSON line (its ``to_dict()``), Turkish letters unescaped."""
    return json_line(model.to_dict())


def error_line(given_id: int | str, error: Exception) -> bytes:
    """One failure as a JSON line: ``id``, ``error`` (class name), ``code``, ``message``."""
    code: int | None = None
    if isinstance(error, APIError | DecodeError):
        code = error.status_code
    message = error.message if isinstance(error, IletiMerkeziError) else str(error)
    return json_line(
        {"id": given_id, "error": type(error).__name__, "code": code, "message": message}
    )


def json_line(value: object) -> bytes:
    """``value`` as one UTF-8 JSON line, Turkish letters unescaped."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
