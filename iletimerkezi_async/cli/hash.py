"""``iletimerkezi-async hash``: the API hash for a key and secret."""

from __future__ import annotations

import getpass
import os
import sys

from ..sansio import compute_hash

__all__ = ["run_hash"]


def run_hash(api_key: str) -> int:
    """Print the hash; the secret comes from ``ILETIMERKEZI_SECRET`` or a hidden prompt."""
    secret = os.environ.get("ILETIMERKEZI_SECRET")
    if not secret:
        if not sys.stdin.isatty():
            print(
                "iletimerkezi-async: set ILETIMERKEZI_SECRET (no terminal to ask on)",
                file=sys.stderr,
            )
            return 2
        secret = getpass.getpass("Secret: ")
    if not secret.strip():
        print("iletimerkezi-async: the secret is empty", file=sys.stderr)
        return 2
    print(compute_hash(api_key, secret))
    return 0
