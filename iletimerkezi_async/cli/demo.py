"""``iletimerkezi-async demo``: the main job, end to end, against the local fake provider."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections import Counter

import attrs

from ..client import AsyncClient
from ..errors import APIError, IletiMerkeziError
from ..sansio import Contact
from ..testing import FakeClock, FakeIletiMerkezi, Fault
from .demo_phonebook import phonebook_round_trip
from .demo_sms import demo_client, send_and_report
from .options import Subcommands, add_progress_option, positive_int, rate
from .progress import ProgressBar

__all__ = ["fault_mix", "register", "run", "run_demo"]


def register(commands: Subcommands) -> None:
    """Add ``demo`` to the command line."""
    parser = commands.add_parser(
        "demo",
        help="fetch generated contacts from a local fake provider that injects faults",
        description=(
            "Start the fake provider on 127.0.0.1 with generated contacts and injected "
            "faults (503 pages, 429 with Retry-After, dropped connections), fetch every "
            "contact with the real client over the socket, check each against the fake's "
            "record, run a phonebook round trip and send one SMS order through the same "
            "faults (checking, never guessing, whether a write that may have been applied "
            "was), and print a summary. Exit status 0 only if every check passed."
        ),
    )
    parser.add_argument("--contacts", type=positive_int, default=2000, help="default: 2000")
    parser.add_argument(
        "--fault-rate",
        type=rate,
        default=0.08,
        help="share of answers faulted, split 5:2:1 into 503s, 429s and resets; default: 0.08",
    )
    parser.add_argument("--concurrency", type=positive_int, default=50, help="default: 50")
    parser.add_argument("--seed", type=int, default=0, help="default: 0")
    add_progress_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the demo; 0 if every contact was fetched and matched."""
    return asyncio.run(
        run_demo(
            contacts=args.contacts,
            fault_rate=args.fault_rate,
            concurrency=args.concurrency,
            seed=args.seed,
            progress=not args.no_progress,
        )
    )


def fault_mix(rate: float) -> dict[Fault, float]:
    """Split ``rate`` 5:2:1 into 503 pages, 429s and dropped connections.

    Most 429s say ``Retry-After: 0``; one in four says ``1``, which pauses every
    task of the client for a second (the shared cooldown), as a real throttle would.
    """
    if rate <= 0:
        return {}
    return {
        Fault.server_error(503): rate * 5 / 8,
        Fault.rate_limit("0"): rate * 2 / 8 * 3 / 4,
        Fault.rate_limit("1"): rate * 2 / 8 / 4,
        Fault.disconnect(): rate / 8,
    }


_FAULT_NAMES = {
    "server_error": "503 pages",
    "rate_limit": "429 with Retry-After",
    "disconnect": "dropped connections",
}


def _percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


@attrs.frozen
class _Fetched:
    """What fetching every contact gave: each result, timings and the fake's counters."""

    results: dict[int, Contact | IletiMerkeziError]
    latencies: list[float]
    elapsed: float
    attempts: int
    faults: Counter[str]


def _faulty_fake(
    contacts: int, fault_rate: float, seed: int, clock: FakeClock | None
) -> FakeIletiMerkezi:
    """The fake provider of the demo: ``contacts`` generated, ``fault_rate`` faulted."""
    fake = FakeIletiMerkezi(seed=seed, shape="mixed", clock=clock)
    fake.generate(contacts)
    fake.inject_mix(fault_mix(fault_rate))
    return fake


def _fake_line(contacts: int, fault_rate: float, concurrency: int) -> str:
    """What the demo runs against, said before it starts."""
    return (
        f"Fake provider: {contacts} contacts, {fault_rate:.0%} of answers faulted "
        f"(503 pages, 429 with Retry-After, dropped connections); concurrency {concurrency}."
    )


async def run_demo(
    *,
    contacts: int,
    fault_rate: float,
    concurrency: int,
    seed: int,
    progress: bool,
    sms_recipients: int = 3000,
    clock: FakeClock | None = None,
) -> int:
    """Fetch ``contacts`` generated contacts through injected faults, run a phonebook round
    trip (group, contacts, search, listing, deletes), then send one SMS order to
    ``sms_recipients`` numbers and read its delivery report; 0 if everything matched.

    Writes go through the same faults: one that may have been applied is checked (read
    back, or ``find_sent_order``) before it is sent again, and reported. With ``clock``
    (a :class:`FakeClock`) the fake and the clients share it, so retries and cooldowns
    take no real time (the tests run many seeds that way).
    """
    fake = _faulty_fake(contacts, fault_rate, seed, clock)
    print(_fake_line(contacts, fault_rate, concurrency), file=sys.stderr)
    client_clock = fake.clock if clock is not None else None
    records = dict(fake.contacts)
    async with fake.serve() as base_url:
        async with demo_client(fake, base_url, concurrency, client_clock) as client:
            fetched = await _fetch_all(client, fake, list(records), concurrency, progress)
            phonebook_rows, phonebook_ok = await phonebook_round_trip(client)
        sms_rows, sms_ok = await send_and_report(
            fake,
            base_url,
            recipients=sms_recipients,
            seed=seed,
            concurrency=concurrency,
            clock=client_clock,
        )
    rows, wrong = _contact_rows(records, fetched)
    _print_table([*rows, *phonebook_rows])
    _print_table(sms_rows, "one SMS order through the same faults")
    all_fetched = sum(isinstance(r, Contact) for r in fetched.results.values()) == len(records)
    return _verdict(all_fetched, wrong, sms_ok and phonebook_ok)


