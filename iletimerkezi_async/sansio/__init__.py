"""The pure layer: models, request builders, response decoders and retry decisions.

No I/O, no clock, no event loop: use it with any HTTP library. For example, with
the standard library's ``urllib``::

    request = build_get_contact(Credentials(key, api_hash), 1007)
    # send request.method to base_url + request.path with request.headers and request.body
    contact = decode_get_contact(status, body, contact_id=1007)
"""

from .auth import Credentials, compute_hash
from .ids import validate_contact_id
from .models import Contact, CustomField
from .request import HEADERS, HTTPRequest, build_get_contact
from .response import decode_get_contact, decode_status
from .retry import RETRYABLE_STATUS, RetryPolicy, parse_retry_after
from .status import error_class_for

__all__ = [
    "HEADERS",
    "RETRYABLE_STATUS",
    "Contact",
    "Credentials",
    "CustomField",
    "HTTPRequest",
    "RetryPolicy",
    "build_get_contact",
    "compute_hash",
    "decode_get_contact",
    "decode_status",
    "error_class_for",
    "parse_retry_after",
    "validate_contact_id",
]
