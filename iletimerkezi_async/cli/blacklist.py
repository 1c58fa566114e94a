"""``get-blacklist`` (JSON Lines over every page), ``add-blacklist``, ``delete-blacklist``."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import sys

from ..errors import IletiMerkeziError
from .commands import add_command, error_object, fail, make_client, write

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


async def _get_blacklist(args: argparse.Namespace) -> int:
    try:
        client = make_client(args)
        numbers = client.iter_blacklist(start=args.start, end=args.end)
    except ValueError as error:
        return fail(str(error))
    async with client, contextlib.aclosing(numbers):
        try:
            async for number in numbers:
                write({"number": number})
            sys.stdout.flush()
        except IletiMerkeziError as error:
            write(error_object(error))
            return 1
        except BrokenPipeError:  # `| head`: the reader has all it wants
            # Nothing more can be written; keep the interpreter's last flush quiet.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


async def _each_number(args: argparse.Namespace, method: str) -> int:
    try:
        client = make_client(args)
    except ValueError as error:
        return fail(str(error))
    failures = 0
    async with client:
        call = client.add_blacklist if method == "add" else client.delete_blacklist
        for number in args.numbers:
            try:
                await call(number)
            except (IletiMerkeziError, ValueError) as error:
                failures += 1
                write(error_object(error, number=number))
            else:
                write({"number": number, "ok": True})
    return 1 if failures else 0


async def _add_blacklist(args: argparse.Namespace) -> int:
    return await _each_number(args, "add")


async def _delete_blacklist(args: argparse.Namespace) -> int:
    return await _each_number(args, "delete")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add get-blacklist, add-blacklist and delete-blacklist to the parser."""
    get = add_command(
        commands,
        "get-blacklist",
        _get_blacklist,
        "list every blocked number; one JSON line each",
        'Print every number on the account\'s blacklist as JSON Lines ({"number": ...}), '
        "streaming every page. --start/--end filter on when a number was blocked.",
        "iletimerkezi-async get-blacklist --start 2024-09-01 > blacklist.jsonl",
    )
    get.add_argument("--start", type=_when, help="a date (YYYY-MM-DD) or ISO time with offset")
    get.add_argument("--end", type=_when, help="a date (whole day included) or ISO time")
    for name, run, verb in (
        ("add-blacklist", _add_blacklist, "block"),
        ("delete-blacklist", _delete_blacklist, "unblock"),
    ):
        command = add_command(
            commands,
            name,
            run,
            f"{verb} numbers; one JSON line per number",
            f'{verb.capitalize()} each number, printing {{"number", "ok"}} or an error object '
            "(delete-blacklist of a number that is not blocked: code 474). Exit status 0 only "
            "when every number succeeded.",
            f"iletimerkezi-async {name} '+90 505 004 78 24' 905330000099",
        )
        command.add_argument("numbers", nargs="+", metavar="NUMBER")
