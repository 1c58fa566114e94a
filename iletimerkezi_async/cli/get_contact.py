"""``iletimerkezi-async get-contact``: look contacts up, JSON Lines on stdout."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import sys
from collections.abc import Iterable, Iterator

import httpx

from ..client import AsyncClient
from ..sansio import Contact, validate_contact_id
from .output import contact_line, error_line
from .progress import ProgressBar

__all__ = ["run_get_contact"]


def _fail(message: str) -> int:
    print(f"iletimerkezi-async: {message}", file=sys.stderr)
    return 2


async def run_get_contact(args: argparse.Namespace) -> int:
    """Look up every id given; 0 when all succeeded, 1 when any failed, 2 on bad usage."""
    if not args.ids and args.ids_file is None:
        return _fail("give contact ids, or --ids-file FILE (- for stdin)")
    try:
        client = AsyncClient(
            args.api_key,
            args.api_hash,
            base_url=args.base_url,
            timeout=httpx.Timeout(args.timeout, connect=min(5.0, args.timeout)),
            max_retries=args.max_retries,
            max_concurrency=args.concurrency,
        )
    except ValueError as error:  # credentials or settings
        return _fail(str(error))
    async with client:
        with contextlib.ExitStack() as stack:
            lines: Iterable[str] = ()
            if args.ids_file == "-":
                lines = sys.stdin
            elif args.ids_file is not None:
                try:
                    # A local file read line by line in a command-line tool: blocking
                    # reads are short, and nothing else runs on this loop meanwhile.
                    file = open(args.ids_file, encoding="utf-8")  # noqa: ASYNC230, SIM115
                    lines = stack.enter_context(file)
                except OSError as error:
                    return _fail(f"cannot read {args.ids_file}: {error.strerror}")
            # Read lazily: a file of a million ids is streamed, not loaded.
            raw_ids = itertools.chain(args.ids, (line.strip() for line in lines if line.strip()))
            try:
                return await _look_up(client, raw_ids, args)
            except UnicodeDecodeError:
                return _fail(f"{args.ids_file} is not UTF-8 text")


async def _look_up(client: AsyncClient, raw_ids: Iterable[str], args: argparse.Namespace) -> int:
    out = sys.stdout.buffer
    failures = 0

    def valid_ids() -> Iterator[int]:
        nonlocal failures
        for raw in raw_ids:
            try:
                yield validate_contact_id(raw)
            except ValueError as error:
                failures += 1
                out.write(error_line(raw, error))

    total = None if args.ids_file is not None else len(args.ids)
    with ProgressBar(total, description="get-contact", enabled=not args.no_progress) as bar:
        results = client.iter_contacts(valid_ids())
        async with contextlib.aclosing(results):
            async for contact_id, result in results:
                if isinstance(result, Contact):
                    out.write(contact_line(result))
                else:
                    failures += 1
                    out.write(error_line(contact_id, result))
                bar.advance()
    out.flush()
    return 1 if failures else 0
