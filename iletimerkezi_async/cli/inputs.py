"""Where a command's ids come from: arguments, a file, or stdin.

``-`` among the arguments, or ``--ids-file -``, means stdin; with no ids and no
file, ids are read from stdin when it is not a terminal (``cat ids | cmd``).
Ids are read lazily, one per line, blank lines skipped: a file of a million ids
is streamed, not loaded. Files and stdin are read in a thread of their own
(:func:`read_lines`), so a slow pipe never stalls the lookups already in flight.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import sys
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Iterator, Sequence
from typing import BinaryIO

import attrs

from .options import CommandError

__all__ = ["IdSource", "open_ids", "read_lines"]

_STDIN = "-"
_CHUNK = 64 * 1024  # bytes per read
_AHEAD = 4  # chunks read ahead of the loop that uses them


@attrs.define
class IdSource:
    """The ids to work on, as text, in order; ``total`` when known up front."""

    ids: AsyncIterator[str]
    total: int | None


class _Pump:
    """Reads ``binary`` in a daemon thread, handing chunks to the event loop, at most
    :data:`_AHEAD` ahead of it. A read that blocks (a pipe whose writer is slow) blocks
    only the thread; a daemon thread never keeps the process alive at exit."""

    def __init__(self, binary: BinaryIO, loop: asyncio.AbstractEventLoop) -> None:
        self.chunks: asyncio.Queue[bytes | OSError] = asyncio.Queue()
        self._binary = binary
        self._loop = loop
        self._room = threading.Semaphore(_AHEAD)
        self._stopped = threading.Event()
        threading.Thread(target=self._run, daemon=True, name="iletimerkezi-async input").start()

    def _read(self) -> bytes:
        read1 = getattr(self._binary, "read1", None)  # what a pipe has now, not a full chunk
        return read1(_CHUNK) if read1 is not None else self._binary.read(_CHUNK)

    def _run(self) -> None:
        while True:
            self._room.acquire()
            if self._stopped.is_set():
                return
            try:
                chunk: bytes | OSError = self._read()
            except OSError as error:
                chunk = error
            except ValueError:  # closed under us: the command is done with it
                return
            try:
                self._loop.call_soon_threadsafe(self.chunks.put_nowait, chunk)
            except RuntimeError:  # the loop is closed: nobody reads any more
                return
            if not chunk or isinstance(chunk, OSError):
                return

    def took(self) -> None:
        """The loop took a chunk: the thread may read another."""
        self._room.release()

    def stop(self) -> None:
        """Read no more (a read under way ends the thread when it returns)."""
        self._stopped.set()
        self._room.release()


async def read_lines(binary: BinaryIO, name: str) -> AsyncGenerator[str, None]:
    """The non-blank lines of ``binary`` (UTF-8, any line ending), stripped, read without
    blocking the event loop. Raises :class:`CommandError` when it is not UTF-8 or
    cannot be read."""
    pump = _Pump(binary, asyncio.get_running_loop())
    decoder = codecs.getincrementaldecoder("utf-8")()
    pending = ""
    try:
        while True:
            chunk = await pump.chunks.get()
            pump.took()
            if isinstance(chunk, OSError):
                raise CommandError(f"cannot read {name}: {chunk.strerror}", status=1)
            try:
                text = pending + decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError:
                raise CommandError(f"{name} is not UTF-8 text") from None
            lines = text.replace("\r", "\n").split("\n")
            pending = lines.pop() if chunk else ""  # an unfinished line waits for its end
            for line in lines:
                if stripped := line.strip():
                    yield stripped
            if not chunk:
                return
    finally:
        pump.stop()


async def _ids(
    arguments: Sequence[str],
    stdin: AsyncGenerator[str, None],
    after: AsyncGenerator[str, None] | None,
    *,
    implicit: bool,
) -> AsyncGenerator[str, None]:
    """``arguments``, with stdin's lines in place of ``-``, then the lines of ``after``."""
    given = 0
    async with contextlib.aclosing(stdin):
        for argument in arguments:
            if argument != _STDIN:
                given += 1
                yield argument
                continue
            async for line in stdin:
                given += 1
                yield line
        if after is not None:
            async with contextlib.aclosing(after):
                async for line in after:
                    given += 1
                    yield line
    if implicit and not given:
        # Nothing was asked for explicitly, and nothing came: most likely a forgotten
        # argument, not a deliberate empty run.
        raise CommandError("no contact ids given (arguments, --ids-file or stdin)")


@contextlib.contextmanager
def open_ids(arguments: Sequence[str], ids_file: str | None) -> Iterator[IdSource]:
    """The ids from ``arguments`` (``-`` reads stdin in its place) and ``ids_file``.

    Raises :class:`CommandError` for no ids at all, stdin asked for twice, or a
    file that cannot be read or is not UTF-8.
    """
    stdin_uses = arguments.count(_STDIN) + (ids_file == _STDIN)
    if stdin_uses > 1:
        raise CommandError("stdin ('-') can be read only once")
    implicit = not arguments and ids_file is None
    if implicit and sys.stdin.isatty():
        raise CommandError("give contact ids, --ids-file FILE, or pipe ids on stdin")
    stdin = read_lines(sys.stdin.buffer, "stdin")
    # What comes after the arguments: the file, or stdin when it stands for one.
    after = stdin if ids_file == _STDIN or implicit else None
    with contextlib.ExitStack() as stack:
        if ids_file is not None and ids_file != _STDIN:
            try:  # opened before any lookup is in flight: nothing to stall
                file = stack.enter_context(open(ids_file, "rb"))
            except OSError as error:
                raise CommandError(f"cannot read {ids_file}: {error.strerror}") from None
            after = read_lines(file, ids_file)
        countable = stdin_uses == 0 and ids_file is None
        ids = _ids(arguments, stdin, after, implicit=implicit)
        yield IdSource(ids, len(arguments) if countable else None)
