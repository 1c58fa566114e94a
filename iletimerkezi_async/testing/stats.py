"""``FakeStats``: what the fake provider counted, for tests to assert on."""

from __future__ import annotations

from collections import Counter

import attrs

__all__ = ["FakeStats"]


@attrs.define
class FakeStats:
    """Counters a test can assert on. ``in_flight`` and ``open_connections`` are live.

    ``requests`` counts every request the fake answered or faulted; ``by_status``
    counts answers by HTTP status (a dropped connection has none); ``faults``
    counts injected faults by kind; ``by_contact`` counts the ids asked for. The
    socket server's 400 for bytes that are not HTTP, and the control API under
    ``/_fake/``, are not counted.
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
