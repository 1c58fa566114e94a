"""Realistic, deterministic Turkish phonebook contacts for tests and the demo."""

from __future__ import annotations

import random

from iletimerkezi_async.sansio import Contact, CustomField

__all__ = ["generate_contacts"]

_FIRST_NAMES = (
    "Çağrı", "Işıl", "Gülşen", "Ayşe", "Fatma", "Mehmet", "Mustafa", "Ömer", "Şule",
    "Özge", "Büşra", "Gökhan", "Ilgın", "İbrahim", "İrem", "Tuğçe", "Oğuz", "Ümit",
    "Çiğdem", "Doğukan", "Şükrü", "Hülya", "Barış", "Ebru", "Kübra", "Selçuk", "Yağmur",
    "Nurgül", "Sıla", "Ali", "Zeynep", "Emre", "Elif", "Can", "Deniz", "Gül", "Eşref",
    "Işık", "Özlem", "Tülay",
)  # fmt: skip
_SURNAMES = (
    "Öztürk", "Şahin", "Yılmaz", "Doğan", "Üstün", "Kılıç", "Çelik", "Aydın", "Yıldız",
    "Arslan", "Koç", "Kurt", "Özdemir", "Şimşek", "Aksoy", "Güneş", "Erdoğan", "Karataş",
    "Çakır", "Bulut", "Işık", "Tekin", "Ünal", "Güler", "Akgül", "Gündüz", "Sarıkaya",
    "İnce", "Türkoğlu", "Ağaoğlu",
)  # fmt: skip
_DOMAINS = ("gmail.com", "hotmail.com", "yandex.com.tr", "outlook.com", "icloud.com",
            "firma.com.tr", "ornek.com.tr")  # fmt: skip
_FIELD_VALUES = (
    "İstanbul", "Ankara", "İzmir", "Eskişehir", "Muğla", "Şanlıurfa", "VIP müşteri",
    "Bayi", "Kadıköy şubesi", "Üye", "1988-04-12", "Öğretmen", "çip çip", "",
)  # fmt: skip
# Turkish operators' mobile prefixes (Turkcell 53x, Vodafone 54x, Türk Telekom 50x/55x).
_OPERATORS = ("30", "32", "33", "35", "36", "42", "43", "44", "46", "05", "06", "07", "52",
              "53", "55")  # fmt: skip
# "İ".lower() is "i̇" (with a combining dot), so fold to ASCII before lowering.
_ASCII = str.maketrans("çğıİöşüÇĞÖŞÜ", "cgiIosuCGOSU")


def _ascii(text: str) -> str:
    return text.translate(_ASCII).lower().replace(" ", "")


def _contact(contact_id: int, seed: int) -> Contact:
    # One generator per (seed, id): a contact does not depend on how many came before it.
    rng = random.Random(f"iletimerkezi-fake/{seed}/{contact_id}")
    name = rng.choice(_FIRST_NAMES)
    if rng.random() < 0.12:
        name = f"{name} {rng.choice(_FIRST_NAMES)}"
    surname = rng.choice(_SURNAMES)
    email: str | None = None
    if rng.random() < 0.8:
        local = f"{_ascii(name.split()[0])}.{_ascii(surname)}"
        if rng.random() < 0.5:
            local += str(rng.randint(1, 99))
        email = f"{local}@{rng.choice(_DOMAINS)}"
    gsm: str | None = None
    if rng.random() < 0.95:
        gsm = f"905{rng.choice(_OPERATORS)}{rng.randrange(10**7):07d}"
        if rng.random() < 0.3:
            gsm = "+" + gsm
    field_ids = sorted(rng.sample(range(1, 9), rng.randint(0, 3)))
    fields = tuple(CustomField(fid, rng.choice(_FIELD_VALUES)) for fid in field_ids)
    groups = tuple(rng.sample(range(1, 41), rng.randint(0, 3)))
    return Contact(contact_id, name, surname, email, gsm, fields, groups)


def generate_contacts(n: int, *, seed: int = 0, start_id: int = 1) -> list[Contact]:
    """``n`` Turkish contacts with ids ``start_id`` .. ``start_id + n - 1``.

    Deterministic: the same ``seed`` and id always give the same contact. Names use
    ç ğ ı İ ö ş ü; gsm numbers look like ``905321234567``, some with a leading ``+``;
    about one in five has no email (``None``); each has 0-3 custom fields and 0-3 groups.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if start_id < 0:
        raise ValueError(f"start_id must be >= 0, got {start_id}")
    return [_contact(contact_id, seed) for contact_id in range(start_id, start_id + n)]
