"""``FakeIletiMerkezi``: an in-memory iletimerkezi.com provider for tests and the demo."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractAsyncContextManager
from types import MappingProxyType
from typing import TYPE_CHECKING

from iletimerkezi_async.sansio import Contact, Group, compute_hash, validate_contact_id, validate_id

from . import blacklist, consent, groups, messaging, phonebook
from .autodeliver import AutoDelivery
from .blacklist import FakeBlacklist
from .clock import FakeClock
from .consent import ConsentKey, ConsentRegister
from .faults import Fault
from .messaging import FakeOrder, MessagingState, Outcome
from .people import generate_contacts
from .phonebook_state import PhonebookState
from .protocol import bind
from .responder import Responder, Shape
from .shapes import FakeResponse
from .stats import FakeStats
from .webhooks import WebhookOutbox

if TYPE_CHECKING:
    from .transport import FakeTransport

__all__ = ["FakeIletiMerkezi", "FakeStats", "Shape"]


class FakeIletiMerkezi:
    """An in-memory provider that answers every API method like the real one (the list
    is ``methods``), checking the key and hash exactly (401 otherwise) and answering
    every documented error code, in the ``shape`` you choose.

    State, set and inspected by tests: the phonebook (``add``, ``generate``,
    ``contacts``, ``add_group``, ``groups``, ``custom_field_ids``); messaging
    (``orders``, ``senders``, ``credits``, the duplicate rule, scheduled orders, a
    listing that lags with ``messaging.listing_delay``) with delivery driven by
    ``await deliver(...)`` or ``auto_deliver(...)``; ``blacklist``; İYS ``consents``
    (behind ``iys_enabled``). ``clock`` is the provider's time (frozen or moved by
    tests); ``webhooks`` POSTs delivery reports to ``webhooks.url``. Faults are
    injected by rate (``inject``, ``inject_mix``) or by script (``script``); ``stats``
    counts what happened. Use it in-process with ``AsyncClient(transport=fake.transport)``
    or on a loopback socket with ``async with fake.serve() as base_url: ...``.
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
        self.secret = secret
        self.seed = seed
        # The areas' states, each shared with its handlers (so: read-only attributes).
        self._stats = FakeStats()
        self._clock = clock if clock is not None else FakeClock()
        self._webhooks = WebhookOutbox()
        self._blacklist = FakeBlacklist(self._clock)
        self._messaging = MessagingState(self._clock, self._blacklist, self._webhooks)
        self._phonebook = PhonebookState(self._stats)
        self._consent = ConsentRegister()
        routes = {
            **bind(phonebook.HANDLERS, self._phonebook),
            **bind(groups.HANDLERS, self._phonebook),
            **bind(messaging.HANDLERS, self._messaging),
            **bind(blacklist.HANDLERS, self._blacklist),
            **bind(consent.HANDLERS, self._consent),
        }
        api_hash = compute_hash(api_key, secret)
        self._responder = Responder(
            routes, api_key, api_hash, shape=shape, seed=seed, stats=self._stats
        )
        self._transport: FakeTransport | None = None

    def __repr__(self) -> str:
        return (
            f"FakeIletiMerkezi({self._phonebook.summary()}, "
            f"orders={len(self.messaging.orders)}, shape={self.shape!r}, seed={self.seed})"
        )

    @property
    def stats(self) -> FakeStats:
        """What the fake counted (requests, statuses, faults, connections)."""
        return self._stats

    @property
    def clock(self) -> FakeClock:
        """The provider's clock (Istanbul time): tests move it with ``advance``/``set``,
        and a client given ``clock=fake.clock`` sleeps on it without real waiting."""
        return self._clock

    @property
    def webhooks(self) -> WebhookOutbox:
        """Delivery reports POSTed to ``webhooks.url`` (the account's notification URL)."""
        return self._webhooks

    @property
    def blacklist(self) -> FakeBlacklist:
        """Blocked numbers (``+905...``) with when each was blocked: the blacklist
        methods change it; send-sms answers 452 for a recipient in it."""
        return self._blacklist

    @property
    def messaging(self) -> MessagingState:
        """Orders, SMS credits and senders (see the messaging section below)."""
        return self._messaging

    @property
    def api_key(self) -> str:
        """The account's API key the fake accepts."""
        return self._responder.api_key

    @api_key.setter
    def api_key(self, value: str) -> None:
        self._responder.api_key = value

    @property
    def api_hash(self) -> str:
        """The hash the fake accepts (computed from ``secret``; set it to use another)."""
        return self._responder.api_hash

    @api_hash.setter
    def api_hash(self, value: str) -> None:
        self._responder.api_hash = value

    # -- phonebook: contacts and groups (testing/phonebook_state.py) ----------------

    @property
    def contacts(self) -> Mapping[int, Contact]:
        """The phonebook, id -> contact (a read-only live view)."""
        return self._phonebook.contacts

    def add(self, *contacts: Contact) -> None:
        """Store ``contacts``, replacing any with the same id."""
        for contact in contacts:
            if not isinstance(contact, Contact):
                raise TypeError(f"expected a Contact, got {type(contact).__name__}")
        self._phonebook.put(*contacts)

    def remove(self, contact_id: int | str) -> None:
        """Delete a contact; later requests for it get 465. ``KeyError`` if unknown."""
        self._phonebook.remove(validate_contact_id(contact_id))

    def get(self, contact_id: int | str) -> Contact | None:
        """The stored contact with ``contact_id``, or ``None``."""
        return self._phonebook.contacts.get(validate_contact_id(contact_id))

    def generate(self, n: int, *, start_id: int | None = None) -> list[Contact]:
        """Add ``n`` generated contacts (see ``generate_contacts``) and return them.

        Ids start at ``start_id``, by default one past the highest stored id. Their
        ``groups`` are ids 1-40, which exist only once added with :meth:`add_group`.
        """
        if start_id is None:
            start_id = max(self._phonebook.contacts, default=0) + 1
        contacts = generate_contacts(n, seed=self.seed, start_id=start_id)
        self.add(*contacts)
        return contacts

    @property
    def custom_field_ids(self) -> set[int] | None:
        """The custom field ids the account has (add/edit-contact answer 473 for
        others); ``None``, the default, accepts any id."""
        return self._phonebook.custom_field_ids

    @custom_field_ids.setter
    def custom_field_ids(self, value: set[int] | None) -> None:
        self._phonebook.custom_field_ids = value

    @property
    def groups(self) -> Mapping[int, Group]:
        """Every group by id, with its member ``count`` and subgroups (a read-only
        snapshot: take it again after a change)."""
        return MappingProxyType(self._phonebook.built_groups())

    def group_tree(self) -> list[Group]:
        """The root groups, each with its subtree: what get-groups answers."""
        return self._phonebook.group_tree()

    def add_group(
        self, name: str, *, parent_id: int | str | None = None, group_id: int | str | None = None
    ) -> Group:
        """Add a group (under ``parent_id``) and return it. Its id is ``group_id``, or
        one above every group id in use, stored contacts' included (so contacts that
        name a group which does not exist do not join a new one). ``ValueError`` for an
        unknown parent or a taken id."""
        parent = None if parent_id is None else validate_id(parent_id, "parent_id")
        chosen = None if group_id is None else validate_id(group_id, "group_id")
        new_id = self._phonebook.add_group(name, parent, chosen)
        # Only a chosen id can have members already; a fresh one has none.
        count = len(self._phonebook.members(new_id)) if chosen is not None else 0
        return Group(new_id, name, count, ())

    def remove_group(self, group_id: int | str) -> None:
        """Delete a group and its subgroups; their contacts stay, unlinked from them.
        ``KeyError`` if unknown."""
        self._phonebook.remove_group(validate_id(group_id, "group_id"))

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
        status: Outcome = "delivered",
    ) -> int:
        """Mark messages still sending as ``"delivered"`` or ``"undelivered"``.

        Every started order, or only ``order_id`` (``KeyError`` if unknown); every
        number, or only ``numbers`` (any form the provider takes). Scheduled orders
        not yet due and cancelled ones are left alone. get-report and get-reports
        show the change; with ``webhooks.url`` set, each change is POSTed there (an
        ``accepted`` report first for orders that had none) and awaited. Returns how
        many messages changed.
        """
        changed = self.messaging.deliver(order_id, numbers, status)
        await self.webhooks.flush()
        return changed

    def auto_deliver(
        self, after: float = 0.0, status: Outcome = "delivered"
    ) -> AbstractAsyncContextManager[object]:
        """Deliver every order by itself while the block runs:
        ``async with fake.auto_deliver(after=0.5): ...``.

        Each order's messages still sending become ``status`` ``after`` real seconds
        after the order is due: at once for an order sent without a schedule, after
        its time on ``clock`` for a scheduled one (moving the clock counts). With the
        default ``after=0`` this happens within the request (or clock move) that made
        the order due, so the next get-report already shows it. Reports go to
        ``webhooks.url`` as with :meth:`deliver`: ``accepted`` when the order is due,
        then the final status.
        """
        return AutoDelivery(self.messaging, self.clock, after, status)

    # -- İYS consent (testing/consent.py) --------------------------------------------

    @property
    def iys_enabled(self) -> bool:
        """Whether the account has an İYS subscription: the consent methods answer 403
        until a test sets it."""
        return self._consent.enabled

    @iys_enabled.setter
    def iys_enabled(self, value: bool) -> None:
        self._consent.enabled = value

    @property
    def consents(self) -> dict[ConsentKey, dict[str, object]]:
        """İYS records as the provider answers them, by ``(brand_code, recipient,
        recipient_type, type)``; consent/create fills it, tests may too."""
        return self._consent.records

    # -- shape and faults ----------------------------------------------------------

    @property
    def shape(self) -> Shape:
        """``"current"``, ``"legacy"`` or ``"mixed"`` (seeded choice per answer)."""
        return self._responder.shape

    @shape.setter
    def shape(self, value: Shape) -> None:
        self._responder.shape = value

    def inject(self, fault: Fault, rate: float) -> None:
        """Make ``fault`` happen on a share ``rate`` (0..1) of requests; 0 stops it."""
        self._responder.faults.set_rates({fault: rate})

    def inject_mix(self, mix: Mapping[Fault, float]) -> None:
        """``inject`` several faults at once; their rates may add up to at most 1."""
        self._responder.faults.set_rates(mix)

    def script(self, *faults: Fault | None) -> None:
        """Queue what the next requests get, in order: a fault, or ``None`` for a normal
        answer. Scripted entries go before any rate."""
        self._responder.faults.push(faults)

    def clear_faults(self) -> None:
        """Remove every rate and scripted fault."""
        self._responder.faults.clear()

    @property
    def fault_rates(self) -> Mapping[Fault, float]:
        """The injected fault mix (read-only)."""
        return self._responder.faults.rates

    @property
    def scripted(self) -> int:
        """How many scripted answers (:meth:`script`) are still to come."""
        return self._responder.faults.pending

    def reset_stats(self) -> None:
        """Zero ``stats`` in place (live gauges such as ``in_flight`` keep their value)."""
        self.stats.reset()

    # -- answering -----------------------------------------------------------------

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
        return self._responder.handle(method, path, headers, body)

    @property
    def methods(self) -> frozenset[str]:
        """The API methods this fake answers (``"get-contact"`` ...)."""
        return frozenset(self._responder.routes)

    # -- I/O front ends ------------------------------------------------------------

    @property
    def transport(self) -> FakeTransport:
        """An ``httpx.AsyncBaseTransport`` answering in-process (for any host)."""
        if self._transport is None:
            from .transport import FakeTransport

            self._transport = FakeTransport(self._responder)
        return self._transport

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> AbstractAsyncContextManager[str]:
        """Serve on a real socket: ``async with fake.serve() as base_url:``.

        ``base_url`` is like ``"http://127.0.0.1:54321/v1/"`` (port 0 picks a free
        one). The same port answers the control API under ``/_fake/`` (deliver, list
        the orders, move the clock: see ``testing/control.py``), for tests in other
        languages. Leaving the block closes every connection.
        """
        from .control import Control
        from .server import serve

        return serve(
            self._responder, Control(self.messaging, self.clock, self.webhooks), host, port
        )
