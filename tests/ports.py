"""Loopback ports for the servers tests start as separate processes."""

from __future__ import annotations

import asyncio
import socket
import time


def free_port() -> int:
    """A loopback TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_listening(port: int, within: float = 20.0) -> None:
    """Return once something accepts connections on ``port``; ``AssertionError`` after
    ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.02)
        else:
            writer.close()
            await writer.wait_closed()
            return
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {within} s")
