"""consent-create and consent-show against the fake provider on a loopback socket."""

import json

from iletimerkezi_async.testing import FakeIletiMerkezi

from .conftest import json_lines as objects
from .conftest import run_cli


async def test_consent_commands(
    fake_on_socket: tuple[FakeIletiMerkezi, dict[str, str]],
) -> None:
    fake, env = fake_on_socket
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
    assert "line 1: consent_date needs its UTC offset" in ran.stderr


async def test_missing_credentials_are_a_usage_error() -> None:
    ran = await run_cli("consent-show", "+905057023100", "--brand-code", "696422")
    assert (ran.code, ran.stdout) == (2, "")
    assert "--api-key" in ran.stderr
    assert "Traceback" not in ran.stderr
