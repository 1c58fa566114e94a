"""The rules that tell which listed order a lost send created (sans-IO)."""

from __future__ import annotations

import datetime
import pickle

import pytest

from iletimerkezi_async import (
    AmbiguousOrderError,
    ContactNotFoundError,
    IletiMerkeziError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    Message,
    OrderSummary,
    ServerError,
)
from iletimerkezi_async.sansio import Credentials, messaging
from iletimerkezi_async.sansio.converter import ISTANBUL
from iletimerkezi_async.sansio.recovery import (
    WINDOW,
    OrderSearch,
    Outcome,
    SendRecord,
    SentOrders,
    Verdict,
    record_of,
)

START = datetime.datetime(2026, 5, 4, 12, 0, 0, tzinfo=ISTANBUL)
NOW = START + datetime.timedelta(seconds=10)
NUMBERS = ("05051112233", "+905051112244")


def record(
    *messages: Message, send_at: datetime.datetime | None = None, sender: str = "APITEST"
) -> SendRecord:
    return SendRecord(sender, messages or (Message("Kod", NUMBERS),), send_at, START)


def summary(order_id: str = "1", **fields: object) -> OrderSummary:
    values: dict[str, object] = {
        "status": 113,
        "total": 2,
        "submitted_at": START + datetime.timedelta(seconds=1),
        "sent_at": START + datetime.timedelta(seconds=1),
        "sender": "APITEST",
    }
    values.update(fields)
    return OrderSummary(order_id, **values)  # type: ignore[arg-type]


def search(sent: SendRecord | None = None, claimed: frozenset[str] = frozenset()) -> OrderSearch:
    return OrderSearch(sent or record(), claimed=lambda order_id: order_id in claimed)


def test_the_window_is_five_minutes_around_the_send_and_now() -> None:
    rules = search()
    assert rules.window(NOW) == (START - WINDOW, NOW + WINDOW)
    edge = START - WINDOW
    assert rules.fits(summary(submitted_at=edge), NOW)
    assert not rules.fits(summary(submitted_at=edge - datetime.timedelta(seconds=1)), NOW)
    assert rules.fits(summary(submitted_at=NOW + WINDOW), NOW)
    assert not rules.fits(summary(submitted_at=NOW + WINDOW + datetime.timedelta(seconds=1)), NOW)


def test_sender_count_and_claims_narrow_the_candidates() -> None:
    rules = search(claimed=frozenset({"7"}))
    assert rules.fits(summary(), NOW)
    assert not rules.fits(summary(sender="OTHER"), NOW)
    assert not rules.fits(summary(total=3), NOW)
    assert not rules.fits(summary("7"), NOW)
    # What the listing lacks does not exclude: the recipients decide.
    assert rules.fits(summary(sender=None, submitted_at=None, sent_at=None), NOW)


def test_a_number_in_two_messages_may_be_counted_once_or_twice() -> None:
    rules = search(record(Message("a", NUMBERS), Message("b", NUMBERS[:1])))
    assert [rules.fits(summary(total=n), NOW) for n in (1, 2, 3, 4)] == [
        False,
        True,
        True,
        False,
    ]


def test_a_schedule_must_match_unless_it_had_passed() -> None:
    when = START + datetime.timedelta(hours=2)
    rules = search(record(send_at=when))
    assert rules.fits(summary(sent_at=when), NOW)
    assert not rules.fits(summary(sent_at=when + datetime.timedelta(minutes=1)), NOW)
    assert not rules.fits(summary(), NOW)  # sent at once: not the scheduled one
    # A schedule already past when the order was taken is sent at once.
    past = search(record(send_at=START - datetime.timedelta(seconds=30)))
    assert past.fits(summary(), NOW)
    # Without a schedule, any order fits on this count (the report tells).
    assert search().fits(summary(sent_at=when), NOW)


def test_recipients_compare_as_a_set_in_one_canonical_form() -> None:
    check = search().recipient_check()
    for number in ("+90 505 111 22 44", "905051112233"):
        assert check.add(number)
    assert check.result() is Verdict.MATCH

    missing = search().recipient_check()
    assert missing.add("5051112233")
    assert missing.add("05051112233")
    assert missing.result() is Verdict.MISMATCH

    other = search().recipient_check()
    assert not other.add("+905059999999")
    assert not other.add("+905051112233")  # settled: stop reading
    assert other.result() is Verdict.MISMATCH

    unreadable = search().recipient_check()
    assert not unreadable.add("905051112***")
    assert unreadable.result() is Verdict.UNREADABLE


def outcome(
    verdicts: dict[str, Verdict], *, sent: SendRecord | None = None, left: float = 10.0
) -> Outcome:
    rules = search(sent)
    for order_id, verdict in verdicts.items():
        rules.settle(order_id, verdict)
    return rules.outcome(verdicts, now=NOW, time_left=left)


