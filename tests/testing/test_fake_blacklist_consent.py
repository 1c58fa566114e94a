"""The fake's blacklist and İYS consent handlers on the wire (no client in between)."""

from __future__ import annotations

import datetime
import json

import pytest

from iletimerkezi_async.sansio.converter import ISTANBUL
from iletimerkezi_async.testing import FakeIletiMerkezi


def post(fake: FakeIletiMerkezi, method: str, fields: dict[str, object]) -> tuple[int, dict]:  # type: ignore[type-arg]
    body = {"request": {"authentication": {"key": fake.api_key, "hash": fake.api_hash}, **fields}}
    answer = fake.handle("POST", f"/v1/{method}/json", {}, json.dumps(body).encode())
    return answer.status, json.loads(answer.body)["response"]


def test_blacklist_is_set_like_and_normalizes(fake: FakeIletiMerkezi) -> None:
    fake.blacklist.add("0505 004 78 24")
    fake.blacklist.add("905050047824")
    assert list(fake.blacklist) == ["+905050047824"]
    assert "5050047824" in fake.blacklist
    assert len(fake.blacklist) == 1
    assert fake.blacklist.added_at("+905050047824").tzinfo is not None
    fake.blacklist.discard("+90 505 004 78 24")
    assert "+905050047824" not in fake.blacklist
    with pytest.raises(ValueError, match="not a number"):
        fake.blacklist.add("+905999")


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"blacklist": {"filter": {"start": "27/09/2024"}}}, 422),
        ({"blacklist": {"filter": {"end": "2024-09-27"}}}, 422),
        ({"blacklist": {"page": 0}}, 464),
        ({"blacklist": {"rowCount": 1001}}, 422),
        ({"blacklist": {"rowCount": "x"}}, 422),
        ({"blacklist": []}, 400),
    ],
)
def test_get_blacklist_refusals(
    fake: FakeIletiMerkezi, fields: dict[str, object], code: int
) -> None:
    status, response = post(fake, "get-blacklist", fields)
    assert status == code
    assert response["status"]["code"] == code


def test_get_blacklist_without_options_and_legacy_count(fake: FakeIletiMerkezi) -> None:
    fake.blacklist.add("+905050047824")
    assert post(fake, "get-blacklist", {})[1]["blacklist"] == {
        "count": 1,
        "number": ["+905050047824"],
    }
    fake.shape = "legacy"
    assert (
        post(fake, "get-blacklist", {"blacklist": {"page": "1", "rowCount": "5"}})[1]["blacklist"][
            "count"
        ]
        == "1"
    )


def test_filter_uses_the_time_each_number_was_added(fake: FakeIletiMerkezi) -> None:
    fake.clock.freeze(datetime.datetime(2024, 9, 27, 1, 10, tzinfo=ISTANBUL))
    fake.blacklist.add("+905050000001")
    fake.blacklist.add("+905050000002", at=datetime.datetime(2024, 9, 28, tzinfo=ISTANBUL))
    window = {"filter": {"start": "2024-09-27 01:10:00", "end": "2024-09-27 01:10:00"}}
    assert post(fake, "get-blacklist", {"blacklist": window})[1]["blacklist"]["number"] == [
        "+905050000001"
    ]


@pytest.mark.parametrize(
    ("method", "fields", "code"),
    [
        ("add-blacklist", {"blacklist": {"number": "+905999"}}, 466),
        ("add-blacklist", {"blacklist": {}}, 400),
        ("add-blacklist", {}, 400),
        ("delete-blacklist", {"blacklist": {"number": "+905050047824"}}, 474),
        ("delete-blacklist", {"blacklist": {"number": "abc"}}, 466),
        ("consent/create", {"consent": {"brandCode": 1, "list": []}}, 403),
        ("consent/show", {"consent": {}}, 403),
        ("consent/nothing", {}, 404),
    ],
)
def test_documented_codes(
    fake: FakeIletiMerkezi, method: str, fields: dict[str, object], code: int
) -> None:
    assert post(fake, method, fields)[0] == code


RECORD = {
    "recipient": "+905057023100",
    "recipientType": "BIREYSEL",
    "source": "HS_WEB",
    "status": "ONAY",
    "type": "MESAJ",
    "consentDate": "2026-01-07 23:50:00",
}


@pytest.mark.parametrize(
    "change",
    [
        {"recipientType": "KURUMSAL"},
        {"type": "SMS"},
        {"status": "EVET"},
        {"consentDate": "07/01/2026"},
        {"recipient": ""},
    ],
)
def test_consent_create_refuses_the_whole_batch(
    fake: FakeIletiMerkezi, change: dict[str, str]
) -> None:
    fake.iys_enabled = True
    items = [RECORD, {**RECORD, "recipient": "+905057023101", **change}]
    status, response = post(fake, "consent/create", {"consent": {"brandCode": 1, "list": items}})
    assert status == 422
    assert response["errors"]
    assert fake.consents == {}


def test_consent_show_answers_like_the_provider(fake: FakeIletiMerkezi) -> None:
    fake.iys_enabled = True
    create = {"consent": {"brandCode": "696422", "list": [RECORD]}}
    assert post(fake, "consent/create", create)[0] == 200
    query = {"brandCode": 696422, "recipient": "+905057023100", "recipientType": "BIREYSEL"}
    found = post(fake, "consent/show", {"consent": {**query, "type": "MESAJ"}})[1]
    assert found["consent"] == {**RECORD, "brandCode": 696422}
    other_type = post(fake, "consent/show", {"consent": {**query, "type": "ARAMA"}})[1]
    assert other_type["consent"] == []
    unknown = {**query, "type": "MESAJ", "recipient": "+905000000000"}
    assert post(fake, "consent/show", {"consent": unknown})[0] == 422
