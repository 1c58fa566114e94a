"""Every exception this package raises.

All of them derive from :class:`IletiMerkeziError`. Branch on the class or on
``status_code``, never on ``message``: the provider's messages are Turkish text
that may change. No httpx, json or cattrs exception escapes; the original one is
chained as ``__cause__``. No message ever contains the API hash or secret.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "APIError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ContactIdTypeError",
    "ContactNotFoundError",
    "DecodeError",
    "IletiMerkeziError",
    "MethodNotFoundError",
    "RateLimitError",
    "ServerError",
    "TimeoutError",
    "TransportError",
]


class IletiMerkeziError(Exception):
    """Base class of everything this package raises.

    ``message`` is the human-readable text; ``contact_id`` is the contact the
    failing call was about, when there was one.
    """

    message: str
    contact_id: int | None

    def __init__(self, message: str, *, contact_id: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.contact_id = contact_id

    def __str__(self) -> str:
        if self.contact_id is None:
            return self.message
        return f"{self.message} (contact id {self.contact_id})"


class APIError(IletiMerkeziError):
    """The provider answered with a status code other than 200.

    ``status_code`` is the provider's numeric code (the body's code, or the HTTP
    status when the body had none), ``message`` its message kept verbatim, and
    ``errors`` the field -> message map a 422 may carry (empty otherwise).
    """

    status_code: int
    errors: Mapping[str, str]

    def __init__(
        self,
        status_code: int,
        message: str,
        errors: Mapping[str, str] | None = None,
        *,
        contact_id: int | None = None,
    ) -> None:
        super().__init__(message, contact_id=contact_id)
        self.args = (status_code, message, errors)
        self.status_code = status_code
        self.errors = dict(errors) if errors else {}

    def __str__(self) -> str:
        text = f"{self.status_code}: {self.message}" if self.message else str(self.status_code)
        if self.errors:
            text += " [" + "; ".join(f"{k}: {v}" for k, v in self.errors.items()) + "]"
        if self.contact_id is not None:
            text += f" (contact id {self.contact_id})"
        return text


class BadRequestError(APIError):
    """400 (the request could not be parsed) or 422 (a value failed validation)."""


class AuthenticationError(APIError):
    """401: wrong key or hash, this IP is not allow-listed, or API access is off."""


class MethodNotFoundError(APIError):
    """404: the provider does not know the method; usually a wrong ``base_url``."""


class ContactNotFoundError(APIError):
    """465: no contact has the requested id (see ``contact_id``)."""


class RateLimitError(APIError):
    """429: the provider is throttling.

    ``retry_after`` is the wait in seconds the provider asked for (``None`` if it
    named none). Raised once retries are used up, or at once when the wait asked
    for is longer than the client is willing to sleep.
    """

    retry_after: float | None

    def __init__(
        self,
        status_code: int,
        message: str,
        errors: Mapping[str, str] | None = None,
        *,
        contact_id: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(status_code, message, errors, contact_id=contact_id)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx: the provider, or a proxy in front of it, failed. Retried by the client."""


class TransportError(IletiMerkeziError):
    """The provider could not be reached or the connection broke (connect, reset, TLS)."""


class TimeoutError(TransportError):  # the contract's name; shadows the builtin in this module only
    """A connect/read/write/pool timeout, or the call's overall time budget ran out."""


class DecodeError(IletiMerkeziError):
    """The answer was not JSON or not the documented shape.

    ``status_code`` is the HTTP status of the answer. The message names the path
    that failed (``$.response.contact.groups``) but never repeats credentials.
    """

    status_code: int | None

    def __init__(
        self, message: str, *, status_code: int | None = None, contact_id: int | None = None
    ) -> None:
        super().__init__(message, contact_id=contact_id)
        self.status_code = status_code


class ClientClosedError(IletiMerkeziError, RuntimeError):
    """The client was used after ``aclose()`` or after its ``async with`` block ended."""


class ContactIdTypeError(TypeError, ValueError):
    """A contact id of the wrong type (``bool``, ``float``, ``None`` ...), before any I/O.

    A ``TypeError``, as Python has it, and a ``ValueError``, as the contract promises
    for every malformed id: either ``except`` catches it. Not an ``IletiMerkeziError``:
    it is a mistake in the calling code, not a failure of the provider.
    """
