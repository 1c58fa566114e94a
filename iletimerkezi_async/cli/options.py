"""What the subcommands share: option types, the global options, and the client itself.

The global options (credentials, ``--base-url``, ``--allow-insecure-http``,
``--timeout``, ``--max-retries``, ``--concurrency``, ``--sender``) are listed once,
in :data:`GLOBAL_OPTIONS`. Every command that talks to the provider takes them all,
before or after its name (``iletimerkezi-async --timeout 30 get-balance`` or
``iletimerkezi-async get-balance --timeout 30``), as git, docker and aws do: a
subcommand calls :func:`add_client_options` on its parser and :func:`make_client` in
its ``run``, and gets the same defaults, environment variables and messages as
every other command. ``main`` moves the global options given before the command's
name to just after it (:func:`move_global_options`), so each command's own parser
reads them all.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeAlias

import attrs

from .._settings import (
    CLI_SPELLING,
    DEFAULT_BASE_URL,
    ENV_BASE_URL,
    ENV_HASH,
    ENV_KEY,
    ENV_SENDER,
    check_base_url,
    resolve_credentials,
)
from ..sansio.ids import MAX_CONTACT_ID_DIGITS, validate_contact_id
from ..sansio.messaging import MAX_SENDER_LENGTH
from ..sansio.numbers import normalize_number

if TYPE_CHECKING:
    from ..client import AsyncClient

__all__ = [
    "GLOBAL_OPTIONS",
    "CommandError",
    "GlobalOption",
    "Subcommands",
    "add_client_options",
    "add_global_options",
    "add_progress_option",
    "id_number",
    "make_client",
    "move_global_options",
    "non_negative_int",
    "phone_number",
    "port_number",
    "positive_int",
    "rate",
    "seconds",
    "sender_name",
]


Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What ``register(commands)`` receives: ``commands.add_parser(name, ...)`` adds a command.

(argparse names the type with a leading underscore but documents ``add_parser``.)
"""


class CommandError(Exception):
    """A failure the command reports in one line on stderr, without a traceback.

    ``status`` is the exit status: 2 (the default) for a usage mistake such as a
    missing credential, 1 for anything else.
    """

    def __init__(self, message: str, *, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def positive_int(text: str) -> int:
    """An argparse type: an int >= 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def non_negative_int(text: str) -> int:
    """An argparse type: an int >= 0."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 for any free one."""
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be in [0, 65535], got {value}")
    return value


def seconds(text: str) -> float:
    """An argparse type: a number of seconds > 0."""
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def rate(text: str) -> float:
    """An argparse type: a share in [0, 1)."""
    value = float(text)
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"must be in [0, 1), got {value}")
    return value


def id_number(text: str) -> int:
    """An argparse type: a provider id (contact, group, brand code), 1 to 30 digits."""
    try:
        return validate_contact_id(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an id (1 to {MAX_CONTACT_ID_DIGITS} digits), got {text!r}"
        ) from None


def phone_number(text: str) -> str:
    """An argparse type: a number as given, once it has a phone number's shape."""
    try:
        normalize_number(text, "NUMBER")
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def sender_name(text: str) -> str:
    """An argparse type: a sender name, 1 to 11 characters (spaces count)."""
    if not text:
        raise argparse.ArgumentTypeError("must not be empty")
    if len(text) > MAX_SENDER_LENGTH:
        raise argparse.ArgumentTypeError(
            f"must be at most {MAX_SENDER_LENGTH} characters, got {len(text)}: {text!r}"
        )
    return text


@attrs.frozen
class GlobalOption:
    """One option every command that talks to the provider takes, before or after its name.

    ``default`` is the value when the option is given nowhere; a command may have its
    own (``--concurrency``).
    """

    flag: str
    help: str
    default: object = None
    type: Callable[[str], object] = str
    metavar: str | None = None
    switch: bool = False  # a flag without a value (store_true)

    @property
    def dest(self) -> str:
        """The attribute of the parsed arguments that holds the value."""
        return self.flag.removeprefix("--").replace("-", "_")

    def add(
        self,
        parser: argparse.ArgumentParser | argparse._ArgumentGroup,
        *,
        default: object,
        help: str | None = None,
    ) -> None:
        """Add this option to ``parser`` with ``default`` (``help``: its own if None)."""
        shown = self.help if help is None else help
        if self.switch:
            parser.add_argument(self.flag, action="store_true", default=default, help=shown)
        else:
            parser.add_argument(
                self.flag, type=self.type, default=default, help=shown, metavar=self.metavar
            )


