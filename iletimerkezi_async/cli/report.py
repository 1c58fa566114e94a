"""``parse-report``: a delivery-report webhook body from stdin, printed as JSON."""

from __future__ import annotations

import argparse
import sys

from ..errors import DecodeError
from ..sansio import parse_delivery_report
from .commands import add_command, error_object, write

__all__ = ["register"]


async def _parse_report(args: argparse.Namespace) -> int:
    body = sys.stdin.buffer.read(args.max_bytes + 1)
    try:
        report = parse_delivery_report(body, max_bytes=args.max_bytes)
    except DecodeError as error:
        write(error_object(error))
        return 1
    write(report.to_dict())
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add parse-report to the parser."""
    report = add_command(
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
