"""Commands for the blacklist, İYS consent and delivery reports.

``get-blacklist`` (JSON Lines, every page), ``add-blacklist``/``delete-blacklist`` (a JSON
line per number), ``consent-create``/``consent-show`` (the provider's ``consent/create``
and ``consent/show``) and ``parse-report`` (a webhook body from stdin, as JSON).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import sys
from collections.abc import Awaitable, Callable, Iterable, Iterator

import httpx

from ..client import AsyncClient
from ..errors import APIError, DecodeError, IletiMerkeziError
from ..sansio import ConsentRecord, parse_delivery_report

__all__ = ["register"]

Run = Callable[[argparse.Namespace], Awaitable[int]]
_CREDENTIALS = (
    "Credentials come from ILETIMERKEZI_API_KEY and ILETIMERKEZI_API_HASH (or "
    "ILETIMERKEZI_SECRET), or the flags below."
)


def _write(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.buffer.write(text.encode() + b"\n")


def _error(error: Exception, **where: object) -> dict[str, object]:
    code = error.status_code if isinstance(error, APIError | DecodeError) else None
    message = error.message if isinstance(error, IletiMerkeziError) else str(error)
    return {**where, "error": type(error).__name__, "code": code, "message": message}


def _fail(message: str) -> int:
    print(f"iletimerkezi-async: {message}", file=sys.stderr)
    return 2


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


def _client_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", help="default: https://api.iletimerkezi.com/v1/")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds; default: 10")
    parser.add_argument("--max-retries", type=int, default=2, help="default: 2")
    parser.add_argument("--api-key", help="default: $ILETIMERKEZI_API_KEY")
    parser.add_argument(
        "--api-hash",
        help="default: $ILETIMERKEZI_API_HASH (prefer the variable: flags show in `ps`)",
    )


def _client(args: argparse.Namespace) -> AsyncClient:
    if not args.timeout > 0 or args.max_retries < 0:
        raise ValueError("--timeout must be > 0 and --max-retries >= 0")
    return AsyncClient(
        args.api_key,
        args.api_hash,
        base_url=args.base_url,
        timeout=httpx.Timeout(args.timeout, connect=min(5.0, args.timeout)),
        max_retries=args.max_retries,
    )


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    run: Run,
    summary: str,
    description: str,
    example: str,
    *,
    client: bool = True,
) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        name,
        help=summary,
        description=f"{description} {_CREDENTIALS if client else ''}".strip(),
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=run)
    if client:
        _client_flags(parser)
    return parser


async def _get_blacklist(args: argparse.Namespace) -> int:
    try:
        client = _client(args)
        numbers = client.iter_blacklist(start=args.start, end=args.end)
    except ValueError as error:
        return _fail(str(error))
    async with client, contextlib.aclosing(numbers):
        try:
            async for number in numbers:
                _write({"number": number})
            sys.stdout.flush()
        except IletiMerkeziError as error:
            _write(_error(error))
            return 1
        except BrokenPipeError:  # `| head`: the reader has all it wants
            # Nothing more can be written; keep the interpreter's last flush quiet.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


async def _each_number(args: argparse.Namespace, method: str) -> int:
    try:
        client = _client(args)
    except ValueError as error:
        return _fail(str(error))
    failures = 0
    async with client:
        call = client.add_blacklist if method == "add" else client.delete_blacklist
        for number in args.numbers:
            try:
                await call(number)
            except (IletiMerkeziError, ValueError) as error:
                failures += 1
                _write(_error(error, number=number))
            else:
                _write({"number": number, "ok": True})
    return 1 if failures else 0


async def _add_blacklist(args: argparse.Namespace) -> int:
    return await _each_number(args, "add")


async def _delete_blacklist(args: argparse.Namespace) -> int:
    return await _each_number(args, "delete")


def _records(lines: Iterable[str]) -> Iterator[ConsentRecord]:
    for index, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            when = datetime.datetime.fromisoformat(raw["consent_date"])
            yield ConsentRecord(
                recipient=raw["recipient"],
                type=raw["type"],
                status=raw["status"],
                source=raw["source"],
                consent_date=when,
                recipient_type=raw.get("recipient_type", "BIREYSEL"),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"line {index}: {type(error).__name__}: {error}") from None


async def _consent_create(args: argparse.Namespace) -> int:
    try:
        with contextlib.ExitStack() as stack:
            lines: Iterable[str] = sys.stdin
            if args.file != "-":
                lines = stack.enter_context(open(args.file, encoding="utf-8"))  # noqa: ASYNC230
            records = list(_records(lines))
        client = _client(args)
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error.strerror}")
    except ValueError as error:
        return _fail(str(error))
    async with client:
        try:
            await client.add_consents(records, brand_code=args.brand_code)
        except ValueError as error:
            return _fail(str(error))
        except IletiMerkeziError as error:
            _write(_error(error))
            return 1
    _write({"ok": True, "records": len(records)})
    return 0


async def _consent_show(args: argparse.Namespace) -> int:
    try:
        client = _client(args)
    except ValueError as error:
        return _fail(str(error))
    async with client:
        try:
            consent = await client.get_consent(
                args.recipient,
                brand_code=args.brand_code,
                recipient_type=args.recipient_type,
                type=args.type,
            )
        except ValueError as error:
            return _fail(str(error))
        except IletiMerkeziError as error:
            _write(_error(error, recipient=args.recipient))
            return 1
    _write(None if consent is None else consent.to_dict())
    return 0


async def _parse_report(args: argparse.Namespace) -> int:
    body = sys.stdin.buffer.read(args.max_bytes + 1)
    try:
        report = parse_delivery_report(body, max_bytes=args.max_bytes)
    except DecodeError as error:
        _write(_error(error))
        return 1
    _write(report.to_dict())
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add get-blacklist, add-blacklist, delete-blacklist, consent-create, consent-show
    and parse-report to the ``iletimerkezi-async`` parser."""
    get = _command(
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
        command = _command(
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
    create = _command(
        commands,
        "consent-create",
        _consent_create,
        "register İYS consents (consent/create) from JSON Lines",
        "Register 1 to 5,000 İYS consent records, read as JSON Lines with recipient, type "
        "(MESAJ/EPOSTA/ARAMA), status (ONAY/RET), source (HS_WEB...), consent_date (ISO time "
        "with offset) and optional recipient_type (BIREYSEL/TACIR).",
        "iletimerkezi-async consent-create --brand-code 696422 consents.jsonl",
    )
    create.add_argument("file", nargs="?", default="-", help="JSON Lines file; default: stdin")
    create.add_argument("--brand-code", required=True)
    show = _command(
        commands,
        "consent-show",
        _consent_show,
        "print a recipient's İYS consent (consent/show)",
        "Print the İYS consent of one recipient (number or e-mail) as JSON, or null when "
        "the provider has none of that type. No İYS record at all is an error with code 422.",
        "iletimerkezi-async consent-show +905057023100 --brand-code 696422 --type MESAJ",
    )
    show.add_argument("recipient")
    show.add_argument("--brand-code", required=True)
    show.add_argument("--recipient-type", default="BIREYSEL", choices=["BIREYSEL", "TACIR"])
    show.add_argument("--type", default="MESAJ", choices=["MESAJ", "EPOSTA", "ARAMA"])
    report = _command(
        commands,
        "parse-report",
        _parse_report,
        "read a delivery-report webhook body on stdin, print it as JSON",
        "Read one delivery-report body (the JSON the provider POSTs) from stdin and print "
        "it as {id, order_id, status, to, text}; an error object with exit status 1 when "
        "it is not a delivery report.",
        "curl -s ... | iletimerkezi-async parse-report",
        client=False,
    )
    report.add_argument("--max-bytes", type=int, default=64 * 1024, help="default: 65536")
