"""Benchmarks for iletimerkezi_async: throughput, CPU per request, decode cost, memory.

Run ``make bench`` (or ``.venv/bin/python benchmarks/run.py [--quick]``); see
``benchmarks/README.md`` for what each number means. Targets are reported, never
asserted: the exit status is 0 unless the harness itself breaks.

This file is the command line: each figure is a section in a module of its own beside
it (``SECTIONS``), and the hidden ``--*-child`` flags are the fresh interpreters that the
memory figures run themselves in.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import decode_bench  # beside this file
import httpx
import idle_sockets  # beside this file
import import_time  # beside this file
import messaging_bench  # beside this file
import rss_bench  # beside this file
import throughput  # beside this file
from contenders import CONTENDERS, SHAPES  # beside this file
from stand_in_process import StandIn, stand_in_process  # beside this file

import iletimerkezi_async

DEFAULT_JSON = Path("/tmp/iletimerkezi-async-bench/latest.json")
# The options recorded under "settings" in the JSON.
SETTINGS = (
    "n",
    "rounds",
    "warmup",
    "concurrency",
    "contenders",
    "rss_sizes",
    "rss_concurrency",
    "rss_transport",
    "bulk_concurrency",
    "idle_seconds",
)


@dataclass(frozen=True)
class Section:
    """One figure: ``run`` prints it and returns its JSON, stored under ``name``;
    ``--skip-NAME`` (underscores as dashes) leaves it out."""

    name: str
    run: Callable[[argparse.Namespace, StandIn], dict[str, Any]]
    help: str | None = None

    @property
    def flag(self) -> str:
        return "--skip-" + self.name.replace("_", "-")


# In the order they run (and appear in the JSON).
SECTIONS = (
    Section("throughput", throughput.section),
    Section("idle", idle_sockets.section),
    Section("decode", decode_bench.section),
    Section("rss", rss_bench.contacts_section),
    Section("rss_blacklist", rss_bench.blacklist_section),
    Section("messaging", messaging_bench.section, "skip the send-sms and get-report runs"),
    Section("search_rss", rss_bench.search_section),
    Section("import_time", import_time.section),
)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    child = _child_result(args)
    if child is not None:
        print(json.dumps(child))
        return 0
    started = time.perf_counter()
    results: dict[str, Any] = {"environment": _environment(), "settings": _settings(args)}
    _print_environment(results["environment"])
    with stand_in_process() as stand_in:
        print(f"stand-in on 127.0.0.1:{stand_in.port} (pid {stand_in.proc.pid})")
        if args.profile:
            throughput.run_profile(
                stand_in, args.profile, args.concurrency[-1], args.n, args.warmup
            )
            return 0
        for section in SECTIONS:
            if not getattr(args, "skip_" + section.name):
                results[section.name] = section.run(args, stand_in)
    _write(results, args.json, started)
    return 0


def _child_result(args: argparse.Namespace) -> dict[str, Any] | None:
    """In a child started by a memory figure: its one measurement; None in the parent."""
    if args.rss_child is not None:
        return rss_bench.contacts_child(
            args.port, args.rss_child, args.rss_concurrency, args.rss_transport
        )
    if args.rss_blacklist_child is not None:
        return rss_bench.blacklist_child(args.rss_blacklist_child)
    if args.report_child is not None:
        return messaging_bench.report_child(args.report_child, args.report_mode)
    if args.search_rss_child is not None:
        return rss_bench.search_child(args.search_rss_child)
    return None


# -- the command line --------------------------------------------------------------------------


def _csv_ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: n=500, 1 round")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write results")
    for section in SECTIONS:
        parser.add_argument(section.flag, action="store_true", help=section.help)
    _throughput_arguments(parser)
    _memory_arguments(parser)
    _child_arguments(parser)
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.rounds = 500, 1
        args.warmup = min(args.warmup, 100)
    if args.rss_sizes is None:
        args.rss_sizes = [1_000, 10_000] if args.quick else [1_000, 100_000]
    args.contenders = [name for name in args.contenders.split(",") if name]
    for name in args.contenders:
        if name not in CONTENDERS + SHAPES:
            parser.error(f"unknown contender {name!r}")
    return args


def _throughput_arguments(parser: argparse.ArgumentParser) -> None:
    """Throughput, idle sockets and ``--profile``."""
    parser.add_argument("-n", "--n", type=int, default=3000, help="lookups per timed run")
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds (medians)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed lookups per run")
    parser.add_argument(
        "--concurrency",
        type=_csv_ints,
        default=list(throughput.CONCURRENCIES),
        help="e.g. 1,50,200",
    )
    parser.add_argument(
        "--contenders",
        default=",".join(CONTENDERS),
        help=f"comma-separated subset of {','.join(CONTENDERS + SHAPES)}",
    )
    parser.add_argument(
        "--bulk-concurrency",
        type=_csv_ints,
        default=[50],
        help="concurrencies at which client-httpx-bulk (get_contacts) runs; default 50",
    )
    parser.add_argument(
        "--idle-seconds", type=float, default=10.0, help="the pause in the idle-sockets figure"
    )
    parser.add_argument(
        "--profile", metavar="CONTENDER", help="cProfile one run of CONTENDER instead"
    )


def _memory_arguments(parser: argparse.ArgumentParser) -> None:
    """The peak-RSS figures."""
    parser.add_argument(
        "--rss-sizes", type=_csv_ints, default=None, help="ids per run (default 1000,100000)"
    )
    parser.add_argument("--rss-concurrency", type=int, default=50)
    parser.add_argument(
        "--rss-transport",
        choices=("inprocess", "socket", "socket-aiohttp"),
        default="inprocess",
        help="inprocess: an httpx transport answering at once (default; 100k lookups over"
        " the socket with httpx take minutes on 2 cores); socket: the stand-in, default"
        " backend; socket-aiohttp: the stand-in, backend='aiohttp'",
    )
    parser.add_argument(
        "--rss-blacklist-sizes",
        type=_csv_ints,
        default=[1_000, 100_000],
        help="numbers per iter_blacklist run (default 1000,100000)",
    )
    parser.add_argument(
        "--search-rss-sizes",
        type=_csv_ints,
        default=[1_000, 100_000],
        help="matches per iter_search_contacts run (default 1000,100000)",
    )


def _child_arguments(parser: argparse.ArgumentParser) -> None:
    """What ``children.run_child`` passes to the fresh interpreters (hidden from --help)."""
    for flag in ("--rss-child", "--search-rss-child", "--rss-blacklist-child", "--port"):
        parser.add_argument(flag, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--report-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--report-mode", help=argparse.SUPPRESS)


# -- the record ----------------------------------------------------------------------------------


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    return {key: getattr(args, key) for key in SETTINGS}


def _environment() -> dict[str, Any]:
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg": os.getloadavg(),
        "iletimerkezi_async": iletimerkezi_async.__version__,
        "httpx": httpx.__version__,
        "aiohttp": _version_of("aiohttp"),
        "orjson": _version_of("orjson"),
        "msgspec": _version_of("msgspec"),
    }


def _version_of(module: str) -> str | None:
    try:
        return str(__import__(module).__version__)
    except ImportError:
        return None


def _print_environment(env: dict[str, Any]) -> None:
    print(
        f"python {env['python']}, {env['cpus']} CPUs, load {env['loadavg'][0]:.2f};"
        f" httpx {env['httpx']}, aiohttp {env['aiohttp']}"
    )


def _write(results: dict[str, Any], path: Path, started: float) -> None:
    results["environment"]["loadavg_end"] = os.getloadavg()
    results["seconds"] = time.perf_counter() - started
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"\nresults written to {path} ({results['seconds']:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())
