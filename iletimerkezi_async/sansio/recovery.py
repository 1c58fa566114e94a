"""Finding the order a send created when its answer was lost, without ever guessing.

A send-sms whose answer was lost (a timeout, a dropped connection, a 5xx) may or may
not have created an order. Its error carries a :class:`SendRecord`: what the call sent
and when it started. :class:`OrderSearch` holds the rules that decide, from the
provider's order listing (get-reports) and the recipients read back from each
candidate's report (get-report), which order that call created; the client runs the
requests (``AsyncClient.find_sent_order``). Pure: no I/O, no clock.

The rules, in order (each only narrows what the next one reads):

1. Listed (get-reports) from :data:`WINDOW` before the call started to :data:`WINDOW`
   after now: client and provider clocks differ, and the recipients decide anyway.
2. Same sender, same recipient count, and the same schedule when one was set.
3. Not an order this client already returned from another call (:class:`SentOrders`).
4. Its recipients, read back page by page, are exactly the numbers sent, compared as a
   set in one canonical form (:func:`~iletimerkezi_async.sansio.numbers.canonical_number`),
   stopping at the first number that was not sent.

Exactly one order passing all four is the answer; more than one, or one whose
recipients cannot be read yet (a scheduled order, until its send time), is ambiguous;
none is "no order" (after waiting for a late listing). get-reports and get-report show
no texts, so two orders to the same numbers from the same sender in the window cannot
be told apart by them: that is reported as ambiguous, never decided.
"""

from __future__ import annotations

import datetime
import enum
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Literal

import attrs

from ..errors import IletiMerkeziError, InvalidArgumentError, InvalidArgumentTypeError
from .arguments import int_at_least
from .numbers import canonical_number
from .orders import Message, OrderSummary

__all__ = [
    "POLL_DELAYS",
    "WINDOW",
    "OrderSearch",
    "Outcome",
    "RecipientCheck",
    "SendRecord",
    "SentOrders",
    "Verdict",
    "record_of",
]

WINDOW = datetime.timedelta(minutes=5)
"""How far before the call's start and after now an order may be listed and still fit."""

POLL_DELAYS = (1.0, 2.0, 4.0, 5.0)
"""Seconds between looks at the listing while waiting for an order listed late; the
last one repeats."""


def _same_id(order_id: str) -> str:
    # get-reports ids are ints on the wire, send-sms ids strings: compare them as numbers.
    return order_id.lstrip("0") or "0"


@attrs.frozen(repr=False, eq=False)
class SendRecord:
    """What one ``send_sms`` / ``send_sms_messages`` call sent, and when it started.

    ``messages`` are the texts with the numbers each went to, as sent (normalized,
    duplicates removed); ``send_at`` is the schedule as sent (Istanbul time, to the
    minute) or ``None``; ``started_at`` is when the call started (aware; its first
    attempt began then or just after), ``None`` if the builder was given no ``now``.

    Its ``repr`` is short and holds no text or number, so it can be logged.
    """

    sender: str
    messages: tuple[Message, ...]
    send_at: datetime.datetime | None
    started_at: datetime.datetime | None

    @property
    def recipient_count(self) -> int:
        """The distinct numbers of the whole order."""
        return len({number for message in self.messages for number in message.recipients})

    def __repr__(self) -> str:
        send_at = None if self.send_at is None else self.send_at.isoformat()
        started = None if self.started_at is None else self.started_at.isoformat()
        return (
            f"SendRecord(sender={self.sender!r}, messages={len(self.messages)}, "
            f"recipients={self.recipient_count}, send_at={send_at!r}, started_at={started!r})"
        )


def record_of(error: object) -> SendRecord | None:
    """The :class:`SendRecord` of a send's error, ``None`` when the error proves the
    send created no order, or ``InvalidArgumentError`` for any other error."""
    if not isinstance(error, IletiMerkeziError):
        raise InvalidArgumentTypeError(
            "error must be the IletiMerkeziError that send_sms or send_sms_messages raised, "
            f"got {type(error).__name__}"
        )
    if error.sent is not None:
        return error.sent
    if error.method == "send-sms" and not error.may_have_been_applied:
        return None  # refused by the provider, or provably never sent
    raise InvalidArgumentError(
        "error must be what send_sms or send_sms_messages raised; this "
        f"{type(error).__name__} came from {error.method or 'no API call'}"
    )


