"""``iletimerkezi-async get-contact``: look contacts up, JSON Lines on stdout."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator

from ..client import AsyncClient
from ..sansio import Contact, validate_contact_id
from .output import contact_line, error_line
from .progress import ProgressBar

__all__ = ["run_get_contact"]


def _raw_ids(args: argparse.Namespace) -> Iterator[str]:
    yield from args.ids
    if args.ids_file is None:
        return
    if args.ids_file == "-":
        lines: Iterator[str] = iter(sys.stdin)
        yield from (line.strip() for line in lines if line.strip())
        return
    with open(args.ids_file, encoding="utf-8") as file:
        yield from (line.strip() for line in file if line.strip())


async def run_get_contact(args: argparse.Namespace) -> int:
    """Look up every id given; return 0 only when all succeeded."""
    if not args.ids and args.ids_file is None:
        print(
            "iletimerkezi-async: give contact ids, or --ids-file FILE (- for stdin)",
            file=sys.stderr,
        )
        return 2
    client = AsyncClient(
        args.api_key,
        args.api_hash,
        base_url=args.base_url,
        timeout=args.timeout,
        max_retries=args.max_retries,
        max_concurrency=args.concurrency,
    )
    out = sys.stdout.buffer
    failures = 0

    def valid_ids() -> Iterator[int]:
        nonlocal failures
        for raw in _raw_ids(args):
            try:
                yield validate_contact_id(raw)
            except (ValueError, TypeError) as error:
                failures += 1
                out.write(error_line(raw, error))

    total = None if args.ids_file is not None else len(args.ids)
    with ProgressBar(total, description="get-contact", enabled=not args.no_progress) as bar:
        async with client, contextlib.aclosing(client.iter_contacts(valid_ids())) as results:
            async for contact_id, result in results:
                if isinstance(result, Contact):
                    out.write(contact_line(result))
                else:
                    failures += 1
                    out.write(error_line(contact_id, result))
                bar.advance()
    out.flush()
    return 1 if failures else 0
