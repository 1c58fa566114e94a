from .conftest import run_cli, run_on_terminal


async def test_demo_fetches_everything_through_faults_and_summarises() -> None:
    ran = await run_cli("demo", "--contacts", "300", "--fault-rate", "0.08", "--no-progress")
    assert ran.code == 0, ran.stderr
    assert "every contact fetched and matched" in ran.stderr
    for metric in ("fetched", "retried attempts", "requests/s", "p50", "p95", "p99"):
        assert metric in ran.stdout
    assert "│ fetched" in ran.stdout or "fetched  " in ran.stdout


def test_demo_draws_a_progress_bar_on_a_terminal() -> None:
    # stderr is a pseudo-terminal here, as when a user runs `make demo`.
    screen = run_on_terminal("demo", "--contacts", "100", "--fault-rate", "0")
    assert screen.code == 0
    assert "fetching" in screen.terminal
    assert "100/100" in screen.terminal
