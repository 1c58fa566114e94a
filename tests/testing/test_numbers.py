"""The fake's one number rule: what send-sms sends to and what the blacklist takes agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iletimerkezi_async.testing import FakeIletiMerkezi
from iletimerkezi_async.testing.numbers import is_turkish_mobile, provider_number

WirePost = Callable[..., tuple[int, dict[str, Any]]]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("905051234567", "+905051234567"),
        ("+90 505 123 45 67", "+905051234567"),
        ("+90\t(505) 123-45-67", "+905051234567"),
        ("05051234567", "+905051234567"),
        ("5051234567", "+905051234567"),
        (5051234567, "+905051234567"),
        ("+49172574483311", "+49172574483311"),
        ("+49 172 574 483 311", "+49172574483311"),
        ("49172574483311", None),  # another country needs its +
        ("+905999", None),
        ("+902121234567", None),  # a Turkish landline
        ("4051234567", None),
        ("50512345", None),
        ("+0123456789", None),
        ("x", None),
        (True, None),
        (None, None),
    ],
)
def test_provider_number(raw: object, expected: str | None) -> None:
    assert provider_number(raw) == expected


def _send(fake: FakeIletiMerkezi, wire_post: WirePost, *numbers: object) -> int:
    message = {"text": "Merhaba", "receipents": {"number": list(numbers)}}
    fields = {"order": {"sender": "APITEST", "iys": "0", "message": message}}
    return wire_post(fake, "send-sms", fields)[0]


def test_send_sms_takes_every_documented_turkish_form(
    fake: FakeIletiMerkezi, wire_post: WirePost
) -> None:
    forms = ["905051234567", "+90 505 123 45 68", "5051234569", "0505\t123 45 70"]
    assert _send(fake, wire_post, *forms) == 200
    (order,) = fake.orders.values()
    assert order.recipients == tuple(f"+9050512345{n}" for n in (67, 68, 69, 70))
    assert all(map(is_turkish_mobile, order.recipients))


def test_blocking_and_sending_read_numbers_the_same_way(
    fake: FakeIletiMerkezi, wire_post: WirePost
) -> None:
    # Blocking and sending read the number the same way: what add-blacklist stored is
    # what send-sms looks up, in any of the forms written.
    blocked = {"blacklist": {"number": "+49 172 574 483 311"}}
    assert wire_post(fake, "add-blacklist", blocked)[0] == 200
    assert "+49172574483311" in fake.blacklist
    assert _send(fake, wire_post, "+49172574483311") == 452
    fake.blacklist.add("0505 123 45 67")
    assert _send(fake, wire_post, "905051234567") == 452
    assert _send(fake, wire_post, "+90 505 123 45 67", "5051112233") == 452
    assert not fake.orders
    assert fake.credits == 100_000


def test_send_sms_sends_only_to_turkish_mobiles(
    fake: FakeIletiMerkezi, wire_post: WirePost
) -> None:
    # The blacklist takes a foreign number (its documented example), send-sms does not
    # (its documented formats are Turkish mobiles only).
    assert _send(fake, wire_post, "+49172574483311") == 452
    assert _send(fake, wire_post, "5051112233", "+902121234567") == 452
    assert not fake.orders
    status, _ = wire_post(fake, "delete-blacklist", {"blacklist": {"number": "+49172574483311"}})
    assert status == 474  # a valid number that is not blocked, not a malformed one (466)
