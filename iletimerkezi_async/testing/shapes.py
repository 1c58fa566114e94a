"""What the fake provider puts on the wire: JSON documents in either response shape.

The provider has used two shapes for the same data (see ``docs/wire-format.md``):
``"current"`` sends numbers and plain lists, ``"legacy"`` (pre-2024) sends numeric
strings and XML-style wrapper objects. Everything here is pure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Literal, TypeAlias

import attrs

from iletimerkezi_async.sansio import Contact, Group

__all__ = [
    "MESSAGES",
    "FakeResponse",
    "WireShape",
    "encode_contact",
    "encode_contacts",
    "encode_group",
    "encode_groups",
    "encode_status",
    "json_response",
    "provider_response",
]

WireShape: TypeAlias = Literal["current", "legacy"]
"""A response shape one answer is encoded in."""

JSONObject: TypeAlias = dict[str, object]

MESSAGES: Mapping[int, str] = {
    200: "İşlem başarılı.",
    400: "İstek çözümlenemedi.",
    401: "Üyelik bilgileri hatalı, IP adresine izin verilmemiş ya da API erişimi kapalı.",
    402: "Bakiye yetersiz.",
    403: "Aktif abonelik bulunamadı.",
    404: "Geçersiz metod, istek yapılan adres bulunamadı.",
    422: "Gönderilen değerler doğrulanamadı.",
    429: "Çok fazla istek gönderildi, lütfen daha sonra tekrar deneyin.",
    450: "Gönderici adı onaylı değil.",
    451: "Mükerrer sipariş: aynı metin aynı alıcılara 10 dakika içinde gönderilmiş.",
    452: "Alıcı numaraları hatalı.",
    453: "Sipariş çok büyük: 7 SMS boyunu aşıyor.",
    454: "Mesaj metni boş.",
    455: "Sipariş bulunamadı.",
    456: "Gönderim tarihi henüz gelmedi.",
    457: "Gönderim tarihinin biçimi hatalı.",
    458: "Tarih aralığı hatalı.",
    459: "Gönderici adı boş.",
    460: "Gönderici adı 11 karakterden uzun ya da Türkçe karakter içeriyor.",
    461: "Grup adı boş.",
    462: "Grup id boş.",
    463: "Grup bulunamadı.",
    464: "Sayfa numarası 1'den başlamalı.",
    465: "Kişi bulunamadı.",
    466: "Geçersiz numara.",
    467: "Belge bilgisi eksik.",
    468: "İYS bayrağı eksik.",
    469: "İYS listesi eksik.",
    470: "İYS kodu eksik.",
    471: "Arama terimi 3 karakterden kısa.",
    472: "Ad, soyad, gsm ya da e-posta alanlarından en az biri gerekli.",
    473: "Özel alan bulunamadı.",
    474: "Bu numara üzerindeki engelleme kaldırılamaz.",
    503: "Servis geçici olarak kullanılamıyor.",
}
"""A Turkish status message for every code the provider documents (and 429)."""


@attrs.frozen
class FakeResponse:
    """One answer of the fake provider: HTTP ``status``, ``headers`` and ``body`` bytes.

    ``headers`` always include ``Content-Type`` and ``Content-Length``. ``reason``
    is the HTTP reason phrase (the provider puts its Turkish message there).
    """

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes = attrs.field(repr=False)
    reason: str = ""

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (case-insensitive), or ``None``."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None


def _id(value: int, shape: WireShape) -> int | str:
    return value if shape == "current" else str(value)


def encode_status(code: int, message: str, shape: WireShape) -> JSONObject:
    """The ``status`` object: ``{"code": 200, ...}`` (current) or ``{"code": "200", ...}``."""
    return {"code": _id(code, shape), "message": message}


def encode_contact(contact: Contact, shape: WireShape) -> JSONObject:
    """The JSON ``contact`` object for ``contact`` in ``shape`` ("current" or "legacy").

    current: ``custom_fields: [{"id": 2, "value": "x"}]``, ``groups: [12, 7]``,
    numbers as numbers, a missing email/gsm as ``null``. legacy:
    ``custom_fields: {"custom_field": [{"id": "2", ...}]}``,
    ``groups: {"group": [{"id": "12"}]}``, numbers as strings, missing as ``""``.
    """
    if shape == "current":
        return {
            "id": contact.id,
            "name": contact.name,
            "surname": contact.surname,
            "email": contact.email,
            "gsm": contact.gsm,
            "custom_fields": [{"id": f.id, "value": f.value} for f in contact.custom_fields],
            "groups": list(contact.groups),
        }
    if shape == "legacy":
        return {
            "id": str(contact.id),
            "name": contact.name,
            "surname": contact.surname,
            "email": contact.email or "",
            "gsm": contact.gsm or "",
            "custom_fields": {
                "custom_field": [{"id": str(f.id), "value": f.value} for f in contact.custom_fields]
            },
            "groups": {"group": [{"id": str(group)} for group in contact.groups]},
        }
    raise ValueError(f"shape must be 'current' or 'legacy', got {shape!r}")


def encode_contacts(contacts: list[Contact], shape: WireShape) -> object:
    """A contact listing's ``contacts``: a list (current) or ``{"contact": [...]}`` (legacy)."""
    encoded = [encode_contact(contact, shape) for contact in contacts]
    return encoded if shape == "current" else {"contact": encoded}


