"""Typed, retrying, concurrency-safe async client for the iletimerkezi.com JSON API.

Every public name is loaded on first use (PEP 562): ``import iletimerkezi_async``
costs almost nothing, and ``from iletimerkezi_async import Contact`` loads the models
without the client, httpx or asyncio, so that the sans-IO layer can be used alone
by code on another HTTP stack.
"""

import importlib

from ._version import __version__

TYPE_CHECKING = False  # without importing typing; type checkers take it as True
if TYPE_CHECKING:
    from .backends.pooled_client import PooledHttpxClient
    from .client import AsyncClient
    from .clock import Clock, SystemClock
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
        NOT_GIVEN,
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
        NotGiven,
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
    from .webhook_redis import RedisReportDeduplicator

_ERRORS = (
    "APIError",
    "AmbiguousOrderError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ContactIdTypeError",
    "ContactNotFoundError",
    "DecodeError",
    "DuplicateOrderError",
    "GroupNotFoundError",
    "IletiMerkeziError",
    "InsufficientBalanceError",
    "InvalidArgumentError",
    "InvalidArgumentTypeError",
    "MessageTextError",
    "MethodNotFoundError",
    "NotFoundError",
    "OrderNotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RecipientError",
    "ReportNotReadyError",
    "SenderError",
    "ServerError",
    "TimeoutError",
    "TransportError",
    "WrongEventLoopError",
)
_SANSIO = (
    "NOT_GIVEN",
    "Balance",
    "BlacklistPage",
    "Consent",
    "ConsentRecord",
    "Contact",
    "Credentials",
    "CustomField",
    "DeliveryReport",
    "Group",
    "Message",
    "MessageStatus",
    "NotGiven",
    "Order",
    "OrderReport",
    "OrderSummary",
    "OrderSummaryPage",
    "ReportDeduplicator",
    "RetryPolicy",
    "compute_hash",
    "parse_delivery_report",
    "validate_contact_id",
    "webhook_token_matches",
)
# Where each public name lives.
_HOMES = {
    **dict.fromkeys(_ERRORS, "errors"),
    **dict.fromkeys(_SANSIO, "sansio"),
    "AsyncClient": "client",
    "PooledHttpxClient": "backends.pooled_client",
    "Clock": "clock",
    "SystemClock": "clock",
    # Without importing redis until asked for: the base install does not have it.
    "RedisReportDeduplicator": "webhook_redis",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # found once: later lookups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


__all__ = [
    "NOT_GIVEN",
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
    "NotGiven",
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
