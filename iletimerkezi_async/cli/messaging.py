"""``send-sms``, ``get-report``, ``get-reports``, ``cancel-order``, ``get-balance`` and
``get-sender``: JSON on stdout (JSON Lines for lists, streamed page by page)."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING

from .._settings import ENV_SENDER
from ..sansio.ids import MAX_CONTACT_ID_DIGITS, validate_order_id
from ..sansio.numbers import normalize_number
from ..sansio.times import in_istanbul
from .commands import client_command, fail, one, stream
from .options import CommandError, Subcommands, phone_number, sender_name

if TYPE_CHECKING:
    from ..client import AsyncClient

__all__ = ["register"]


def _aware(text: str) -> datetime.datetime:
    try:
        when = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date and time: {text!r}") from None
    if when.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} has no UTC offset; add one, e.g. {text}+03:00 for Istanbul time"
        )
    try:
        in_istanbul(when, repr(text))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return when


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _text(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty or blank")
    return text


def _order_id(text: str) -> str:
    try:
        return validate_order_id(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an order id (1 to {MAX_CONTACT_ID_DIGITS} digits), got {text!r}"
        ) from None


def _numbers(lines: Iterable[str], source: str) -> Iterator[str]:
    """The non-blank lines of ``lines``, each checked as a phone number."""
    for index, line in enumerate(lines, 1):
        if number := line.strip():
            try:
                normalize_number(number, f"line {index} of {source}")
            except ValueError as error:
                raise CommandError(str(error)) from None
            yield number


def _recipients(args: argparse.Namespace) -> list[str]:
    if args.recipients_file == "-" or (
        not args.recipients and args.recipients_file is None and not sys.stdin.isatty()
    ):
        return [*args.recipients, *_numbers(sys.stdin, "stdin")]
    if args.recipients_file is None:
        return list(args.recipients)
    try:
        with open(args.recipients_file, encoding="utf-8") as file:
            return [*args.recipients, *_numbers(file, args.recipients_file)]
    except OSError as error:
        raise CommandError(f"cannot read {args.recipients_file}: {error.strerror}") from None


def _check_sender(args: argparse.Namespace) -> None:
    """A usage error unless ``--sender`` or ``ILETIMERKEZI_SENDER`` gives a sender."""
    if args.sender is not None:
        return  # checked by its argparse type
    configured = os.environ.get(ENV_SENDER)
    if configured is None:
        raise CommandError(f"send-sms needs a sender: give --sender NAME, or set {ENV_SENDER}")
    try:
        sender_name(configured)
    except argparse.ArgumentTypeError as error:
        raise CommandError(f"{ENV_SENDER} {error}") from None


async def _send_sms(client: AsyncClient, args: argparse.Namespace) -> int:
    _check_sender(args)
    try:
        numbers = _recipients(args)
    except UnicodeDecodeError:
        return fail("the recipients are not UTF-8 text")
    if not numbers:
        return fail("give recipients as arguments, --recipients-file FILE, or on stdin")
    sending = client.send_sms(
        numbers, args.text, send_at=args.send_at, iys=not args.no_iys, iys_list=args.iys_list
    )
    return await one(sending)


async def _get_report(client: AsyncClient, args: argparse.Namespace) -> int:
    return await stream(client.iter_report(args.order_id), id=args.order_id)


async def _get_reports(client: AsyncClient, args: argparse.Namespace) -> int:
    if args.end < args.start:
        return fail(f"get-reports: --end ({args.end}) is before --start ({args.start})")
    return await stream(client.iter_reports(args.start, args.end))


async def _cancel_order(client: AsyncClient, args: argparse.Namespace) -> int:
    async def cancelled() -> dict[str, object]:
        await client.cancel_order(args.order_id)
        return {"id": args.order_id, "cancelled": True}

    return await one(cancelled(), id=args.order_id)


async def _get_balance(client: AsyncClient, args: argparse.Namespace) -> int:
    return await one(client.get_balance())


async def _get_sender(client: AsyncClient, args: argparse.Namespace) -> int:
    async def senders() -> AsyncIterator[str]:
        for sender in await client.get_sender():
            yield sender

    return await stream(senders())


def register(commands: Subcommands) -> None:
    """Add the messaging and account subcommands to ``commands`` (argparse subparsers)."""
    _register_send(commands)
    _register_reports(commands)
    _register_account(commands)


def _register_send(commands: Subcommands) -> None:
    send = client_command(
        commands,
        "send-sms",
        _send_sms,
        "send one text to many numbers; prints the order",
        "iletimerkezi-async send-sms --sender ACME --text 'Kargonuz yolda' 05051234567",
        description=(
            "Send --text to every number given (arguments, --recipients-file, or stdin one per "
            'line); duplicates are sent once. Prints {"id": ...}; on failure an error object '
            "with code and may_have_been_applied (if true, the order may exist: check "
            "get-reports before sending again). The sender comes from --sender or "
            "ILETIMERKEZI_SENDER."
        ),
    )
    send.add_argument(
        "recipients", nargs="*", metavar="NUMBER", type=phone_number, help="recipient numbers"
    )
    send.add_argument("--recipients-file", metavar="FILE", help="one number per line ('-': stdin)")
    send.add_argument("--text", required=True, type=_text, help="the message text")
    send.add_argument(
        "--send-at",
        type=_aware,
        help="schedule, ISO 8601 with offset: 2026-05-04T09:30+03:00; not in the past",
    )
    send.add_argument("--no-iys", action="store_true", help="do not check İYS consent")
    send.add_argument("--iys-list", choices=("BIREYSEL", "TACIR"), default="BIREYSEL")

    cancel = client_command(
        commands,
        "cancel-order",
        _cancel_order,
        "cancel a scheduled order that has not started",
        "iletimerkezi-async cancel-order 312891245",
        description=(
            'Cancel a scheduled order. Prints {"id", "cancelled": true}; an order that '
            "started, finished or does not exist is an error with code 455."
        ),
    )
    cancel.add_argument("order_id", metavar="ORDER_ID", type=_order_id)


def _register_reports(commands: Subcommands) -> None:
    report = client_command(
        commands,
        "get-report",
        _get_report,
        "every recipient's delivery status of an order (JSON Lines)",
        "iletimerkezi-async get-report 312891245 | grep -c '\"status\":111'",
        description=(
            'Stream one {"number", "status"} line per recipient (110 sending, 111 delivered, '
            "112 undelivered), every page."
        ),
    )
    report.add_argument("order_id", metavar="ORDER_ID", type=_order_id)

    listing = client_command(
        commands,
        "get-reports",
        _get_reports,
        "every order submitted in a date range (JSON Lines)",
        "iletimerkezi-async get-reports --start 2026-04-01 --end 2026-04-30",
        description=(
            "Stream one line per order submitted from --start to --end (days, both included, "
            "Istanbul time); any range, walked in 10-day windows."
        ),
    )
    listing.add_argument("--start", type=_day, required=True, metavar="YYYY-MM-DD")
    listing.add_argument("--end", type=_day, required=True, metavar="YYYY-MM-DD")


def _register_account(commands: Subcommands) -> None:
    client_command(
        commands,
        "get-balance",
        _get_balance,
        "the account's money and SMS credit",
        "iletimerkezi-async get-balance",
        description='Print {"amount": "10.584", "sms": 67} (amount in TRY, as a decimal string).',
    )
    client_command(
        commands,
        "get-sender",
        _get_sender,
        "the account's approved senders (JSON Lines)",
        "iletimerkezi-async get-sender",
        description="Print each approved sender name as a JSON string, one per line.",
    )
