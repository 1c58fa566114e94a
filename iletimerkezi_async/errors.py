"""Every exception this package raises.

All of them derive from :class:`IletiMerkeziError`. Branch on the class or on
``status_code``, never on ``message``: the provider's messages are Turkish text
that may change. No httpx, aiohttp, json or cattrs exception escapes; the original
one is chained as ``__cause__``. No message ever contains the API hash or secret.

The tree::

    IletiMerkeziError                     base of everything we raise
    +-- APIError(status_code, message, errors)   the provider answered with a non-200 code
    |   +-- BadRequestError          400, 422 (errors: field -> message), 457, 458, 461,
    |   |                            462, 464, 468-474
    |   +-- AuthenticationError      401 (bad key/hash, IP not allowed, API access off)
    |   +-- InsufficientBalanceError 402
    |   +-- PermissionDeniedError    403 (no active İYS subscription)
    |   +-- MethodNotFoundError      404 (usually a wrong base_url)
    |   +-- NotFoundError            an order, group or contact that does not exist
    |   |   +-- OrderNotFoundError   455 (carries order_id)
    |   |   +-- GroupNotFoundError   463 (carries group_id)
    |   |   +-- ContactNotFoundError 465 (carries contact_id)
    |   +-- SenderError              450, 459, 460
    |   +-- DuplicateOrderError      451
    |   +-- RecipientError           452, 466
    |   +-- MessageTextError         453, 454
    |   +-- ReportNotReadyError      456
    |   +-- RateLimitError           429 (carries retry_after)
    |   +-- ServerError              5xx
    +-- TransportError(request_sent)  could not talk to the provider (connect, reset, TLS)
    |   +-- TimeoutError             a timeout or the call's time budget (a builtins.TimeoutError)
    +-- DecodeError                  the answer was not JSON or not the documented shape
    +-- ClientClosedError            used after aclose() (also a RuntimeError)
    +-- WrongEventLoopError          used on another event loop (also a RuntimeError)
    +-- AmbiguousOrderError          find_sent_order cannot tell which order it is
    +-- InvalidArgumentError         an argument mistake, before any I/O (also a ValueError)
        +-- InvalidArgumentTypeError an argument of the wrong type (also a TypeError)
            +-- ContactIdTypeError   a contact id of the wrong type

Two numbers, two names: ``status_code`` (on :class:`APIError`) is the provider's
code, and ``http_status`` (on every error raised from an answer) the HTTP status of
that answer; they differ when the provider answers HTTP 200 with an error code in
the body. ``http_status`` is ``None`` when there was no answer.

Every error raised by a client call names the API ``method`` it came from
(``"get-contact"``, ``"send-sms"`` ...) and carries the ids that help
(``contact_id``, ``group_id``, ``order_id``) when the call had them. An error from a
write (send-sms, add-* except add-blacklist, edit-*, delete-*, cancel-order,
consent/create) also says in ``may_have_been_applied`` whether the change may have
reached the provider. add-blacklist is documented as idempotent (adding a listed number
is a success), so it is retried like a read and its errors do not say so.
"""

from __future__ import annotations

import builtins
import warnings
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypedDict, Unpack

if TYPE_CHECKING:
    from .sansio.recovery import SendRecord

__all__ = [
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
]

# The ids an error may carry, in the order ``str`` shows them.
_IDS = ("contact_id", "group_id", "order_id")


class ErrorContext(TypedDict, total=False):
    """The keyword arguments every error takes besides its own: where it came from."""

    method: str | None
    contact_id: int | None
    group_id: int | None
    order_id: str | None
    may_have_been_applied: bool
    http_status: int | None


