"""``iletimerkezi-async fake``: a provider any tool can be pointed at, with delivery
reports to a receiver and a control API, driven as a user in another language would:
a subprocess, plain HTTP requests and a shell script with curl."""

import asyncio
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from report_receiver import ReportReceiver

from iletimerkezi_async import compute_hash
from iletimerkezi_async.cli.main import main
from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import FakeProcess, cli_env, run_cli, start_fake, stop_fake

NUMBERS = ["+905051112233", "+905051112244"]
SHELL_TEST = Path(__file__).with_name("fake_from_shell.sh")


async def test_fake_exports_what_get_contact_needs_then_stops_on_sigterm() -> None:
    fake = start_fake("--contacts", "5", "--seed", "3")
    try:
        env = fake.env
        assert set(env) == {
            "ILETIMERKEZI_BASE_URL",
            "ILETIMERKEZI_API_KEY",
            "ILETIMERKEZI_API_HASH",
            "ILETIMERKEZI_SENDER",
            "ILETIMERKEZI_FAKE_URL",
        }
        assert env["ILETIMERKEZI_BASE_URL"].startswith("http://127.0.0.1:")
        assert env["ILETIMERKEZI_SENDER"] == "APITEST"
        assert env["ILETIMERKEZI_FAKE_URL"] == (
            env["ILETIMERKEZI_BASE_URL"].removesuffix("v1/") + "_fake/"
        )
        reference = FakeIletiMerkezi(seed=3)
        reference.generate(5)
        assert env["ILETIMERKEZI_API_HASH"] == compute_hash(reference.api_key, reference.secret)

        ran = await run_cli("get-contact", "1", "5", "6", env=env)
        out = {obj["id"]: obj for obj in map(json.loads, ran.stdout.splitlines())}
        assert ran.code == 1  # 6 does not exist
        for contact_id in (1, 5):
            assert out[contact_id] == reference.contacts[contact_id].to_dict()
        assert out[6]["code"] == 465
    finally:
        stopped = stop_fake(fake)
    assert stopped.code == 0
    assert "Traceback" not in stopped.stderr
    assert "stopped after 3 requests" in stopped.stderr


def test_a_shell_can_eval_the_exports() -> None:
    fake = start_fake("--contacts", "1")
    try:
        shell = subprocess.run(
            [
                "sh",
                "-c",
                'eval "$1"; printf "%s|%s" "$ILETIMERKEZI_BASE_URL" "$ILETIMERKEZI_API_KEY"',
                "sh",
                fake.first_line,
            ],
            capture_output=True,
            env=cli_env(),
            check=True,
        )
    finally:
        stop_fake(fake)
    assert shell.stdout.decode() == (
        f"{fake.env['ILETIMERKEZI_BASE_URL']}|{fake.env['ILETIMERKEZI_API_KEY']}"
    )


async def test_a_port_in_use_is_a_one_line_error() -> None:
    fake = start_fake()
    try:
        port = fake.env["ILETIMERKEZI_BASE_URL"].rsplit(":", 1)[1].split("/")[0]
        ran = await run_cli("fake", "--port", port)
    finally:
        stop_fake(fake)
    assert ran.code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in ran.stderr
    assert "Traceback" not in ran.stderr


def send_sms_body(
    env: dict[str, str], numbers: list[str], text: str = "Kargonuz yolda", **order: object
) -> dict[str, object]:
    """A send-sms request as any HTTP client writes it, from the exported variables."""
    auth = {"key": env["ILETIMERKEZI_API_KEY"], "hash": env["ILETIMERKEZI_API_HASH"]}
    message = {"text": text, "receipents": {"number": numbers}}
    fields = {"sender": env["ILETIMERKEZI_SENDER"], "iys": "1", "iysList": "BIREYSEL"}
    return {"request": {"authentication": auth, "order": {**fields, "message": message, **order}}}


async def test_send_sms_works_after_eval_and_reports_reach_the_receiver() -> None:
    async with ReportReceiver() as receiver:
        fake = start_fake("--webhook-url", receiver.url + "/hooks", "--deliver-after", "0")
        try:
            # No --sender: the export line sets one the fake approves.
            ran = await run_cli("send-sms", "--text", "Kargonuz yolda", *NUMBERS, env=fake.env)
            assert ran.code == 0, ran.stderr
            order_id = json.loads(ran.stdout)["id"]
            await receiver.wait_for(4)
            async with httpx.AsyncClient(base_url=fake.env["ILETIMERKEZI_FAKE_URL"]) as http:
                (order,) = (await http.get("orders", timeout=10)).json()
        finally:
            stopped = stop_fake(fake)
    assert receiver.by_number() == {number: ["accepted", "delivered"] for number in NUMBERS}
    assert {report["packet_id"] for report in receiver.reports} == {int(order_id)}
    assert order["id"] == order_id
    assert order["sender"] == "APITEST"
    assert order["recipients"] == [{"number": n, "status": "delivered"} for n in NUMBERS]
    assert stopped.code == 0
    assert "Traceback" not in stopped.stderr


