"""Typed, retrying, concurrency-safe async client for the iletimerkezi.com JSON API."""

from typing import TYPE_CHECKING

from ._version import __version__
from .errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ContactIdTypeError,
    ContactNotFoundError,
    DecodeError,
    DuplicateOrderError,
    GroupNotFoundError,
    IletiMerkeziError,
    InsufficientBalanceError,
    MessageTextError,
    MethodNotFoundError,
    NotFoundError,
    OrderNotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RecipientError,
    ReportNotReadyError,
    SenderError,
    ServerError,
    TimeoutError,
    TransportError,
    WrongEventLoopError,
)
from .sansio import (
    Contact,
    Credentials,
    CustomField,
    Group,
    RetryPolicy,
    compute_hash,
    validate_contact_id,
)

if TYPE_CHECKING:
    from .client import AsyncClient


def __getattr__(name: str) -> object:
    # The client (and with it httpx and asyncio) loads on first use, so that the
    # sans-IO layer can be imported alone by code on another HTTP stack.
    if name == "AsyncClient":
        from .client import AsyncClient

        return AsyncClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "APIError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "Contact",
    "ContactIdTypeError",
    "ContactNotFoundError",
    "Credentials",
    "CustomField",
    "DecodeError",
    "DuplicateOrderError",
    "Group",
    "GroupNotFoundError",
    "IletiMerkeziError",
    "InsufficientBalanceError",
    "MessageTextError",
    "MethodNotFoundError",
    "NotFoundError",
    "OrderNotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RecipientError",
    "ReportNotReadyError",
    "RetryPolicy",
    "SenderError",
    "ServerError",
    "TimeoutError",
    "TransportError",
    "WrongEventLoopError",
    "__version__",
    "compute_hash",
    "validate_contact_id",
]
