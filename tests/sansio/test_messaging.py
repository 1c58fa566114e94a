"""send-sms and cancel-order: every argument checked before any I/O, and what goes out."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iletimerkezi_async import InvalidArgumentError, InvalidArgumentTypeError
from iletimerkezi_async.sansio import Credentials, Message, messaging
from iletimerkezi_async.sansio.messaging import send_date_time
from iletimerkezi_async.sansio.recipients import normalize_recipients

CREDENTIALS = Credentials("key", "hash")
# "Now" for the tests with fixed dates: before all of them.
NOW = datetime.datetime(990, 1, 1, tzinfo=datetime.UTC)


def sent(**overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "recipients": "5051234567",
        "text": "hi",
        "sender": "ACME",
        "now": NOW,
    }
    arguments.update(overrides)
    call = messaging.send_sms(
        CREDENTIALS, arguments.pop("recipients"), arguments.pop("text"), **arguments
    )
    order: dict[str, Any] = json.loads(call.request.body)["request"]["order"]
    return order


def numbers(order: dict[str, Any]) -> list[str]:
    return list(order["message"]["receipents"]["number"])


def test_a_lone_string_is_one_number() -> None:
    assert numbers(sent(recipients="+90 (505) 123-45-67")) == ["+905051234567"]


def test_duplicates_are_sent_once_in_first_seen_order() -> None:
    given_numbers = ["5052", "5051", "505 2", "5053", "5051"]
    assert numbers(sent(recipients=given_numbers)) == ["5052", "5051", "5053"]


def test_any_iterable_and_ints_are_accepted() -> None:
    assert numbers(sent(recipients=(n for n in ["5051", "5052"]))) == ["5051", "5052"]
    assert numbers(sent(recipients=[5051234567])) == ["5051234567"]


@pytest.mark.parametrize(
    "bad",
    ["", "+", "12a4", "++905", "90 5O5", "٥٠٥", "5051\n5052", "1" * 33, None, 1.5, True, -5],
)
def test_a_malformed_number_names_the_argument(bad: object) -> None:
    with pytest.raises(ValueError, match="recipients"):
        sent(recipients=["5051234567", bad])


@pytest.mark.parametrize("bad", [[], (), set(), [[]], 42.0, b"5051234567", bytearray(b"5")])
def test_no_recipients_or_no_iterable(bad: object) -> None:
    with pytest.raises(ValueError, match="recipients"):
        sent(recipients=bad)


def test_at_most_50000_distinct_recipients() -> None:
    many = [f"+9050{i:08d}" for i in range(50_000)]
    assert len(numbers(sent(recipients=many + many[:10]))) == 50_000
    with pytest.raises(ValueError, match="50000"):
        sent(recipients=[*many, "+905099999999"])


@pytest.mark.parametrize("text", ["", "   ", None, 5])
def test_text_must_be_non_empty(text: object) -> None:
    with pytest.raises(ValueError, match="text"):
        sent(text=text)


@pytest.mark.parametrize("sender", [None, "", "TWELVE-CHARS", 5])
def test_sender_must_be_given_and_short(sender: object) -> None:
    with pytest.raises(ValueError, match="sender"):
        sent(sender=sender)


def test_eleven_character_sender_is_fine() -> None:
    assert sent(sender="ELEVENCHARS")["sender"] == "ELEVENCHARS"


def test_send_at_goes_as_istanbul_time_without_seconds() -> None:
    when = datetime.datetime(2026, 12, 31, 21, 30, 59, tzinfo=datetime.UTC)
    assert sent(send_at=when)["sendDateTime"] == "01/01/2027 00:30"
    assert "sendDateTime" not in sent()


def test_send_at_pads_years_below_1000() -> None:
    when = datetime.datetime(999, 3, 4, 5, 6, tzinfo=datetime.UTC)
    assert sent(send_at=when)["sendDateTime"] == "04/03/0999 08:06"


def test_send_at_without_an_istanbul_time_is_a_value_error() -> None:
    latest = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    with pytest.raises(ValueError, match="send_at is out of range"):
        sent(send_at=latest)


def test_naive_send_at_is_refused() -> None:
    with pytest.raises(ValueError, match="send_at"):
        sent(send_at=datetime.datetime(2026, 1, 1, 10, 0))
    with pytest.raises(ValueError, match="send_at"):
        send_date_time(datetime.date(2026, 1, 1))  # type: ignore[arg-type]


def test_send_at_more_than_a_minute_ago_is_refused() -> None:
    now = datetime.datetime(2026, 5, 4, 12, 0, 30, tzinfo=datetime.UTC)
    just_now = now - datetime.timedelta(seconds=59)
    assert sent(send_at=just_now, now=now)["sendDateTime"] == "04/05/2026 14:59"
    with pytest.raises(InvalidArgumentError, match="send_at is in the past"):
        sent(send_at=now - datetime.timedelta(seconds=61), now=now)
    with pytest.raises(InvalidArgumentError, match="send_at is in the past"):
        messaging.send_sms_messages(
            CREDENTIALS,
            [Message("a", "5051")],
            sender="ACME",
            send_at=datetime.datetime(2020, 1, 1, 10, tzinfo=datetime.UTC),
            now=now,
        )


def test_send_at_needs_an_aware_now() -> None:
    later = datetime.datetime(2026, 5, 4, 12, tzinfo=datetime.UTC)
    with pytest.raises(InvalidArgumentTypeError, match="now"):
        sent(send_at=later, now=None)
    with pytest.raises(InvalidArgumentError, match="now must be an aware"):
        sent(send_at=later, now=datetime.datetime(2026, 5, 4, 11))
    assert "sendDateTime" not in sent(now=None)  # without a schedule, now is optional


def test_iys_flags() -> None:
    assert (sent()["iys"], sent()["iysList"]) == ("1", "BIREYSEL")
    assert (sent(iys=False)["iys"], sent(iys_list="TACIR")["iysList"]) == ("0", "TACIR")
    with pytest.raises(ValueError, match="iys_list"):
        sent(iys_list="bireysel")
    with pytest.raises(ValueError, match="iys"):
        sent(iys=1)


def test_turkish_text_goes_out_unescaped() -> None:
    call = messaging.send_sms(CREDENTIALS, "5051", 'Çağrı "ş" \\ ı', sender="ACME")
    assert 'Çağrı \\"ş\\" \\\\ ı'.encode() in call.request.body
    assert json.loads(call.request.body)["request"]["order"]["message"]["text"] == 'Çağrı "ş" \\ ı'


def test_messages_are_checked_each() -> None:
    with pytest.raises(ValueError, match=r"messages\[1\]\.recipients"):
        messaging.send_sms_messages(
            CREDENTIALS, [Message("a", "5051"), Message("b", "x")], sender="ACME"
        )
    with pytest.raises(ValueError, match=r"messages\[0\]\.text"):
        messaging.send_sms_messages(CREDENTIALS, [Message("", "5051")], sender="ACME")
    with pytest.raises(ValueError, match="messages"):
        messaging.send_sms_messages(CREDENTIALS, [], sender="ACME")
    with pytest.raises(ValueError, match="bytes"):
        messaging.send_sms_messages(CREDENTIALS, [Message("a", b"5051")], sender="ACME")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Message"):
        messaging.send_sms_messages(CREDENTIALS, ["hi"], sender="ACME")  # type: ignore[list-item]
    many = [f"+9050{i:08d}" for i in range(30_000)]
    with pytest.raises(ValueError, match="50000"):
        messaging.send_sms_messages(
            CREDENTIALS, [Message("a", many), Message("b", many)], sender="ACME"
        )


@pytest.mark.parametrize("bad", [-1, True, "", "12a", "1.0", 1.0, None, "١٢"])
def test_cancel_order_id(bad: object) -> None:
    with pytest.raises(ValueError, match="order_id"):
        messaging.cancel_order(CREDENTIALS, bad)  # type: ignore[arg-type]


_PART = st.sampled_from(["", " ", "-", "(", ")"])
_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=15)


@given(st.lists(st.tuples(st.booleans(), _DIGITS, _PART), min_size=1, max_size=30))
def test_clean_numbers_survive_any_decoration(raw: list[tuple[bool, str, str]]) -> None:
    decorated = [("+" if plus else "") + sep + digits + sep for plus, digits, sep in raw]
    expected = list(dict.fromkeys(("+" if plus else "") + digits for plus, digits, _ in raw))
    assert normalize_recipients(decorated) == expected


@given(st.text(min_size=1, max_size=20))
def test_any_text_is_either_a_clean_number_or_refused(raw: str) -> None:
    try:
        result = normalize_recipients([raw])
    except ValueError:
        return
    (number,) = result
    assert number.lstrip("+").isdigit()
    assert number.isascii()
    assert number.count("+") <= 1
    assert "+" not in number[1:]
