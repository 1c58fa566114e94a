"""HTTP/2 through ``PooledHttpxClient(http2=True)``: calls share one connection, so a
cancelled call must not take the others down with it."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import h2.config
import h2.connection
import h2.events
import pytest

from iletimerkezi_async import AsyncClient, PooledHttpxClient

DELAY = 0.2


def _answer(body: bytes) -> bytes:
    contact_id = int(json.loads(body)["request"]["contact"]["id"])
    contact = {"id": contact_id, "name": "A", "surname": "B", "email": "", "gsm": ""}
    status = {"code": 200, "message": "OK"}
    return json.dumps({"response": {"status": status, "contact": contact}}).encode()


class H2Provider:
    """A cleartext HTTP/2 server (prior knowledge) answering each get-contact, its body
    DELAY after its head; counts the connections it accepted."""

    def __init__(self) -> None:
        self.connections = 0
        self.base_url = ""

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False))
        conn.initiate_connection()
        writer.write(conn.data_to_send())
        bodies: dict[int, bytes] = {}
        answering: set[asyncio.Task[None]] = set()
        try:
            while data := await reader.read(65536):
                for event in conn.receive_data(data):
                    if isinstance(event, h2.events.DataReceived):
                        bodies[event.stream_id] = bodies.get(event.stream_id, b"") + event.data
                        conn.acknowledge_received_data(len(event.data), event.stream_id)
                    elif isinstance(event, h2.events.StreamEnded):
                        body = bodies.pop(event.stream_id, b"")
                        task = asyncio.ensure_future(self._respond(conn, writer, event, body))
                        answering.add(task)
                        task.add_done_callback(answering.discard)
                writer.write(conn.data_to_send())
        except (ConnectionError, h2.exceptions.ProtocolError):
            pass
        finally:
            for task in answering:
                task.cancel()
            writer.close()

    async def _respond(
        self,
        conn: h2.connection.H2Connection,
        writer: asyncio.StreamWriter,
        event: h2.events.StreamEnded,
        body: bytes,
    ) -> None:
        """The head at once, the body after DELAY: a cancel lands while it is read."""
        payload = _answer(body)
        headers = [(":status", "200"), ("content-type", "application/json")]
        with contextlib.suppress(h2.exceptions.StreamClosedError):
            conn.send_headers(event.stream_id, [*headers, ("content-length", str(len(payload)))])
            writer.write(conn.data_to_send())
            await asyncio.sleep(DELAY)
            conn.send_data(event.stream_id, payload, end_stream=True)
            writer.write(conn.data_to_send())


@pytest.fixture
async def h2_provider(clean_env: pytest.MonkeyPatch) -> AsyncIterator[H2Provider]:
    provider = H2Provider()
    server = await asyncio.start_server(provider.handle, "127.0.0.1", 0)
    provider.base_url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/v1/"
    try:
        yield provider
    finally:
        server.close()
        await server.wait_closed()


async def test_a_cancelled_call_leaves_the_others_on_its_connection_alone(
    h2_provider: H2Provider,
) -> None:
    async with (
        PooledHttpxClient(http1=False, http2=True) as http,
        AsyncClient("k", "h", base_url=h2_provider.base_url, http_client=http) as client,
    ):
        calls = [asyncio.ensure_future(client.get_contact(i)) for i in (1, 2, 3)]
        await asyncio.sleep(DELAY / 2)  # all three streams open on one connection
        calls[0].cancel()
        results = await asyncio.gather(*calls, return_exceptions=True)
        assert isinstance(results[0], asyncio.CancelledError)
        assert [contact.id for contact in results[1:]] == [2, 3]  # type: ignore[union-attr]
        assert (await client.get_contact(4)).id == 4
    assert h2_provider.connections == 1  # HTTP/2 (the server speaks nothing else), shared
