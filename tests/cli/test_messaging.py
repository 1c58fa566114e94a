"""The messaging and account subcommands, run as a user would against ``fake.serve()``."""

from __future__ import annotations

import datetime
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from iletimerkezi_async.cli.main import main
from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import run_cli

Served = tuple[FakeIletiMerkezi, dict[str, str]]


@pytest.fixture
async def served() -> AsyncIterator[Served]:
    fake = FakeIletiMerkezi(shape="legacy")
    async with fake.serve() as base_url:
        yield (
            fake,
            {
                "ILETIMERKEZI_API_KEY": fake.api_key,
                "ILETIMERKEZI_API_HASH": fake.api_hash,
                "ILETIMERKEZI_BASE_URL": base_url,
                "ILETIMERKEZI_SENDER": "APITEST",
            },
        )


def objects(stdout: str) -> list[object]:
    return [json.loads(line) for line in stdout.splitlines()]


async def test_send_sms_from_arguments_a_file_and_stdin(served: Served, tmp_path: Path) -> None:
    fake, env = served
    ran = await run_cli("send-sms", "--text", "Kargonuz yolda", "0505 111 22 33", env=env)
    assert ran.code == 0, ran.stderr
    (order,) = objects(ran.stdout)
    assert isinstance(order, dict)
    assert fake.orders[order["id"]].recipients == ("+905051112233",)
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("5051112234\n\n5051112235\n")
    ran = await run_cli("send-sms", "--text", "a", "--recipients-file", str(numbers), env=env)
    assert ran.code == 0, ran.stderr
    ran = await run_cli("send-sms", "--text", "b", env=env, stdin=b"5051112236\n5051112236\n")
    assert ran.code == 0, ran.stderr
    assert [o.recipients for o in fake.orders.values()][1:] == [
        ("+905051112234", "+905051112235"),
        ("+905051112236",),
    ]


async def test_send_sms_schedule_sender_and_iys(served: Served) -> None:
    fake, env = served
    fake.senders.add("ACME")
    ran = await run_cli(
        "send-sms",
        "--text",
        "Randevunuz yarın",
        "--sender",
        "ACME",
        "--send-at",
        "2030-01-02T09:30:45+00:00",
        "--no-iys",
        "5051112233",
        env=env,
    )
    assert ran.code == 0, ran.stderr
    (order,) = fake.orders.values()
    assert (order.sender, order.iys) == ("ACME", "0")
    assert order.send_at == datetime.datetime(2030, 1, 2, 9, 30, tzinfo=datetime.UTC)


async def test_send_sms_failures(served: Served) -> None:
    fake, env = served
    ran = await run_cli("send-sms", "--text", "x", "--sender", "NOPE", "5051112233", env=env)
    assert ran.code == 1
    (error,) = objects(ran.stdout)
    assert error == {
        "error": "SenderError",
        "code": 450,
        "message": "Gönderici adı onaylı değil.",
        "may_have_been_applied": False,
    }
    for usage in (
        ("send-sms", "--text", "x", "not-a-number"),
        ("send-sms", "--text", "x", "--send-at", "2030-01-02T09:30", "5051112233"),
        ("send-sms", "5051112233"),
    ):
        ran = await run_cli(*usage, env=env)
        assert ran.code == 2, usage
        assert ran.stdout == ""
    # A time in the past would be sent at once: refused before any request.
    past = ("--send-at", "2020-01-01T10:00+03:00")
    ran = await run_cli("send-sms", "--text", "x", *past, "5051112233", env=env)
    assert (ran.code, ran.stdout) == (2, "")
    assert "send-sms: --send-at is in the past (2020-01-01T10:00+03:00, now " in ran.stderr
    assert not fake.orders


async def test_get_report_streams_every_status(served: Served) -> None:
    fake, env = served
    ran = await run_cli("send-sms", "--text", "x", env=env, stdin=b"5051112233\n5051112234\n")
    (order,) = objects(ran.stdout)
    assert isinstance(order, dict)
    await fake.deliver(order["id"], numbers=["5051112234"])
    ran = await run_cli("get-report", order["id"], env=env)
    assert ran.code == 0, ran.stderr
    assert objects(ran.stdout) == [
        {"number": "+905051112233", "status": 110},
        {"number": "+905051112234", "status": 111},
    ]
    ran = await run_cli("get-report", "999", env=env)
    assert ran.code == 1
    assert objects(ran.stdout)[0]["code"] == 455  # type: ignore[index]


async def test_get_reports_cancel_balance_and_senders(served: Served) -> None:
    fake, env = served
    later = fake.clock.now() + datetime.timedelta(days=1)
    ran = await run_cli(
        "send-sms", "--text", "x", "--send-at", later.isoformat(), "5051112233", env=env
    )
    (order,) = objects(ran.stdout)
    assert isinstance(order, dict)
    today = fake.clock.now().date().isoformat()
    ran = await run_cli("get-reports", "--start", "2026-01-01", "--end", today, env=env)
    assert ran.code == 0, ran.stderr
    (summary,) = objects(ran.stdout)
    assert isinstance(summary, dict)
    assert (summary["id"], summary["status"], summary["waiting"]) == (order["id"], 113, 1)

    ran = await run_cli("cancel-order", order["id"], env=env)
    assert (ran.code, objects(ran.stdout)) == (0, [{"id": order["id"], "cancelled": True}])
    ran = await run_cli("cancel-order", order["id"], env=env)
    assert ran.code == 1
    assert objects(ran.stdout)[0]["error"] == "OrderNotFoundError"  # type: ignore[index]

    ran = await run_cli("get-balance", env=env)
    assert objects(ran.stdout) == [{"amount": "3719.963", "sms": 99_999}]
    ran = await run_cli("get-sender", env=env)
    assert objects(ran.stdout) == ["APITEST"]


@pytest.mark.parametrize(
    "command",
    ["send-sms", "get-report", "get-reports", "cancel-order", "get-balance", "get-sender"],
)
def test_help_has_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    assert f"example:\n  iletimerkezi-async {command}" in capsys.readouterr().out


async def test_reports_range_and_missing_credentials_are_usage_errors(served: Served) -> None:
    _, env = served
    ran = await run_cli("get-reports", "--start", "2026-02-01", "--end", "2026-01-01", env=env)
    assert ran.code == 2
    assert "get-reports: --end (2026-01-01) is before --start (2026-02-01)" in ran.stderr
    ran = await run_cli("get-balance")
    assert ran.code == 2
    assert "ILETIMERKEZI_API_KEY" in ran.stderr
