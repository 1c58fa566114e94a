import asyncio
import os
import pty
import sys

from .conftest import run_cli


async def test_demo_fetches_everything_through_faults_and_summarises() -> None:
    ran = await run_cli("demo", "--contacts", "300", "--fault-rate", "0.08", "--no-progress")
    assert ran.code == 0, ran.stderr
    assert "every contact fetched and matched" in ran.stderr
    for metric in ("fetched", "retried attempts", "requests/s", "p50", "p95", "p99"):
        assert metric in ran.stdout
    assert "│ fetched" in ran.stdout or "fetched  " in ran.stdout
    assert "phonebook round trip" in ran.stdout
    assert "3 of 3 found" in ran.stdout
    assert "3 contacts, count 3" in ran.stdout


def test_demo_draws_a_progress_bar_on_a_terminal() -> None:
    # stderr is a pseudo-terminal here, as when a user runs `make demo`.
    leader, follower = pty.openpty()
    try:
        pid_env = {k: v for k, v in os.environ.items() if not k.startswith("ILETIMERKEZI_")}

        async def run() -> int:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "iletimerkezi_async",
                "demo",
                "--contacts",
                "100",
                "--fault-rate",
                "0",
                stdout=asyncio.subprocess.DEVNULL,
                stderr=follower,
                env=pid_env | {"COLUMNS": "100"},
            )
            return await asyncio.wait_for(process.wait(), timeout=120)

        code = asyncio.run(run())
        os.close(follower)
        follower = -1
        screen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    assert code == 0
    text = screen.decode("utf-8", "replace")
    assert "fetching" in text
    assert "100/100" in text
