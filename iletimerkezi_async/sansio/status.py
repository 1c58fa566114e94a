"""Which exception class stands for which provider status code."""

from __future__ import annotations

from collections.abc import Mapping

from iletimerkezi_async.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ContactNotFoundError,
    DuplicateOrderError,
    GroupNotFoundError,
    InsufficientBalanceError,
    MessageTextError,
    MethodNotFoundError,
    OrderNotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RecipientError,
    ReportNotReadyError,
    SenderError,
    ServerError,
)

__all__ = ["OK", "error_class_for"]

OK = 200

# The provider's documented codes. 457/458 are malformed dates, 461/462 an empty
# group name or id, 464 a page below 1, 468-470 missing İYS settings, 471 a search
# key under 3 characters, 472 a contact with no name/surname/gsm/email, 473 an
# unknown custom field, 474 removing a number that is not blacklisted.
_BY_CODE: Mapping[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: InsufficientBalanceError,
    403: PermissionDeniedError,
    404: MethodNotFoundError,
    422: BadRequestError,
    429: RateLimitError,
    450: SenderError,
    451: DuplicateOrderError,
    452: RecipientError,
    453: MessageTextError,
    454: MessageTextError,
    455: OrderNotFoundError,
    456: ReportNotReadyError,
    459: SenderError,
    460: SenderError,
    463: GroupNotFoundError,
    465: ContactNotFoundError,
    466: RecipientError,
    **dict.fromkeys((457, 458, 461, 462, 464, 468, 469, 470, 471, 472, 473, 474), BadRequestError),
}


def error_class_for(code: int) -> type[APIError]:
    """The :class:`APIError` subclass for a provider code; ``APIError`` for unknown codes."""
    cls = _BY_CODE.get(code)
    if cls is not None:
        return cls
    if 500 <= code <= 599:
        return ServerError
    return APIError
