"""``consent-create`` and ``consent-show``: the provider's consent/create and consent/show."""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from collections.abc import Iterable

from ..errors import IletiMerkeziError
from ..sansio import ConsentRecord
from ..sansio.consent import MAX_CONSENT_RECORDS
from .commands import add_command, error_object, fail, make_client, write
from .options import CommandError, id_number
from .wording import reword

__all__ = ["register"]


_INPUT_KEYS = ("recipient", "type", "status", "source", "consent_date")


def _record(raw: object) -> ConsentRecord:
    """One input line's object as a record; ``ValueError`` in the input's own words."""
    if not isinstance(raw, dict):
        raise ValueError("expected a JSON object")
    missing = [key for key in _INPUT_KEYS if key not in raw]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    try:
        when = datetime.datetime.fromisoformat(raw["consent_date"])
    except (TypeError, ValueError):
        raise ValueError("consent_date is not an ISO 8601 date and time") from None
    if when.tzinfo is None:
        raise ValueError("consent_date needs its UTC offset, e.g. 2026-01-07T23:50:00+03:00")
    return ConsentRecord(
        recipient=raw["recipient"],
        type=raw["type"],
        status=raw["status"],
        source=raw["source"],
        consent_date=when,
        recipient_type=raw.get("recipient_type", "BIREYSEL"),
    )


def _records(lines: Iterable[str]) -> tuple[list[ConsentRecord], list[int]]:
    """The records of the non-blank ``lines``, and the line number of each."""
    records, numbers = [], []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(_record(json.loads(line)))
        except ValueError as error:  # json's errors too
            raise CommandError(f"line {number}: {error}") from None
        numbers.append(number)
    if not records:
        raise CommandError("no consent records: give JSON Lines in FILE or on stdin")
    if len(records) > MAX_CONSENT_RECORDS:
        raise CommandError(
            f"at most {MAX_CONSENT_RECORDS} consent records per call, got {len(records)}"
        )
    return records, numbers


def _on_its_line(error: ValueError, numbers: list[int]) -> str:
    """The library's ``records[i].field ...`` message, naming the input line instead."""
    message = str(error)
    if found := re.match(r"records\[(\d+)\]\.?", message):
        return f"line {numbers[int(found.group(1))]}: {message[found.end() :]}"
    return message


def _read_records(file: str) -> tuple[list[ConsentRecord], list[int]]:
    try:
        if file == "-":
            return _records(sys.stdin)
        with open(file, encoding="utf-8") as lines:
            return _records(lines)
    except OSError as error:
        raise CommandError(f"cannot read {file}: {error.strerror}") from None


async def _consent_create(args: argparse.Namespace) -> int:
    records, numbers = _read_records(args.file)
    async with make_client(args) as client:
        try:
            await client.consent_create(records, brand_code=args.brand_code)
        except ValueError as error:
            return fail(_on_its_line(error, numbers))
        except IletiMerkeziError as error:
            write(error_object(error))
            return 1
    write({"ok": True, "records": len(records)})
    return 0


async def _consent_show(args: argparse.Namespace) -> int:
    async with make_client(args) as client:
        try:
            consent = await client.consent_show(
                args.recipient,
                brand_code=args.brand_code,
                recipient_type=args.recipient_type,
                type=args.type,
            )
        except ValueError as error:
            return fail(reword(str(error), {"recipient": "RECIPIENT"}))
        except IletiMerkeziError as error:
            write(error_object(error, recipient=args.recipient))
            return 1
    write(None if consent is None else consent.to_dict())
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add consent-create and consent-show to the parser."""
    create = add_command(
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
    create.add_argument("--brand-code", required=True, type=id_number)
    show = add_command(
        commands,
        "consent-show",
        _consent_show,
        "print a recipient's İYS consent (consent/show)",
        "Print the İYS consent of one recipient (number or e-mail) as JSON, or null when "
        "the provider has none of that type. No İYS record at all is an error with code 422.",
        "iletimerkezi-async consent-show +905057023100 --brand-code 696422 --type MESAJ",
    )
    show.add_argument("recipient", metavar="RECIPIENT")
    show.add_argument("--brand-code", required=True, type=id_number)
    show.add_argument("--recipient-type", default="BIREYSEL", choices=["BIREYSEL", "TACIR"])
    show.add_argument("--type", default="MESAJ", choices=["MESAJ", "EPOSTA", "ARAMA"])
