"""A real ``redis-server`` for the tests: started on a free loopback port in a temporary
directory, persisting nothing, and stopped at the end; or the one ``REDIS_URL`` names.

When neither is there the tests that need it skip, saying how to run them (and fail
instead under CI, whose ``.ci/run`` installs ``redis-server``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ports import free_port

HOW_TO_RUN = (
    "needs Redis: install redis-server (Debian/Ubuntu: apt-get install redis-server) "
    "or set REDIS_URL=redis://127.0.0.1:6379/0"
)


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _start(executable: str, directory: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    options = ["--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"]
    process = subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory), *options],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:  # e.g. the port was taken meanwhile
            return process, 0
        if _answers_ping(port):
            return process, port
        time.sleep(0.02)
    process.kill()
    process.communicate()
    raise AssertionError("redis-server did not answer PING within 10 s")


@contextlib.contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """The URL of a Redis for the block: ``REDIS_URL``'s, or a ``redis-server`` of its own."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    executable = shutil.which("redis-server")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail(f"redis-server is missing in CI (.ci/run installs it); {HOW_TO_RUN}")
        pytest.skip(HOW_TO_RUN)
    for _ in range(3):
        process, port = _start(executable, directory)
        if port:
            break
        output = process.communicate()[0].decode(errors="replace")
    else:
        raise AssertionError(f"redis-server did not start: {output}")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
