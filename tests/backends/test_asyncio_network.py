"""The asyncio network backend under httpcore, on real loopback sockets."""

from __future__ import annotations

import asyncio
import select
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import httpcore
import pytest

from iletimerkezi_async.backends.asyncio_network import AsyncioNetworkBackend

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Handler], Awaitable[int]]]:
    """``await serve(handler)`` starts a loopback server and returns its port; each
    connection's writer is closed after its handler, and every handler ends with the test."""
    servers: list[asyncio.Server] = []
    handlers: set[asyncio.Task[None]] = set()

    async def start(handler: Handler) -> int:
        async def run(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            handlers.add(asyncio.current_task())  # type: ignore[arg-type]
            try:
                await handler(reader, writer)
            except (asyncio.CancelledError, ConnectionError):
                pass
            finally:
                writer.close()

        server = await asyncio.start_server(run, "127.0.0.1", 0)
        servers.append(server)
        return int(server.sockets[0].getsockname()[1])

    yield start
    for task in handlers:
        task.cancel()
    await asyncio.gather(*handlers, return_exceptions=True)
    for server in servers:
        server.close()
        await server.wait_closed()


async def connect(port: int) -> httpcore.AsyncNetworkStream:
    return await AsyncioNetworkBackend().connect_tcp("127.0.0.1", port, timeout=5)


async def test_what_the_server_sends_is_read_whole_and_then_end_of_file(serve) -> None:
    payload = bytes(range(256)) * 8192  # 2 MiB: reading pauses and resumes on the way

    async def send(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(payload)
        await writer.drain()
        writer.close()

    stream = await connect(await serve(send))
    received = bytearray()
    while chunk := await stream.read(65536, timeout=5):
        assert len(chunk) <= 65536
        received += chunk
    assert received == payload
    assert await stream.read(65536, timeout=5) == b""  # and it stays at end of file
    await stream.aclose()


async def test_written_bytes_arrive(serve) -> None:
    got: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        got.set_result(await reader.readexactly(11))
        writer.close()

    stream = await connect(await serve(echo))
    await stream.write(b"hello ", timeout=5)
    await stream.write(b"world", timeout=5)
    assert await asyncio.wait_for(got, 5) == b"hello world"
    await stream.aclose()


async def test_a_silent_server_is_a_read_timeout(serve) -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # until the client goes

    stream = await connect(await serve(silent))
    started = time.monotonic()
    with pytest.raises(httpcore.ReadTimeout):
        await stream.read(100, timeout=0.1)
    assert 0.09 < time.monotonic() - started < 2
    await stream.aclose()


async def test_timeouts_of_different_lengths_each_fire_on_time(serve) -> None:
    """Every wait's deadline is kept, whatever waits come and go around it."""

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()

    network = AsyncioNetworkBackend()
    port = await serve(silent)
    streams = [await network.connect_tcp("127.0.0.1", port) for _ in range(3)]
    loop = asyncio.get_running_loop()

    async def timed_out_after(stream: httpcore.AsyncNetworkStream, seconds: float) -> float:
        started = loop.time()
        with pytest.raises(httpcore.ReadTimeout):
            await stream.read(100, timeout=seconds)
        return loop.time() - started

    long = asyncio.ensure_future(timed_out_after(streams[0], 0.4))
    await asyncio.sleep(0.01)
    # A short wait arrives later and must fire first; a wait that ends early never fires.
    answered = asyncio.ensure_future(streams[2].read(100, timeout=0.05))
    await asyncio.sleep(0)
    answered.cancel()
    short = await timed_out_after(streams[1], 0.1)
    assert 0.09 < short < 0.3
    assert 0.39 < await long < 1.5
    for stream in streams:
        await stream.aclose()


@pytest.mark.parametrize("poll", [True, False], ids=["poll", "select (Windows)"])
async def test_an_idle_connection_tells_when_the_server_closed_it(
    poll: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What httpcore asks before reusing a kept-alive connection: it must see a close that
    reached the socket even before the event loop has had a turn to deliver it."""
    if not poll:
        monkeypatch.delattr(select, "poll", raising=False)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        stream = await connect(listener.getsockname()[1])
        assert stream.get_extra_info("is_readable") is False  # open and quiet
        server_side, _ = listener.accept()  # already queued: returns at once
        server_side.close()
        time.sleep(0.01)  # noqa: ASYNC251 -- on purpose: the loop must not run meanwhile
        assert stream.get_extra_info("is_readable") is True
        assert stream.get_extra_info("server_addr")[0] == "127.0.0.1"
        await stream.aclose()


async def test_writing_to_a_closed_stream_is_a_write_error(serve) -> None:
    async def wait(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()

    stream = await connect(await serve(wait))
    await stream.aclose()
    with pytest.raises(httpcore.WriteError):
        await stream.write(b"late", timeout=1)


async def test_a_refused_connection_is_a_connect_error() -> None:
    probe = await asyncio.start_server(lambda reader, writer: None, "127.0.0.1", 0)
    free = probe.sockets[0].getsockname()[1]
    probe.close()
    await probe.wait_closed()  # nothing listens on that port any more
    with pytest.raises(httpcore.ConnectError):
        await connect(free)


async def test_aclose_releases_the_socket_before_it_returns(serve) -> None:
    closed = asyncio.Event()

    async def notice(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()
        closed.set()

    stream = await connect(await serve(notice))
    sock = stream.get_extra_info("socket")
    await stream.aclose()
    assert sock.fileno() == -1  # no socket left for the garbage collector to find
    await asyncio.wait_for(closed.wait(), 5)
    await stream.aclose()  # twice is fine
