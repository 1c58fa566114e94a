"""The phonebook subcommands, run as a user would (a subprocess) against the served fake."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator

import pytest

from iletimerkezi_async.sansio import Contact
from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import run_cli

Served = tuple[FakeIletiMerkezi, dict[str, str]]


@pytest.fixture
async def served() -> AsyncIterator[Served]:
    fake = FakeIletiMerkezi(shape="mixed")
    dealers = fake.add_group("Bayiler")
    fake.add_group("İzmir", parent_id=dealers.id)
    fake.add(*(Contact(i, "Ayşe", f"Yılmaz{i}", groups=(dealers.id,)) for i in range(1, 8)))
    async with fake.serve() as base_url:
        env = {
            "ILETIMERKEZI_API_KEY": fake.api_key,
            "ILETIMERKEZI_API_HASH": fake.api_hash,
            "ILETIMERKEZI_BASE_URL": base_url,
        }
        yield fake, env


def jsonl(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


async def test_contact_round_trip(served: Served) -> None:
    fake, env = served
    ran = await run_cli(
        "add-contact", "--name", "Işıl", "--gsm", "5321234567", "--custom-field", "2=İzmir",
        "--group", "1", env=env,
    )  # fmt: skip
    assert ran.code == 0, ran.stderr
    added = json.loads(ran.stdout)
    assert "\\u" not in ran.stdout  # Turkish letters as UTF-8
    assert added["name"] == "Işıl"
    assert added["gsm"] == "+905321234567"
    assert added["custom_fields"] == [{"id": 2, "value": "İzmir"}]
    assert fake.contacts[added["id"]].groups == (1,)

    ran = await run_cli("edit-contact", str(added["id"]), "--surname", "Öz", "--no-groups", env=env)
    assert ran.code == 0, ran.stderr
    assert json.loads(ran.stdout)["surname"] == "Öz"
    assert fake.contacts[added["id"]].groups == ()

    ran = await run_cli("delete-contact", str(added["id"]), env=env)
    assert (ran.code, json.loads(ran.stdout)) == (0, {"id": added["id"], "deleted": True})
    assert added["id"] not in fake.contacts

    ran = await run_cli("delete-contact", str(added["id"]), env=env)
    assert ran.code == 1
    error = json.loads(ran.stdout)
    assert (error["code"], error["error"], error["contact_id"]) == (
        465, "ContactNotFoundError", added["id"],
    )  # fmt: skip


async def test_listings_stream_every_page(served: Served) -> None:
    _, env = served
    ran = await run_cli("search-contacts", "AYŞE", "--row-count", "3", env=env)
    assert ran.code == 0, ran.stderr
    assert [c["id"] for c in jsonl(ran.stdout)] == list(range(1, 8))
    ran = await run_cli("search-contacts", "ayşe", "--row-count", "3", "--page", "3", env=env)
    assert [c["id"] for c in jsonl(ran.stdout)] == [7]
    ran = await run_cli("get-group-contacts", "1", "--row-count", "2", env=env)
    assert [c["id"] for c in jsonl(ran.stdout)] == list(range(1, 8))
    ran = await run_cli("search-contacts", "nobody", env=env)
    assert (ran.code, ran.stdout) == (0, "")


async def test_group_commands(served: Served) -> None:
    fake, env = served
    ran = await run_cli("add-group", "Müşteriler", env=env)
    assert ran.code == 0, ran.stderr
    added = json.loads(ran.stdout)
    assert added == {"id": 3, "name": "Müşteriler", "count": 0, "children": []}
    ran = await run_cli("edit-group", "3", "--name", "Ana müşteriler", "--parent", "1", env=env)
    assert ran.code == 0, ran.stderr
    ran = await run_cli("get-groups", env=env)
    (root,) = jsonl(ran.stdout)
    assert root == {
        "id": 1,
        "name": "Bayiler",
        "count": 7,
        "children": [
            {"id": 2, "name": "İzmir", "count": 0, "children": []},
            {"id": 3, "name": "Ana müşteriler", "count": 0, "children": []},
        ],
    }
    ran = await run_cli("get-group", "2", env=env)
    assert json.loads(ran.stdout)["name"] == "İzmir"
    ran = await run_cli("delete-group", "1", env=env)
    assert ran.code == 0
    assert dict(fake.groups) == {}
    ran = await run_cli("get-group", "1", env=env)
    assert ran.code == 1
    assert json.loads(ran.stdout)["code"] == 463


@pytest.mark.parametrize(
    "args",
    [
        ("search-contacts", "ab"),
        ("add-contact",),
        ("add-group", " "),
        ("get-group", "x"),
        ("add-contact", "--custom-field", "nokey"),
    ],
)
async def test_usage_errors_exit_2(served: Served, args: tuple[str, ...]) -> None:
    fake, env = served
    ran = await run_cli(*args, env=env)
    assert ran.code == 2
    assert ran.stdout == ""
    assert fake.stats.requests == 0


async def test_help_has_an_example() -> None:
    ran = await run_cli("search-contacts", "--help")
    assert ran.code == 0
    assert "example:" in ran.stdout
    assert "iletimerkezi-async search-contacts" in ran.stdout


async def test_a_closed_pipe_ends_quietly_and_stops_paging() -> None:
    fake = FakeIletiMerkezi()
    for i in range(1, 5001):
        fake.add(Contact(i, "Ayşe", ""))
    async with fake.serve() as base_url:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("ILETIMERKEZI_")}
        env = clean | {
            "ILETIMERKEZI_API_KEY": fake.api_key,
            "ILETIMERKEZI_API_HASH": fake.api_hash,
            "ILETIMERKEZI_BASE_URL": base_url,
        }
        process = await asyncio.create_subprocess_shell(
            f"{sys.executable} -m iletimerkezi_async search-contacts ayşe --row-count 100"
            " | head -n 2; exit ${PIPESTATUS[0]}",
            executable="/bin/bash",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
        out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 141, err  # as if killed by SIGPIPE, like every command
    assert len(out.splitlines()) == 2
    assert err == b""
    assert fake.stats.requests < 50  # far from the 50 pages a full walk takes
