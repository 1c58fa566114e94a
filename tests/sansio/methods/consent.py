"""Rows for the İYS consent methods."""

from __future__ import annotations

import datetime

from iletimerkezi_async.errors import DecodeError
from iletimerkezi_async.sansio import Consent, ConsentRecord, consent
from iletimerkezi_async.sansio.converter import ISTANBUL

from . import Answer, MethodCase, ok

RECORDS = [
    ConsentRecord(
        "+90 505 702 31 00",
        "MESAJ",
        "ONAY",
        "HS_EORTAM",
        datetime.datetime(2026, 1, 7, 20, 50, tzinfo=datetime.UTC),
    ),
    ConsentRecord(
        "Ayse@Example.com ",
        "EPOSTA",
        "RET",
        "HS_WEB",
        datetime.datetime(2026, 1, 7, 23, 50, 5, tzinfo=ISTANBUL),
        recipient_type="TACIR",
    ),
]
SHOWN = {
    "brandCode": 696422,
    "recipient": "+905057023100",
    "recipientType": "BIREYSEL",
    "type": "MESAJ",
    "status": "ONAY",
    "source": "HS_WEB",
    "consentDate": "2025-12-10 00:00:00",
}
CONSENT = Consent(
    696422,
    "+905057023100",
    "BIREYSEL",
    "MESAJ",
    "ONAY",
    "HS_WEB",
    datetime.datetime(2025, 12, 10, tzinfo=ISTANBUL),
)

CASES = [
    MethodCase(
        name="consent/create",
        build=lambda credentials: consent.consent_create(credentials, RECORDS, brand_code="696422"),
        method="consent/create",
        kind="write",
        golden={
            "consent": {
                "brandCode": 696422,
                "list": [
                    {
                        "recipient": "+905057023100",
                        "recipientType": "BIREYSEL",
                        "source": "HS_EORTAM",
                        "status": "ONAY",
                        "type": "MESAJ",
                        "consentDate": "2026-01-07 23:50:00",
                    },
                    {
                        "recipient": "Ayse@Example.com",
                        "recipientType": "TACIR",
                        "source": "HS_WEB",
                        "status": "RET",
                        "type": "EPOSTA",
                        "consentDate": "2026-01-07 23:50:05",
                    },
                ],
            }
        },
        answers=[
            Answer(ok(), None, name="status only"),
            Answer(ok("200", consent={"count": 2}), None, name="with an undocumented payload"),
        ],
        without_payload=None,
        codes=(400, 401, 403, 404, 422),
    ),
    MethodCase(
        name="consent/show",
        build=lambda credentials: consent.consent_show(
            credentials, "+90 505 702 31 00", brand_code=696422
        ),
        method="consent/show",
        kind="read",
        golden={
            "consent": {
                "brandCode": 696422,
                "recipient": "+905057023100",
                "recipientType": "BIREYSEL",
                "type": "MESAJ",
            }
        },
        answers=[
            Answer(ok(consent=SHOWN), CONSENT, name="current"),
            Answer(
                ok("200", consent={**SHOWN, "brandCode": "696422"}), CONSENT, name="brand string"
            ),
            Answer(ok(consent=[]), None, name="no record of this type"),
            Answer(ok(consent=[SHOWN]), CONSENT, name="one record in a list"),
            Answer(ok(consent={**SHOWN, "consentDate": "dün"}), DecodeError, name="bad date"),
            Answer(ok(consent={"brandCode": 696422}), DecodeError, name="fields missing"),
            Answer(ok(consent="ONAY"), DecodeError, name="a string"),
        ],
        without_payload=DecodeError,
        codes=(400, 401, 403, 404, 422),
    ),
    MethodCase(
        name="consent/show by e-mail",
        build=lambda credentials: consent.consent_show(
            credentials, "ayse@example.com", brand_code="7", recipient_type="TACIR", type="EPOSTA"
        ),
        method="consent/show",
        kind="read",
        golden={
            "consent": {
                "brandCode": 7,
                "recipient": "ayse@example.com",
                "recipientType": "TACIR",
                "type": "EPOSTA",
            }
        },
        answers=[],
        without_payload=DecodeError,
    ),
]
