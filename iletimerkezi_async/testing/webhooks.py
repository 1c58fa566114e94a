"""The fake provider's delivery-report webhook: POSTs each report to a URL, like the
provider does to the account's notification URL."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping

import attrs
import httpx

__all__ = ["WebhookDelivery", "WebhookOutbox"]


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

    Set ``url`` to the receiver (``None`` sends nothing). After driving delivery,
    ``await outbox.flush()`` waits until every report so far was POSTed.
    """

    def __init__(self, timeout: float = 5.0) -> None:
        self.url: str | None = None
        self.timeout = timeout
        self.deliveries: list[WebhookDelivery] = []
        self._pending: set[asyncio.Task[None]] = set()
        # One client for a burst of reports (each new one costs a TLS context load);
        # closed by flush once nothing is pending.
        self._client: httpx.AsyncClient | None = None

    def __repr__(self) -> str:
        return f"WebhookOutbox(url={self.url!r}, sent={len(self.deliveries)})"

    def emit(self, report: Mapping[str, object]) -> None:
        """POST ``{"report": report}`` to ``url`` soon (needs a running event loop)."""
        if self.url is None:
            return
        task = asyncio.get_running_loop().create_task(self._post(self.url, dict(report)))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def flush(self) -> None:
        """Wait for every report emitted so far to be sent (or to fail)."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    async def _post(self, url: str, report: dict[str, object]) -> None:
        body = json.dumps({"report": report}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout)
        try:
            response = await self._client.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            self.deliveries.append(WebhookDelivery(report, None, f"{type(error).__name__}"))
            return
        self.deliveries.append(WebhookDelivery(report, response.status_code))
