"""get-blacklist, add-blacklist and delete-blacklist, run as a user would (a subprocess)
against the fake provider on a loopback socket."""

import pytest

from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import FakeProcess, run_cli, run_with_closed_stdout
from .conftest import json_lines as objects


async def test_blacklist_round_trip(
    fake_on_socket: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    fake, env = fake_on_socket
    numbers = [f"+90505{index:07d}" for index in range(2345)]
    for number in numbers:
        fake.blacklist.add(number)
    ran = await run_cli("add-blacklist", "0532 111 22 33", "+90123", env=env)
    assert ran.code == 1
    added, refused = objects(ran.stdout)
    assert added == {"number": "0532 111 22 33", "ok": True}
    assert refused["code"] == 466  # type: ignore[index]
    ran = await run_cli("get-blacklist", env=env)
    assert ran.code == 0, ran.stderr
    assert objects(ran.stdout) == [{"number": n} for n in [*numbers, "+905321112233"]]
    ran = await run_cli("delete-blacklist", "+905321112233", "+905321112233", env=env)
    assert ran.code == 1
    assert [line.get("code") for line in objects(ran.stdout)] == [None, 474]  # type: ignore[attr-defined]


async def test_get_blacklist_filters_and_usage_errors(
    fake_on_socket: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    _, env = fake_on_socket
    ran = await run_cli("get-blacklist", "--start", "2020-01-01T00:00:00+03:00", env=env)
    assert (ran.code, ran.stdout) == (0, "")
    ran = await run_cli("get-blacklist", "--start", "2020-01-01T00:00:00", env=env)
    assert ran.code == 2
    assert "offset" in ran.stderr
    ran = await run_cli("get-blacklist", "--start", "2020-02-01", "--end", "2020-01-01", env=env)
    assert ran.code == 2
    assert "--start (2020-02-01 00:00:00) is after --end" in ran.stderr


async def test_help_has_an_example() -> None:
    ran = await run_cli("get-blacklist", "--help")
    assert ran.code == 0
    assert "example:" in ran.stdout
    assert "iletimerkezi-async get-blacklist --start" in ran.stdout


@pytest.mark.parametrize("command", ["add-blacklist", "delete-blacklist"])
async def test_a_malformed_number_is_a_usage_error_before_any_request(
    fake_on_socket: tuple[FakeIletiMerkezi, dict[str, str]], command: str
) -> None:
    fake, env = fake_on_socket
    fake.blacklist.add("+905321112233")
    ran = await run_cli(command, "+905051112233", "12ab", env=env)
    assert ran.code == 2  # like send-sms: a usage error, not a provider failure
    assert ran.stdout == ""
    assert "12ab" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert fake.stats.requests == 0  # the valid number before it was not sent either
    assert list(fake.blacklist) == ["+905321112233"]


def test_get_blacklist_into_a_closed_pipe_ends_like_every_command(fake_cli: FakeProcess) -> None:
    added = run_with_closed_stdout(
        "add-blacklist", "905051112233", "905051112244", env=fake_cli.env
    )
    assert added.code == 141
    ran = run_with_closed_stdout("get-blacklist", env=fake_cli.env)
    assert (ran.code, ran.stderr) == (141, "")
