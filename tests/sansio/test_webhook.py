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


def test_token_comparison() -> None:
    assert webhook_token_matches("s3cret-token", "s3cret-token")
    assert webhook_token_matches(b"s3cret-token", "s3cret-token")
    assert not webhook_token_matches("s3cret-tokeN", "s3cret-token")
    assert not webhook_token_matches("", "s3cret-token")
    assert not webhook_token_matches(None, "s3cret-token")
    assert not webhook_token_matches("ş", "s")
    with pytest.raises(ValueError, match="non-empty"):
        webhook_token_matches("", "")


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
    with pytest.raises(ValueError, match="max_size"):
        ReportDeduplicator(0)
