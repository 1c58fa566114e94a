"""``iletimerkezi-async fake``: the fake provider on a loopback port, for tests in any language."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import shlex
import signal
import sys
from typing import TYPE_CHECKING, get_args

from .._settings import ENV_BASE_URL, ENV_HASH, ENV_KEY
from .options import CommandError, Subcommands, non_negative_int, port_number, positive_int, rate

if TYPE_CHECKING:
    from ..testing import FakeIletiMerkezi

__all__ = ["ENV_CONTROL_URL", "ENV_SENDER", "exports_line", "register", "run"]

_HOST = "127.0.0.1"  # never another interface: the fake's credentials are public
ENV_SENDER = "ILETIMERKEZI_SENDER"
ENV_CONTROL_URL = "ILETIMERKEZI_FAKE_URL"


def register(commands: Subcommands) -> None:
    """Add ``fake`` to the command line."""
    from ..testing.fake import Shape

    parser = commands.add_parser(
        "fake",
        help="serve the fake provider on 127.0.0.1 until Ctrl-C, for tests in any language",
        description=(
            f"Serve the fake iletimerkezi provider on {_HOST} with generated contacts "
            "1..N until Ctrl-C or SIGTERM. The first line on stdout is "
            f"'export {ENV_BASE_URL}=... {ENV_KEY}=... {ENV_HASH}=... {ENV_SENDER}=... "
            f"{ENV_CONTROL_URL}=...' for a shell to eval; point any client, in any "
            "language, at those values. The same port answers a control API under "
            "/_fake/: POST /_fake/deliver, GET /_fake/orders, POST /_fake/clock/advance."
        ),
        epilog=(
            "example: iletimerkezi-async fake --port 8765 "
            "--webhook-url http://127.0.0.1:8000/hooks --deliver-after 0"
        ),
    )
    parser.add_argument("--port", type=port_number, default=0, help="default: 0 (any free port)")
    parser.add_argument("--contacts", type=non_negative_int, default=100, help="default: 100")
    parser.add_argument(
        "--fault-rate",
        type=rate,
        default=0.0,
        help="share of answers faulted, split 5:2:1 into 503s, 429s and resets; default: 0",
    )
    parser.add_argument("--seed", type=int, default=0, help="contacts and faults; default: 0")
    parser.add_argument(
        "--shape", choices=get_args(Shape), default="current", help="answer shape; default: current"
    )
    _add_delivery_options(parser)
    parser.set_defaults(run=run)


def _add_delivery_options(parser: argparse.ArgumentParser) -> None:
    delivery = parser.add_argument_group("delivery reports")
    delivery.add_argument(
        "--webhook-url",
        type=_webhook_url,
        metavar="URL",
        help="POST each delivery report, in the provider's JSON, to URL",
    )
    delivery.add_argument(
        "--webhook-copies",
        type=positive_int,
        default=1,
        metavar="N",
        help="POST each report N times at once, to test deduplication; default: 1",
    )
    delivery.add_argument(
        "--deliver-after",
        type=_delay,
        metavar="SECONDS",
        help=(
            "deliver every order's messages SECONDS real seconds after it is due (a "
            "scheduled one when the fake's clock reaches its time); 0: at once; "
            "default: off (drive delivery with POST /_fake/deliver)"
        ),
    )
    delivery.add_argument(
        "--deliver-status",
        choices=("delivered", "undelivered"),
        default="delivered",
        help="how --deliver-after ends each message; default: delivered",
    )


def _webhook_url(text: str) -> str:
    import httpx

    try:
        url = httpx.URL(text)
    except httpx.InvalidURL:
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise argparse.ArgumentTypeError(f"must be an http:// or https:// URL, got {text!r}")
    return text


def _delay(text: str) -> float:
    value = float(text)
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be a number of seconds >= 0, got {text}")
    return value


def exports_line(values: dict[str, str]) -> str:
    """``export NAME=value ...``, each value shell-quoted."""
    return "export " + " ".join(f"{name}={shlex.quote(value)}" for name, value in values.items())


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; 0 after a clean stop."""
    return asyncio.run(_serve(args))


async def _serve(args: argparse.Namespace) -> int:
    from ..testing import FakeIletiMerkezi
    from .demo import fault_mix

    fake = FakeIletiMerkezi(seed=args.seed, shape=args.shape)
    fake.generate(args.contacts)
    fake.inject_mix(fault_mix(args.fault_rate))
    fake.webhooks.url = args.webhook_url
    fake.webhooks.copies = args.webhook_copies
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Ctrl-C and SIGTERM are how this command is meant to end: stop cleanly, status 0.
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with contextlib.AsyncExitStack() as stack:
            stack.push_async_callback(fake.webhooks.aclose)  # last, once nothing emits
            base_url = await stack.enter_async_context(fake.serve(_HOST, args.port))
            if args.deliver_after is not None:
                await stack.enter_async_context(
                    fake.auto_deliver(args.deliver_after, args.deliver_status)
                )
            _announce(fake, base_url, args)
            await stop.wait()
    except BrokenPipeError:
        raise  # stdout's reader went away: main() ends quietly
    except OSError as error:
        raise CommandError(
            f"cannot listen on {_HOST}:{args.port}: {error.strerror}", status=1
        ) from None
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    print(f"iletimerkezi-async: stopped after {fake.stats.requests} requests", file=sys.stderr)
    return 0


def _announce(fake: FakeIletiMerkezi, base_url: str, args: argparse.Namespace) -> None:
    """The export line on stdout (the fake's own, public test credentials: printing them
    is the point) and what is served on stderr."""
    control_url = base_url.removesuffix("v1/") + "_fake/"
    values = {
        ENV_BASE_URL: base_url,
        ENV_KEY: fake.api_key,
        ENV_HASH: fake.api_hash,
        ENV_SENDER: min(fake.senders),
        ENV_CONTROL_URL: control_url,
    }
    print(exports_line(values), flush=True)
    delivery = "delivery: POST /_fake/deliver"
    if args.deliver_after is not None:
        delivery = f"delivery: {args.deliver_status} {args.deliver_after:g} s after due"
    reports = f"; reports to {args.webhook_url}" if args.webhook_url else ""
    print(
        f"iletimerkezi-async: fake provider on {base_url} with contacts 1..{args.contacts}; "
        f"control API on {control_url}; {delivery}{reports}; Ctrl-C to stop",
        file=sys.stderr,
        flush=True,
    )
