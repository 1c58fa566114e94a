import pytest

from iletimerkezi_async import AsyncClient
from iletimerkezi_async.cli.demo import run_demo
from iletimerkezi_async.cli.demo_phonebook import phonebook_round_trip
from iletimerkezi_async.testing import FakeClock, FakeIletiMerkezi, Fault

from .conftest import run_cli, run_on_terminal


async def test_demo_fetches_everything_through_faults_and_summarises() -> None:
    ran = await run_cli("demo", "--contacts", "300", "--fault-rate", "0.08", "--no-progress")
    assert ran.code == 0, ran.stderr
    assert "every contact fetched and matched" in ran.stderr
    for metric in ("fetched", "retried attempts", "requests/s", "p50", "p95", "p99"):
        assert metric in ran.stdout
    assert "│ fetched" in ran.stdout or "fetched  " in ran.stdout
    # The second act: one SMS order through an unknown outcome, never sent twice.
    assert "the SMS order was sent once and reported" in ran.stderr
    out = " ".join(ran.stdout.split())
    cells = " ".join(ran.stdout.replace("│", " ").split())  # wrapped cells read as one
    assert (
        "send-sms: TransportError, may_have_been_applied=True; find_sent_order: it was "
        "applied, not sent again" in cells
    )
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


# Seeds 1, 2 and 6 at the default size, and sizes 200 and 1000 (seed 2 at 100 too), used
# to end in a traceback on a write that may have been applied. `make demo-sweep` runs
# seeds 0 to 20 at the default size in real time.
@pytest.mark.parametrize("contacts", [100, 200, 1000])
@pytest.mark.parametrize("seed", range(10))
async def test_every_seed_and_size_passes_every_check(
    seed: int, contacts: int, capsys: pytest.CaptureFixture[str]
) -> None:
    # In process, on the fake's clock: the retries' backoff and cooldowns take no time.
    code = await run_demo(
        contacts=contacts,
        fault_rate=0.08,
        concurrency=50,
        seed=seed,
        progress=False,
        clock=FakeClock(),
    )
    out, err = capsys.readouterr()
    assert code == 0, err + out
    assert err.rstrip().endswith("the SMS order was sent once and reported.")
    assert "FAILED" not in out
    assert "MISMATCH" not in out


async def test_many_faults_end_in_failed_rows_never_in_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = await run_demo(
        contacts=100,
        fault_rate=0.8,
        concurrency=20,
        seed=3,
        progress=False,
        clock=FakeClock(),
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert "FAILED" in out
    assert err.rstrip().endswith("FAILED.")


async def test_the_phonebook_writes_are_read_back_when_they_may_have_been_applied() -> None:
    fake = FakeIletiMerkezi()
    # Each write is answered with a 503 after the fake applied it, then its read-back
    # (or, for the first add-contact, nothing) goes through.
    fake.script(Fault.server_error(503), None, Fault.disconnect())
    async with AsyncClient(
        fake.api_key, fake.api_hash, transport=fake.transport, clock=fake.clock
    ) as client:
        rows, ok = await phonebook_round_trip(client)
    found = [value for name, value in rows if name == "phonebook: after a fault"]
    assert ok, rows
    assert found == [
        "add-group: ServerError, may_have_been_applied=True; read back: it was applied, "
        "not sent again",
        "add-contact Ayşe: TransportError, may_have_been_applied=True; read back: it was "
        "applied, not sent again",
    ]
    assert len(fake.contacts) == 0  # added once each, then deleted
    assert not fake.groups
