"""The fake's İYS consent register and its two methods, consent/create and consent/show."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TypeAlias

from .protocol import FakeRequest, Handler, Reject, object_field, reply
from .shapes import FakeResponse

__all__ = ["HANDLERS", "ConsentKey", "ConsentRegister"]

ConsentKey: TypeAlias = tuple[int, str, str, str]
"""``(brand_code, recipient, recipient_type, type)``: one İYS record per key."""

_RECIPIENT_TYPES = ("BIREYSEL", "TACIR")
_TYPES = ("MESAJ", "EPOSTA", "ARAMA")
_STATUSES = ("ONAY", "RET")
_MAX_RECORDS = 5000


class ConsentRegister:
    """The account's İYS state: whether it has a subscription (``enabled``; the
    consent methods answer 403 until then) and its ``records`` as the provider
    answers them, by :data:`ConsentKey`."""

    def __init__(self) -> None:
        self.enabled = False
        self.records: dict[ConsentKey, dict[str, object]] = {}

    def __repr__(self) -> str:
        return f"ConsentRegister(enabled={self.enabled}, records={len(self.records)})"


def _subscribed(register: ConsentRegister) -> None:
    if not register.enabled:
        raise Reject(403)


def _brand(consent: Mapping[str, object]) -> int:
    raw = consent.get("brandCode")
    if type(raw) is str and raw.isascii() and raw.isdigit() and len(raw) <= 18:
        return int(raw)
    if type(raw) is int and raw > 0:
        return raw
    raise Reject(422, {"brandCode": "brandCode zorunludur."})


def _text(record: Mapping[str, object], name: str, where: str) -> str:
    value = record.get(name)
    if type(value) is not str or not value.strip():
        raise Reject(422, {f"{where}.{name}": f"{name} zorunludur."})
    return value.strip()


def _choice(record: Mapping[str, object], name: str, choices: tuple[str, ...], where: str) -> str:
    value = _text(record, name, where)
    if value not in choices:
        raise Reject(422, {f"{where}.{name}": f"{name} {', '.join(choices)} olmalıdır."})
    return value


def _record(brand: int, raw: object, index: int) -> tuple[ConsentKey, dict[str, object]]:
    where = f"list.{index}"
    if type(raw) is not dict:
        raise Reject(422, {where: "Kayıt bir nesne olmalıdır."})
    date = _text(raw, "consentDate", where)
    try:
        datetime.datetime.strptime(date, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise Reject(
            422, {f"{where}.consentDate": "consentDate Y-m-d H:i:s biçimi ile eşleşmiyor."}
        ) from None
    record: dict[str, object] = {
        "brandCode": brand,
        "recipient": _text(raw, "recipient", where),
        "recipientType": _choice(raw, "recipientType", _RECIPIENT_TYPES, where),
        "type": _choice(raw, "type", _TYPES, where),
        "status": _choice(raw, "status", _STATUSES, where),
        "source": _text(raw, "source", where),
        "consentDate": date,
    }
    key = (brand, str(record["recipient"]), str(record["recipientType"]), str(record["type"]))
    return key, record


def create(register: ConsentRegister, request: FakeRequest) -> FakeResponse:
    """consent/create: 403 unless ``fake.iys_enabled``; 1 to 5,000 records, all or none
    stored (422 naming the first bad field); a later record replaces an earlier one."""
    _subscribed(register)
    consent = object_field(request, "consent")
    brand = _brand(consent)
    items = consent.get("list")
    if type(items) is not list or not 1 <= len(items) <= _MAX_RECORDS:
        raise Reject(422, {"list": f"list 1 ile {_MAX_RECORDS} arasında kayıt içermelidir."})
    records = dict(_record(brand, raw, index) for index, raw in enumerate(items))
    register.records.update(records)
    return reply(request)


def show(register: ConsentRegister, request: FakeRequest) -> FakeResponse:
    """consent/show: 403 unless ``fake.iys_enabled``; 422 when the recipient has no record
    under the brand; ``"consent": []`` when it has some, but not of this type."""
    _subscribed(register)
    consent = object_field(request, "consent")
    brand = _brand(consent)
    recipient = _text(consent, "recipient", "consent")
    recipient_type = _choice(consent, "recipientType", _RECIPIENT_TYPES, "consent")
    kind = _choice(consent, "type", _TYPES, "consent")
    found = register.records.get((brand, recipient, recipient_type, kind))
    if found is not None:
        return reply(request, {"consent": dict(found)})
    if any(key[:2] == (brand, recipient) for key in register.records):
        return reply(request, {"consent": []})
    raise Reject(422, {"recipient": "Alıcıya ait İYS kaydı bulunamadı."})


HANDLERS: Mapping[str, Handler[ConsentRegister]] = {
    "consent/create": create,
    "consent/show": show,
}
