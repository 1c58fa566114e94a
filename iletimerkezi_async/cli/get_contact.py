"""``iletimerkezi-async get-contact``: look contacts up, JSON Lines on stdout."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from ..errors import InvalidArgumentError
from ..sansio.ids import MAX_CONTACT_ID_DIGITS
from .commands import error_object, write
from .inputs import open_ids
from .options import Subcommands, add_client_options, add_progress_option, make_client
from .progress import ProgressBar

__all__ = ["register", "run"]


def register(commands: Subcommands) -> None:
    """Add ``get-contact`` to the command line."""
    parser = commands.add_parser(
        "get-contact",
        help="look contacts up; one JSON line per id on stdout",
        description=(
            "Look contacts up concurrently and print one JSON object per id (JSON Lines, "
            "as each completes). Failures are objects with id (as given), error, code, message "
            "and may_have_been_applied, like every command's errors. "
            "Exit status is 0 only when every id succeeded. Ids come from the arguments, "
            "'-' or --ids-file (- for stdin), or stdin when it is piped and no ids are "
            "given. Credentials come from ILETIMERKEZI_API_KEY and ILETIMERKEZI_API_HASH "
            "(or ILETIMERKEZI_SECRET), or the flags below."
        ),
    )
    parser.add_argument("ids", nargs="*", metavar="ID", help="contact ids; - reads stdin")
    parser.add_argument(
        "--ids-file", metavar="FILE", help="read ids from FILE, one per line ('-' for stdin)"
    )
    add_client_options(parser)
    add_progress_option(parser)
    parser.set_defaults(run=run)


def _failure(error: Exception, given_id: object) -> dict[str, object]:
    failure = error_object(error, id=given_id)
    if isinstance(error, InvalidArgumentError):  # the library's words are Python's
        failure["message"] = f"not a contact id (1 to {MAX_CONTACT_ID_DIGITS} digits)"
    return failure


def run(args: argparse.Namespace) -> int:
    """Look up every id given; 0 when all succeeded, 1 when any failed."""
    return asyncio.run(_look_up(args))


async def _look_up(args: argparse.Namespace) -> int:
    failures = 0
    async with make_client(args) as client:
        with (
            open_ids(args.ids, args.ids_file) as source,
            ProgressBar(
                source.total,
                description="get-contact",
                enabled=not args.no_progress,
                writes_stdout=True,
            ) as bar,
        ):
            # Malformed ids come back in place, as InvalidArgumentError results.
            results = client.iter_contacts(source.ids)
            async with contextlib.aclosing(results):
                async for given_id, result in results:
                    if isinstance(result, Exception):
                        failures += 1
                        write(_failure(result, given_id))
                    else:
                        write(result)
                    bar.advance()
    sys.stdout.buffer.flush()
    return 1 if failures else 0
