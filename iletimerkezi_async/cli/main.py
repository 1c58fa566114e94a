"""Argument parsing and dispatch for ``iletimerkezi-async``.

Each subcommand is a module with ``register(commands)``, which adds its parser and
sets ``run`` as its default, and ``run(args) -> int``. Adding one is a module and
a line in :data:`COMMANDS`; shared options live in :mod:`.options`. The global
options (credentials, ``--base-url``, ``--timeout`` ...) are taken before or after
the command's name.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .._version import __version__
from . import blacklist, consent, demo, fake, get_contact, messaging, phonebook, report
from . import hash as hash_
from .options import CommandError, add_global_options, move_global_options

__all__ = ["COMMANDS", "build_parser", "main", "parse_args"]

COMMANDS = (
    get_contact,
    phonebook,
    messaging,
    blacklist,
    consent,
    report,
    hash_,
    demo,
    fake,
)
"""The subcommand modules, in the order ``--help`` lists them."""

# What a shell reports for a process killed by SIGPIPE (128 + 13), as `yes | head -1`.
_BROKEN_PIPE_STATUS = 141


def build_parser() -> argparse.ArgumentParser:
    """The parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="iletimerkezi-async",
        description="Async client for the iletimerkezi.com JSON API.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_global_options(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line parsed, the global options read wherever they stood.

    A usage error (status 2) exits, as argparse does.
    """
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser()
    args, unknown = parser.parse_known_args(move_global_options(argv))
    if unknown:  # as parse_args says it, without the hash a command did not take
        parser.error(f"unrecognized arguments: {' '.join(_hash_hidden(unknown))}")
    return args


def _hash_hidden(words: list[str]) -> list[str]:
    """``words`` with the value of any ``--api-hash`` shown as ``***``."""
    shown = []
    for index, word in enumerate(words):
        if word.startswith("--api-hash="):
            word = "--api-hash=***"
        elif index and words[index - 1] == "--api-hash":
            word = "***"
        shown.append(word)
    return shown


def _silence_stdout() -> None:
    # The reader went away (`| head -1`). Python would try to flush stdout again at
    # exit and print "Exception ignored ... BrokenPipeError": send the rest nowhere.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    A closed stdout (``| head``) ends any command quietly with status 141, as if
    killed by SIGPIPE; Ctrl-C ends it with 130; neither prints a traceback.
    """
    try:
        try:
            args = parse_args(argv)
            status: int = args.run(args)
            return status
        finally:
            # Here (after --help too), so that a closed pipe is seen now, not at exit.
            sys.stdout.flush()
    except CommandError as error:
        print(f"iletimerkezi-async: {error}", file=sys.stderr)
        return error.status
    except BrokenPipeError:
        _silence_stdout()
        return _BROKEN_PIPE_STATUS
    except KeyboardInterrupt:
        print("iletimerkezi-async: interrupted", file=sys.stderr)
        return 130