def encode_group(group: Group, shape: WireShape, *, count_as_text: bool = False) -> JSONObject:
    """The JSON ``group`` object, subgroups included (``children`` absent when none).

    current: numbers as numbers, except ``count`` with ``count_as_text`` (get-groups'
    documented ``"count": "0"``); ``children: [...]``. legacy: every number a string,
    ``children: {"child": [...]}`` (the XML ``<children><child>`` form).
    """
    if shape == "current":
        document: JSONObject = {
            "id": group.id,
            "name": group.name,
            "count": str(group.count) if count_as_text else group.count,
        }
        if group.children:
            document["children"] = [
                encode_group(child, shape, count_as_text=count_as_text) for child in group.children
            ]
        return document
    if shape == "legacy":
        document = {"id": str(group.id), "name": group.name, "count": str(group.count)}
        if group.children:
            document["children"] = {"child": [encode_group(c, shape) for c in group.children]}
        return document
    raise ValueError(f"shape must be 'current' or 'legacy', got {shape!r}")


def encode_groups(groups: list[Group], shape: WireShape) -> object:
    """get-groups' ``groups``: a list of trees with ``count`` as a string (current, as the
    docs show it) or ``{"group": [...]}`` with every number a string (legacy)."""
    encoded = [encode_group(group, shape, count_as_text=True) for group in groups]
    return encoded if shape == "current" else {"group": encoded}


def json_response(
    status: int,
    document: object,
    *,
    reason: str = "",
    extra_headers: tuple[tuple[str, str], ...] = (),
) -> FakeResponse:
    """A JSON answer; Turkish letters go out as UTF-8, not ``\\u`` escapes."""
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    headers = (
        ("Content-Type", "application/json; charset=utf-8"),
        ("Content-Length", str(len(body))),
        *extra_headers,
    )
    return FakeResponse(status, headers, body, reason)


def provider_response(
    code: int,
    shape: WireShape,
    *,
    message: str | None = None,
    extra: Mapping[str, object] | None = None,
    extra_headers: tuple[tuple[str, str], ...] = (),
) -> FakeResponse:
    """A provider answer with body code ``code``; the HTTP status mirrors it.

    ``extra`` adds siblings of ``status`` inside ``response`` (``contact``, ``errors``).
    """
    if message is None:
        message = MESSAGES.get(code, f"Hata {code}.")
    response: JSONObject = {"status": encode_status(code, message, shape)}
    if extra:
        response.update(extra)
    return json_response(
        code,
        {"response": response},
        reason=message,
        extra_headers=extra_headers,
    )
