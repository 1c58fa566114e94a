"""The fake provider's delivery-report webhook: POSTs each report to a URL, like the
provider does to the account's notification URL."""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Mapping

import attrs
import httpx

__all__ = ["WebhookDelivery", "WebhookOutbox"]

_Report = tuple[str, dict[str, object]]  # (url, report)


@attrs.frozen
class WebhookDelivery:
    """One POST the fake made: the ``report`` it sent, the receiver's HTTP ``status``
    (``None`` when it could not be reached) and the ``error`` text if any."""

    report: Mapping[str, object]
    status: int | None
    error: str | None = None


class WebhookOutbox:
    """Sends reports to ``url`` in the background; a receiver that is down or failing
    is recorded in ``deliveries``, never raised into the fake.

    Set ``url`` to the receiver (``None`` sends nothing). Reports of one message
    (one ``id``) are POSTed in the order they were made, each after the one before
    was answered, so ``accepted`` never overtakes ``delivered``; different messages
    go out at the same time. ``copies`` (1 by default) POSTs every report that many
    times at once, as a provider that sends a report twice would, to test a
    receiver's deduplication. After driving delivery, ``await outbox.flush()`` waits
    until every report so far was POSTed. Reports made with no event loop running (a
    synchronous ``fake.handle(...)``) wait in ``queued`` and are POSTed by the next
    ``flush()`` (``fake.deliver`` flushes too).
    """

    def __init__(self, timeout: float = 5.0) -> None:
        self.url: str | None = None
        self.timeout = timeout
        self._copies = 1
        self.deliveries: list[WebhookDelivery] = []
        self._pending: set[asyncio.Task[None]] = set()
        # Reports made with no running loop: a synchronous handler must not fail after
        # it changed the fake's state, so they wait here for the next flush (or emit).
        self._queued: list[_Report] = []
        # Per message id, the reports waiting behind the one being POSTed; a message
        # has a lane exactly while a task is draining it.
        self._lanes: dict[str, deque[_Report]] = {}
        # One client for a burst of reports (each new one costs a TLS context load);
        # closed by flush once nothing is pending.
        self._client: httpx.AsyncClient | None = None

    def __repr__(self) -> str:
        return f"WebhookOutbox(url={self.url!r}, sent={len(self.deliveries)})"

    @property
    def copies(self) -> int:
        """How many times each report is POSTed, at once (1 by default)."""
        return self._copies

    @copies.setter
    def copies(self, value: int) -> None:
        if type(value) is not int or value < 1:
            raise ValueError(f"copies must be an int >= 1, got {value!r}")
        self._copies = value

    @property
    def queued(self) -> int:
        """How many reports wait for a ``flush()`` (made with no event loop running)."""
        return len(self._queued)

    def emit(self, report: Mapping[str, object]) -> None:
        """POST ``{"report": report}`` to ``url`` soon: in the background when an event
        loop is running, otherwise at the next ``flush()``. Never raises."""
        if self.url is None:
            return
        self._queued.append((self.url, dict(report)))
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._start(loop)

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        queued, self._queued = self._queued, []
        for item in queued:  # in the order they were made
            key = str(item[1].get("id"))
            lane = self._lanes.get(key)
            if lane is not None:
                lane.append(item)
                continue
            self._lanes[key] = deque([item])
            task = loop.create_task(self._drain(key))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)

    async def _drain(self, key: str) -> None:
        lane = self._lanes[key]
        try:
            while lane:
                url, report = lane[0]
                await asyncio.gather(*(self._post(url, report) for _ in range(self._copies)))
                lane.popleft()
        finally:
            del self._lanes[key]

    async def flush(self) -> None:
        """Send every report emitted so far (queued ones first) and wait until each was
        sent (or failed)."""
        self._start(asyncio.get_running_loop())
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
        await self._close_client()

    async def aclose(self) -> None:
        """Drop the reports not sent yet, stop the ones being sent, and close the
        connections: for a fake that is shutting down."""
        self._queued.clear()
        for task in list(self._pending):
            task.cancel()
        await asyncio.gather(*self._pending, return_exceptions=True)
        self._lanes.clear()  # a task cancelled before it ran never cleared its lane
        await self._close_client()

    async def _close_client(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    async def _post(self, url: str, report: dict[str, object]) -> None:
        body = json.dumps({"report": report}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        if self._client is None:
            # Reports beyond the pool's connections wait their turn rather than fail.
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(self.timeout, pool=None))
        try:
            response = await self._client.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            self.deliveries.append(WebhookDelivery(report, None, f"{type(error).__name__}"))
            return
        self.deliveries.append(WebhookDelivery(report, response.status_code))
