"""get-blacklist, add/delete-blacklist, consent-create/-show and parse-report, run as a
user would (a subprocess) against the fake provider on a loopback socket."""

import json
from collections.abc import AsyncIterator

import pytest

from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import run_cli


@pytest.fixture
async def served() -> AsyncIterator[tuple[FakeIletiMerkezi, dict[str, str]]]:
    fake = FakeIletiMerkezi(shape="legacy")
    async with fake.serve() as base_url:
        env = {
            "ILETIMERKEZI_API_KEY": fake.api_key,
            "ILETIMERKEZI_API_HASH": fake.api_hash,
            "ILETIMERKEZI_BASE_URL": base_url,
        }
        yield fake, env


def objects(stdout: str) -> list[object]:
    return [json.loads(line) for line in stdout.splitlines()]


async def test_blacklist_round_trip(served: tuple[FakeIletiMerkezi, dict[str, str]]) -> None:
    fake, env = served
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
    served: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    _, env = served
    ran = await run_cli("get-blacklist", "--start", "2020-01-01T00:00:00+03:00", env=env)
    assert (ran.code, ran.stdout) == (0, "")
    ran = await run_cli("get-blacklist", "--start", "2020-01-01T00:00:00", env=env)
    assert ran.code == 2
    assert "offset" in ran.stderr
    ran = await run_cli("get-blacklist", "--start", "2020-02-01", "--end", "2020-01-01", env=env)
    assert ran.code == 2
    assert "after end" in ran.stderr


async def test_consent_commands(
    served: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    fake, env = served
    record = {
        "recipient": "+905057023100",
        "type": "MESAJ",
        "status": "ONAY",
        "source": "HS_WEB",
        "consent_date": "2026-01-07T23:50:00+03:00",
    }
    stdin = (json.dumps(record) + "\n").encode()
    ran = await run_cli("consent-create", "--brand-code", "696422", env=env, stdin=stdin)
    assert ran.code == 1
    assert objects(ran.stdout)[0]["code"] == 403  # type: ignore[index]
    fake.iys_enabled = True
    ran = await run_cli("consent-create", "--brand-code", "696422", env=env, stdin=stdin)
    assert ran.code == 0, ran.stderr
    ran = await run_cli("consent-show", "+905057023100", "--brand-code", "696422", env=env)
    assert ran.code == 0, ran.stderr
    assert objects(ran.stdout) == [
        {
            "brand_code": 696422,
            "recipient": "+905057023100",
            "recipient_type": "BIREYSEL",
            "type": "MESAJ",
            "status": "ONAY",
            "source": "HS_WEB",
            "consent_date": "2026-01-07T23:50:00+03:00",
        }
    ]
    ran = await run_cli(
        "consent-show", "+905057023100", "--brand-code", "696422", "--type", "ARAMA", env=env
    )
    assert (ran.code, objects(ran.stdout)) == (0, [None])
    ran = await run_cli("consent-show", "+905000000000", "--brand-code", "696422", env=env)
    assert ran.code == 1
    assert objects(ran.stdout)[0]["code"] == 422  # type: ignore[index]
    bad = stdin.replace(b"+03:00", b"")
    ran = await run_cli("consent-create", "--brand-code", "696422", env=env, stdin=bad)
    assert ran.code == 2
    assert "aware" in ran.stderr


async def test_parse_report() -> None:
    body = {
        "report": {
            "id": "1599558518",
            "packet_id": 104525848,
            "status": "delivered",
            "to": "+905057023100",
            "body": "Şubat kampanyası",
        }
    }
    ran = await run_cli("parse-report", stdin=json.dumps(body).encode())
    assert ran.code == 0, ran.stderr
    assert objects(ran.stdout) == [
        {
            "id": 1599558518,
            "order_id": "104525848",
            "status": "delivered",
            "to": "+905057023100",
            "text": "Şubat kampanyası",
        }
    ]
    assert "Şubat" in ran.stdout  # UTF-8, not escaped
    ran = await run_cli("parse-report", stdin=b"{}")
    assert ran.code == 1
    assert objects(ran.stdout)[0]["error"] == "DecodeError"  # type: ignore[index]


async def test_help_has_an_example() -> None:
    ran = await run_cli("get-blacklist", "--help")
    assert ran.code == 0
    assert "example:" in ran.stdout
    assert "iletimerkezi-async get-blacklist --start" in ran.stdout
