"""get-blacklist, add-blacklist and delete-blacklist, run as a user would (a subprocess)
against the fake provider on a loopback socket."""

from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import json_lines as objects
from .conftest import run_cli


async def test_blacklist_round_trip(
    fake_on_socket: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    fake, env = fake_on_socket
    numbers = [f"+90505{index:07d}" for index in range(2345)]
    for number in numbers:
        fake.blacklist.add(number)
    ran = await run_cli("add-blacklist", "0532 111 22 33", "12ab", "+90123", env=env)
    assert ran.code == 1
    added, malformed, refused = objects(ran.stdout)
    assert added == {"number": "0532 111 22 33", "ok": True}
    assert malformed["error"] == "ValueError"  # type: ignore[index]
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
    assert "after end" in ran.stderr


async def test_help_has_an_example() -> None:
    ran = await run_cli("get-blacklist", "--help")
    assert ran.code == 0
    assert "example:" in ran.stdout
    assert "iletimerkezi-async get-blacklist --start" in ran.stdout
