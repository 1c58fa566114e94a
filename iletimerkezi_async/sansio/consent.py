"""İYS consent records (the national opt-in register): consent/create and consent/show.

Wire facts: both need an active İYS subscription (403 otherwise). ``consent/create``
takes ``{"consent": {"brandCode", "list": [1 to 5,000 records]}}``; its success answer
carries nothing documented. ``consent/show`` takes one recipient and answers
``{"consent": {...}}``, or ``"consent": []`` when the recipient has records under the
brand but none of that type; a recipient with no İYS record at all is a 422.
``brandCode`` is sent as a number (the provider takes a number or a string and
answers with a number). ``consentDate`` is ``YYYY-MM-DD HH:MM:SS`` Istanbul time.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Literal, TypeAlias, get_args

import attrs

from iletimerkezi_async.errors import DecodeError, InvalidArgumentError, InvalidArgumentTypeError

from .auth import Credentials
from .call import Call, build_request
from .converter import describe_failure, field, register, structure
from .ids import validate_id
from .model import Model
from .numbers import normalize_number
from .response import decode_empty, decode_status, payload
from .shown import shown
from .times import istanbul_text

__all__ = [
    "MAX_CONSENT_RECORDS",
    "Consent",
    "ConsentRecord",
    "ConsentStatus",
    "ConsentType",
    "RecipientType",
    "consent_create",
    "consent_show",
    "decode_consent",
]

MAX_CONSENT_RECORDS = 5000
"""The most records consent/create takes per request."""

RecipientType: TypeAlias = Literal["BIREYSEL", "TACIR"]
"""Individual (``BIREYSEL``) or trader (``TACIR``) recipients: İYS keeps separate lists."""
ConsentType: TypeAlias = Literal["MESAJ", "EPOSTA", "ARAMA"]
"""The channel a consent covers: SMS (``MESAJ``), e-mail (``EPOSTA``) or calls (``ARAMA``)."""
ConsentStatus: TypeAlias = Literal["ONAY", "RET"]
"""Consent given (``ONAY``) or refused/withdrawn (``RET``)."""

_RECIPIENT_TYPES: tuple[str, ...] = get_args(RecipientType)
_TYPES: tuple[str, ...] = get_args(ConsentType)
_STATUSES: tuple[str, ...] = get_args(ConsentStatus)
# The shape of an İYS source code (HS_WEB, HS_FIZIKSEL_ORTAM ...): the list belongs to
# İYS and may grow, so only the shape is checked here.
_SOURCE = re.compile(r"[A-Z][A-Z0-9_]{1,49}")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}")


@attrs.frozen
class ConsentRecord(Model):
    """One consent to register with :func:`consent_create`.

    ``recipient`` is a phone number (``+905...``) or an e-mail address; ``source`` an
    İYS source code such as ``"HS_WEB"`` or ``"HS_FIZIKSEL_ORTAM"``; ``consent_date``
    an aware datetime (sent in Istanbul time).
    """

    recipient: str
    type: ConsentType
    status: ConsentStatus
    source: str
    consent_date: datetime.datetime
    recipient_type: RecipientType = "BIREYSEL"


@attrs.frozen
class Consent(Model):
    """A consent as İYS holds it (consent/show): the record and its ``brand_code``.
    ``consent_date`` is an aware datetime in Istanbul time."""

    brand_code: int
    recipient: str
    recipient_type: str
    type: str
    status: str
    source: str
    consent_date: datetime.datetime


register(
    Consent,
    brand_code=field("brandCode"),
    recipient_type=field("recipientType"),
    consent_date=field("consentDate"),
)


def _choice(value: object, choices: tuple[str, ...], name: str) -> str:
    if value not in choices:
        raise InvalidArgumentError(
            f"{name} must be one of {', '.join(choices)}; got {shown(value)}"
        )
    return str(value)


def _recipient(value: object, name: str) -> str:
    if isinstance(value, str) and "@" in value:
        address = value.strip()
        if _EMAIL.fullmatch(address) is None:
            raise InvalidArgumentError(f"{name}: {shown(value)} is not an e-mail address")
        return address
    return normalize_number(value, name)


def _record(record: object, index: int) -> dict[str, object]:
    name = f"records[{index}]"
    if not isinstance(record, ConsentRecord):
        raise InvalidArgumentTypeError(
            f"{name} must be a ConsentRecord, got {type(record).__name__}"
        )
    source = record.source
    if not isinstance(source, str) or _SOURCE.fullmatch(source) is None:
        raise InvalidArgumentError(
            f"{name}.source must be an İYS source code like 'HS_WEB', got {shown(source)}"
        )
    return {
        "recipient": _recipient(record.recipient, f"{name}.recipient"),
        "recipientType": _choice(record.recipient_type, _RECIPIENT_TYPES, f"{name}.recipient_type"),
        "source": source,
        "status": _choice(record.status, _STATUSES, f"{name}.status"),
        "type": _choice(record.type, _TYPES, f"{name}.type"),
        "consentDate": istanbul_text(record.consent_date, f"{name}.consent_date", allow_date=False),
    }


def consent_create(
    credentials: Credentials, records: Iterable[ConsentRecord], *, brand_code: int | str
) -> Call[None]:
    """consent/create: register 1 to 5,000 consent records with İYS for ``brand_code``.

    A write. Every record is checked before any I/O (``InvalidArgumentError`` naming the
    record and field). 403 without an İYS subscription raises ``PermissionDeniedError``.
    """
    brand = validate_id(brand_code, "brand_code")
    if isinstance(records, ConsentRecord | str | bytes):
        raise InvalidArgumentTypeError(
            "records must be an iterable of ConsentRecord, not a single one"
        )
    items = [_record(record, index) for index, record in enumerate(records)]
    if not 1 <= len(items) <= MAX_CONSENT_RECORDS:
        raise InvalidArgumentError(
            f"records must hold 1 to {MAX_CONSENT_RECORDS} ConsentRecord, got {len(items)}"
        )
    fields = {"consent": {"brandCode": brand, "list": items}}
    return Call(
        "consent/create",
        "write",
        build_request(credentials, "consent/create", fields),
        decode_empty,
    )


def consent_show(
    credentials: Credentials,
    recipient: str,
    *,
    brand_code: int | str,
    recipient_type: RecipientType = "BIREYSEL",
    type: ConsentType = "MESAJ",
) -> Call[Consent | None]:
    """consent/show: the İYS record of one ``recipient`` (number or e-mail) for a brand,
    recipient type and channel; ``None`` when the provider answers with no record of
    that type (``"consent": []``).

    A recipient with no İYS record at all is answered with 422: it raises
    ``BadRequestError`` (``status_code == 422``), as the provider uses that code for
    invalid input too and the two cannot be told apart.
    """
    fields = {
        "consent": {
            "brandCode": validate_id(brand_code, "brand_code"),
            "recipient": _recipient(recipient, "recipient"),
            "recipientType": _choice(recipient_type, _RECIPIENT_TYPES, "recipient_type"),
            "type": _choice(type, _TYPES, "type"),
        }
    }
    return Call(
        "consent/show", "read", build_request(credentials, "consent/show", fields), decode_consent
    )


def decode_consent(status_code: int, body: bytes) -> Consent | None:
    """A consent/show answer: the :class:`Consent`, ``None`` for ``[]``/``{}``/``null``."""
    response = decode_status(status_code, body)
    raw = payload(response, "consent", status_code)
    if raw is None or raw == [] or raw == {} or raw == "":
        return None
    try:
        return structure(raw, Consent)
    except Exception as error:
        raise DecodeError(
            describe_failure(raw, "$.response.consent", Consent), http_status=status_code
        ) from error
