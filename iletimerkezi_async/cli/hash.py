"""``iletimerkezi-async hash``: the API hash for a key and secret."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from .._settings import ENV_KEY, ENV_SECRET
from ..sansio import compute_hash
from .options import CommandError, Subcommands

__all__ = ["register", "run"]


def register(commands: Subcommands) -> None:
    """Add ``hash`` to the command line."""
    parser = commands.add_parser(
        "hash",
        help="print the API hash for a key and secret",
        description=(
            "Print HMAC-SHA256(key=secret, message=api key) as lowercase hex. The secret "
            f"is read from {ENV_SECRET}; otherwise from the first line of stdin when it "
            'is piped (echo "$SECRET" | iletimerkezi-async hash), or asked for without '
            "echo on a terminal."
        ),
    )
    parser.add_argument("--api-key", help=f"default: ${ENV_KEY}")
    parser.set_defaults(run=run)


def _read_secret() -> str:
    secret = os.environ.get(ENV_SECRET)
    if secret:
        return secret
    if sys.stdin.isatty():
        return getpass.getpass("Secret: ")
    # Exactly the first line, without its line ending: a secret may hold other spaces.
    line = sys.stdin.buffer.readline().decode("utf-8", "replace")
    return line.removesuffix("\n").removesuffix("\r")


def run(args: argparse.Namespace) -> int:
    """Print the hash; 2 when the key or the secret is missing."""
    api_key = args.api_key or os.environ.get(ENV_KEY)
    if not api_key:
        raise CommandError(f"give --api-key, or set {ENV_KEY}")
    secret = _read_secret()
    if not secret.strip():
        raise CommandError(
            f"no secret: set {ENV_SECRET}, pipe it on stdin, or run on a terminal to be asked"
        )
    print(compute_hash(api_key, secret))
    return 0