GLOBAL_OPTIONS: tuple[GlobalOption, ...] = (
    GlobalOption("--api-key", f"default: ${ENV_KEY}", metavar="KEY"),
    GlobalOption(
        "--api-hash",
        f"default: ${ENV_HASH} (prefer the variable: flags show in `ps`)",
        metavar="HASH",
    ),
    GlobalOption("--base-url", f"default: ${ENV_BASE_URL} or {DEFAULT_BASE_URL}", metavar="URL"),
    GlobalOption(
        "--allow-insecure-http",
        "allow a plain http:// --base-url to a host other than this machine",
        default=False,
        switch=True,
    ),
    GlobalOption(
        "--timeout",
        "seconds per read; default: 10 (5 to connect)",
        default=10.0,
        type=seconds,
        metavar="SECONDS",
    ),
    GlobalOption("--max-retries", "default: 2", default=2, type=non_negative_int, metavar="N"),
    GlobalOption(
        "--concurrency",
        "requests in flight at once; default: 32",
        default=32,
        type=positive_int,
        metavar="N",
    ),
    GlobalOption(
        "--sender",
        f"an approved sender, for send-sms; default: ${ENV_SENDER}",
        type=sender_name,
        metavar="NAME",
    ),
)
"""Every global option, in the order ``--help`` lists them."""


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """The global options on the top-level parser, for its ``--help``."""
    group = parser.add_argument_group(
        "global options (before or after the command; for the commands that talk to the provider)"
    )
    for option in GLOBAL_OPTIONS:
        option.add(group, default=argparse.SUPPRESS)


def add_client_options(parser: argparse.ArgumentParser, *, concurrency: int = 32) -> None:
    """Credentials and connection options, read by :func:`make_client`."""
    group = parser.add_argument_group("connection (also accepted before the command)")
    for option in GLOBAL_OPTIONS:
        if option.dest == "concurrency":
            help = f"requests in flight at once; default: {concurrency}"
            option.add(group, default=concurrency, help=help)
        else:
            option.add(group, default=option.default)


def move_global_options(argv: Sequence[str]) -> list[str]:
    """``argv`` with the global options given before the command moved just after its
    name, where the command's own parser reads them.

    ``--timeout 30 get-balance --sender X`` becomes ``get-balance --timeout 30 --sender
    X``: a value given after the name still wins (it comes later), and a command that
    does not take an option refuses it the same way wherever it was given. Without a
    command (``--help``, ``--version``, a mistake) ``argv`` is returned unchanged, for
    the top-level parser to answer.
    """
    before = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    for option in GLOBAL_OPTIONS:
        if option.switch:
            before.add_argument(option.flag, action="store_true", default=argparse.SUPPRESS)
        else:
            before.add_argument(option.flag, default=argparse.SUPPRESS)
    before.add_argument("command", nargs="?")
    before.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        found, unknown = before.parse_known_args(argv)
    except argparse.ArgumentError:  # e.g. an option without its value: the parser says so
        return list(argv)
    if found.command is None or unknown:
        return list(argv)
    moved: list[str] = []
    for option in GLOBAL_OPTIONS:
        if not hasattr(found, option.dest):
            continue
        value = getattr(found, option.dest)
        if option.switch:
            moved.append(option.flag)
        elif value.startswith("-"):  # as one word, or it would read as an option
            moved.append(f"{option.flag}={value}")
        else:
            moved += [option.flag, value]
    return [found.command, *moved, *found.rest]


def add_progress_option(parser: argparse.ArgumentParser) -> None:
    """``--no-progress``: no progress bar even on a terminal."""
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar, even on a terminal"
    )


def make_client(args: argparse.Namespace) -> AsyncClient:
    """An ``AsyncClient`` from :func:`add_client_options`' options.

    Raises :class:`CommandError` with a message in command-line terms
    (``--api-key``, ``--allow-insecure-http``) for missing credentials or a bad
    base URL. Call it inside the event loop that will use the client.
    """
    import httpx

    from ..client import AsyncClient

    base_url = args.base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
    try:
        # Checked here first only to word the messages for a shell user.
        credentials = resolve_credentials(args.api_key, args.api_hash, None, spelling=CLI_SPELLING)
        check_base_url(
            base_url, allow_insecure_http=args.allow_insecure_http, spelling=CLI_SPELLING
        )
        return AsyncClient(
            credentials.api_key,
            credentials.api_hash,
            base_url=base_url,
            allow_insecure_http=args.allow_insecure_http,
            timeout=httpx.Timeout(args.timeout, connect=min(5.0, args.timeout)),
            max_retries=args.max_retries,
            max_concurrency=args.concurrency,
            sender=args.sender,
        )
    except ValueError as error:
        raise CommandError(str(error)) from None
