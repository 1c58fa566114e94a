"""Typed, retrying, concurrency-safe async client for the iletimerkezi.com JSON API."""

from typing import TYPE_CHECKING

from ._version import __version__
from .errors import (
    AmbiguousOrderError,
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
    InvalidArgumentError,
    InvalidArgumentTypeError,
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
    Balance,
    BlacklistPage,
    Consent,
    ConsentRecord,
    Contact,
    Credentials,
    CustomField,
    DeliveryReport,
    Group,
    Message,
    MessageStatus,
    Order,
    OrderReport,
    OrderSummary,
    OrderSummaryPage,
    ReportDeduplicator,
    RetryPolicy,
    compute_hash,
    parse_delivery_report,
    validate_contact_id,
    webhook_token_matches,
)

if TYPE_CHECKING:
    from .backends.pooled_client import PooledHttpxClient
    from .client import AsyncClient
    from .clock import Clock, SystemClock
    from .webhook_redis import RedisReportDeduplicator


def __getattr__(name: str) -> object:
    # The client (and with it httpx and asyncio) loads on first use, so that the
    # sans-IO layer can be imported alone by code on another HTTP stack.
    if name == "AsyncClient":
        from .client import AsyncClient

        return AsyncClient
    if name == "PooledHttpxClient":
        from .backends.pooled_client import PooledHttpxClient

        return PooledHttpxClient
    if name in ("Clock", "SystemClock"):
        from . import clock

        return getattr(clock, name)
    if name == "RedisReportDeduplicator":
        # Without importing redis: the base install does not have it.
        from .webhook_redis import RedisReportDeduplicator

        return RedisReportDeduplicator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "APIError",
    "AmbiguousOrderError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "Balance",
    "BlacklistPage",
    "ClientClosedError",
    "Clock",
    "Consent",
    "ConsentRecord",
    "Contact",
    "ContactIdTypeError",
    "ContactNotFoundError",
    "Credentials",
    "CustomField",
    "DecodeError",
    "DeliveryReport",
    "DuplicateOrderError",
    "Group",
    "GroupNotFoundError",
    "IletiMerkeziError",
    "InsufficientBalanceError",
    "InvalidArgumentError",
    "InvalidArgumentTypeError",
    "Message",
    "MessageStatus",
    "MessageTextError",
    "MethodNotFoundError",
    "NotFoundError",
    "Order",
    "OrderNotFoundError",
    "OrderReport",
    "OrderSummary",
    "OrderSummaryPage",
    "PermissionDeniedError",
    "PooledHttpxClient",
    "RateLimitError",
    "RecipientError",
    "RedisReportDeduplicator",
    "ReportDeduplicator",
    "ReportNotReadyError",
    "RetryPolicy",
    "SenderError",
    "ServerError",
    "SystemClock",
    "TimeoutError",
    "TransportError",
    "WrongEventLoopError",
    "__version__",
    "compute_hash",
    "parse_delivery_report",
    "validate_contact_id",
    "webhook_token_matches",
]
