"""How the fake answers one API request: credentials, routing to the area handlers,
the answer's shape, the injected faults and the counting in ``stats``.

The fake (``testing/fake.py``) builds one :class:`Responder` over its areas' routes;
its front ends, the in-process transport and the socket server, answer every request
through :meth:`Responder.exchange`.
"""

from __future__ import annotations

import contextlib
import json
import random
from collections.abc import Iterator, Mapping
from typing import Literal, TypeAlias

import attrs

from .faults import Fault, FaultSchedule
from .protocol import FakeRequest, Reject, Route
from .shapes import FakeResponse, WireShape, provider_response
from .stats import FakeStats

__all__ = ["SHAPES", "Exchange", "Responder", "Shape"]

Shape: TypeAlias = Literal["current", "legacy", "mixed"]
"""How the fake encodes answers; ``"mixed"`` picks current or legacy per answer."""

SHAPES: tuple[Shape, ...] = ("current", "legacy", "mixed")


@attrs.frozen
class Exchange:
    """One request being answered: the ``fault`` to play (``None`` for a normal
    answer) and the ``response`` to send (or to cut, delay or drop, as the fault says).

    The front end calls :meth:`sent` once the answer goes on the wire, so that
    ``stats.by_status`` counts it.
    """

    fault: Fault | None
    response: FakeResponse
    stats: FakeStats = attrs.field(repr=False)

    def sent(self) -> None:
        """Count the answer's status (a dropped connection is never counted)."""
        self.stats.by_status[self.response.status] += 1


class Responder:
    """Answers the API methods in ``routes`` for the account ``api_key`` /
    ``api_hash``, in ``shape``, with faults from ``faults`` and counts in ``stats``."""

    def __init__(
        self,
        routes: Mapping[str, Route],
        api_key: str,
        api_hash: str,
        *,
        shape: Shape,
        seed: int,
        stats: FakeStats,
    ) -> None:
        self.routes = dict(routes)
        self.api_key = api_key
        self.api_hash = api_hash
        self.stats = stats
        self.faults = FaultSchedule(seed)
        self.shape = shape
        # Separate from the fault generator, so that changing the shape does not
        # change which requests fail.
        self._shape_random = random.Random(f"shape/{seed}")

    def __repr__(self) -> str:
        return f"Responder(methods={len(self.routes)}, shape={self._shape!r})"

    @property
    def shape(self) -> Shape:
        """``"current"``, ``"legacy"`` or ``"mixed"`` (seeded choice per answer)."""
        return self._shape

    @shape.setter
    def shape(self, value: Shape) -> None:
        if value not in SHAPES:
            raise ValueError(f"shape must be one of {', '.join(SHAPES)}; got {value!r}")
        self._shape = value

    def wire_shape(self) -> WireShape:
        """The shape of the next answer (drawn from the seeded generator when mixed)."""
        if self._shape == "mixed":
            return "legacy" if self._shape_random.random() < 0.5 else "current"
        return self._shape

    def handle(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes
    ) -> FakeResponse:
        """The provider's answer to one request, without faults or stats (see
        ``FakeIletiMerkezi.handle``)."""
        shape = self.wire_shape()
        name = path[4:-5] if path.startswith("/v1/") and path.endswith("/json") else ""
        route = self.routes.get(name)
        if method != "POST" or route is None:
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
            return route(FakeRequest(name, fields, shape))
        except Reject as rejected:
            extra = {"errors": dict(rejected.errors)} if rejected.errors else None
            return provider_response(rejected.code, shape, extra=extra)

    @contextlib.contextmanager
    def exchange(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes
    ) -> Iterator[Exchange]:
        """Count one request (in flight while the block runs) and yield its fault and
        answer.

        A fault that stands for the provider refusing the request (a refused
        connection, a 429, a provider error code) leaves the fake's state alone;
        every other fault happens after the request was handled, as when a
        connection drops or a gateway fails after the provider acted on it.
        """
        stats = self.stats
        stats.requests += 1
        stats.in_flight += 1
        stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
        try:
            yield Exchange(*self._plan(method, path, headers, body), stats)
        finally:
            stats.in_flight -= 1

    def _plan(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[Fault | None, FakeResponse]:
        fault = self.faults.next()
        if fault is not None:
            self.stats.faults[fault.kind] += 1
            if fault.refuses:
                # A refused connection has no answer at all: the front ends raise
                # before they would send this placeholder.
                refusal = fault.response(self.wire_shape())
                return fault, refusal or provider_response(503, "current")
        response = self.handle(method, path, headers, body)
        if fault is not None:
            replacement = fault.response(self.wire_shape())
            if replacement is not None:
                response = replacement
        return fault, response
