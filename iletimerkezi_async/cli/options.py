"""What the subcommands share: option types, the client options, and the client itself.

A new subcommand calls :func:`add_client_options` on its parser and
:func:`make_client` in its ``run``, and gets ``--api-key``, ``--api-hash``,
``--base-url``, ``--timeout``, ``--max-retries``, ``--concurrency`` and
``--allow-insecure-http`` with the same defaults, environment variables and
messages as every other command.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, TypeAlias

from .._settings import (
    CLI_SPELLING,
    DEFAULT_BASE_URL,
    ENV_BASE_URL,
    ENV_HASH,
    ENV_KEY,
    check_base_url,
    resolve_credentials,
)

if TYPE_CHECKING:
    from ..client import AsyncClient

__all__ = [
    "CommandError",
    "Subcommands",
    "add_client_options",
    "add_progress_option",
    "make_client",
    "non_negative_int",
    "port_number",
    "positive_int",
    "rate",
    "seconds",
]


Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What ``register(commands)`` receives: ``commands.add_parser(name, ...)`` adds a command.

(argparse names the type with a leading underscore but documents ``add_parser``.)
"""


class CommandError(Exception):
    """A failure the command reports in one line on stderr, without a traceback.

    ``status`` is the exit status: 2 (the default) for a usage mistake such as a
    missing credential, 1 for anything else.
    """

    def __init__(self, message: str, *, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def positive_int(text: str) -> int:
    """An argparse type: an int >= 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def non_negative_int(text: str) -> int:
    """An argparse type: an int >= 0."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 for any free one."""
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be in [0, 65535], got {value}")
    return value


def seconds(text: str) -> float:
    """An argparse type: a number of seconds > 0."""
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def rate(text: str) -> float:
    """An argparse type: a share in [0, 1)."""
    value = float(text)
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"must be in [0, 1), got {value}")
    return value


def add_client_options(parser: argparse.ArgumentParser, *, concurrency: int = 32) -> None:
    """Credentials and connection options, read by :func:`make_client`."""
    group = parser.add_argument_group("connection")
    group.add_argument("--api-key", help=f"default: ${ENV_KEY}")
    group.add_argument(
        "--api-hash",
        help=f"default: ${ENV_HASH} (prefer the variable: flags show in `ps`)",
    )
    group.add_argument("--base-url", help=f"default: ${ENV_BASE_URL} or {DEFAULT_BASE_URL}")
    group.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow a plain http:// --base-url to a host other than this machine",
    )
    group.add_argument(
        "--timeout", type=seconds, default=10.0, help="seconds per read; default: 10 (5 to connect)"
    )
    group.add_argument("--max-retries", type=non_negative_int, default=2, help="default: 2")
    group.add_argument(
        "--concurrency",
        type=positive_int,
        default=concurrency,
        help=f"requests in flight at once; default: {concurrency}",
    )


def add_progress_option(parser: argparse.ArgumentParser) -> None:
    """``--no-progress``: no progress bar even on a terminal."""
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar, even on a terminal"
    )


def make_client(args: argparse.Namespace) -> AsyncClient:
    """An ``AsyncClient`` from :func:`add_client_options`' options.

    Raises :class:`CommandError` with a message in command-line terms
    (``--api-key``, ``--allow-insecure-http``) for missing credentials or a bad
    base URL. Call it inside the event loop that will use the client.
    """
    import httpx

    from ..client import AsyncClient

    base_url = args.base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
    try:
        # Checked here first only to word the messages for a shell user.
        credentials = resolve_credentials(args.api_key, args.api_hash, None, spelling=CLI_SPELLING)
        check_base_url(
            base_url, allow_insecure_http=args.allow_insecure_http, spelling=CLI_SPELLING
        )
        return AsyncClient(
            credentials.api_key,
            credentials.api_hash,
            base_url=base_url,
            allow_insecure_http=args.allow_insecure_http,
            timeout=httpx.Timeout(args.timeout, connect=min(5.0, args.timeout)),
            max_retries=args.max_retries,
            max_concurrency=args.concurrency,
        )
    except ValueError as error:
        raise CommandError(str(error)) from None