class IletiMerkeziError(Exception):
    """Base class of everything this package raises.

    ``message`` is the human-readable text. ``method`` is the API method of the
    failing call (``None`` outside a call). ``contact_id``, ``group_id`` and
    ``order_id`` are the ids the call was about, when it had them. ``http_status``
    is the HTTP status of the answer the error came from (``None`` when there was no
    answer: a transport error, a closed client, an argument refused before sending).

    ``may_have_been_applied`` matters for writes: ``False`` when the provider
    rejected the request or provably never received it (safe to send again),
    ``True`` when it may have acted on it (a timeout or a dropped connection after
    the request went out, a 5xx, an unreadable success): check before sending again.
    Always ``False`` for reads.

    ``sent`` is set on an error of ``send_sms`` / ``send_sms_messages`` with
    ``may_have_been_applied=True``: what the call sent and when it started (a
    :class:`~iletimerkezi_async.sansio.recovery.SendRecord`), which
    ``client.find_sent_order(error)`` needs to find the order. ``None`` otherwise.
    """

    message: str
    method: str | None
    contact_id: int | None
    group_id: int | None
    order_id: str | None
    may_have_been_applied: bool
    http_status: int | None
    sent: SendRecord | None = None

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        contact_id: int | None = None,
        group_id: int | None = None,
        order_id: str | None = None,
        may_have_been_applied: bool = False,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.contact_id = contact_id
        self.group_id = group_id
        self.order_id = order_id
        self.may_have_been_applied = may_have_been_applied
        self.http_status = http_status

    def add_context(
        self, method: str, ids: Mapping[str, object], *, http_status: int | None = None
    ) -> None:
        """Name the call this error came from, and the HTTP status of its answer if
        there was one; what is already set is kept.

        ``ids`` maps attribute names (``contact_id``, ``group_id``, ``order_id``)
        to values; other names are ignored.
        """
        if self.method is None:
            self.method = method
        if self.http_status is None:
            self.http_status = http_status
        for name, value in ids.items():
            if name in _IDS and getattr(self, name) is None:
                setattr(self, name, value)

    def _context(self) -> str:
        parts = [self.method] if self.method else []
        parts.extend(
            f"{name[:-3]} id {value}" for name in _IDS if (value := getattr(self, name)) is not None
        )
        if self.may_have_been_applied:
            parts.append("may have been applied")
        return f" ({', '.join(parts)})" if parts else ""

    def __str__(self) -> str:
        return self.message + self._context()


class APIError(IletiMerkeziError):
    """The provider answered with a status code other than 200.

    ``status_code`` is the provider's numeric code (the body's code, or the HTTP
    status when the body had none), ``message`` its message kept verbatim, and
    ``errors`` the field -> message map a 422 may carry (empty otherwise). The
    HTTP status itself is ``http_status`` (the provider often answers HTTP 200 with
    an error code in the body).
    """

    status_code: int
    errors: Mapping[str, str]

    def __init__(
        self,
        status_code: int,
        message: str,
        errors: Mapping[str, str] | None = None,
        **context: Unpack[ErrorContext],
    ) -> None:
        super().__init__(message, **context)
        self.args = (status_code, message, errors)
        self.status_code = status_code
        self.errors = dict(errors) if errors else {}

    def __str__(self) -> str:
        text = f"{self.status_code}: {self.message}" if self.message else str(self.status_code)
        if self.errors:
            text += " [" + "; ".join(f"{k}: {v}" for k, v in self.errors.items()) + "]"
        return text + self._context()


class BadRequestError(APIError):
    """The provider refused the request's values: 400 (unparseable), 422 (validation,
    see ``errors``) and the validation codes 457, 458, 461, 462, 464, 468-474."""


class AuthenticationError(APIError):
    """401: wrong key or hash, this IP is not allow-listed, or API access is off."""


class InsufficientBalanceError(APIError):
    """402: the account's balance cannot pay for the order."""


class PermissionDeniedError(APIError):
    """403: the account has no active İYS subscription for this method."""


class MethodNotFoundError(APIError):
    """404: the provider does not know the method; usually a wrong ``base_url``."""


class NotFoundError(APIError):
    """Base of the errors for an order, group or contact that does not exist."""


class OrderNotFoundError(NotFoundError):
    """455: no such order, or it can no longer be cancelled (see ``order_id``)."""


class GroupNotFoundError(NotFoundError):
    """463: no group has the requested id (or parent id; see ``group_id``)."""


class ContactNotFoundError(NotFoundError):
    """465: no contact has the requested id (see ``contact_id``)."""


class SenderError(APIError):
    """450 (sender not approved), 459 (empty), 460 (over 11 characters or Turkish letters)."""


class DuplicateOrderError(APIError):
    """451: the same text went to the same recipients within the last 10 minutes.

    After a send whose outcome was unknown, this usually means the first one went
    through: check ``get_reports`` before changing the text to force a resend.
    """


class RecipientError(APIError):
    """452 (invalid or blacklisted recipients) or 466 (an invalid number)."""


class MessageTextError(APIError):
    """453 (the text is longer than 7 SMS parts) or 454 (the text is empty)."""


