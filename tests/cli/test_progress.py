"""The progress bar on a terminal: drawn on stderr, never glued to the JSON on stdout."""

import json

from .conftest import FakeProcess, run_on_terminal


def test_no_bar_when_stdout_is_the_same_terminal(fake_cli: FakeProcess) -> None:
    # A user running get-contact in a shell: every JSON line must start a line of its own.
    screen = run_on_terminal("get-contact", "1", "2", "3", env=fake_cli.env, stdout_too=True)
    assert screen.code == 0, screen.terminal
    shown = [line for line in screen.terminal.replace("\r", "").split("\n") if line]
    assert sorted(json.loads(line)["id"] for line in shown) == [1, 2, 3]
    assert "\x1b[" not in screen.terminal  # no cursor movement: no bar at all


def test_bar_on_stderr_when_stdout_is_redirected(fake_cli: FakeProcess) -> None:
    screen = run_on_terminal("get-contact", "1", "2", "3", env=fake_cli.env)
    assert screen.code == 0, screen.terminal
    assert "get-contact" in screen.terminal
    assert "3/3" in screen.terminal
    assert sorted(json.loads(line)["id"] for line in screen.piped.splitlines()) == [1, 2, 3]