M, X, N, U = Verdict.MATCH, Verdict.MISMATCH, Verdict.NOT_READY, Verdict.UNREADABLE


@pytest.mark.parametrize(
    ("verdicts", "left", "kind", "ids"),
    [
        ({"1": M}, 10, "found", ("1",)),
        ({"1": M, "2": X}, 10, "found", ("1",)),
        ({"1": M, "2": M}, 10, "ambiguous", ("1", "2")),
        ({"1": M, "2": U}, 10, "pending", ()),
        ({"1": M, "2": U}, 0, "ambiguous", ("1", "2")),
        ({"1": U}, 0, "ambiguous", ("1",)),
        ({"1": X}, 10, "pending", ()),
        ({"1": X}, 0, "none", ()),
        ({}, 0, "none", ()),
        ({}, 5, "pending", ()),
    ],
)
def test_the_outcome_never_guesses(
    verdicts: dict[str, Verdict], left: float, kind: str, ids: tuple[str, ...]
) -> None:
    result = outcome(verdicts, left=left)
    assert (result.kind, result.order_ids) == (kind, ids)


def test_a_scheduled_candidate_is_waited_for_only_if_it_can_show_in_time() -> None:
    soon = record(send_at=NOW + datetime.timedelta(seconds=5))
    later = record(send_at=NOW + datetime.timedelta(hours=5))
    assert outcome({"1": N}, sent=soon).kind == "pending"
    result = outcome({"1": N}, sent=later)
    assert (result.kind, result.order_ids) == ("ambiguous", ("1",))
    assert "send time" in result.reason
    # A report not shown yet is another order's when this send had no schedule.
    assert search().not_ready() is Verdict.MISMATCH
    assert search(later).not_ready() is Verdict.NOT_READY


def test_listing_ids_and_send_ids_compare_as_numbers() -> None:
    rules = search()
    rules.settle("00428", Verdict.MATCH)
    assert not rules.unsettled("428")
    memory = SentOrders()
    memory.add("0428")
    assert memory.claimed("428", record())


def test_sent_orders_are_bounded_and_belong_to_one_send() -> None:
    mine, other = record(), record()
    memory = SentOrders(max_size=2)
    memory.add("1")
    memory.add("2", mine)
    assert memory.claimed("1", mine)
    assert not memory.claimed("2", mine)
    assert memory.claimed("2", other)  # same content, another call
    memory.add("3")
    assert len(memory) == 2
    assert not memory.claimed("1", mine)
    with pytest.raises(InvalidArgumentError, match="max_size"):
        SentOrders(max_size=0)


def test_the_record_shows_no_text_and_no_number() -> None:
    shown = repr(record(Message("Kodunuz: 4711", NUMBERS)))
    assert shown == (
        "SendRecord(sender='APITEST', messages=1, recipients=2, send_at=None, "
        "started_at='2026-05-04T12:00:00+03:00')"
    )


def test_record_of_takes_only_a_send_error() -> None:
    sent = record()
    lost = ServerError(503, "x", method="send-sms", may_have_been_applied=True)
    lost.sent = sent
    assert record_of(lost) is sent
    refused = ServerError(451, "x", method="send-sms")
    assert record_of(refused) is None  # created nothing
    with pytest.raises(InvalidArgumentError, match="get-contact"):
        record_of(ContactNotFoundError(465, "x", method="get-contact"))
    with pytest.raises(InvalidArgumentTypeError):
        record_of(ValueError("x"))
    with pytest.raises(InvalidArgumentError, match="started_at"):
        OrderSearch(SendRecord("A", (Message("a", "1"),), None, None), claimed=bool)


def test_the_send_call_records_what_it_sends() -> None:
    now = datetime.datetime(2026, 5, 4, 9, 0, 30, tzinfo=datetime.UTC)
    when = datetime.datetime(2026, 5, 4, 9, 30, 45, tzinfo=datetime.UTC)
    call = messaging.send_sms(
        Credentials("k", "h"), ["0505 111 22 33"], "Kod", sender="A", send_at=when, now=now
    )
    sent = call.sent
    assert sent is not None
    assert (sent.sender, sent.started_at) == ("A", now)
    assert sent.send_at == datetime.datetime(2026, 5, 4, 12, 30, tzinfo=ISTANBUL)  # as sent
    assert [(m.text, m.recipients) for m in sent.messages] == [("Kod", ("05051112233",))]
    assert "Kod" not in repr(call)
    assert "0505" not in repr(call)


def test_ambiguous_order_error_keeps_its_candidates() -> None:
    error = AmbiguousOrderError("two fit", ["1", "2"], method="send-sms")
    assert isinstance(error, IletiMerkeziError)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.candidate_ids, str(copy)) == (("1", "2"), str(error))