async def _fetch_all(
    client: AsyncClient,
    fake: FakeIletiMerkezi,
    ids: list[int],
    concurrency: int,
    progress: bool,
) -> _Fetched:
    """Look every id up with at most ``concurrency`` in flight, timing each."""
    results: dict[int, Contact | IletiMerkeziError] = {}
    latencies: list[float] = []
    slots = asyncio.Semaphore(concurrency)
    with ProgressBar(len(ids), description="fetching", enabled=progress) as bar:

        async def lookup(contact_id: int) -> None:
            # A worker pool of `concurrency`: latency counts retries, not queueing.
            async with slots:
                began = time.perf_counter()
                try:
                    results[contact_id] = await client.get_contact(contact_id)
                except IletiMerkeziError as error:
                    results[contact_id] = error
                latencies.append(time.perf_counter() - began)
                bar.advance()

        started = time.perf_counter()
        await asyncio.gather(*(lookup(contact_id) for contact_id in ids))
        elapsed = time.perf_counter() - started
    return _Fetched(results, latencies, elapsed, fake.stats.requests, Counter(fake.stats.faults))


def _contact_rows(
    records: dict[int, Contact], fetched: _Fetched
) -> tuple[list[tuple[str, str]], list[int]]:
    """The contacts act's summary rows, and the ids whose contact did not match."""
    results, latencies, elapsed = fetched.results, fetched.latencies, fetched.elapsed
    contacts = [r for r in results.values() if isinstance(r, Contact)]
    wrong = [c.id for c in contacts if records.get(c.id) != c]
    failed = Counter(
        str(r.status_code) if isinstance(r, APIError) else type(r).__name__
        for r in results.values()
        if isinstance(r, IletiMerkeziError)
    )
    attempts = fetched.attempts
    rows = [
        ("contacts", f"{len(records)}"),
        ("fetched", f"{len(contacts)}"),
        ("matched the fake's record", f"{len(contacts) - len(wrong)}"),
        ("failed", ", ".join(f"{k}: {v}" for k, v in sorted(failed.items())) or "0"),
        ("attempts", f"{attempts}"),
        ("retried attempts", f"{attempts - len(records)}"),
        *(
            (f"injected: {_FAULT_NAMES.get(k, k)}", f"{v}")
            for k, v in sorted(fetched.faults.items())
        ),
        ("elapsed", f"{elapsed:.2f} s"),
        ("requests/s", f"{attempts / elapsed:.0f}"),
        ("lookups/s", f"{len(records) / elapsed:.0f}"),
        ("latency p50", f"{_percentile(latencies, 0.50) * 1000:.1f} ms"),
        ("latency p95", f"{_percentile(latencies, 0.95) * 1000:.1f} ms"),
        ("latency p99", f"{_percentile(latencies, 0.99) * 1000:.1f} ms"),
    ]
    return rows, wrong


def _verdict(all_fetched: bool, wrong: list[int], others_ok: bool) -> int:
    """Say how the demo went on stderr; the exit status."""
    if wrong:
        print(f"MISMATCH for contact ids: {wrong[:20]}", file=sys.stderr)
    ok = all_fetched and not wrong and others_ok
    print(
        "OK: every contact fetched and matched, the phonebook round trip checked out, "
        "and the SMS order was sent once and reported."
        if ok
        else "FAILED.",
        file=sys.stderr,
    )
    return 0 if ok else 1


def _print_table(rows: list[tuple[str, str]], title: str = "iletimerkezi-async demo") -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover - the cli extra is missing
        width = max(len(name) for name, _ in rows)
        for name, value in rows:
            print(f"{name:<{width}}  {value}")
        return

    class PipeAwareConsole(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit with 1 itself; main() ends every command alike on a closed pipe.
            raise BrokenPipeError

    table = Table(title=title)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in rows:
        table.add_row(name, value)
    PipeAwareConsole().print(table)
