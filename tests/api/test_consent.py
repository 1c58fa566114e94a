"""The İYS consent methods through the client, against the fake provider."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator

import pytest

from iletimerkezi_async import (
    AsyncClient,
    BadRequestError,
    Consent,
    ConsentRecord,
    PermissionDeniedError,
    RetryPolicy,
    ServerError,
)
from iletimerkezi_async.sansio.converter import ISTANBUL
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

WHEN = datetime.datetime(2026, 1, 7, 20, 50, tzinfo=datetime.UTC)
SMS = ConsentRecord("+90 505 702 31 00", "MESAJ", "ONAY", "HS_WEB", WHEN)


@pytest.fixture
def fake() -> FakeIletiMerkezi:
    provider = FakeIletiMerkezi()
    provider.iys_enabled = True
    return provider


@pytest.fixture
async def client(
    fake: FakeIletiMerkezi, clean_env: pytest.MonkeyPatch
) -> AsyncIterator[AsyncClient]:
    policy = RetryPolicy(base_delay=0.001, max_delay=0.001)
    async with AsyncClient(
        fake.api_key, fake.api_hash, transport=fake.transport, retry_policy=policy
    ) as client:
        yield client


@pytest.mark.parametrize("shape", ["current", "legacy"])
async def test_add_then_get(client: AsyncClient, fake: FakeIletiMerkezi, shape: str) -> None:
    fake.shape = shape  # type: ignore[assignment]
    await client.consent_create([SMS], brand_code="696422")
    consent = await client.consent_show("+905057023100", brand_code=696422)
    assert consent == Consent(
        696422,
        "+905057023100",
        "BIREYSEL",
        "MESAJ",
        "ONAY",
        "HS_WEB",
        datetime.datetime(2026, 1, 7, 23, 50, tzinfo=ISTANBUL),
    )
    assert consent.consent_date == WHEN


async def test_another_type_of_a_known_recipient_is_none(client: AsyncClient) -> None:
    await client.consent_create([SMS], brand_code=1)
    assert await client.consent_show("+905057023100", brand_code=1, type="ARAMA") is None


async def test_an_unknown_recipient_is_422(client: AsyncClient) -> None:
    with pytest.raises(BadRequestError) as caught:
        await client.consent_show("+905057023199", brand_code=1)
    assert caught.value.status_code == 422
    assert caught.value.method == "consent/show"


async def test_without_an_iys_subscription_both_are_403(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    fake.iys_enabled = False
    with pytest.raises(PermissionDeniedError):
        await client.consent_create([SMS], brand_code=1)
    with pytest.raises(PermissionDeniedError):
        await client.consent_show("+905057023100", brand_code=1)
    assert fake.consents == {}


async def test_five_thousand_records_in_one_request(
    client: AsyncClient, fake: FakeIletiMerkezi
) -> None:
    records = [
        ConsentRecord(f"+90505{index:07d}", "MESAJ", "RET", "HS_FIZIKSEL_ORTAM", WHEN)
        for index in range(5000)
    ]
    await client.consent_create(records, brand_code=7)
    assert len(fake.consents) == 5000
    assert fake.stats.requests == 1
    with pytest.raises(ValueError, match="1 to 5000"):
        await client.consent_create([*records, SMS], brand_code=7)


async def test_create_is_a_write(client: AsyncClient, fake: FakeIletiMerkezi) -> None:
    fake.script(Fault.server_error(503))
    with pytest.raises(ServerError) as caught:
        await client.consent_create([SMS], brand_code=1)
    assert caught.value.may_have_been_applied is True
    assert fake.stats.requests == 1
