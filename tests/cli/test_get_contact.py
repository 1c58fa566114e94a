import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

from .conftest import COMMAND, cli_env, run_cli


@pytest.fixture
async def served() -> AsyncIterator[tuple[FakeIletiMerkezi, dict[str, str]]]:
    fake = FakeIletiMerkezi(shape="legacy")
    fake.generate(20)
    async with fake.serve() as base_url:
        env = {
            "ILETIMERKEZI_API_KEY": fake.api_key,
            "ILETIMERKEZI_API_HASH": fake.api_hash,
            "ILETIMERKEZI_BASE_URL": base_url,
        }
        yield fake, env


def lines(stdout: str) -> dict[object, dict[str, object]]:
    return {obj["id"]: obj for obj in map(json.loads, stdout.splitlines())}


async def test_prints_one_json_line_per_id(
    served: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    fake, env = served
    ran = await run_cli("get-contact", "1", "2", "3", env=env)
    assert ran.code == 0, ran.stderr
    out = lines(ran.stdout)
    assert sorted(out) == [1, 2, 3]
    for contact_id in (1, 2, 3):
        contact = fake.contacts[contact_id]
        assert out[contact_id]["name"] == contact.name
        assert out[contact_id]["surname"] == contact.surname
        assert out[contact_id]["groups"] == list(contact.groups)
        assert out[contact_id]["custom_fields"] == [
            {"id": f.id, "value": f.value} for f in contact.custom_fields
        ]


async def test_turkish_letters_are_utf8_not_escaped(
    served: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    fake, env = served
    ran = await run_cli("get-contact", *map(str, fake.contacts), env=env)
    assert ran.code == 0, ran.stderr
    assert "\\u" not in ran.stdout
    names = "".join(c.name + c.surname for c in fake.contacts.values())
    assert set(names) & set("çğıİöşüÇĞÖŞÜ")  # the generator does produce them
    for contact in fake.contacts.values():
        assert contact.name in ran.stdout


async def test_failures_are_json_objects_and_exit_status_is_nonzero(
    served: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    _, env = served
    ran = await run_cli("get-contact", "1", "999", "12a", env=env)
    assert ran.code == 1
    out = lines(ran.stdout)
    assert out[1]["id"] == 1
    # The one error format every command prints: the id as given, the class, the code.
    assert out[999] == {
        "id": 999,
        "error": "ContactNotFoundError",
        "code": 465,
        "message": out[999]["message"],
        "contact_id": 999,
        "may_have_been_applied": False,
    }
    assert out["12a"]["error"] == "InvalidArgumentError"
    assert out["12a"]["code"] is None
    assert out["12a"]["may_have_been_applied"] is False
    assert "contact id" in out["12a"]["message"]


async def test_ids_from_a_file_and_from_stdin(
    served: tuple[FakeIletiMerkezi, dict[str, str]], tmp_path: Path
) -> None:
    _, env = served
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text("4\n5\n\n6\n", encoding="utf-8")
    from_file = await run_cli("get-contact", "--ids-file", str(ids_file), env=env)
    assert from_file.code == 0, from_file.stderr
    assert sorted(lines(from_file.stdout)) == [4, 5, 6]
    from_stdin = await run_cli("get-contact", "--ids-file", "-", env=env, stdin=b"7\n8\n")
    assert from_stdin.code == 0, from_stdin.stderr
    assert sorted(lines(from_stdin.stdout)) == [7, 8]


async def test_flags_override_the_environment(
    served: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    fake, env = served
    fake.script(Fault.server_error(503), Fault.server_error(503))
    ran = await run_cli(
        "get-contact",
        "1",
        "--max-retries",
        "0",
        "--concurrency",
        "1",
        "--timeout",
        "5",
        "--base-url",
        env["ILETIMERKEZI_BASE_URL"],
        env={k: v for k, v in env.items() if k != "ILETIMERKEZI_BASE_URL"},
    )
    assert ran.code == 1
    assert lines(ran.stdout)[1]["code"] == 503
    assert fake.stats.requests == 1


async def test_wrong_credentials_are_401_and_never_echoed(
    served: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    _, env = served
    secret_hash = "WRONG-HASH-THAT-MUST-NOT-BE-ECHOED"
    ran = await run_cli("get-contact", "1", "--api-hash", secret_hash, env=env)
    assert ran.code == 1
    assert lines(ran.stdout)[1]["code"] == 401
    assert secret_hash not in ran.stdout + ran.stderr


async def test_missing_credentials_is_a_clear_error() -> None:
    ran = await run_cli("get-contact", "1")
    assert ran.code == 2
    assert "ILETIMERKEZI_API_KEY" in ran.stderr
    assert "Traceback" not in ran.stderr


@pytest.mark.parametrize(
    ("env", "wanted"),
    [
        ({}, ("--api-key and --api-hash", "ILETIMERKEZI_API_KEY", "ILETIMERKEZI_API_HASH")),
        ({"ILETIMERKEZI_API_KEY": "k"}, ("--api-hash", "ILETIMERKEZI_SECRET")),
    ],
)
async def test_missing_credentials_name_the_flags_not_python_arguments(
    env: dict[str, str], wanted: tuple[str, ...]
) -> None:
    ran = await run_cli("get-contact", "1", env=env)
    assert ran.code == 2
    for text in wanted:
        assert text in ran.stderr
    assert "api_key=" not in ran.stderr
    assert "api_hash=" not in ran.stderr
    assert "secret=" not in ran.stderr


async def test_an_empty_api_hash_flag_is_named(
    served: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    _, env = served
    ran = await run_cli("get-contact", "1", "--api-hash", "", env=env)
    assert ran.code == 2
    assert "--api-hash was given but is empty" in ran.stderr


async def test_plain_http_elsewhere_needs_the_allow_insecure_http_flag(
    served: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    fake, env = served
    # 0.0.0.0 is not a loopback address to the client, yet Linux connects it to this
    # machine: a non-loopback http URL that stays on the box.
    port = env["ILETIMERKEZI_BASE_URL"].rsplit(":", 1)[1]
    env = env | {"ILETIMERKEZI_BASE_URL": f"http://0.0.0.0:{port}"}
    refused = await run_cli("get-contact", "1", env=env)
    assert refused.code == 2
    assert "--allow-insecure-http" in refused.stderr
    assert "allow_insecure_http=True" not in refused.stderr
    assert "--base-url" in refused.stderr
    allowed = await run_cli("get-contact", "1", "--allow-insecure-http", env=env)
    assert allowed.code == 0, allowed.stderr
    assert lines(allowed.stdout)[1]["name"] == fake.contacts[1].name


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (("-",), b"7\n8\n", [7, 8]),
        ((), b"7\n\n8\n", [7, 8]),  # piped, no ids at all
        (("1", "-", "2"), b"3\n", [1, 2, 3]),
        (("--ids-file", "-"), b"7\r\n8\r\n", [7, 8]),
    ],
    ids=["dash", "piped", "dash-among-ids", "ids-file-dash"],
)
async def test_dash_and_a_pipe_mean_stdin(
    served: tuple[FakeIletiMerkezi, dict[str, str]],
    args: tuple[str, ...],
    stdin: bytes,
    expected: list[int],
) -> None:
    _, env = served
    ran = await run_cli("get-contact", *args, env=env, stdin=stdin)
    assert ran.code == 0, ran.stderr
    assert sorted(lines(ran.stdout)) == expected
    assert "-" not in lines(ran.stdout)


async def test_stdin_can_be_read_only_once(
    served: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    _, env = served
    ran = await run_cli("get-contact", "-", "--ids-file", "-", env=env, stdin=b"1\n")
    assert ran.code == 2
    assert "stdin" in ran.stderr


async def test_no_ids_is_a_usage_error(served: tuple[FakeIletiMerkezi, dict[str, str]]) -> None:
    _, env = served
    ran = await run_cli("get-contact", env=env)
    assert ran.code == 2
    assert "ids" in ran.stderr


async def test_a_missing_ids_file_is_a_clear_usage_error(
    served: tuple[FakeIletiMerkezi, dict[str, str]], tmp_path: Path
) -> None:
    _, env = served
    missing = tmp_path / "nope.txt"
    ran = await run_cli("get-contact", "--ids-file", str(missing), env=env)
    assert ran.code == 2
    assert str(missing) in ran.stderr
    assert "Traceback" not in ran.stderr


async def test_an_ids_file_that_is_not_utf8_is_a_clear_usage_error(
    served: tuple[FakeIletiMerkezi, dict[str, str]], tmp_path: Path
) -> None:
    _, env = served
    binary = tmp_path / "ids.bin"
    binary.write_bytes(b"1\n\xff\xfe\n")
    ran = await run_cli("get-contact", "--ids-file", str(binary), env=env)
    assert ran.code == 2
    assert f"{binary} is not UTF-8 text" in ran.stderr
    assert "Traceback" not in ran.stderr


async def test_a_slow_pipe_does_not_stall_the_lookups_in_flight(
    served: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    # `producer | get-contact`: ids come as the producer finds them. Reading the next id
    # must not block the event loop, or the lookups already started would wait for it.
    _, env = served
    process = await asyncio.create_subprocess_exec(
        *COMMAND,
        "get-contact",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=cli_env(env),
    )
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        process.stdin.write(b"1\n2\n3")  # the third id's line is not finished yet
        await process.stdin.drain()
        printed = [await asyncio.wait_for(process.stdout.readline(), 30) for _ in range(2)]
        assert sorted(json.loads(line)["id"] for line in printed) == [1, 2]
        process.stdin.write(b"\n4\n")
        await process.stdin.drain()
        printed = [await asyncio.wait_for(process.stdout.readline(), 30) for _ in range(2)]
        assert sorted(json.loads(line)["id"] for line in printed) == [3, 4]
        process.stdin.close()
        assert await asyncio.wait_for(process.wait(), 30) == 0
        assert await process.stdout.read() == b""
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b"\r"])
async def test_ids_on_stdin_with_any_line_ending(
    served: tuple[FakeIletiMerkezi, dict[str, str]], ending: bytes
) -> None:
    _, env = served
    stdin = ending.join([b"1", b"", b"  2  ", b"3"])  # no ending after the last one
    ran = await run_cli("get-contact", "-", env=env, stdin=stdin)
    assert ran.code == 0, ran.stderr
    assert sorted(lines(ran.stdout)) == [1, 2, 3]


async def test_ids_that_are_not_utf8_are_a_usage_error(
    served: tuple[FakeIletiMerkezi, dict[str, str]], tmp_path: Path
) -> None:
    _, env = served
    ran = await run_cli("get-contact", env=env, stdin=b"1\n\xff\n")
    assert (ran.code, ran.stderr.strip()) == (2, "iletimerkezi-async: stdin is not UTF-8 text")
    ids = tmp_path / "ids.txt"
    ids.write_bytes(b"\xfe1\n")
    ran = await run_cli("get-contact", "--ids-file", str(ids), env=env)
    assert ran.code == 2
    assert "ids.txt is not UTF-8 text" in ran.stderr
