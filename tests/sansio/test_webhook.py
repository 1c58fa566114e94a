import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iletimerkezi_async import (
    DecodeError,
    DeliveryReport,
    ReportDeduplicator,
    parse_delivery_report,
    webhook_token_matches,
)

# The documented sample, verbatim.
SAMPLE = (
    b'{ "report": { "id": 1599558518, "packet_id": 104525848, "status": "accepted", '
    b'"to": "+90505702xxxx", "body": "Webhook test mesaji" } }'
)
REPORT = DeliveryReport(1599558518, "104525848", "accepted", "+90505702xxxx", "Webhook test mesaji")


def test_documented_sample() -> None:
    assert parse_delivery_report(SAMPLE) == REPORT
    assert parse_delivery_report(SAMPLE.decode()) == REPORT
    assert parse_delivery_report(json.loads(SAMPLE)) == REPORT
    assert REPORT.key == (1599558518, "accepted")


def test_ids_may_be_numeric_strings_and_text_is_utf8() -> None:
    body = {
        "report": {
            "id": "1599558518",
            "packet_id": "0104525848",
            "status": "delivered",
            "to": "+905057023100",
            "body": "Şubat kampanyası: %20 indirim",
        }
    }
    report = parse_delivery_report(json.dumps(body, ensure_ascii=False).encode())
    assert report.id == 1599558518
    assert report.order_id == "0104525848"  # kept as sent, like send_sms's order id
    assert report.status == "delivered"
    assert report.text == "Şubat kampanyası: %20 indirim"
    assert report.to_dict()["order_id"] == "0104525848"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"report": []}',
        b'{"rapor": {}}',
        b'{"report": {"id": 1, "packet_id": 2, "status": "accepted", "to": "+90"}}',
        b'{"report": {"id": "x", "packet_id": 2, "status": "accepted", "to": "+90", "body": ""}}',
        b'{"report": {"id": 1, "packet_id": -2, "status": "accepted", "to": "+90", "body": ""}}',
        b'{"report": {"id": 1, "packet_id": 2, "status": 111, "to": "+90", "body": ""}}',
        b'{"report": {"id": 1, "packet_id": 2, "status": "read", "to": "+90", "body": ""}}',
        b'{"report": {"id": 1, "packet_id": 2, "status": "accepted", "to": [], "body": ""}}',
        b"[" * 100_000,
        # NaN is not JSON, even in a field nobody reads.
        b'{"report": {"id": 1, "packet_id": 2, "status": "accepted", "to": "+90", "body": "",'
        b' "x": NaN}}',
        '{"report": "\ud800"}',
    ],
)
def test_anything_else_is_a_decode_error(body: bytes | str) -> None:
    with pytest.raises(DecodeError):
        parse_delivery_report(body)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (None, "null"),
        (42, "a number"),
        (1.5, "a number"),
        (True, "a boolean"),
        ([{"report": {}}], "a list"),
        (("report",), "tuple"),
        ({"report"}, "set"),
    ],
    ids=["None", "int", "float", "bool", "list", "tuple", "set"],
)
def test_a_body_of_the_wrong_type_is_a_decode_error_naming_it(body: object, kind: str) -> None:
    expected = f"expected a JSON body (bytes, str or a mapping), got {kind}"
    with pytest.raises(DecodeError) as caught:
        parse_delivery_report(body)  # type: ignore[arg-type]
    assert caught.value.message == expected


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview], ids=lambda t: t.__name__)
def test_any_bytes_like_body_is_read(wrap: type) -> None:
    assert parse_delivery_report(wrap(SAMPLE)) == parse_delivery_report(SAMPLE)


def test_size_cap() -> None:
    big = json.dumps(
        {
            "report": {
                "id": 1,
                "packet_id": 2,
                "status": "accepted",
                "to": "+90",
                "body": "x" * 70_000,
            }
        }
    )
    with pytest.raises(DecodeError, match="over 65536 bytes"):
        parse_delivery_report(big.encode())
    with pytest.raises(DecodeError, match="over 65536 bytes"):
        parse_delivery_report(big)
    assert parse_delivery_report(big, max_bytes=100_000).text == "x" * 70_000


@given(
    st.one_of(st.binary(max_size=200), st.text(max_size=200), st.dictionaries(st.text(), st.none()))
)
def test_never_anything_but_decode_error(body: bytes | str | dict[str, None]) -> None:
    with contextlib.suppress(DecodeError):
        parse_delivery_report(body)


@given(
    st.fixed_dictionaries(
        {
            "id": st.one_of(st.integers(0, 2**40), st.integers(0, 2**40).map(str)),
            "packet_id": st.one_of(st.integers(0, 2**40), st.integers(0, 2**40).map(str)),
            "status": st.sampled_from(["accepted", "delivered", "undelivered"]),
            "to": st.text(max_size=20),
            "body": st.text(max_size=50),
        }
    )
)
def test_any_documented_report_round_trips(report: dict[str, object]) -> None:
    try:
        body = json.dumps({"report": report}, ensure_ascii=False).encode()
    except UnicodeEncodeError:  # a lone surrogate: not a body anyone can send
        return
    parsed = parse_delivery_report(body)
    assert parsed.id == int(report["id"])  # type: ignore[call-overload]
    assert parsed.order_id == str(report["packet_id"])
    assert parsed.text == report["body"]


