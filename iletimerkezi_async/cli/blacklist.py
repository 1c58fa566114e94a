"""``get-blacklist`` (JSON Lines over every page), ``add-blacklist``, ``delete-blacklist``."""

from __future__ import annotations

import argparse
import contextlib
import datetime
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from ..errors import IletiMerkeziError
from ..sansio.times import istanbul_text
from .commands import client_command, error_object, fail, stream, write
from .options import phone_number

if TYPE_CHECKING:
    from ..client import AsyncClient

__all__ = ["register"]


def _when(text: str) -> datetime.date | datetime.datetime:
    """``2024-09-27`` (a date) or an ISO time with its offset (``2024-09-27T10:00+03:00``)."""
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date or an ISO date and time: {text!r}") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"give the offset too (e.g. {text}+03:00)")
    return value


def _window_error(args: argparse.Namespace) -> str | None:
    """What is wrong with ``--start``/``--end``, in their names, or None."""
    try:
        first = None if args.start is None else istanbul_text(args.start, "--start")
        last = None if args.end is None else istanbul_text(args.end, "--end", end_of_day=True)
    except ValueError as error:
        return str(error)
    if first is not None and last is not None and first > last:
        return f"--start ({first}) is after --end ({last}), Istanbul time"
    return None


async def _get_blacklist(client: AsyncClient, args: argparse.Namespace) -> int:
    if (problem := _window_error(args)) is not None:
        return fail(f"get-blacklist: {problem}")
    numbers = client.iter_blacklist(start=args.start, end=args.end)
    async with contextlib.aclosing(numbers):
        return await stream(_rows(numbers))


async def _rows(numbers: AsyncIterator[str]) -> AsyncIterator[dict[str, str]]:
    async for number in numbers:
        yield {"number": number}


async def _each_number(client: AsyncClient, args: argparse.Namespace) -> int:
    failures = 0
    call = client.add_blacklist if args.command == "add-blacklist" else client.delete_blacklist
    for number in args.numbers:
        try:
            await call(number)
        except IletiMerkeziError as error:
            failures += 1
            write(error_object(error, number=number))
        else:
            write({"number": number, "ok": True})
    return 1 if failures else 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add get-blacklist, add-blacklist and delete-blacklist to the parser."""
    get = client_command(
        commands,
        "get-blacklist",
        _get_blacklist,
        "list every blocked number; one JSON line each",
        "iletimerkezi-async get-blacklist --start 2024-09-01 > blacklist.jsonl",
        description='Print every number on the account\'s blacklist as JSON Lines ({"number": '
        "...}), streaming every page. --start/--end filter on when a number was blocked.",
    )
    get.add_argument("--start", type=_when, help="a date (YYYY-MM-DD) or ISO time with offset")
    get.add_argument("--end", type=_when, help="a date (whole day included) or ISO time")
    for name, verb in (("add-blacklist", "block"), ("delete-blacklist", "unblock")):
        command = client_command(
            commands,
            name,
            _each_number,
            f"{verb} numbers; one JSON line per number",
            f"iletimerkezi-async {name} '+90 505 004 78 24' 905330000099",
            description=f'{verb.capitalize()} each number, printing {{"number", "ok"}} or an '
            "error object (delete-blacklist of a number that is not blocked: code 474). Exit "
            "status 0 only when every number succeeded; a malformed number is a usage error "
            "(exit status 2) before any request.",
        )
        command.add_argument("numbers", nargs="+", metavar="NUMBER", type=phone_number)
