"""What the commands of the API areas share: an async body, JSON lines, errors, --help."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING

from ..errors import APIError, DecodeError, IletiMerkeziError
from ..sansio.model import Model
from .options import Subcommands, add_client_options, make_client
from .output import json_line
from .wording import reword

if TYPE_CHECKING:
    from ..client import AsyncClient

__all__ = [
    "ClientRun",
    "Run",
    "add_command",
    "client_command",
    "error_object",
    "fail",
    "make_client",
    "one",
    "stream",
    "write",
]

Run = Callable[[argparse.Namespace], Coroutine[object, object, int]]
"""A command's async body: parsed arguments in, exit status out (run on a fresh loop)."""

ClientRun = Callable[["AsyncClient", argparse.Namespace], Awaitable[int]]
"""A command's body given a ready client (see :func:`client_command`)."""

_CREDENTIALS = (
    "Credentials come from ILETIMERKEZI_API_KEY and ILETIMERKEZI_API_HASH (or "
    "ILETIMERKEZI_SECRET), or the flags below."
)


def write(value: object) -> None:
    """``value`` (a model as its ``to_dict()``) as one UTF-8 JSON line on stdout,
    Turkish letters unescaped."""
    sys.stdout.buffer.write(json_line(value.to_dict() if isinstance(value, Model) else value))


async def one(result: Awaitable[object], **where: object) -> int:
    """Print what ``result`` gives (nothing for ``None``); a provider failure as an
    error object with ``where``. 0 on success, 1 on failure."""
    try:
        value = await result
    except IletiMerkeziError as error:
        if isinstance(error, ValueError):  # a refused argument: a usage error
            raise
        write(error_object(error, **where))
        return 1
    if value is not None:
        write(value)
    return 0


async def stream(items: AsyncIterator[object], **where: object) -> int:
    """Print each item as it arrives (JSON Lines); a provider failure ends the stream
    with an error object carrying ``where``. 0 on success, 1 on failure."""
    try:
        async for item in items:
            write(item)
    except IletiMerkeziError as error:
        if isinstance(error, ValueError):
            raise
        write(error_object(error, **where))
        return 1
    finally:
        aclose = getattr(items, "aclose", None)
        if aclose is not None:
            await aclose()
    return 0


def error_object(error: Exception, **where: object) -> dict[str, object]:
    """A failure as JSON: ``where`` (e.g. the number), ``error``, ``code``, ``message``."""
    code = error.status_code if isinstance(error, APIError | DecodeError) else None
    if not isinstance(error, IletiMerkeziError):
        return {**where, "error": type(error).__name__, "code": code, "message": str(error)}
    ids = {
        name: value
        for name in ("contact_id", "group_id", "order_id")
        if name not in where and (value := getattr(error, name)) is not None
    }
    return {
        **where,
        "error": type(error).__name__,
        "code": code,
        "message": error.message,
        **ids,
        # For a write: whether the change may have happened (check before repeating it).
        "may_have_been_applied": error.may_have_been_applied,
    }


def fail(message: str) -> int:
    """A usage error on stderr; exit status 2."""
    print(f"iletimerkezi-async: {message}", file=sys.stderr)
    return 2


def client_command(
    commands: Subcommands,
    name: str,
    run: ClientRun,
    summary: str,
    example: str,
    *,
    description: str | None = None,
) -> argparse.ArgumentParser:
    """A subcommand whose body gets a client (closed afterwards). An argument the client
    refuses before any I/O (``ValueError``) is a usage error: stderr, exit status 2. A
    provider failure escaping ``run`` is an error object on stdout, exit status 1."""

    async def main(args: argparse.Namespace) -> int:
        try:
            async with make_client(args) as client:
                status = await run(client, args)
        except ValueError as error:
            return fail(f"{name}: {reword(str(error))}")
        except IletiMerkeziError as error:
            write(error_object(error))
            status = 1
        sys.stdout.buffer.flush()
        return status

    return add_command(commands, name, main, summary, description or f"{summary}.", example)


def add_command(
    commands: Subcommands,
    name: str,
    run: Run,
    summary: str,
    description: str,
    example: str,
    *,
    client: bool = True,
) -> argparse.ArgumentParser:
    """A subcommand running ``run``, with an example in ``--help`` and the client flags."""
    parser = commands.add_parser(
        name,
        help=summary,
        description=f"{description} {_CREDENTIALS if client else ''}".strip(),
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=lambda args: asyncio.run(run(args)))
    if client:
        add_client_options(parser)
    return parser
