"""``iletimerkezi-async fake``: the fake provider on a loopback port, for tests in any language."""

from __future__ import annotations

import argparse
import asyncio
import shlex
import signal
import sys
from typing import get_args

from .._settings import ENV_BASE_URL, ENV_HASH, ENV_KEY
from .options import CommandError, Subcommands, non_negative_int, port_number, rate

__all__ = ["exports_line", "register", "run"]

_HOST = "127.0.0.1"  # never another interface: the fake's credentials are public


def register(commands: Subcommands) -> None:
    """Add ``fake`` to the command line."""
    from ..testing.fake import Shape

    parser = commands.add_parser(
        "fake",
        help="serve the fake provider on 127.0.0.1 until Ctrl-C, for tests in any language",
        description=(
            f"Serve the fake iletimerkezi provider on {_HOST} with generated contacts "
            "1..N until Ctrl-C or SIGTERM. The first line on stdout is "
            f"'export {ENV_BASE_URL}=... {ENV_KEY}=... {ENV_HASH}=...' for a shell to eval; "
            "point any client, in any language, at those values."
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
    parser.set_defaults(run=run)


def exports_line(base_url: str, api_key: str, api_hash: str) -> str:
    """``export NAME=value ...`` for the fake's base URL and credentials, shell-quoted."""
    values = {ENV_BASE_URL: base_url, ENV_KEY: api_key, ENV_HASH: api_hash}
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
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Ctrl-C and SIGTERM are how this command is meant to end: stop cleanly, status 0.
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with fake.serve(_HOST, args.port) as base_url:
            # The fake's own, public test credentials: printing them is the point.
            print(exports_line(base_url, fake.api_key, fake.api_hash), flush=True)
            print(
                f"iletimerkezi-async: fake provider on {base_url} with contacts "
                f"1..{args.contacts}; Ctrl-C to stop",
                file=sys.stderr,
                flush=True,
            )
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
