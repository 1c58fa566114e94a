"""Every command ends quietly when its reader goes away (``| head``), as Unix tools do."""

import subprocess
from pathlib import Path

import pytest

from .conftest import COMMAND, FakeProcess, cli_env, run_with_closed_stdout


@pytest.mark.parametrize(
    "args",
    [
        ("get-contact", "1", "2", "3"),
        ("get-contact", "--ids-file", "-"),
        ("hash", "--api-key", "public_key"),
        ("add-blacklist", "905051234567"),
        ("get-sender",),
        ("demo", "--contacts", "5", "--fault-rate", "0", "--no-progress"),
        ("fake", "--contacts", "1"),
    ],
    ids=" ".join,
)
def test_a_closed_stdout_ends_every_command_quietly(
    fake_cli: FakeProcess, args: tuple[str, ...]
) -> None:
    env = fake_cli.env | {"ILETIMERKEZI_SECRET": "secret_key"}
    ran = run_with_closed_stdout(*args, env=env, stdin=b"4\n5\n")
    assert "Traceback" not in ran.stderr
    assert "Exception ignored" not in ran.stderr
    assert "Broken pipe" not in ran.stderr
    assert ran.code == 141  # what a shell shows for a tool ended by SIGPIPE


@pytest.mark.parametrize("args", [("--help",), ("get-contact", "--help")], ids=" ".join)
def test_help_into_a_closed_pipe_is_quiet(args: tuple[str, ...]) -> None:
    ran = run_with_closed_stdout(*args)
    assert ran.stderr == ""
    assert ran.code == 0  # argparse ignores the failed write


def test_get_contact_piped_into_head(fake_cli: FakeProcess, tmp_path: Path) -> None:
    # The reported case: `get-contact --ids-file many.txt | head -1`.
    many = tmp_path / "many.txt"
    many.write_text("".join(f"{i}\n" for i in range(1, 3001)), encoding="utf-8")
    errors = tmp_path / "errors.txt"
    command = " ".join(COMMAND) + f" get-contact --ids-file {many} 2>{errors} | head -1"
    shell = subprocess.run(
        ["sh", "-c", command], capture_output=True, env=cli_env(fake_cli.env), timeout=60
    )
    assert shell.returncode == 0
    assert shell.stdout.count(b"\n") == 1
    assert errors.read_text(encoding="utf-8") == ""
