"""Helpers for running the command line as a user would: in a subprocess, or in process
(``main(argv)`` with its own standard streams and environment)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import pty
import selectors
import shlex
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping

import attrs
import pytest

from iletimerkezi_async.cli.main import main
from iletimerkezi_async.testing import FakeIletiMerkezi

COMMAND = (sys.executable, "-m", "iletimerkezi_async")


@attrs.frozen
class Ran:
    code: int
    stdout: str
    stderr: str


def cli_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """This machine's environment without ILETIMERKEZI_* variables, plus ``env``."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ILETIMERKEZI_")} | dict(
        env or {}
    )
    # The C locale must not break Turkish output: we write UTF-8 bytes ourselves.
    full_env["LC_ALL"] = "C"
    full_env.pop("PYTHONIOENCODING", None)
    return full_env


async def run_cli(
    *args: str, env: Mapping[str, str] | None = None, stdin: bytes | None = None
) -> Ran:
    """Run ``python -m iletimerkezi_async ARGS`` as a user would, in a subprocess."""
    process = await asyncio.create_subprocess_exec(
        *COMMAND,
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=cli_env(env),
    )
    out, err = await asyncio.wait_for(process.communicate(stdin or b""), timeout=120)
    assert process.returncode is not None
    return Ran(process.returncode, out.decode("utf-8"), err.decode("utf-8", "replace"))


def read_line(stream: object, timeout: float = 30.0) -> bytes:
    """One line from a subprocess pipe, failing instead of hanging after ``timeout``."""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)  # type: ignore[arg-type]
        if not selector.select(timeout):
            raise AssertionError(f"no line within {timeout} s")
    return stream.readline()  # type: ignore[attr-defined, no-any-return]


def exported(line: str) -> dict[str, str]:
    """``{"NAME": "value"}`` from an ``export NAME=value ...`` line."""
    words = shlex.split(line)
    assert words[0] == "export", line
    return dict(word.split("=", 1) for word in words[1:])


@attrs.frozen
class FakeProcess:
    """A running ``iletimerkezi-async fake``: its process and the variables it exported."""

    process: subprocess.Popen[bytes]
    env: dict[str, str]
    first_line: str


def start_fake(*args: str) -> FakeProcess:
    """Start ``iletimerkezi-async fake ARGS`` and read its exports (stop it with ``stop_fake``)."""
    process = subprocess.Popen(
        [*COMMAND, "fake", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
    )
    try:
        line = read_line(process.stdout).decode("utf-8")
    except BaseException:
        process.kill()
        process.communicate()
        raise
    return FakeProcess(process, exported(line), line)


def stop_fake(fake: FakeProcess) -> Ran:
    """SIGTERM the fake, as a service manager would; what it printed after the exports."""
    fake.process.send_signal(signal.SIGTERM)
    out, err = fake.process.communicate(timeout=30)
    return Ran(fake.process.returncode, out.decode("utf-8"), err.decode("utf-8", "replace"))


@pytest.fixture(scope="module")
def fake_cli() -> Iterator[FakeProcess]:
    """One ``iletimerkezi-async fake --contacts 100`` process for the tests of a module."""
    fake = start_fake("--contacts", "100")
    try:
        yield fake
    finally:
        stop_fake(fake)


def run_with_closed_stdout(
    *args: str, env: Mapping[str, str] | None = None, stdin: bytes = b""
) -> Ran:
    """Run the CLI with stdout a pipe nobody reads any more (``| head`` after it quit)."""
    reader, writer = os.pipe()
    os.close(reader)  # every write to `writer` now fails with EPIPE
    try:
        process = subprocess.run(
            [*COMMAND, *args],
            input=stdin,
            stdout=writer,
            stderr=subprocess.PIPE,
            env=cli_env(env),
            timeout=60,
            check=False,
        )
    finally:
        os.close(writer)
    return Ran(process.returncode, "", process.stderr.decode("utf-8", "replace"))


@attrs.frozen
class Screen:
    code: int
    terminal: str  # everything written to the pseudo-terminal
    piped: bytes  # stdout, when it was a pipe


def run_on_terminal(
    *args: str, env: Mapping[str, str] | None = None, stdout_too: bool = False
) -> Screen:
    """Run the CLI with stderr on a pseudo-terminal (and stdout too, if ``stdout_too``)."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [*COMMAND, *args],
            stdin=subprocess.DEVNULL,
            stdout=follower if stdout_too else subprocess.PIPE,
            stderr=follower,
            env=cli_env(env) | {"COLUMNS": "100", "TERM": "xterm"},
        )
        os.close(follower)
        follower = -1
        screen = _read_until_closed(leader)
        piped = b""
        if process.stdout is not None:
            with process.stdout:
                piped = process.stdout.read()
        code = process.wait(timeout=60)
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    return Screen(code, screen.decode("utf-8", "replace"), piped)


def _read_until_closed(leader: int) -> bytes:
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: every writer has closed the terminal
            return screen
        if not chunk:
            return screen
        screen += chunk


@pytest.fixture
async def fake_on_socket() -> AsyncIterator[tuple[FakeIletiMerkezi, dict[str, str]]]:
    """A fake (legacy shape, no contacts) on a loopback socket, and the environment that
    points the command at it."""
    fake = FakeIletiMerkezi(shape="legacy")
    async with fake.serve() as base_url:
        env = {
            "ILETIMERKEZI_API_KEY": fake.api_key,
            "ILETIMERKEZI_API_HASH": fake.api_hash,
            "ILETIMERKEZI_BASE_URL": base_url,
        }
        yield fake, env


def json_lines(stdout: str) -> list[object]:
    """Each line of ``stdout`` parsed as JSON."""
    return [json.loads(line) for line in stdout.splitlines()]


InProcess = Callable[..., Awaitable[Ran]]
"""``await run(*argv, env={...}, stdin=b"")``: see :func:`cli_in_process`."""


@pytest.fixture
def cli_in_process(monkeypatch: pytest.MonkeyPatch) -> InProcess:
    """Run ``main(argv)`` in this process, in a worker thread (so that a fake served on
    the test's event loop answers it), with ``env`` as its only ILETIMERKEZI_*
    variables, ``stdin`` piped in, and stdout/stderr captured."""

    def run_main(argv: list[str], stdin: bytes) -> Ran:
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        err = io.StringIO()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exited:  # argparse's usage errors and --help
                code = exited.code if isinstance(exited.code, int) else 1
            out.flush()
        stdout = out.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]
        return Ran(code, stdout, err.getvalue())

    async def run(*argv: str, env: Mapping[str, str] | None = None, stdin: bytes = b"") -> Ran:
        for name in [name for name in os.environ if name.startswith("ILETIMERKEZI_")]:
            monkeypatch.delenv(name)
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        return await asyncio.to_thread(run_main, list(argv), stdin)

    return run
