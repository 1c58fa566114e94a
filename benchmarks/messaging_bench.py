"""Messaging benchmarks for ``benchmarks/run.py``: building a 50,000-recipient send-sms
request, and walking a 100,000-recipient delivery report (speed and peak RSS).

The report's stand-in is an in-process httpx transport that waits ``latency`` seconds
per request, as a provider across the internet would, and builds each get-report page
on the fly (current shape), so its memory does not grow with the order.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any

import httpx
from children import run_child  # beside this file
from contenders import API_HASH, API_KEY  # beside this file
from peak import peak_rss_kib  # beside this file
from stand_in_process import StandIn  # beside this file

from iletimerkezi_async import AsyncClient
from iletimerkezi_async.sansio import Credentials, messaging

BUILD_TARGET = 1.5  # ours / bare json.dumps, at most
REPORT_SPEEDUP_TARGET = 4.0  # sequential / iter_report, at least
REPORT_RSS_TARGET_KIB = 5 * 1024
LATENCY = 0.02
ROWS = 1000


# -- building a send-sms request ------------------------------------------------------------


def _numbers(count: int) -> list[str]:
    return [f"+90505{i:07d}" for i in range(count)]


TEXT = "Kampanya: bugün tüm ürünlerde %20 indirim. Ayrılmak için RET yazın."


def _document(numbers: list[str]) -> dict[str, Any]:
    """The send-sms request document that ``send_sms`` should build for ``numbers``."""
    return {
        "request": {
            "authentication": {"key": API_KEY, "hash": API_HASH},
            "order": {
                "sender": "APITEST",
                "iys": "1",
                "iysList": "BIREYSEL",
                "message": {"text": TEXT, "receipents": {"number": numbers}},
            },
        }
    }


def _builders(numbers: list[str]) -> dict[str, Callable[[], object]]:
    """name -> build the request body; ours checked first against the bare document."""
    credentials = Credentials(API_KEY, API_HASH)
    document = _document(numbers)
    decorated = [f"0505 {n[6:9]} {n[9:11]} {n[11:]}" for n in numbers]

    def send_sms(recipients: list[str]) -> bytes:
        return messaging.send_sms(credentials, recipients, TEXT, sender="APITEST").request.body

    def bare() -> bytes:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()

    if json.loads(send_sms(numbers)) != document:
        raise RuntimeError("send_sms built another document than the reference")
    return {
        "json.dumps (bare)": bare,
        "send_sms": lambda: send_sms(numbers),
        "send_sms, '0505 123 45 67' numbers": lambda: send_sms(decorated),
    }


def _median_seconds(builders: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median seconds of each builder over ``repeats`` interleaved rounds."""
    times: dict[str, list[float]] = {name: [] for name in builders}
    for _ in range(repeats):
        for name, build in builders.items():
            gc.collect()
            start = time.perf_counter()
            build()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def run_build(quick: bool, count: int = 50_000) -> dict[str, Any]:
    """Median seconds of ``messaging.send_sms(...)`` (checks, dedup, body) against a bare
    ``json.dumps`` of the same request document (nothing checked), interleaved."""
    medians = _median_seconds(_builders(_numbers(count)), 5 if quick else 15)
    ratio = medians["send_sms"] / medians["json.dumps (bare)"]
    return {
        "recipients": count,
        "median_ms": {name: value * 1000 for name, value in medians.items()},
        "ratio": ratio,
        "target": BUILD_TARGET,
        "verdict": "PASS" if ratio <= BUILD_TARGET else "FAIL",
    }


def print_build(result: dict[str, Any]) -> None:
    print()
    print(f"{'building a send-sms request':<40} {'ms':>8}  ({result['recipients']} recipients)")
    for name, value in result["median_ms"].items():
        print(f"{name:<40} {value:8.2f}")
    print(
        f"{'send_sms / json.dumps':<40} {result['ratio']:8.2f}  target <= "
        f"{result['target']:.1f}  {result['verdict']}"
    )


# -- walking a delivery report ----------------------------------------------------------------


class ReportStandIn(httpx.AsyncBaseTransport):
    """Answers get-report for one order of ``total`` recipients after ``latency`` seconds."""

    def __init__(self, total: int, latency: float) -> None:
        self.total = total
        self.latency = latency
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        order = json.loads(await request.aread())["request"]["order"]
        self.requests += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.latency)
        finally:
            self.in_flight -= 1
        page, rows = int(order["page"]), int(order["rowCount"])
        first, last = (page - 1) * rows, min(page * rows, self.total)
        messages = ",".join(
            f'{{"number":"+90505{i:07d}","status":111}}' for i in range(first, last)
        )
        head = (
            '{"response":{"status":{"code":200,"message":"İşlem başarılı"},"order":{"id":"'
            + order["id"]
            + f'","status":114,"total":{self.total},"delivered":{self.total},"undelivered":0,'
            + '"waiting":0,"submitAt":"2026-04-29 04:32:24","sendAt":"2026-04-29 04:32:24",'
            + '"sender":"APITEST","price":"0,0372","message":['
        )
        body = (head + messages + "]}}}").encode()
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})


