from .conftest import run_cli, run_on_terminal


async def test_demo_fetches_everything_through_faults_and_summarises() -> None:
    ran = await run_cli("demo", "--contacts", "300", "--fault-rate", "0.08", "--no-progress")
    assert ran.code == 0, ran.stderr
    assert "every contact fetched and matched" in ran.stderr
    for metric in ("fetched", "retried attempts", "requests/s", "p50", "p95", "p99"):
        assert metric in ran.stdout
    assert "│ fetched" in ran.stdout or "fetched  " in ran.stdout
    # The second act: one SMS order through an ambiguous failure, never sent twice.
    assert "the SMS order was sent once and reported" in ran.stderr
    out = " ".join(ran.stdout.split())
    assert "may_have_been_applied=True" in out
    assert "with get-reports: not resent" in out
    assert "orders with this text at the fake │ 1 │" in out
    assert "2850 / 150" in out  # 3,000 recipients, one in 20 undelivered
    assert out.count("│ ok │") == 3
    assert "phonebook round trip" in ran.stdout
    assert "3 of 3 found" in ran.stdout
    assert "3 contacts, count 3" in ran.stdout


def test_demo_draws_a_progress_bar_on_a_terminal() -> None:
    # stderr is a pseudo-terminal here, as when a user runs `make demo`.
    screen = run_on_terminal("demo", "--contacts", "100", "--fault-rate", "0")
    assert screen.code == 0
    assert "fetching" in screen.terminal
    assert "100/100" in screen.terminal