async def control(fake: FakeProcess, path: str, body: object) -> object:
    async with httpx.AsyncClient(base_url=fake.env["ILETIMERKEZI_FAKE_URL"]) as http:
        answer = await http.post(path, json=body, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_a_scheduled_order_is_delivered_after_its_time_and_the_delay() -> None:
    async with ReportReceiver() as receiver:
        fake = start_fake(
            "--webhook-url", receiver.url + "/hooks",
            "--deliver-after", "0.3",
            "--deliver-status", "undelivered",
            "--webhook-copies", "2",
        )  # fmt: skip
        try:
            base_url = fake.env["ILETIMERKEZI_BASE_URL"]
            tomorrow = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=3)))
            tomorrow += datetime.timedelta(days=1)
            async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
                body = send_sms_body(
                    fake.env, NUMBERS[:1], sendDateTime=tomorrow.strftime("%d/%m/%Y %H:%M")
                )
                sent = (await http.post("send-sms/json", json=body)).json()["response"]
                await asyncio.sleep(0.5)
                assert receiver.reports == []  # not due: nothing happens
                advanced = time.monotonic()
                await control(fake, "clock/advance", {"seconds": 86_400})
                await receiver.wait_for(4)
                waited = time.monotonic() - advanced
        finally:
            stop_fake(fake)
    assert [r["status"] for r in receiver.reports] == ["accepted"] * 2 + ["undelivered"] * 2
    assert {r["packet_id"] for r in receiver.reports} == {int(sent["order"]["id"])}
    assert waited >= 0.28  # 0.3 s after it came due (timed in another process)


async def test_without_deliver_after_the_control_api_drives_delivery(
    fake_cli: FakeProcess,
) -> None:
    async with httpx.AsyncClient(base_url=fake_cli.env["ILETIMERKEZI_BASE_URL"]) as http:
        body = send_sms_body(fake_cli.env, NUMBERS, "Elle teslim")
        order_id = (await http.post("send-sms/json", json=body, timeout=10)).json()["response"][
            "order"
        ]["id"]
    async with httpx.AsyncClient(base_url=fake_cli.env["ILETIMERKEZI_FAKE_URL"]) as http:
        orders = (await http.get("orders", timeout=10)).json()
    mine = next(order for order in orders if order["id"] == order_id)
    assert {r["status"] for r in mine["recipients"]} == {"sending"}
    changed = await control(fake_cli, "deliver", {"order_id": order_id, "numbers": NUMBERS[:1]})
    assert changed == {"changed": 1}
    ran = await run_cli("get-report", order_id, env=fake_cli.env)
    assert ran.code == 0, ran.stderr
    assert [json.loads(line)["status"] for line in ran.stdout.splitlines()] == [111, 110]


@pytest.mark.parametrize(
    ("option", "value", "error"),
    [
        ("--webhook-url", "ftp://example.com/hooks", "http:// or https://"),
        ("--webhook-url", "not a url", "http:// or https://"),
        ("--deliver-after", "-1", "seconds >= 0"),
        ("--deliver-after", "nan", "seconds >= 0"),
        ("--deliver-status", "read", "invalid choice"),
        ("--webhook-copies", "0", "must be >= 1"),
    ],
)
def test_a_bad_delivery_option_is_a_usage_error(
    option: str, value: str, error: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:  # argparse's usage error, before serving
        main(["fake", option, value])
    assert exited.value.code == 2
    assert error in capsys.readouterr().err


async def test_a_shell_script_with_curl_sees_both_reports_for_each_number() -> None:
    if not (shutil.which("bash") and shutil.which("curl")):
        reason = "needs bash and curl (.ci/run installs curl)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    # The script runs `iletimerkezi-async` from PATH, as a user's shell would.
    scripts = str(Path(sys.executable).parent)
    env = cli_env({"PATH": scripts + os.pathsep + os.environ.get("PATH", "")})
    async with ReportReceiver() as receiver:
        script = await asyncio.create_subprocess_exec(
            "bash",
            str(SHELL_TEST),
            receiver.url,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
        try:
            out, err = await asyncio.wait_for(script.communicate(), timeout=60)
        finally:
            if script.returncode is None:
                script.kill()
                await script.wait()
    assert script.returncode == 0, err.decode()
    assert out.decode().startswith("ok: order ")
    assert receiver.by_number() == {number: ["accepted", "delivered"] for number in NUMBERS}