def _client(stand_in: ReportStandIn) -> AsyncClient:
    return AsyncClient(API_KEY, API_HASH, transport=stand_in, max_concurrency=32)


def _rss_kib() -> int:
    """The resident set now (Linux), else the peak so far."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * (resource.getpagesize() // 1024)
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def _walk(total: int, latency: float, mode: str) -> dict[str, Any]:
    stand_in = ReportStandIn(total, latency)
    seen = 0
    started = time.perf_counter()
    async with _client(stand_in) as client:
        gc.collect()
        before = highest = _rss_kib()  # the client is built: what follows is the walk's
        if mode == "iter_report":
            async for status in client.iter_report("312891245"):
                seen += status.status == 111
                if seen % 500 == 0:
                    highest = max(highest, _rss_kib())
        else:  # what one writes without iter_report: page after page
            pages = -(-total // ROWS)
            for page in range(1, pages + 1):
                report = await client.get_report("312891245", page=page)
                seen += sum(status.status == 111 for status in report.messages)
    if seen != total:
        raise RuntimeError(f"{mode}: {seen} statuses of {total}")
    return {
        "mode": mode,
        "recipients": total,
        "seconds": time.perf_counter() - started,
        "requests": stand_in.requests,
        "max_in_flight": stand_in.max_in_flight,
        "maxrss_kib": peak_rss_kib(),
        "walk_growth_kib": highest - before,  # resident growth while walking (iter_report)
    }


def report_child(total: int, mode: str) -> dict[str, Any]:
    """Run in a fresh interpreter by ``run_report``: one walk, and its peak RSS."""
    return asyncio.run(_walk(total, LATENCY, mode))


def _in_child(total: int, mode: str) -> dict[str, Any]:
    return run_child("--report-child", str(total), "--report-mode", mode)


def run_report(quick: bool, total: int = 100_000) -> dict[str, Any]:
    """iter_report against get_report page after page (same stand-in, both in fresh
    interpreters, alternating), then iter_report's peak RSS at 1,000 recipients."""
    rounds = 1 if quick else 3
    walks: dict[str, list[dict[str, Any]]] = {"sequential": [], "iter_report": []}
    for _ in range(rounds):
        for mode in walks:
            row = _in_child(total, mode)
            walks[mode].append(row)
            print(
                f"  {mode:<11} {total} recipients: {row['seconds']:5.2f} s,"
                f" {row['requests']} requests, at most {row['max_in_flight']} at once,"
                f" peak RSS {row['maxrss_kib'] / 1024:6.1f} MiB"
                f" (+{row['walk_growth_kib'] / 1024:.1f} MiB while walking)",
                flush=True,
            )
    small = _in_child(1_000, "iter_report")
    sequential = statistics.median(r["seconds"] for r in walks["sequential"])
    concurrent = statistics.median(r["seconds"] for r in walks["iter_report"])
    speedup = sequential / concurrent
    growth = max(r["maxrss_kib"] for r in walks["iter_report"]) - small["maxrss_kib"]
    walk_growth = max(r["walk_growth_kib"] for r in walks["iter_report"])
    return {
        "latency_s": LATENCY,
        "walks": walks,
        "small": small,
        "sequential_s": sequential,
        "iter_report_s": concurrent,
        "speedup": speedup,
        "speedup_target": REPORT_SPEEDUP_TARGET,
        "speedup_verdict": "PASS" if speedup >= REPORT_SPEEDUP_TARGET else "FAIL",
        "rss_growth_kib": growth,
        "walk_growth_kib": walk_growth,
        "small_walk_growth_kib": small["walk_growth_kib"],
        "rss_target_kib": REPORT_RSS_TARGET_KIB,
        "rss_verdict": "PASS"
        if max(growth, walk_growth - small["walk_growth_kib"]) <= REPORT_RSS_TARGET_KIB
        else "FAIL",
    }


def print_report(result: dict[str, Any]) -> None:
    print(
        f"iter_report vs page after page: {result['speedup']:.1f}x"
        f" ({result['iter_report_s']:.2f} s vs {result['sequential_s']:.2f} s)"
        f"  target >= {result['speedup_target']:.0f}x  {result['speedup_verdict']}"
    )
    print(
        f"iter_report peak RSS, 100000 vs 1000 recipients: "
        f"+{result['rss_growth_kib'] / 1024:.1f} MiB"
        f"  target <= +{result['rss_target_kib'] // 1024} MiB  {result['rss_verdict']}"
    )
    print(
        f"resident growth during the walk: 100000 recipients +"
        f"{result['walk_growth_kib'] / 1024:.1f} MiB, 1000 recipients +"
        f"{result['small_walk_growth_kib'] / 1024:.1f} MiB"
    )


def section(args: argparse.Namespace, stand_in: StandIn) -> dict[str, Any]:
    """Both messaging figures (the stand-in process is not used: each has its own)."""
    print("\nsend-sms request building (50,000 recipients)", flush=True)
    build = run_build(args.quick)
    print_build(build)
    print(
        f"\ndelivery report of 100,000 recipients, {LATENCY * 1000:.0f} ms"
        " per request (fresh interpreter per walk)",
        flush=True,
    )
    report = run_report(args.quick)
    print_report(report)
    return {"build": build, "report": report}
