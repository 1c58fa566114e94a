"""The global options (credentials, --base-url, --timeout ...) before or after every command.

Table-driven and in process: every global option, given before and after every command's
name, parses to the same thing; then each option, given either way, reaches the client
that talks to a fake provider on a loopback socket.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator

import pytest

from iletimerkezi_async.cli.main import COMMANDS, parse_args
from iletimerkezi_async.cli.options import GLOBAL_OPTIONS, GlobalOption
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

from .conftest import InProcess, json_lines

# The least each command needs to parse. A new command must be added here.
ARGUMENTS: dict[str, list[str]] = {
    "get-contact": ["1007"],
    "add-contact": ["--name", "Ayşe"],
    "edit-contact": ["1007", "--name", "Ayşe"],
    "delete-contact": ["1007"],
    "search-contacts": ["ayşe"],
    "get-group-contacts": ["12"],
    "get-groups": [],
    "get-group": ["12"],
    "add-group": ["Bayiler"],
    "edit-group": ["13", "--name", "Bayiler"],
    "delete-group": ["13"],
    "send-sms": ["--text", "Merhaba", "5051234567"],
    "cancel-order": ["428"],
    "get-report": ["428"],
    "get-reports": ["--start", "2026-04-01", "--end", "2026-04-30"],
    "get-balance": [],
    "get-sender": [],
    "get-blacklist": [],
    "add-blacklist": ["5051234567"],
    "delete-blacklist": ["5051234567"],
    "consent-create": ["--brand-code", "696422"],
    "consent-show": ["5051234567", "--brand-code", "696422"],
    "parse-report": [],
    "hash": [],
    "demo": [],
    "fake": [],
}

# The commands that do not talk to the provider take only the options they use.
TAKEN_BY = {"hash": {"--api-key"}, "demo": {"--concurrency"}, "fake": set(), "parse-report": set()}

# What each option is given as, and what the parsed arguments must then hold.
GIVEN: dict[str, tuple[list[str], object]] = {
    "--api-key": (["--api-key", "key-7"], "key-7"),
    "--api-hash": (["--api-hash", "hash-7"], "hash-7"),
    "--base-url": (["--base-url", "http://127.0.0.1:9/v1/"], "http://127.0.0.1:9/v1/"),
    "--allow-insecure-http": (["--allow-insecure-http"], True),
    "--timeout": (["--timeout", "7.5"], 7.5),
    "--max-retries": (["--max-retries", "5"], 5),
    "--concurrency": (["--concurrency", "3"], 3),
    "--sender": (["--sender", "ACME"], "ACME"),
}


def _command_names() -> list[str]:
    commands = argparse.ArgumentParser().add_subparsers()
    for command in COMMANDS:
        command.register(commands)
    return list(commands.choices)


COMMAND_NAMES = _command_names()


def test_the_tables_cover_every_command_and_option() -> None:
    assert sorted(ARGUMENTS) == sorted(COMMAND_NAMES)
    assert sorted(GIVEN) == sorted(option.flag for option in GLOBAL_OPTIONS)


def _outcome(
    argv: list[str], option: GlobalOption, capsys: pytest.CaptureFixture[str]
) -> tuple[str, object]:
    try:
        args = parse_args(argv)
    except SystemExit as exited:
        message = capsys.readouterr().err.strip().splitlines()[-1]
        return f"exit {exited.code}", message.split("error: ", 1)[-1]
    return "parsed", getattr(args, option.dest)


@pytest.mark.parametrize("option", GLOBAL_OPTIONS, ids=lambda option: option.flag)
@pytest.mark.parametrize("command", COMMAND_NAMES)
def test_a_global_option_means_the_same_before_or_after_the_command(
    command: str, option: GlobalOption, capsys: pytest.CaptureFixture[str]
) -> None:
    given, expected = GIVEN[option.flag]
    before = _outcome([*given, command, *ARGUMENTS[command]], option, capsys)
    after = _outcome([command, *ARGUMENTS[command], *given], option, capsys)
    assert before == after
    if option.flag in TAKEN_BY.get(command, {o.flag for o in GLOBAL_OPTIONS}):
        assert before == ("parsed", expected)
    else:
        shown = " ".join(given).replace("hash-7", "***")  # the hash is never echoed
        assert before == ("exit 2", f"unrecognized arguments: {shown}")


@pytest.mark.parametrize("command", [c for c in COMMAND_NAMES if c not in TAKEN_BY])
def test_a_command_that_talks_to_the_provider_has_every_default(command: str) -> None:
    args = parse_args([command, *ARGUMENTS[command]])
    defaults = {option.dest: getattr(args, option.dest) for option in GLOBAL_OPTIONS}
    assert defaults == {
        "api_key": None,
        "api_hash": None,
        "base_url": None,
        "allow_insecure_http": False,
        "timeout": 10.0,
        "max_retries": 2,
        "concurrency": 32,
        "sender": None,
    }


@pytest.mark.parametrize(
    ("argv", "timeout"),
    [
        (["--timeout", "1", "get-balance", "--timeout", "2"], 2.0),  # the later one wins
        (["--time", "3", "get-balance"], 3.0),  # an abbreviation, as argparse allows
        (["--timeout=4", "get-balance"], 4.0),
    ],
)
def test_forms_of_a_global_option(argv: list[str], timeout: float) -> None:
    assert parse_args(argv).timeout == timeout


def test_a_value_that_looks_like_an_option_is_kept() -> None:
    args = parse_args(["--api-key=-k-", "--api-hash", "", "get-balance"])
    assert (args.api_key, args.api_hash) == ("-k-", "")


def test_a_bad_value_before_the_command_is_the_commands_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(["--timeout", "0", "get-balance"])
    assert exited.value.code == 2
    assert "argument --timeout: must be > 0, got 0" in capsys.readouterr().err


@pytest.mark.parametrize("given", [["--api-hash", "s3cret"], ["--api-hash=s3cret"]])
@pytest.mark.parametrize("before", [True, False])
def test_a_hash_a_command_does_not_take_is_not_echoed(
    given: list[str], before: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*given, "fake"] if before else ["fake", *given]
    with pytest.raises(SystemExit) as exited:
        parse_args(argv)
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "s3cret" not in error
    assert "unrecognized arguments: --api-hash" in error


def test_demo_takes_its_concurrency_before_its_name_too() -> None:
    assert parse_args(["--concurrency", "7", "demo"]).concurrency == 7
    assert parse_args(["demo"]).concurrency == 50  # its own default


# -- each option reaches the client -------------------------------------------------------


@pytest.fixture
async def fake_and_env() -> AsyncIterator[tuple[FakeIletiMerkezi, str, dict[str, str]]]:
    fake = FakeIletiMerkezi()
    async with fake.serve() as base_url:
        env = {
            "ILETIMERKEZI_API_KEY": fake.api_key,
            "ILETIMERKEZI_API_HASH": fake.api_hash,
            "ILETIMERKEZI_BASE_URL": base_url,
        }
        yield fake, base_url, env


Served = tuple[FakeIletiMerkezi, str, dict[str, str]]
BOTH_WAYS = pytest.mark.parametrize("before", [True, False], ids=["before", "after"])


def _placed(before: bool, options: list[str], command: list[str]) -> list[str]:
    return [*options, *command] if before else [*command, *options]


@BOTH_WAYS
@pytest.mark.parametrize("flag", ["--api-key", "--api-hash"])
async def test_credentials(
    fake_and_env: Served, cli_in_process: InProcess, before: bool, flag: str
) -> None:
    _, _, env = fake_and_env
    ran = await cli_in_process(*_placed(before, [flag, "wrong"], ["get-balance"]), env=env)
    assert ran.code == 1
    assert json_lines(ran.stdout)[0]["code"] == 401  # type: ignore[index]


@BOTH_WAYS
async def test_base_url(fake_and_env: Served, cli_in_process: InProcess, before: bool) -> None:
    _, base_url, env = fake_and_env
    env = {**env, "ILETIMERKEZI_BASE_URL": "http://127.0.0.1:9/v1/"}  # nothing listens
    ran = await cli_in_process(*_placed(before, ["--base-url", base_url], ["get-sender"]), env=env)
    assert (ran.code, json_lines(ran.stdout)) == (0, ["APITEST"]), ran.stderr


@BOTH_WAYS
async def test_allow_insecure_http(
    fake_and_env: Served, cli_in_process: InProcess, before: bool
) -> None:
    _, _, env = fake_and_env
    env = {**env, "ILETIMERKEZI_BASE_URL": "http://provider.example/v1/"}
    ran = await cli_in_process("get-balance", "--max-retries", "0", env=env)
    assert ran.code == 2
    assert "--allow-insecure-http" in ran.stderr
    command = ["get-balance", "--max-retries", "0"]
    ran = await cli_in_process(*_placed(before, ["--allow-insecure-http"], command), env=env)
    # Let through to the network (which the test suite keeps on this machine).
    assert ran.code == 1
    assert json_lines(ran.stdout)[0]["error"] == "TransportError"  # type: ignore[index]


@BOTH_WAYS
async def test_timeout(fake_and_env: Served, cli_in_process: InProcess, before: bool) -> None:
    fake, _, env = fake_and_env
    fake.script(Fault.stall(5))
    options = ["--timeout", "0.2", "--max-retries", "0"]
    ran = await cli_in_process(*_placed(before, options, ["get-balance"]), env=env)
    assert ran.code == 1
    assert json_lines(ran.stdout)[0]["error"] == "TimeoutError"  # type: ignore[index]


@BOTH_WAYS
async def test_max_retries(fake_and_env: Served, cli_in_process: InProcess, before: bool) -> None:
    fake, _, env = fake_and_env
    fake.script(Fault.server_error(503), Fault.server_error(503))
    ran = await cli_in_process(*_placed(before, ["--max-retries", "1"], ["get-sender"]), env=env)
    assert ran.code == 1
    assert fake.stats.requests == 2


@BOTH_WAYS
async def test_concurrency(fake_and_env: Served, cli_in_process: InProcess, before: bool) -> None:
    fake, _, env = fake_and_env
    fake.generate(6)
    fake.inject(Fault.latency(0.05), 1.0)
    command = ["get-contact", "1", "2", "3", "4", "5", "6"]
    ran = await cli_in_process(*_placed(before, ["--concurrency", "2"], command), env=env)
    assert ran.code == 0, ran.stderr
    assert fake.stats.max_in_flight == 2


@BOTH_WAYS
async def test_sender(fake_and_env: Served, cli_in_process: InProcess, before: bool) -> None:
    fake, _, env = fake_and_env
    fake.senders.add("ACME")
    command = ["send-sms", "--text", "Merhaba", "5051234567"]
    ran = await cli_in_process(*_placed(before, ["--sender", "ACME"], command), env=env)
    assert ran.code == 0, ran.stderr
    (order,) = fake.orders.values()
    assert order.sender == "ACME"
