"""The demo's SMS act: it re-sends only when the provider provably never got the order,
or ``find_sent_order`` says it created none."""

from __future__ import annotations

import pytest

from iletimerkezi_async.cli.demo_sms import send_and_report
from iletimerkezi_async.cli.demo_writes import MAX_TRIES
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

pytestmark = pytest.mark.usefixtures("clean_env")


async def _act(fake: FakeIletiMerkezi) -> tuple[dict[str, str], bool]:
    async with fake.serve() as base_url:
        rows, ok = await send_and_report(
            fake, base_url, recipients=20, seed=1, concurrency=4, clock=fake.clock
        )
    return dict(rows), ok


async def test_a_lost_answer_is_found_not_resent() -> None:
    fake = FakeIletiMerkezi()
    rows, ok = await _act(fake)
    assert ok, rows
    assert rows["send-sms outcome"] == (
        "send-sms: TransportError, may_have_been_applied=True; "
        "find_sent_order: it was applied, not sent again"
    )
    assert list(fake.orders) == [rows["order"]]


@pytest.mark.parametrize(
    ("break_it", "code"),
    [
        (lambda fake: setattr(fake, "credits", 0), 402),
        (lambda fake: fake.senders.clear(), 450),
    ],
)
async def test_a_refusal_ends_the_act_with_a_failed_row_not_a_resend(
    break_it: object, code: int
) -> None:
    fake = FakeIletiMerkezi()
    break_it(fake)  # type: ignore[operator]
    rows, ok = await _act(fake)
    assert not ok
    assert rows["check: the order was sent"] == "FAILED"
    # The scripted drop hides the first refusal: find_sent_order finds no order (after
    # waiting, on the fake's clock), so it is sent once more, and that refusal is final.
    outcome = rows["send-sms outcome"]
    assert "find_sent_order: it was not applied, sent again" in outcome
    assert outcome.endswith("refused: not sent again")
    assert fake.stats.by_status[code] == 1
    assert not fake.orders


async def test_a_send_the_provider_turned_away_is_sent_again() -> None:
    # Every try of the first send is a 429 (turned away, nothing taken): it is sent again,
    # then the act's scripted drop makes the second unknown and find_sent_order finds it.
    fake = FakeIletiMerkezi()
    fake.script(*[Fault.rate_limit("0")] * 7)
    rows, ok = await _act(fake)
    outcome = rows["send-sms outcome"]
    assert ok, rows
    assert outcome.startswith(
        "send-sms: RateLimitError, may_have_been_applied=False; the provider never took it"
    )
    assert outcome.endswith("find_sent_order: it was applied, not sent again")
    assert len(fake.orders) == 1


async def test_giving_up_is_a_failed_row() -> None:
    fake = FakeIletiMerkezi()
    fake.script(*[Fault.rate_limit("0")] * 7 * MAX_TRIES)
    rows, ok = await _act(fake)
    assert not ok
    assert rows["check: the order was sent"] == "FAILED"
    assert rows["send-sms outcome"].endswith(f"gave up after {MAX_TRIES} tries")
    assert not fake.orders
