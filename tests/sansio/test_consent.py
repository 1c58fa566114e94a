import datetime
import json

import pytest

from iletimerkezi_async.errors import DecodeError
from iletimerkezi_async.sansio import ConsentRecord, Credentials, consent

CREDENTIALS = Credentials("key", "hash")
WHEN = datetime.datetime(2026, 1, 7, 23, 50, tzinfo=datetime.UTC)


def record(**changes: object) -> ConsentRecord:
    fields: dict[str, object] = {
        "recipient": "+905057023100",
        "type": "MESAJ",
        "status": "ONAY",
        "source": "HS_WEB",
        "consent_date": WHEN,
    }
    return ConsentRecord(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (record(type="SMS"), r"records\[1\]\.type must be one of MESAJ, EPOSTA, ARAMA"),
        (record(status="EVET"), r"records\[1\]\.status must be one of ONAY, RET"),
        (record(recipient_type="KURUMSAL"), r"records\[1\]\.recipient_type"),
        (record(source="web"), r"records\[1\]\.source must be an İYS source code"),
        (record(recipient="not a number"), r"records\[1\]\.recipient"),
        (record(recipient="a@b@c"), r"records\[1\]\.recipient: .* is not an e-mail"),
        (
            record(consent_date=datetime.datetime(2026, 1, 7)),
            r"records\[1\]\.consent_date must be an aware datetime",
        ),
        (
            record(consent_date=datetime.date(2026, 1, 7)),
            r"records\[1\]\.consent_date must be an aware datetime",
        ),
        ({"recipient": "+905057023100"}, r"records\[1\] must be a ConsentRecord"),
    ],
)
def test_every_record_is_checked_before_any_request(bad: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        consent.consent_create(CREDENTIALS, [record(), bad], brand_code=1)  # type: ignore[list-item]


def test_one_to_five_thousand_records() -> None:
    with pytest.raises(ValueError, match="1 to 5000"):
        consent.consent_create(CREDENTIALS, [], brand_code=1)
    with pytest.raises(ValueError, match="1 to 5000"):
        consent.consent_create(CREDENTIALS, [record()] * 5001, brand_code=1)
    with pytest.raises(ValueError, match="iterable of ConsentRecord"):
        consent.consent_create(CREDENTIALS, record(), brand_code=1)  # type: ignore[arg-type]
    assert consent.consent_create(CREDENTIALS, iter([record()] * 5000), brand_code=1).is_write


@pytest.mark.parametrize("brand_code", [-1, "12a", "", 1.5, None])
def test_brand_code_is_an_id(brand_code: object) -> None:
    with pytest.raises(ValueError, match="brand_code"):
        consent.consent_show(CREDENTIALS, "+905057023100", brand_code=brand_code)  # type: ignore[arg-type]


def test_show_checks_its_choices() -> None:
    with pytest.raises(ValueError, match="type must be one of"):
        consent.consent_show(CREDENTIALS, "+905057023100", brand_code=1, type="FAX")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="recipient_type must be one of"):
        consent.consent_show(
            CREDENTIALS,
            "+905057023100",
            brand_code=1,
            recipient_type="X",  # type: ignore[arg-type]
        )


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"consentDate": "dün"}, "$.response.consent.consentDate"),
        ({"recipientType": None, "brandCode": "x"}, "$.response.consent.brandCode"),
    ],
)
def test_decode_errors_name_the_wire_keys(changes: dict[str, object], where: str) -> None:
    shown = {
        "brandCode": 696422,
        "recipient": "+905057023100",
        "recipientType": "BIREYSEL",
        "type": "MESAJ",
        "status": "ONAY",
        "source": "HS_WEB",
        "consentDate": "2025-12-10 00:00:00",
        **changes,
    }
    body = json.dumps({"response": {"status": {"code": 200}, "consent": shown}}).encode()
    call = consent.consent_show(CREDENTIALS, "+905057023100", brand_code=1)
    with pytest.raises(DecodeError) as caught:
        call.decode(200, body)
    assert where in str(caught.value)
    assert "consent_date" not in str(caught.value)
    assert "brand_code" not in str(caught.value)
