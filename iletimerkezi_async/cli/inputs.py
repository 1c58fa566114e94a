"""Where a command's ids come from: arguments, a file, or stdin.

``-`` among the arguments, or ``--ids-file -``, means stdin; with no ids and no
file, ids are read from stdin when it is not a terminal (``cat ids | cmd``).
Ids are read lazily, one per line, blank lines skipped: a file of a million ids
is streamed, not loaded.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Generator, Iterable, Iterator, Sequence

import attrs

from .options import CommandError

__all__ = ["IdSource", "open_ids"]

_STDIN = "-"


@attrs.define
class IdSource:
    """The ids to work on, as text, in order; ``total`` when known up front."""

    ids: Iterator[str]
    total: int | None


def _lines(stream: Iterable[str], name: str) -> Iterator[str]:
    try:
        for line in stream:
            if text := line.strip():
                yield text
    except UnicodeDecodeError:
        raise CommandError(f"{name} is not UTF-8 text") from None


def _stdin_text(stack: contextlib.ExitStack) -> io.TextIOWrapper:
    # UTF-8 whatever the locale (LC_ALL=C included), like --ids-file. Detached at the
    # end, so that collecting the wrapper does not close the process's stdin.
    text = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline=None)
    stack.callback(text.detach)
    return text


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
    with contextlib.ExitStack() as stack:
        file_ids: Iterable[str] = ()
        if ids_file is not None and ids_file != _STDIN:
            try:
                file = stack.enter_context(open(ids_file, encoding="utf-8"))
            except OSError as error:
                raise CommandError(f"cannot read {ids_file}: {error.strerror}") from None
            file_ids = _lines(file, ids_file)
        stdin_ids = _lines(_stdin_text(stack), "stdin") if stdin_uses or implicit else iter(())

        def ids() -> Generator[str, None, None]:
            given = 0
            for argument in arguments:
                if argument == _STDIN:
                    given += yield from _counted(stdin_ids)
                else:
                    given += 1
                    yield argument
            given += yield from _counted(stdin_ids if ids_file == _STDIN or implicit else file_ids)
            if implicit and not given:
                # Nothing was asked for explicitly, and nothing came: most likely a
                # forgotten argument, not a deliberate empty run.
                raise CommandError("no contact ids given (arguments, --ids-file or stdin)")

        countable = stdin_uses == 0 and ids_file is None
        yield IdSource(ids(), len(arguments) if countable else None)


def _counted(lines: Iterable[str]) -> Generator[str, None, int]:
    """Yield ``lines``; return how many there were."""
    count = 0
    for line in lines:
        count += 1
        yield line
    return count
