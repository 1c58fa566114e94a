"""The fake's webhook outbox: reports POSTed to a receiver, a receiver that is down recorded."""

import asyncio
import json
import socket

import pytest

from iletimerkezi_async.testing import FakeIletiMerkezi

REPORT = {"id": 1, "packet_id": 42, "status": "delivered", "to": "+905301234567", "body": "Merhaba"}


async def _receiver(
    bodies: list[bytes], status: int = 200, sock: socket.socket | None = None
) -> asyncio.Server:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(
            next(
                line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
            ).split(b":")[1]
        )
        bodies.append(await reader.readexactly(length))
        writer.write(b"HTTP/1.1 %d X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n" % status)
        await writer.drain()
        writer.close()

    if sock is not None:
        return await asyncio.start_server(handle, sock=sock)
    return await asyncio.start_server(handle, "127.0.0.1", 0)


async def test_reports_reach_the_receiver_as_the_provider_sends_them():
    bodies: list[bytes] = []
    server = await _receiver(bodies)
    fake = FakeIletiMerkezi()
    port = server.sockets[0].getsockname()[1]
    fake.webhooks.url = f"http://127.0.0.1:{port}/hooks/delivery"
    fake.webhooks.emit(REPORT)
    await fake.webhooks.flush()
    server.close()
    assert [json.loads(body) for body in bodies] == [{"report": REPORT}]
    assert [d.status for d in fake.webhooks.deliveries] == [200]


async def test_a_receiver_that_is_down_is_recorded_not_raised():
    server = await _receiver([])
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    fake = FakeIletiMerkezi()
    fake.webhooks.url = f"http://127.0.0.1:{port}/"
    fake.webhooks.emit(REPORT)
    await fake.webhooks.flush()
    (delivery,) = fake.webhooks.deliveries
    assert delivery.status is None
    assert delivery.error == "ConnectError"


async def test_no_url_sends_nothing():
    fake = FakeIletiMerkezi()
    fake.webhooks.emit(REPORT)
    await fake.webhooks.flush()
    assert fake.webhooks.deliveries == []


def test_a_synchronous_handle_queues_reports_for_flush():
    # No event loop runs while the fake answers: the order must still be stored, the
    # answer a 200, and the report sent by the next flush.
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    fake = FakeIletiMerkezi()
    fake.webhooks.url = f"http://127.0.0.1:{port}/hooks"
    message = {"text": "Merhaba", "receipents": {"number": ["5051112233"]}}
    fields = {"order": {"sender": "APITEST", "iys": "0", "message": message}}
    auth = {"key": fake.api_key, "hash": fake.api_hash}
    body = json.dumps({"request": {"authentication": auth, **fields}}).encode()
    answer = fake.handle("POST", "/v1/send-sms/json", {}, body)
    assert answer.status == 200
    assert len(fake.orders) == 1
    assert fake.webhooks.queued == 1
    bodies: list[bytes] = []

    async def flush_to_receiver() -> None:
        server = await _receiver(bodies, sock=listener)
        await fake.webhooks.flush()
        server.close()

    asyncio.run(flush_to_receiver())
    (report,) = [json.loads(b)["report"] for b in bodies]
    assert (report["status"], report["to"]) == ("accepted", "+905051112233")
    assert fake.webhooks.queued == 0
    assert [d.status for d in fake.webhooks.deliveries] == [200]


async def test_a_messages_reports_arrive_in_order_and_copies_at_once():
    arrived: list[tuple[int, str]] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        report = json.loads(await reader.readexactly(length))["report"]
        if report["status"] == "accepted":
            await asyncio.sleep(0.05)  # a slow answer must not let "delivered" overtake
        arrived.append((report["id"], report["status"]))
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    fake = FakeIletiMerkezi()
    fake.webhooks.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
    fake.webhooks.copies = 2
    for message_id in (1, 2):
        fake.webhooks.emit({**REPORT, "id": message_id, "status": "accepted"})
    for message_id in (1, 2):
        fake.webhooks.emit({**REPORT, "id": message_id, "status": "delivered"})
    await fake.webhooks.flush()
    server.close()
    for message_id in (1, 2):
        mine = [status for got, status in arrived if got == message_id]
        assert mine == ["accepted", "accepted", "delivered", "delivered"]
    assert len(fake.webhooks.deliveries) == 8
    with pytest.raises(ValueError, match="copies"):
        fake.webhooks.copies = 0


async def test_aclose_drops_what_was_not_sent():
    fake = FakeIletiMerkezi()
    listener = socket.create_server(("127.0.0.1", 0))  # accepts, never answers
    fake.webhooks.url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    fake.webhooks.emit(REPORT)
    fake.webhooks.emit({**REPORT, "id": 2})
    await asyncio.sleep(0.05)
    await asyncio.wait_for(fake.webhooks.aclose(), 5)
    listener.close()
    assert fake.webhooks.deliveries == []
    fake.webhooks.url = None
    await fake.webhooks.flush()  # nothing left behind
