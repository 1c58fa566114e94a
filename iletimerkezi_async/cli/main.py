"""Argument parsing and dispatch for ``iletimerkezi-async``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from .._version import __version__
from . import phonebook

__all__ = ["build_parser", "main"]


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"must be in [0, 1), got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="iletimerkezi-async",
        description="Async client for the iletimerkezi.com JSON API.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    get = commands.add_parser(
        "get-contact",
        help="look contacts up; one JSON line per id on stdout",
        description=(
            "Look contacts up concurrently and print one JSON object per id (JSON Lines, "
            "as each completes). Failures are objects with id, error and code. Exit "
            "status is 0 only when every id succeeded. Credentials come from "
            "ILETIMERKEZI_API_KEY and ILETIMERKEZI_API_HASH (or ILETIMERKEZI_SECRET), "
            "or the flags below."
        ),
    )
    get.add_argument("ids", nargs="*", metavar="ID", help="contact ids")
    get.add_argument(
        "--ids-file", metavar="FILE", help="read ids from FILE, one per line ('-' for stdin)"
    )
    get.add_argument("--concurrency", type=_positive_int, default=32, help="default: 32")
    get.add_argument("--base-url", help="default: https://api.iletimerkezi.com/v1/")
    get.add_argument(
        "--timeout",
        type=_seconds,
        default=10.0,
        help="seconds per read; default: 10 (5 to connect)",
    )
    get.add_argument("--max-retries", type=_non_negative_int, default=2, help="default: 2")
    get.add_argument("--api-key", help="default: $ILETIMERKEZI_API_KEY")
    get.add_argument(
        "--api-hash",
        help="default: $ILETIMERKEZI_API_HASH (prefer the variable: flags show in `ps`)",
    )
    get.add_argument(
        "--no-progress", action="store_true", help="no progress bar, even on a terminal"
    )

    demo = commands.add_parser(
        "demo",
        help="fetch generated contacts from a local fake provider that injects faults",
        description=(
            "Start the fake provider on 127.0.0.1 with generated contacts and injected "
            "faults (503 pages, 429 with Retry-After, dropped connections), fetch every "
            "contact with the real client over the socket, check each against the fake's "
            "record and print a summary. Exit status 0 only if every contact matched."
        ),
    )
    demo.add_argument("--contacts", type=_positive_int, default=2000, help="default: 2000")
    demo.add_argument(
        "--fault-rate",
        type=_rate,
        default=0.08,
        help="share of answers faulted, split 5:2:1 into 503s, 429s and resets; default: 0.08",
    )
    demo.add_argument("--concurrency", type=_positive_int, default=50, help="default: 50")
    demo.add_argument("--seed", type=int, default=0, help="default: 0")
    demo.add_argument("--no-progress", action="store_true", help="no progress bar")

    hash_ = commands.add_parser(
        "hash",
        help="print the API hash for a key and secret",
        description=(
            "Print HMAC-SHA256(key=secret, message=api key) as lowercase hex. The secret "
            "is read from ILETIMERKEZI_SECRET, or asked for without echo."
        ),
    )
    hash_.add_argument("--api-key", required=True)
    phonebook.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    if args.command == "hash":
        from .hash import run_hash

        return run_hash(args.api_key)
    try:
        if hasattr(args, "run"):  # commands that name their own coroutine
            return int(asyncio.run(args.run(args)))
        if args.command == "demo":
            from .demo import run_demo

            return asyncio.run(
                run_demo(
                    contacts=args.contacts,
                    fault_rate=args.fault_rate,
                    concurrency=args.concurrency,
                    seed=args.seed,
                    progress=not args.no_progress,
                )
            )
        from .get_contact import run_get_contact

        return asyncio.run(run_get_contact(args))
    except KeyboardInterrupt:
        print("iletimerkezi-async: interrupted", file=sys.stderr)
        return 130
