"""The pure layer: models, request builders, response decoders and retry decisions.

No I/O, no clock, no event loop: use it with any HTTP library. Every provider
method is a function in its area's module (``contacts``, ``groups`` ...) that checks
its arguments and returns a :class:`Call`::

    call = contacts.get_contact(Credentials(key, api_hash), 1007)
    # POST call.request.body to base_url + call.request.path with call.request.headers
    contact = call.decode(status, body, None)   # or raises one of our errors
"""

from . import contacts, groups
from .auth import Credentials, compute_hash
from .call import HEADERS, Call, HTTPRequest, Kind, build_request
from .ids import validate_contact_id, validate_id
from .model import Model
from .models import Contact, CustomField, Group
from .request import build_get_contact
from .response import decode_get_contact, decode_status
from .retry import RETRYABLE_STATUS, RetryPolicy, may_have_been_applied, parse_retry_after
from .status import error_class_for

__all__ = [
    "HEADERS",
    "RETRYABLE_STATUS",
    "Call",
    "Contact",
    "Credentials",
    "CustomField",
    "Group",
    "HTTPRequest",
    "Kind",
    "Model",
    "RetryPolicy",
    "build_get_contact",
    "build_request",
    "compute_hash",
    "contacts",
    "decode_get_contact",
    "decode_status",
    "error_class_for",
    "groups",
    "may_have_been_applied",
    "parse_retry_after",
    "validate_contact_id",
    "validate_id",
]
