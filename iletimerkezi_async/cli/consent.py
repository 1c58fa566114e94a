"""``consent-create`` and ``consent-show``: the provider's consent/create and consent/show."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import sys
from collections.abc import Iterable, Iterator

from ..errors import IletiMerkeziError
from ..sansio import ConsentRecord
from .commands import add_command, error_object, fail, make_client, write

__all__ = ["register"]


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
    except OSError as error:
        return fail(f"cannot read {args.file}: {error.strerror}")
    except ValueError as error:  # a malformed line
        return fail(str(error))
    async with make_client(args) as client:
        try:
            await client.consent_create(records, brand_code=args.brand_code)
        except ValueError as error:
            return fail(str(error))
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
            return fail(str(error))
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
    create.add_argument("--brand-code", required=True)
    show = add_command(
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
