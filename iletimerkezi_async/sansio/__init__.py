"""The pure layer: models, request builders, response decoders and retry decisions.

No I/O, no clock, no event loop: use it with any HTTP library. Every provider
method is a function in its area's module (``contacts``, ``groups`` ...) that checks
its arguments and returns a :class:`Call`::

    call = contacts.get_contact(Credentials(key, api_hash), 1007)
    # POST call.request.body to base_url + call.request.path with call.request.headers
    contact = call.decode(status, body)   # or raises one of our errors

Each name is loaded on first use (PEP 562): importing this package, or one model,
does not build every area's models and decoders.
"""

import importlib

TYPE_CHECKING = False  # without importing typing; type checkers take it as True
if TYPE_CHECKING:
    from . import account, blacklist, consent, contacts, groups, messaging, reports
    from .auth import Credentials, compute_hash
    from .blacklist import BlacklistPage
    from .call import HEADERS, Call, HTTPRequest, Kind, build_request
    from .consent import (
        Consent,
        ConsentRecord,
        ConsentStatus,
        ConsentType,
        RecipientType,
    )
    from .ids import validate_contact_id, validate_id, validate_order_id
    from .model import Model
    from .models import Contact, CustomField, Group
    from .numbers import normalize_number
    from .orders import (
        Balance,
        Message,
        MessageStatus,
        Order,
        OrderReport,
        OrderSummary,
        OrderSummaryPage,
    )
    from .request import build_get_contact
    from .response import decode_get_contact, decode_status
    from .retry import RETRYABLE_STATUS, RetryPolicy, may_have_been_applied, parse_retry_after
    from .sentinel import NOT_GIVEN, NotGiven
    from .status import error_class_for
    from .webhook import (
        DeliveryReport,
        DeliveryStatus,
        ReportDeduplicator,
        parse_delivery_report,
        webhook_token_matches,
    )

# The module each public name comes from (the area modules are names too).
_HOMES = {
    name: module
    for module, names in {
        "auth": ("Credentials", "compute_hash"),
        "blacklist": ("BlacklistPage",),
        "call": ("HEADERS", "Call", "HTTPRequest", "Kind", "build_request"),
        "consent": ("Consent", "ConsentRecord", "ConsentStatus", "ConsentType", "RecipientType"),
        "ids": ("validate_contact_id", "validate_id", "validate_order_id"),
        "model": ("Model",),
        "models": ("Contact", "CustomField", "Group"),
        "numbers": ("normalize_number",),
        "orders": (
            "Balance",
            "Message",
            "MessageStatus",
            "Order",
            "OrderReport",
            "OrderSummary",
            "OrderSummaryPage",
        ),
        "request": ("build_get_contact",),
        "response": ("decode_get_contact", "decode_status"),
        "retry": ("RETRYABLE_STATUS", "RetryPolicy", "may_have_been_applied", "parse_retry_after"),
        "sentinel": ("NOT_GIVEN", "NotGiven"),
        "status": ("error_class_for",),
        "webhook": (
            "DeliveryReport",
            "DeliveryStatus",
            "ReportDeduplicator",
            "parse_delivery_report",
            "webhook_token_matches",
        ),
    }.items()
    for name in names
}
_AREAS = ("account", "blacklist", "consent", "contacts", "groups", "messaging", "reports")


def __getattr__(name: str) -> object:
    if name in _AREAS:
        value: object = importlib.import_module(f"{__name__}.{name}")
    elif name in _HOMES:
        value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # found once: later lookups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES, *_AREAS})


__all__ = [
    "HEADERS",
    "NOT_GIVEN",
    "RETRYABLE_STATUS",
    "Balance",
    "BlacklistPage",
    "Call",
    "Consent",
    "ConsentRecord",
    "ConsentStatus",
    "ConsentType",
    "Contact",
    "Credentials",
    "CustomField",
    "DeliveryReport",
    "DeliveryStatus",
    "Group",
    "HTTPRequest",
    "Kind",
    "Message",
    "MessageStatus",
    "Model",
    "NotGiven",
    "Order",
    "OrderReport",
    "OrderSummary",
    "OrderSummaryPage",
    "RecipientType",
    "ReportDeduplicator",
    "RetryPolicy",
    "account",
    "blacklist",
    "build_get_contact",
    "build_request",
    "compute_hash",
    "consent",
    "contacts",
    "decode_get_contact",
    "decode_status",
    "error_class_for",
    "groups",
    "may_have_been_applied",
    "messaging",
    "normalize_number",
    "parse_delivery_report",
    "parse_retry_after",
    "reports",
    "validate_contact_id",
    "validate_id",
    "validate_order_id",
    "webhook_token_matches",
]
