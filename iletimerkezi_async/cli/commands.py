"""What the commands of the API areas share: an async body, JSON lines, errors, --help."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine

from ..errors import APIError, DecodeError, IletiMerkeziError
from .options import Subcommands, add_client_options, make_client
from .output import json_line

__all__ = ["Run", "add_command", "error_object", "fail", "make_client", "write"]

Run = Callable[[argparse.Namespace], Coroutine[object, object, int]]
"""A command's async body: parsed arguments in, exit status out (run on a fresh loop)."""

_CREDENTIALS = (
    "Credentials come from ILETIMERKEZI_API_KEY and ILETIMERKEZI_API_HASH (or "
    "ILETIMERKEZI_SECRET), or the flags below."
)


def write(value: object) -> None:
    """``value`` as one UTF-8 JSON line on stdout, Turkish letters unescaped."""
    sys.stdout.buffer.write(json_line(value))


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
