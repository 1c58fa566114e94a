"""The demo's SMS act: it re-sends only when the provider provably never got the order."""

from __future__ import annotations

import pytest

from iletimerkezi_async.cli.demo_sms import MAX_SENDS, send_and_report
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

pytestmark = pytest.mark.usefixtures("clean_env")


async def _act(fake: FakeIletiMerkezi) -> tuple[dict[str, str], bool]:
    async with fake.serve() as base_url:
        rows, ok = await send_and_report(fake, base_url, recipients=20, seed=1, concurrency=4)
    return dict(rows), ok


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
    # The scripted drop makes the first outcome unknown: get-reports finds nothing, one
    # more send is refused, and that refusal is final.
    assert fake.stats.by_status[code] == 1  # the old loop sent it 4 more times
    assert "no such order in get-reports" in rows["send-sms outcome"]
    assert rows["send-sms outcome"].endswith(": not resent")
    assert not fake.orders


async def test_a_send_the_provider_turned_away_is_sent_again() -> None:
    # Every try of the first send is a 429 (turned away, nothing taken): it is sent again,
    # then the act's scripted drop makes the second ambiguous and get-reports finds it.
    fake = FakeIletiMerkezi()
    fake.script(*[Fault.rate_limit("0")] * 7)
    rows, ok = await _act(fake)
    outcome = rows["send-sms outcome"]
    assert ok, rows
    assert outcome.startswith("RateLimitError, may_have_been_applied=False; the provider")
    assert "found order" in outcome
    assert len(fake.orders) == 1


async def test_giving_up_is_a_failed_row() -> None:
    fake = FakeIletiMerkezi()
    fake.script(*[Fault.rate_limit("0")] * 7 * MAX_SENDS)
    rows, ok = await _act(fake)
    assert not ok
    assert rows["check: the order was sent"] == "FAILED"
    assert rows["send-sms outcome"].endswith(f"gave up after {MAX_SENDS} sends")
    assert not fake.orders
