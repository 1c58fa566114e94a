"""The account methods through the client: get-balance and get-sender, in every shape."""

from __future__ import annotations

import decimal

from iletimerkezi_async import AsyncClient, Balance
from iletimerkezi_async.testing import FakeIletiMerkezi


async def test_balance_is_the_credits_and_their_exact_worth(
    fake: FakeIletiMerkezi, client: AsyncClient
) -> None:
    fake.credits = 1000
    balance = await client.get_balance()
    assert balance == Balance(amount=decimal.Decimal("37.2"), sms=1000)
    await client.send_sms("905051112233", "Kodunuz: 4711", sender="APITEST")
    assert (await client.get_balance()).sms == 999


async def test_senders_are_the_approved_ones_and_none_is_an_empty_list(
    fake: FakeIletiMerkezi, client: AsyncClient
) -> None:
    fake.senders.add("ACME")
    assert await client.get_sender() == ["ACME", "APITEST"]
    fake.senders.clear()
    assert await client.get_sender() == []
