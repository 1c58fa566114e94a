"""``iletimerkezi-async fake``: a provider any tool can be pointed at."""

import json
import subprocess

from iletimerkezi_async import compute_hash
from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import cli_env, run_cli, start_fake, stop_fake


async def test_fake_exports_what_get_contact_needs_then_stops_on_sigterm() -> None:
    fake = start_fake("--contacts", "5", "--seed", "3")
    try:
        env = fake.env
        assert set(env) == {
            "ILETIMERKEZI_BASE_URL",
            "ILETIMERKEZI_API_KEY",
            "ILETIMERKEZI_API_HASH",
        }
        assert env["ILETIMERKEZI_BASE_URL"].startswith("http://127.0.0.1:")
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