def _report(**fields: object) -> bytes:
    report = {"id": 1, "packet_id": 2, "status": "accepted", "to": "+90", "body": ""}
    report.update(fields)
    return json.dumps({"report": {k: v for k, v in report.items() if v is not MISSING}}).encode()


MISSING = object()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "a delivery report must be JSON, got an empty body"),
        (" \r\n", "a delivery report must be JSON, got an empty body"),
        (b"<html>", "a delivery report must be JSON, got a body that is not JSON"),
        (b"[]", "expected an object, got a list @ $"),
        (b"7", "expected an object, got a number @ $"),
        (b'{"report": []}', "expected an object, got a list @ $.report"),
        (b'{"rapor": {}}', "expected an object, got null @ $.report"),
        (_report(body=MISSING), "required field missing @ $.report.body"),
        (_report(status=MISSING), "required field missing @ $.report.status"),
        (
            _report(id="x"),
            "expected an integer or a string of digits, got a string @ $.report.id",
        ),
        (
            _report(status="read"),
            "expected accepted, delivered or undelivered, got 'read' @ $.report.status",
        ),
        (
            _report(status="x" * 20),
            f"expected accepted, delivered or undelivered, got '{'x' * 20}' @ $.report.status",
        ),
        (
            _report(status="x" * 21),
            "expected accepted, delivered or undelivered, got a long string @ $.report.status",
        ),
    ],
    ids=lambda value: None,
)
def test_each_malformed_body_says_what_and_where(body: bytes | str, message: str) -> None:
    with pytest.raises(DecodeError) as caught:
        parse_delivery_report(body)
    assert caught.value.message == message


@pytest.mark.parametrize("as_text", [False, True], ids=["bytes", "str"])
def test_the_size_cap_admits_exactly_max_bytes(as_text: bool) -> None:
    body = SAMPLE.decode() if as_text else SAMPLE
    assert parse_delivery_report(body, max_bytes=len(SAMPLE)) == REPORT
    with pytest.raises(DecodeError, match=f"^a delivery report over {len(SAMPLE) - 1} bytes$"):
        parse_delivery_report(body, max_bytes=len(SAMPLE) - 1)


def test_a_lone_surrogate_in_a_text_body_is_a_decode_error_naming_the_field() -> None:
    body = _report(body="\ud800").decode()  # json.dumps escapes it: unescape to a str
    with pytest.raises(DecodeError, match=r"surrogates not allowed @ \$\.report\.body$"):
        parse_delivery_report(body.replace("\\ud800", "\ud800"))


def test_token_comparison() -> None:
    assert webhook_token_matches("s3cret-token", "s3cret-token")
    assert webhook_token_matches(b"s3cret-token", "s3cret-token")
    assert not webhook_token_matches("s3cret-tokeN", "s3cret-token")
    assert not webhook_token_matches("", "s3cret-token")
    assert not webhook_token_matches(None, "s3cret-token")
    assert not webhook_token_matches("ş", "s")
    with pytest.raises(ValueError, match=r"^expected must be a non-empty secret$"):
        webhook_token_matches("", "")


def test_tokens_of_any_kind_compare_without_raising() -> None:
    assert webhook_token_matches("tok", b"tok")
    assert webhook_token_matches(b"tok", bytearray(b"tok"))
    assert webhook_token_matches("şifre", "şifre")
    assert not webhook_token_matches("\ud800", "tok")  # a lone surrogate from a URL
    assert not webhook_token_matches("tok\ud800", "tok")


def test_deduplicator_drops_repeats_with_bounded_memory() -> None:
    dedupe = ReportDeduplicator(max_size=2)
    accepted = REPORT
    delivered = DeliveryReport(REPORT.id, REPORT.order_id, "delivered", REPORT.to, REPORT.text)
    other = DeliveryReport(7, "1", "accepted", "+90", "")
    assert dedupe.first_time(accepted)
    assert not dedupe.first_time(accepted)
    assert dedupe.first_time(delivered)  # a new status of the same message
    assert dedupe.first_time(other)  # the third key: the oldest, accepted, is forgotten
    assert len(dedupe) == 2
    assert not dedupe.first_time(delivered)
    assert dedupe.first_time(accepted)
    with pytest.raises(ValueError, match=r"^max_size must be an int >= 1, got 0$"):
        ReportDeduplicator(0)
    with pytest.raises(ValueError, match=r"^max_size must be an int >= 1, got True$"):
        ReportDeduplicator(True)


def test_deduplicator_defaults_and_edges() -> None:
    assert ReportDeduplicator().max_size == 100_000
    one = ReportDeduplicator(max_size=1)
    other = DeliveryReport(7, "1", "accepted", "+90", "")
    assert one.first_time(REPORT)
    assert one.first_time(other)
    assert len(one) == 1
    assert one.first_time(REPORT)  # forgotten to make room for `other`
    one.forget(other)  # not remembered: nothing to forget, no error
    one.forget(REPORT)
    assert len(one) == 0
    assert one.first_time(REPORT)
    assert repr(one) == "ReportDeduplicator(max_size=1, remembered=1)"