class Verdict(enum.Enum):
    """What reading a candidate's recipients back showed."""

    MATCH = "match"
    """Exactly the numbers sent."""
    MISMATCH = "mismatch"
    """A number that was not sent, or one missing: another order."""
    NOT_READY = "not ready"
    """A scheduled order whose report the provider shows only from its send time (456)."""
    UNREADABLE = "unreadable"
    """The report could not be compared (unknown to get-report, or a number in no form
    we read): neither ours nor another's, as far as anyone can tell."""


class RecipientCheck:
    """Compares one candidate's recipients, as they are read back, with the numbers sent."""

    def __init__(self, expected: frozenset[str]) -> None:
        self._expected = expected
        self._seen: set[str] = set()
        self.verdict: Verdict | None = None
        """``MISMATCH`` or ``UNREADABLE`` once a number settles it; ``None`` so far."""

    def add(self, number: str) -> bool:
        """Take one number read back; ``False`` once the candidate is settled (stop reading)."""
        if self.verdict is not None:
            return False
        try:
            canonical = canonical_number(number)
        except InvalidArgumentError:
            self.verdict = Verdict.UNREADABLE
            return False
        if canonical not in self._expected:
            self.verdict = Verdict.MISMATCH
            return False
        self._seen.add(canonical)
        return True

    def result(self) -> Verdict:
        """The verdict once every number was read."""
        if self.verdict is not None:
            return self.verdict
        return Verdict.MATCH if self._seen == self._expected else Verdict.MISMATCH


@attrs.frozen
class Outcome:
    """Where a search stands: ``"found"`` (``order_ids`` holds the one order),
    ``"ambiguous"`` (the candidates), ``"none"`` or ``"pending"`` (look again)."""

    kind: Literal["found", "ambiguous", "none", "pending"]
    order_ids: tuple[str, ...] = ()
    reason: str = ""