class ReportNotReadyError(APIError):
    """456: the order is scheduled and has not started sending yet."""


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
        retry_after: float | None = None,
        **context: Unpack[ErrorContext],
    ) -> None:
        super().__init__(status_code, message, errors, **context)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx: the provider, or a proxy in front of it, failed. Reads are retried."""


class TransportError(IletiMerkeziError):
    """The provider could not be reached or the connection broke (connect, reset, TLS).

    ``request_sent`` is ``False`` only when the request provably never left this
    machine (the connection could not be made, or no pooled connection was free in
    time); a write is sent again only then.
    """

    request_sent: bool

    def __init__(
        self, message: str, *, request_sent: bool = True, **context: Unpack[ErrorContext]
    ) -> None:
        super().__init__(message, **context)
        self.request_sent = request_sent


class TimeoutError(TransportError, builtins.TimeoutError):
    """A connect/read/write/pool timeout, or the call's overall time budget ran out.

    Also a ``builtins.TimeoutError``, so ``except TimeoutError:`` catches it either way.
    """


class DecodeError(IletiMerkeziError):
    """The answer was not JSON or not the documented shape.

    ``http_status`` is the HTTP status of the answer. The message names the path
    that failed (``$.response.contact.groups``) but never repeats credentials.

    ``status_code`` is the old name of ``http_status``: deprecated (a
    ``DeprecationWarning``), and removed in the next release, as ``status_code``
    means the provider's code everywhere else.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        **context: Unpack[ErrorContext],
    ) -> None:
        if status_code is not None:
            _warn_status_code()
            context.setdefault("http_status", status_code)
        super().__init__(message, **context)

    @property
    def status_code(self) -> int | None:
        """Deprecated: the HTTP status, now ``http_status``."""
        _warn_status_code()
        return self.http_status

    @status_code.setter
    def status_code(self, value: int | None) -> None:
        _warn_status_code()
        self.http_status = value


def _warn_status_code() -> None:
    warnings.warn(
        "DecodeError.status_code is deprecated: the HTTP status is DecodeError.http_status",
        DeprecationWarning,
        stacklevel=3,
    )


class ClientClosedError(IletiMerkeziError, RuntimeError):
    """The client was used after ``aclose()`` or after its ``async with`` block ended."""


class WrongEventLoopError(IletiMerkeziError, RuntimeError):
    """The client was used on another event loop than the one it first ran on.

    Its connections and locks belong to that loop (a second ``asyncio.run`` makes a
    new one). Create the client inside the loop that uses it, e.g. in the coroutine
    passed to ``asyncio.run`` or in a web framework's startup hook.
    """


class InvalidArgumentError(IletiMerkeziError, ValueError):
    """An argument was malformed, so nothing was sent: raised before any I/O.

    Every method checks its arguments first and raises this, naming the argument and
    what it expects (an empty text, a 12-character sender, a ``send_at`` in the past,
    60,000 recipients ...). An :class:`IletiMerkeziError`, so that everything this
    package raises derives from it, and a ``ValueError``, as Python has it for a bad
    value. ``iter_contacts`` yields it in place of a malformed id and goes on.
    """


class InvalidArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument of the wrong type (a ``float`` id, a ``bytes`` number, a non-``str``
    text ...). Also a ``TypeError``, so either ``except`` catches it."""


class ContactIdTypeError(InvalidArgumentTypeError):
    """A contact id of the wrong type (``bool``, ``float``, ``None`` ...), before any I/O.

    An :class:`InvalidArgumentError` (so an :class:`IletiMerkeziError` and a
    ``ValueError``, as for every malformed id) and a ``TypeError``.
    """


class AmbiguousOrderError(IletiMerkeziError):
    """``find_sent_order`` cannot tell which order a failed send created.

    ``candidate_ids`` are the orders that fit what the send sent: more than one whose
    recipients match, or ones the provider would not show yet (a scheduled order's
    recipients are shown only from its send time). Nothing was guessed: check them
    yourself before sending again.
    """

    candidate_ids: tuple[str, ...]

    def __init__(
        self, message: str, candidate_ids: Iterable[str], **context: Unpack[ErrorContext]
    ) -> None:
        self.candidate_ids = tuple(candidate_ids)
        super().__init__(message, **context)
        self.args = (message, self.candidate_ids)
