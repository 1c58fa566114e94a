"""``FakeIletiMerkezi``: an in-memory iletimerkezi.com provider for tests and the demo."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable, Mapping
from contextlib import AbstractAsyncContextManager
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, TypeAlias

import attrs

from iletimerkezi_async.sansio import Contact, Group, compute_hash, validate_contact_id, validate_id

from . import blacklist, consent, groups, messaging, phonebook
from .blacklist import FakeBlacklist
from .clock import FakeClock
from .faults import Fault, FaultSchedule
from .groups import GroupRecord, build_groups, subtree
from .messaging import FakeOrder
from .people import generate_contacts
from .protocol import FakeRequest, Handler, Reject
from .shapes import FakeResponse, WireShape, provider_response
from .webhooks import WebhookOutbox

if TYPE_CHECKING:
    from .transport import FakeTransport

__all__ = ["FakeIletiMerkezi", "FakeStats", "Shape"]

Shape: TypeAlias = Literal["current", "legacy", "mixed"]
"""How the fake encodes answers; ``"mixed"`` picks current or legacy per answer."""

_SHAPES: tuple[Shape, ...] = ("current", "legacy", "mixed")
_HANDLERS: Mapping[str, Handler] = {
    **phonebook.HANDLERS,
    **groups.HANDLERS,
    **messaging.HANDLERS,
    **blacklist.HANDLERS,
    **consent.HANDLERS,
}


@attrs.define
class FakeStats:
    """Counters a test can assert on. ``in_flight`` and ``open_connections`` are live.

    ``requests`` counts every request the fake answered or faulted; ``by_status``
    counts answers by HTTP status (a dropped connection has none); ``faults``
    counts injected faults by kind; ``by_contact`` counts the ids asked for. The
    socket server's 400 for bytes that are not HTTP is not counted.
    """

    requests: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    by_status: Counter[int] = attrs.field(factory=Counter)
    faults: Counter[str] = attrs.field(factory=Counter)
    by_contact: Counter[int] = attrs.field(factory=Counter)
    connections_opened: int = 0
    open_connections: int = 0

    def reset(self) -> None:
        """Zero the counters; the live gauges keep their values."""
        self.requests = 0
        self.max_in_flight = self.in_flight
        self.by_status.clear()
        self.faults.clear()
        self.by_contact.clear()
        self.connections_opened = 0


def _by_id(contact: Contact) -> int:
    return contact.id


class FakeIletiMerkezi:
    """An in-memory provider that answers every API method like the real one (the list
    is ``methods``), checking the key and hash exactly (401 otherwise) and answering
    every documented error code, in the ``shape`` you choose.

    State, set and inspected by tests: the phonebook (``add``, ``generate``,
    ``contacts``, ``add_group``, ``groups``, ``custom_field_ids``); messaging
    (``orders``, ``senders``, ``credits``, the duplicate rule, scheduled orders, a
    listing that lags with ``messaging.listing_delay``) with delivery driven by
    ``await deliver(...)``; ``blacklist``; İYS ``consents`` (behind
    ``iys_enabled``). ``clock`` is the provider's time (frozen or moved by tests);
    ``webhooks`` POSTs delivery reports to ``webhooks.url``. Faults are injected by
    rate (``inject``, ``inject_mix``) or by script (``script``); ``stats`` counts what
    happened. Use it in-process with ``AsyncClient(transport=fake.transport)`` or on a
    loopback socket with ``async with fake.serve() as base_url: ...``.
    """

    def __init__(
        self,
        api_key: str = "test-api-key",
        secret: str = "test-secret",
        *,
        shape: Shape = "current",
        seed: int = 0,
        clock: FakeClock | None = None,
    ) -> None:
        self.api_key = api_key
        self.secret = secret
        self.api_hash = compute_hash(api_key, secret)
        self.seed = seed
        self.shape = shape
        self.stats = FakeStats()
        self.clock = clock if clock is not None else FakeClock()
        """The provider's clock (Istanbul time): tests move it with ``advance``/``set``,
        and a client given ``clock=fake.clock`` sleeps on it without real waiting."""
        self.webhooks = WebhookOutbox()
        """Delivery reports POSTed to ``webhooks.url`` (the account's notification URL)."""
        # The phonebook's state: see the "phonebook" section below.
        self._contacts: dict[int, Contact] = {}
        self._groups: dict[int, GroupRecord] = {}
        self._last_contact_id = 0
        self._last_group_id = 0
        self._lookups: dict[tuple[str, object], list[int]] = {}
        self.custom_field_ids: set[int] | None = None
        """The custom field ids the account has (add/edit-contact answer 473 for
        others); ``None``, the default, accepts any id."""
        self.messaging = messaging.MessagingState()
        """Orders, SMS credits and senders (see the messaging section below)."""
        # -- blacklist and İYS consent state -------------------------------------------
        self.blacklist = FakeBlacklist(self.clock)
        """Blocked numbers (``+905...``) with when each was blocked: the blacklist
        methods change it; send-sms answers 452 for a recipient in it."""
        self.iys_enabled = False
        """Whether the account has an İYS subscription: the consent methods answer 403
        until a test sets it."""
        self.consents: dict[consent.ConsentKey, dict[str, object]] = {}
        """İYS records as the provider answers them, by ``(brand_code, recipient,
        recipient_type, type)``; consent/create fills it, tests may too."""
        # -- end of blacklist and İYS consent state --------------------------------------
        self._schedule = FaultSchedule(seed)
        # Separate from the fault generator, so that changing the shape does not
        # change which requests fail.
        self._shape_random = random.Random(f"shape/{seed}")
        self._transport: FakeTransport | None = None

    def __repr__(self) -> str:
        return (
            f"FakeIletiMerkezi(contacts={len(self._contacts)}, groups={len(self._groups)}, "
            f"shape={self._shape!r}, "
            f"seed={self.seed})"
        )

    # -- phonebook: contacts and groups ---------------------------------------------
    # All the state the phonebook methods read and change lives here; the handlers
    # (testing/phonebook.py, testing/groups.py) go through these methods.

    @property
    def contacts(self) -> Mapping[int, Contact]:
        """The phonebook, id -> contact (a read-only live view)."""
        return MappingProxyType(self._contacts)

    def add(self, *contacts: Contact) -> None:
        """Store ``contacts``, replacing any with the same id."""
        for contact in contacts:
            if not isinstance(contact, Contact):
                raise TypeError(f"expected a Contact, got {type(contact).__name__}")
            self._contacts[contact.id] = contact
            self._last_contact_id = max(self._last_contact_id, contact.id)
            if contact.groups:
                # A new group must not inherit members that name an id no group has yet.
                self._last_group_id = max(self._last_group_id, *contact.groups)
        self._phonebook_changed()

    def remove(self, contact_id: int | str) -> None:
        """Delete a contact; later requests for it get 465. ``KeyError`` if unknown."""
        del self._contacts[validate_contact_id(contact_id)]
        self._phonebook_changed()

    def get(self, contact_id: int | str) -> Contact | None:
        """The stored contact with ``contact_id``, or ``None``."""
        return self._contacts.get(validate_contact_id(contact_id))

    def generate(self, n: int, *, start_id: int | None = None) -> list[Contact]:
        """Add ``n`` generated contacts (see ``generate_contacts``) and return them.

        Ids start at ``start_id``, by default one past the highest stored id. Their
        ``groups`` are ids 1-40, which exist only once added with :meth:`add_group`.
        """
        if start_id is None:
            start_id = max(self._contacts, default=0) + 1
        contacts = generate_contacts(n, seed=self.seed, start_id=start_id)
        self.add(*contacts)
        return contacts

    @property
    def groups(self) -> Mapping[int, Group]:
        """Every group by id, with its member ``count`` and subgroups (a read-only
        snapshot: take it again after a change)."""
        return MappingProxyType(build_groups(self._groups, self._contacts.values()))

    def group_tree(self) -> list[Group]:
        """The root groups, each with its subtree: what get-groups answers."""
        built = build_groups(self._groups, self._contacts.values())
        return [built[g.id] for g in self._groups.values() if g.parent is None]

    def add_group(
        self, name: str, *, parent_id: int | str | None = None, group_id: int | str | None = None
    ) -> Group:
        """Add a group (under ``parent_id``) and return it. Its id is ``group_id``, or
        one above every group id in use, stored contacts' included (so contacts that
        name a group which does not exist do not join a new one). ``ValueError`` for an
        unknown parent or a taken id."""
        parent = None if parent_id is None else validate_id(parent_id, "parent_id")
        if parent is not None and parent not in self._groups:
            raise ValueError(f"no group {parent} to add a subgroup to")
        if group_id is None:
            new_id = self._last_group_id + 1
        else:
            new_id = validate_id(group_id, "group_id")
            if new_id in self._groups:
                raise ValueError(f"group {new_id} exists already")
        self._groups[new_id] = GroupRecord(new_id, name, parent)
        self._last_group_id = max(self._last_group_id, new_id)
        self._phonebook_changed()
        # Only a chosen id can have members already; a fresh one has none.
        count = len(self._members(new_id)) if group_id is not None else 0
        return Group(new_id, name, count, ())

    def remove_group(self, group_id: int | str) -> None:
        """Delete a group and its subgroups; their contacts stay, unlinked from them.
        ``KeyError`` if unknown."""
        gone = subtree(self._groups, self._groups[validate_id(group_id, "group_id")].id)
        for removed in gone:
            del self._groups[removed]
        for contact in list(self._contacts.values()):
            if not gone.isdisjoint(contact.groups):
                kept = tuple(g for g in contact.groups if g not in gone)
                self._contacts[contact.id] = attrs.evolve(contact, groups=kept)
        self._phonebook_changed()

    def _phonebook_changed(self) -> None:
        self._lookups.clear()

    def _next_contact_id(self) -> int:
        return self._last_contact_id + 1

    def _search(self, folded_key: str) -> list[int]:
        """Ids of the contacts matching a :func:`phonebook.fold`-ed key, in id order.

        Cached until the phonebook changes, so walking 100 pages scans it once.
        """
        cached = self._lookups.get(("search", folded_key))
        if cached is None:
            fold = phonebook.fold
            cached = [
                contact.id
                for contact in sorted(self._contacts.values(), key=_by_id)
                if any(
                    folded_key in fold(text)
                    for text in (contact.name, contact.surname, contact.gsm, contact.email)
                    if text
                )
            ]
            self._lookups[("search", folded_key)] = cached
        return cached

    def _members(self, group_id: int) -> list[int]:
        """Ids of the contacts in group ``group_id``, in id order (cached like a search)."""
        cached = self._lookups.get(("group", group_id))
        if cached is None:
            cached = sorted(cid for cid, c in self._contacts.items() if group_id in c.groups)
            self._lookups[("group", group_id)] = cached
        return cached

    # -- messaging and account: orders, delivery, credits, senders (testing/messaging.py)

    @property
    def orders(self) -> Mapping[str, FakeOrder]:
        """Every order accepted, by id, oldest first (a read-only live view): what was
        sent (``recipients``, ``text``, ``messages``, ``sender``, ``send_at``, ``iys``,
        ``iys_list``) and each number's delivery status."""
        return MappingProxyType(self.messaging.orders)

    @property
    def senders(self) -> set[str]:
        """The approved sender names (a set to change; ``{"APITEST"}`` at first)."""
        return self.messaging.senders

    @property
    def credits(self) -> int:
        """SMS credits left: a send costs one per recipient per SMS part; 402 when they
        cannot pay for an order. 100,000 at first."""
        return self.messaging.credits

    @credits.setter
    def credits(self, value: int) -> None:
        if type(value) is not int or value < 0:
            raise ValueError(f"credits must be an int >= 0, got {value!r}")
        self.messaging.credits = value

    async def deliver(
        self,
        order_id: str | int | None = None,
        numbers: str | Iterable[str] | None = None,
        status: Literal["delivered", "undelivered"] = "delivered",
    ) -> int:
        """Mark messages still sending as ``"delivered"`` or ``"undelivered"``.

        Every started order, or only ``order_id`` (``KeyError`` if unknown); every
        number, or only ``numbers`` (any form the provider takes). Scheduled orders
        not yet due and cancelled ones are left alone. get-report and get-reports
        show the change; with ``webhooks.url`` set, each change is POSTed there (an
        ``accepted`` report first for orders that had none) and awaited. Returns how
        many messages changed.
        """
        changed = messaging.deliver(self, order_id, numbers, status)
        await self.webhooks.flush()
        return changed

    # -- shape and faults ----------------------------------------------------------

    @property
    def shape(self) -> Shape:
        """``"current"``, ``"legacy"`` or ``"mixed"`` (seeded choice per answer)."""
        return self._shape

    @shape.setter
    def shape(self, value: Shape) -> None:
        if value not in _SHAPES:
            raise ValueError(f"shape must be one of {', '.join(_SHAPES)}; got {value!r}")
        self._shape = value

    def inject(self, fault: Fault, rate: float) -> None:
        """Make ``fault`` happen on a share ``rate`` (0..1) of requests; 0 stops it."""
        self._schedule.set_rates({fault: rate})

    def inject_mix(self, mix: Mapping[Fault, float]) -> None:
        """``inject`` several faults at once; their rates may add up to at most 1."""
        self._schedule.set_rates(mix)

    def script(self, *faults: Fault | None) -> None:
        """Queue what the next requests get, in order: a fault, or ``None`` for a normal
        answer. Scripted entries go before any rate."""
        self._schedule.push(faults)

    def clear_faults(self) -> None:
        """Remove every rate and scripted fault."""
        self._schedule.clear()

    @property
    def fault_rates(self) -> Mapping[Fault, float]:
        """The injected fault mix (read-only)."""
        return self._schedule.rates

    def reset_stats(self) -> None:
        """Zero ``stats`` in place (live gauges such as ``in_flight`` keep their value)."""
        self.stats.reset()

    # -- answering -----------------------------------------------------------------

    def _wire_shape(self) -> WireShape:
        if self._shape == "mixed":
            return "legacy" if self._shape_random.random() < 0.5 else "current"
        return self._shape

    def handle(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes
    ) -> FakeResponse:
        """The provider's answer to one request, without faults or stats. No I/O.

        Only ``POST /v1/<method>/json`` for a known method exists (404 otherwise).
        The body must be ``{"request": {"authentication": {"key", "hash"}, ...}}``
        (400 otherwise); a wrong key or hash is 401. The method's handler then
        answers (see ``methods``). In the ``"mixed"`` shape this draws the shape
        from the seeded generator.
        """
        shape = self._wire_shape()
        name = path[4:-5] if path.startswith("/v1/") and path.endswith("/json") else ""
        handler = _HANDLERS.get(name)
        if method != "POST" or handler is None:
            return provider_response(404, shape)
        try:
            document = json.loads(body)
        except (ValueError, RecursionError):
            return provider_response(400, shape)
        request = document.get("request") if type(document) is dict else None
        auth = request.get("authentication") if type(request) is dict else None
        if type(request) is not dict or type(auth) is not dict:
            return provider_response(400, shape)
        if auth.get("key") != self.api_key or auth.get("hash") != self.api_hash:
            return provider_response(401, shape)
        fields = {key: value for key, value in request.items() if key != "authentication"}
        try:
            return handler(self, FakeRequest(name, fields, shape))
        except Reject as rejected:
            extra = {"errors": dict(rejected.errors)} if rejected.errors else None
            return provider_response(rejected.code, shape, extra=extra)

    @property
    def methods(self) -> frozenset[str]:
        """The API methods this fake answers (``"get-contact"`` ...)."""
        return frozenset(_HANDLERS)

    def _admit(self) -> None:
        stats = self.stats
        stats.requests += 1
        stats.in_flight += 1
        if stats.in_flight > stats.max_in_flight:
            stats.max_in_flight = stats.in_flight

    def _release(self) -> None:
        self.stats.in_flight -= 1

    def _plan(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[Fault | None, FakeResponse]:
        """The fault for this request (or ``None``) and the answer to send (or cut).

        A fault that stands for the provider refusing the request (a refused
        connection, a 429, a provider error code) leaves the fake's state alone;
        every other fault happens after the request was handled, as when a
        connection drops or a gateway fails after the provider acted on it.
        """
        fault = self._schedule.next()
        if fault is not None:
            self.stats.faults[fault.kind] += 1
            if fault.refuses:
                # A refused connection has no answer at all: the front ends raise
                # before they would send this placeholder.
                refusal = fault.response(self._wire_shape())
                return fault, refusal or provider_response(503, "current")
        response = self.handle(method, path, headers, body)
        if fault is not None:
            replacement = fault.response(self._wire_shape())
            if replacement is not None:
                response = replacement
        return fault, response

    def _answered(self, status: int) -> None:
        self.stats.by_status[status] += 1

    # -- I/O front ends ------------------------------------------------------------

    @property
    def transport(self) -> FakeTransport:
        """An ``httpx.AsyncBaseTransport`` answering in-process (for any host)."""
        if self._transport is None:
            from .transport import FakeTransport

            self._transport = FakeTransport(self)
        return self._transport

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> AbstractAsyncContextManager[str]:
        """Serve on a real socket: ``async with fake.serve() as base_url:``.

        ``base_url`` is like ``"http://127.0.0.1:54321/v1/"`` (port 0 picks a free
        one). Leaving the block closes every connection.
        """
        from .server import serve

        return serve(self, host, port)
