"""Which exception class stands for which provider status code."""

from __future__ import annotations

from collections.abc import Mapping

from iletimerkezi_async.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ContactNotFoundError,
    MethodNotFoundError,
    RateLimitError,
    ServerError,
)

__all__ = ["OK", "error_class_for"]

OK = 200

_BY_CODE: Mapping[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    404: MethodNotFoundError,
    422: BadRequestError,
    429: RateLimitError,
    465: ContactNotFoundError,
}


def error_class_for(code: int) -> type[APIError]:
    """The :class:`APIError` subclass for a provider code; ``APIError`` for unknown codes."""
    cls = _BY_CODE.get(code)
    if cls is not None:
        return cls
    if 500 <= code <= 599:
        return ServerError
    return APIError
