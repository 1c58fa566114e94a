"""Money is decoded from the JSON text itself, never through a float, whichever JSON
library is installed: ``100.50`` stays ``Decimal('100.50')``.

Each amount is decoded as get-balance's ``amount`` and get-report's ``price``, in this
process (with orjson, the `speedups` extra the test install has) and in a fresh
interpreter where orjson cannot be imported (the standard library alone).
"""

from __future__ import annotations

import decimal
import json
import subprocess
import sys

import pytest

from iletimerkezi_async.errors import DecodeError
from iletimerkezi_async.sansio import Credentials, account, decode_get_contact, reports

CREDENTIALS = Credentials("key", "hash")

# The amount as it stands in the answer's JSON text, and the Decimal it must give
# (compared as text, so that trailing zeros count).
EXACT = [
    ("100.50", "100.50"),  # trailing zero kept
    ("10.584", "10.584"),
    ("0.0372", "0.0372"),
    ("3719.9630", "3719.9630"),
    ("12345678901234567.89", "12345678901234567.89"),  # 19 significant digits
    ("12345678901234567.891", "12345678901234567.891"),  # 20 significant digits
    ("98765432109876543210", "98765432109876543210"),  # a 20-digit integer, beyond 64 bits
    ("-2.50", "-2.50"),
    ("0", "0"),
    ("67", "67"),
    ("0.0", "0.0"),
    ("1.0584E1", "10.584"),  # exponents
    ("1.0584e+1", "10.584"),
    ("1E2", "100"),
    ("25e-3", "0.025"),
    ("1.2345678901234567891E+5", "123456.78901234567891"),
    ('"100.50"', "100.50"),  # strings, with a decimal point or comma
    ('"100,50"', "100.50"),
    ('"0,0372"', "0.0372"),
    ('"12345678901234567,891"', "12345678901234567.891"),
    ('" 7,5 "', "7.5"),
    ('"1,5E2"', "150"),
]

REFUSED = ["NaN", "Infinity", "-Infinity", "1e999", "1" * 41, '"NaN"', '"1,2,3"', "true"]


def _balance(amount: str) -> bytes:
    return (
        b'{"response":{"status":{"code":200,"message":"ok"},"balance":{"amount":%s,"sms":1}}}'
        % (amount.encode())
    )


def _report(price: str) -> bytes:
    order = (
        '{"id":"7","status":114,"total":1,"delivered":1,"undelivered":0,"waiting":0,'
        f'"price":{price},"message":[{{"number":"+905051234567","status":111}}]}}'
    )
    return b'{"response":{"status":{"code":200,"message":"ok"},"order":%s}}' % order.encode()


def _decoded(amount: str) -> tuple[str, str]:
    """The amount as decoded by get-balance and by get-report, as text."""
    balance = account.get_balance(CREDENTIALS).decode(200, _balance(amount))
    report = reports.get_report(CREDENTIALS, "7").decode(200, _report(amount))
    assert type(balance.amount) is decimal.Decimal
    return str(balance.amount), str(report.price)


def test_orjson_is_installed_here() -> None:
    # The in-process rows below test the orjson path; the test install has the extra.
    import orjson  # noqa: F401


@pytest.mark.parametrize(("text", "expected"), EXACT)
def test_an_amount_is_exact_with_orjson(text: str, expected: str) -> None:
    assert _decoded(text) == (expected, expected)


@pytest.mark.parametrize("text", REFUSED)
def test_a_non_amount_is_a_decode_error(text: str) -> None:
    with pytest.raises(DecodeError):
        account.get_balance(CREDENTIALS).decode(200, _balance(text))
    with pytest.raises(DecodeError):
        reports.get_report(CREDENTIALS, "7").decode(200, _report(text))


_WITHOUT_ORJSON = """
import json, sys
sys.modules["orjson"] = None  # as if the `speedups` extra were not installed
from iletimerkezi_async.errors import DecodeError
from iletimerkezi_async.sansio import Credentials, account, decode_get_contact, reports
assert sys.modules["orjson"] is None
balance = account.get_balance(Credentials("key", "hash"))
report = reports.get_report(Credentials("key", "hash"), "7")
balance_of, report_of = json.loads(sys.stdin.read())
results = {}
for text, body in balance_of.items():
    try:
        results[text] = [str(balance.decode(200, body.encode()).amount)]
    except DecodeError:
        results[text] = ["DecodeError"]
for text, body in report_of.items():
    try:
        results[text].append(str(report.decode(200, body.encode()).price))
    except DecodeError:
        results[text].append("DecodeError")
print(json.dumps(results))
"""


def test_every_amount_is_the_same_without_orjson() -> None:
    texts = [text for text, _ in EXACT] + REFUSED
    tables = [
        {text: _balance(text).decode() for text in texts},
        {text: _report(text).decode() for text in texts},
    ]
    ran = subprocess.run(
        [sys.executable, "-c", _WITHOUT_ORJSON],
        input=json.dumps(tables),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    expected = {text: [want, want] for text, want in EXACT}
    expected |= {text: ["DecodeError", "DecodeError"] for text in REFUSED}
    assert json.loads(ran.stdout) == expected


@pytest.mark.parametrize(
    "body",
    [
        b'{"response":{"status":{"code":200,"message":"1.5 TL"},'
        b'"balance":{"amount" :\n 12345678901234567.891,"sms":1}}}',
        b'{"response":{"status":{"code":"200","message":"ok"},"balance":{"sms":1,"amount":-1.50}}}',
    ],
)
def test_an_amount_is_exact_wherever_it_stands(body: bytes) -> None:
    amount = account.get_balance(CREDENTIALS).decode(200, body).amount
    assert str(amount) in ("12345678901234567.891", "-1.50")


def test_a_float_never_becomes_money() -> None:
    # Whatever path a float might take into a model, it is refused, not rounded.
    from iletimerkezi_async.sansio.converter import lenient_decimal

    with pytest.raises(ValueError, match="float"):
        lenient_decimal(100.5)


def test_a_long_integer_id_is_refused_by_orjson_not_rounded() -> None:
    # orjson reads integers beyond 64 bits as floats: such an id is a DecodeError, never
    # a nearby id. (Without orjson, and as a string of digits, it decodes exactly.)
    huge = 123456789012345678901234567890
    body = b'{"response":{"status":{"code":200},"contact":{"id":%s,"name":"A","surname":"B"}}}'
    with pytest.raises(DecodeError):
        decode_get_contact(200, body % str(huge).encode(), contact_id=huge)
    quoted = body % f'"{huge}"'.encode()
    assert decode_get_contact(200, quoted, contact_id=huge).id == huge
