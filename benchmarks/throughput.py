"""Throughput and CPU per request of every contender against the stand-in: interleaved
rounds, medians, the ratios and their targets, CPU per request against the raw
baselines; and ``--profile``, one contender under cProfile."""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from pathlib import Path
from typing import Any

from contenders import Unavailable, open_contender  # beside this file
from stand_in_process import StandIn  # beside this file

__all__ = ["CONCURRENCIES", "run_profile", "section"]

CONCURRENCIES = (1, 50, 200)

# (label, numerator (contender, c), denominator (contender, c), target or None for a
# reference row: a baseline shown beside the targets, with no verdict of its own)
RATIOS: tuple[tuple[str, tuple[str, int], tuple[str, int], float | None], ...] = (
    ("client-httpx / raw-httpx @ c=1", ("client-httpx", 1), ("raw-httpx", 1), 0.95),
    ("client-httpx / raw-httpx @ c=50", ("client-httpx", 50), ("raw-httpx", 50), 3.0),
    ("client-httpx / raw-httpx @ c=200", ("client-httpx", 200), ("raw-httpx", 200), 0.95),
    ("client-httpx c=200 / c=50", ("client-httpx", 200), ("client-httpx", 50), 0.85),
    ("raw-aiohttp c=200 / c=50", ("raw-aiohttp", 200), ("raw-aiohttp", 50), None),
    ("raw-httpx c=200 / c=50", ("raw-httpx", 200), ("raw-httpx", 50), None),
    ("client-aiohttp / raw-aiohttp @ c=50", ("client-aiohttp", 50), ("raw-aiohttp", 50), 0.85),
    # The pool shapes (only when asked for with --contenders).
    ("shape-pool / shape-clients @ c=1", ("shape-pool", 1), ("shape-clients", 1), None),
    ("shape-pool / shape-clients @ c=50", ("shape-pool", 50), ("shape-clients", 50), None),
    ("shape-pool / shape-clients @ c=200", ("shape-pool", 200), ("shape-clients", 200), None),
)
# Client CPU per request of each backend beside its raw baseline, at this concurrency:
# (backend, client contender, raw contender).
CPU_CONCURRENCY = 50
CPU_PAIRS = (("httpx", "client-httpx", "raw-httpx"), ("aiohttp", "client-aiohttp", "raw-aiohttp"))

Sample = dict[str, float]
Samples = dict[str, dict[int, list[Sample] | str]]
Table = dict[str, dict[int, dict[str, float] | str]]


def section(args: argparse.Namespace, stand_in: StandIn) -> dict[str, Any]:
    """The whole figure: runs, table of medians, ratios, CPU per request."""
    print(
        f"\nthroughput: n={args.n} lookups per run, {args.rounds} rounds,"
        f" warm-up {args.warmup}, interleaved",
        flush=True,
    )
    samples = run_throughput(
        stand_in,
        args.contenders,
        args.concurrency,
        args.n,
        args.rounds,
        args.warmup,
        args.bulk_concurrency,
    )
    table = summarize(samples)
    print_table(table)
    ratios = compute_ratios(table)
    print()
    print_ratios(ratios)
    cpu = cpu_per_request(table)
    print_cpu_per_request(cpu)
    return {"samples": samples, "medians": table, "ratios": ratios, "cpu_per_request": cpu}


async def measure(name: str, stand_in: StandIn, concurrency: int, n: int, warmup: int) -> Sample:
    """One timed run of ``n`` lookups in a fresh client, after ``warmup`` lookups."""
    async with open_contender(name, stand_in.port, concurrency) as batch:
        if warmup:
            await batch(list(range(1_000_000, 1_000_000 + warmup)))
        ids = list(range(1, n + 1))
        gc.collect()
        server_cpu0, served0, conns0 = stand_in.cpu()
        cpu0 = time.process_time()
        wall0 = time.perf_counter()
        done = await batch(ids)
        wall = time.perf_counter() - wall0
        cpu = time.process_time() - cpu0
        server_cpu1, served1, conns1 = stand_in.cpu()
    if done != n or served1 - served0 != n:
        raise RuntimeError(f"{name}: {done} results, {served1 - served0} served, wanted {n}")
    return {
        "rps": n / wall,
        "wall_s": wall,
        "cpu_us": cpu / n * 1e6,
        "server_cpu_us": (server_cpu1 - server_cpu0) / n * 1e6,
        # Connections opened during the timed part: 0 when keep-alive holds.
        "new_connections": conns1 - conns0,
    }


def run_throughput(
    stand_in: StandIn,
    contenders: list[str],
    concurrencies: list[int],
    n: int,
    rounds: int,
    warmup: int,
    bulk_concurrencies: list[int],
) -> Samples:
    """Every (contender, concurrency) once per round, interleaved, order rotated per round.

    ``client-httpx-bulk`` runs only at ``bulk_concurrencies`` (it costs as much as
    ``client-httpx`` and mostly repeats it). A contender that cannot run here is dropped
    at its first try, and all its cells say why.
    """
    samples: Samples = {
        name: {
            c: [] for c in concurrencies if name != "client-httpx-bulk" or c in bulk_concurrencies
        }
        for name in contenders
    }
    unavailable: dict[str, str] = {}
    for round_no in range(rounds):
        for concurrency in concurrencies:
            shift = round_no % len(contenders)
            for name in contenders[shift:] + contenders[:shift]:
                if name in unavailable or concurrency not in samples[name]:
                    continue
                sample = _sample(stand_in, name, concurrency, n, warmup, f"{round_no + 1}/{rounds}")
                if isinstance(sample, str):
                    unavailable[name] = sample
                    continue
                runs = samples[name][concurrency]
                assert isinstance(runs, list)
                runs.append(sample)
    for name, why in unavailable.items():
        for concurrency in samples[name]:
            samples[name][concurrency] = f"n/a: {why}"
    return samples


