"""What the commands of the API areas share: client flags, JSON lines, errors, --help."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from ..errors import APIError, DecodeError, IletiMerkeziError

if TYPE_CHECKING:  # the client (httpx, asyncio) loads only when a command needs it
    from ..client import AsyncClient

__all__ = ["Run", "add_command", "error_object", "fail", "make_client", "write"]

Run = Callable[[argparse.Namespace], Awaitable[int]]
"""A command's body: parsed arguments in, exit status out (``main`` runs it)."""

_CREDENTIALS = (
    "Credentials come from ILETIMERKEZI_API_KEY and ILETIMERKEZI_API_HASH (or "
    "ILETIMERKEZI_SECRET), or the flags below."
)


def write(value: object) -> None:
    """``value`` as one UTF-8 JSON line on stdout, Turkish letters unescaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.buffer.write(text.encode() + b"\n")


def error_object(error: Exception, **where: object) -> dict[str, object]:
    """A failure as JSON: ``where`` (e.g. the number), ``error``, ``code``, ``message``."""
    code = error.status_code if isinstance(error, APIError | DecodeError) else None
    message = error.message if isinstance(error, IletiMerkeziError) else str(error)
    return {**where, "error": type(error).__name__, "code": code, "message": message}


def fail(message: str) -> int:
    """A usage error on stderr; exit status 2."""
    print(f"iletimerkezi-async: {message}", file=sys.stderr)
    return 2


def _client_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", help="default: https://api.iletimerkezi.com/v1/")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds; default: 10")
    parser.add_argument("--max-retries", type=int, default=2, help="default: 2")
    parser.add_argument("--api-key", help="default: $ILETIMERKEZI_API_KEY")
    parser.add_argument(
        "--api-hash",
        help="default: $ILETIMERKEZI_API_HASH (prefer the variable: flags show in `ps`)",
    )


def make_client(args: argparse.Namespace) -> AsyncClient:
    """The client the flags of :func:`add_command` describe (``ValueError`` if bad)."""
    if not args.timeout > 0 or args.max_retries < 0:
        raise ValueError("--timeout must be > 0 and --max-retries >= 0")
    import httpx

    from ..client import AsyncClient

    return AsyncClient(
        args.api_key,
        args.api_hash,
        base_url=args.base_url,
        timeout=httpx.Timeout(args.timeout, connect=min(5.0, args.timeout)),
        max_retries=args.max_retries,
    )


def add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
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
    parser.set_defaults(run=run)
    if client:
        _client_flags(parser)
    return parser