class OrderSearch:
    """The rules that tell which listed order a :class:`SendRecord`'s call created.

    ``claimed(order_id)`` says whether an order belongs to another call (one this
    client already returned). Feed it each listing with :meth:`fits`, read back every
    candidate :meth:`unsettled` with a :meth:`recipient_check`, :meth:`settle` it, and
    ask :meth:`outcome`. Settled verdicts are kept, so looking again reads only new
    candidates and those that could not be read before.
    """

    def __init__(self, sent: SendRecord, *, claimed: Callable[[str], bool]) -> None:
        if sent.started_at is None:
            raise InvalidArgumentError(
                "error: its SendRecord has no started_at (the send was built without now=)"
            )
        self.sent = sent
        self._started = sent.started_at
        self._claimed = claimed
        self._expected = frozenset(
            canonical_number(number) for message in sent.messages for number in message.recipients
        )
        # Whether the provider counts a number given in two messages once or twice is
        # not documented: either count fits.
        self._counts = {len(self._expected), sum(len(m.recipients) for m in sent.messages)}
        self._verdicts: dict[str, Verdict] = {}

    def window(self, now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
        """The times an order of this call may be listed at: from :data:`WINDOW` before the
        call started to :data:`WINDOW` after ``now`` (get-reports is asked for their days)."""
        return self._started - WINDOW, max(now, self._started) + WINDOW

    def fits(self, summary: OrderSummary, now: datetime.datetime) -> bool:
        """Whether ``summary`` may be this call's order: window, sender, count, schedule,
        and not claimed by another call. A field the listing lacks does not exclude."""
        start, end = self.window(now)
        submitted = summary.submitted_at
        return (
            (submitted is None or start <= submitted <= end)
            and (summary.sender is None or summary.sender == self.sent.sender)
            and summary.total in self._counts
            and self._schedule_fits(summary)
            and not self._claimed(summary.id)
        )

    def _schedule_fits(self, summary: OrderSummary) -> bool:
        wanted = self.sent.send_at
        if wanted is None or summary.sent_at is None:
            return True  # an order sent at once: the recipients decide
        if summary.sent_at == wanted:
            return True
        # A schedule already past when the provider took the order is sent at once, and
        # its sendAt may then be the time it went out.
        taken = summary.submitted_at or self._started
        return wanted <= taken + datetime.timedelta(minutes=1)

    def unsettled(self, order_id: str) -> bool:
        """Whether ``order_id`` still needs its recipients read back."""
        return self._verdicts.get(_same_id(order_id)) not in (Verdict.MATCH, Verdict.MISMATCH)

    def recipient_check(self) -> RecipientCheck:
        """A fresh comparison for one candidate's recipients."""
        return RecipientCheck(self._expected)

    def not_ready(self) -> Verdict:
        """The verdict for a candidate whose report is not shown yet (456): an order sent
        at once is never in that state, so it is another's unless this call set a schedule."""
        return Verdict.MISMATCH if self.sent.send_at is None else Verdict.NOT_READY

    def settle(self, order_id: str, verdict: Verdict) -> None:
        """Record what reading ``order_id`` back showed."""
        self._verdicts[_same_id(order_id)] = verdict

    def outcome(
        self, listed: Iterable[str], *, now: datetime.datetime, time_left: float
    ) -> Outcome:
        """Where the search stands, given the candidates ``listed`` in the latest look
        (each settled), the time ``now`` and the seconds left to wait."""
        verdicts = {order_id: self._verdicts[_same_id(order_id)] for order_id in listed}
        matches = tuple(i for i, v in verdicts.items() if v is Verdict.MATCH)
        unknown = tuple(i for i, v in verdicts.items() if v in _UNKNOWN)
        if len(matches) > 1 or (
            unknown and (time_left <= 0 or self._unreadable_in_time(verdicts, now, time_left))
        ):
            return Outcome("ambiguous", matches + unknown, self._reason(matches, unknown))
        if unknown:
            return Outcome("pending")
        if matches:
            return Outcome("found", matches)
        return Outcome("none") if time_left <= 0 else Outcome("pending")

    def _unreadable_in_time(
        self, verdicts: dict[str, Verdict], now: datetime.datetime, time_left: float
    ) -> bool:
        # Scheduled orders show their recipients from their send time only: when that
        # is beyond the wait, looking again cannot settle them.
        send_at = self.sent.send_at
        return (
            send_at is not None
            and Verdict.UNREADABLE not in verdicts.values()
            and send_at > now + datetime.timedelta(seconds=time_left)
        )

    def _reason(self, matches: tuple[str, ...], unknown: tuple[str, ...]) -> str:
        parts = []
        if matches:
            parts.append(f"{len(matches)} with exactly the recipients sent")
        if unknown:
            why = "could not be compared"
            if self.sent.send_at is not None:
                why = (
                    "cannot be compared before the send time "
                    f"{self.sent.send_at.isoformat()} (the provider shows a scheduled "
                    "order's recipients from then on)"
                )
            parts.append(f"{len(unknown)} whose recipients {why}")
        return "; ".join(parts)


_UNKNOWN = (Verdict.NOT_READY, Verdict.UNREADABLE)


class SentOrders:
    """The ids of the orders this client returned (from a send, or found for a failed
    one), remembered up to ``max_size``, oldest forgotten first.

    An order returned for one call is never a candidate for another: two one-time codes
    sent to one number in the same second are told apart within one process.
    """

    def __init__(self, max_size: int = 100_000) -> None:
        self.max_size = int_at_least(max_size, "max_size", 1)
        self._owners: OrderedDict[str, SendRecord | None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._owners)

    def __repr__(self) -> str:
        return f"SentOrders(max_size={self.max_size}, remembered={len(self._owners)})"

    def add(self, order_id: str, owner: SendRecord | None = None) -> None:
        """Remember ``order_id`` as returned for ``owner`` (``None``: a successful send)."""
        key = _same_id(order_id)
        self._owners[key] = owner
        self._owners.move_to_end(key)
        if len(self._owners) > self.max_size:
            self._owners.popitem(last=False)

    def claimed(self, order_id: str, by: SendRecord) -> bool:
        """Whether ``order_id`` was returned for another call than the one ``by`` records."""
        key = _same_id(order_id)
        return key in self._owners and self._owners[key] is not by