def _sample(
    stand_in: StandIn, name: str, concurrency: int, n: int, warmup: int, round_label: str
) -> Sample | str:
    """One run of ``name``, printed as it ends; why not, if it cannot run here."""
    try:
        sample = asyncio.run(measure(name, stand_in, concurrency, n, max(warmup, concurrency)))
    except Unavailable as why:
        print(f"  {name}: n/a ({why})", flush=True)
        return str(why)
    print(
        f"  round {round_label} c={concurrency:<3} {name:<18}"
        f" {sample['rps']:9.0f} req/s {sample['cpu_us']:7.1f} us CPU/req"
        f" (stand-in {sample['server_cpu_us']:5.1f} us/req,"
        f" {sample['new_connections']:.0f} new conns)",
        flush=True,
    )
    return sample


def summarize(samples: Samples) -> Table:
    """Median of each measure per (contender, concurrency)."""
    table: Table = {}
    for name, by_c in samples.items():
        table[name] = {}
        for concurrency, runs in by_c.items():
            if isinstance(runs, str) or not runs:
                table[name][concurrency] = runs if isinstance(runs, str) else "n/a"
                continue
            table[name][concurrency] = {
                key: statistics.median(run[key] for run in runs) for key in runs[0]
            } | {"runs": len(runs)}
    return table


def print_table(table: Table) -> None:
    print()
    print(
        f"{'contender':<18} {'c':>4} {'req/s':>9} {'client CPU us/req':>18}"
        f" {'stand-in CPU us/req':>20} {'runs':>5}"
    )
    for name, by_c in table.items():
        for concurrency, row in by_c.items():
            if isinstance(row, str):
                print(f"{name:<18} {concurrency:>4} {'n/a':>9}")
                continue
            print(
                f"{name:<18} {concurrency:>4} {row['rps']:9.0f} {row['cpu_us']:18.1f}"
                f" {row['server_cpu_us']:20.1f} {int(row['runs']):>5}"
            )


def _cell(table: Table, name: str, concurrency: int) -> dict[str, float] | None:
    row = table.get(name, {}).get(concurrency)
    return row if isinstance(row, dict) else None


def compute_ratios(table: Table) -> list[dict[str, Any]]:
    """Each ratio of req/s medians in ``RATIOS``, with its verdict (``reference`` when it
    has no target, ``n/a`` when a side could not run)."""
    out = []
    for label, (num_name, num_c), (den_name, den_c), target in RATIOS:
        num = _cell(table, num_name, num_c)
        den = _cell(table, den_name, den_c)
        ratio: float | None = None
        verdict = "n/a"
        if target is None and (num is None or den is None):
            continue  # a reference row whose contenders were not run
        if num is not None and den is not None:
            ratio = num["rps"] / den["rps"]
            verdict = "reference" if target is None else "PASS" if ratio >= target else "FAIL"
        out.append({"ratio": label, "value": ratio, "target": target, "verdict": verdict})
    return out


def print_ratios(ratios: list[dict[str, Any]]) -> None:
    for row in ratios:
        value = "n/a" if row["value"] is None else f"{row['value']:.2f}"
        target = "" if row["target"] is None else f"target >= {row['target']:.2f}"
        print(f"{row['ratio']:<38} {value:>5}  {target:<14}  {row['verdict']}")


def cpu_per_request(table: Table) -> dict[str, Any]:
    """Client CPU us per request (median) of each backend and of its raw baseline, at
    ``CPU_CONCURRENCY``; ``None`` where a contender did not run."""
    out: dict[str, Any] = {"concurrency": CPU_CONCURRENCY}
    for backend, client, raw in CPU_PAIRS:
        ours = _cell(table, client, CPU_CONCURRENCY)
        theirs = _cell(table, raw, CPU_CONCURRENCY)
        out[backend] = {
            "client_us": None if ours is None else ours["cpu_us"],
            "raw_us": None if theirs is None else theirs["cpu_us"],
        }
    return out


def print_cpu_per_request(cpu: dict[str, Any]) -> None:
    def us(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.0f} us"

    parts = [
        f"{backend} backend {us(cpu[backend]['client_us'])}"
        f" (raw {backend} {us(cpu[backend]['raw_us'])})"
        for backend, _, _ in CPU_PAIRS
    ]
    print(f"client CPU per request @ c={cpu['concurrency']}: {', '.join(parts)}")


def run_profile(stand_in: StandIn, name: str, concurrency: int, n: int, warmup: int) -> None:
    """One warm run of ``name`` under cProfile: the top functions, and the profile saved."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()

    async def profiled() -> None:
        async with open_contender(name, stand_in.port, concurrency) as batch:
            await batch(list(range(1_000_000, 1_000_000 + warmup)))
            profiler.enable()
            await batch(list(range(1, n + 1)))
            profiler.disable()

    asyncio.run(profiled())
    dump = Path(f"/tmp/iletimerkezi-async-bench/profile-{name}-c{concurrency}.pstats")
    dump.parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(dump)
    print(f"profile saved to {dump} (open with python -m pstats)")
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(40)
