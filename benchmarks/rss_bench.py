"""Peak RSS of the client's generators over 100 times more items, each size in a fresh
interpreter (``children.run_child``) so one peak cannot hide another: ``iter_contacts``,
``iter_blacklist`` and ``iter_search_contacts`` (``phonebook_rss.py``). The child
functions here are what ``run.py --rss-child`` / ``--rss-blacklist-child`` /
``--search-rss-child`` run."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

import httpx
from children import run_child  # beside this file
from contenders import API_HASH, API_KEY, base_url  # beside this file
from peak import peak_rss_kib  # beside this file
from phonebook_rss import PHONEBOOK_SIZE, search_rss_child  # beside this file
from stand_in import body_for  # beside this file
from stand_in_process import StandIn  # beside this file

from iletimerkezi_async import AsyncClient, Contact

__all__ = [
    "blacklist_child",
    "blacklist_section",
    "contacts_child",
    "contacts_section",
    "search_child",
    "search_section",
]

RSS_TARGET_KIB = 10 * 1024
SEARCH_RSS_TARGET_KIB = 5 * 1024


def _report_growth(runs: list[dict[str, Any]], unit: str) -> dict[str, Any]:
    """The peak RSS of the largest run minus the smallest's, against ``RSS_TARGET_KIB``;
    ``unit`` is both the runs' key for their size and the word printed after it."""
    growth = runs[-1]["maxrss_kib"] - runs[0]["maxrss_kib"]
    verdict = "PASS" if growth <= RSS_TARGET_KIB else "FAIL"
    print(
        f"{runs[-1][unit]} {unit} vs {runs[0][unit]} {unit}: +{growth / 1024:.1f} MiB"
        f"  target <= +{RSS_TARGET_KIB // 1024} MiB  {verdict}"
    )
    return {"runs": runs, "growth_kib": growth, "target_kib": RSS_TARGET_KIB, "verdict": verdict}


# -- iter_contacts ---------------------------------------------------------------------------


class InstantTransport(httpx.AsyncBaseTransport):
    """Answers every get-contact request at once, in process, like the stand-in would."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = body_for(await request.aread())
        return httpx.Response(
            200, headers=[("Content-Type", "application/json; charset=utf-8")], content=body
        )


async def _walk_contacts(port: int, count: int, concurrency: int, transport: str) -> int:
    """``iter_contacts`` over ids 1..count; how many contacts came back right."""
    ids = (i for i in range(1, count + 1))
    ok = 0
    options: dict[str, Any] = {}
    if transport == "inprocess":
        options["transport"] = InstantTransport()
    elif transport == "socket-aiohttp":
        options["backend"] = "aiohttp"
    async with AsyncClient(
        API_KEY, API_HASH, base_url=base_url(port), max_concurrency=concurrency, **options
    ) as client:
        async for contact_id, result in client.iter_contacts(ids):
            if isinstance(result, Contact) and result.id == contact_id:
                ok += 1
    return ok


def contacts_child(port: int, count: int, concurrency: int, transport: str) -> dict[str, Any]:
    """In the child (``--rss-child``): one walk of ``count`` ids, and its peak RSS."""
    started = time.perf_counter()
    ok = asyncio.run(_walk_contacts(port, count, concurrency, transport))
    return {
        "ids": count,
        "ok": ok,
        "seconds": time.perf_counter() - started,
        "maxrss_kib": peak_rss_kib(),
    }


def run_rss(
    stand_in: StandIn, sizes: list[int], concurrency: int, transport: str
) -> list[dict[str, Any]]:
    """Each size in a fresh interpreter, so one peak cannot hide another."""
    out = []
    for count in sizes:
        row = run_child(
            "--rss-child",
            str(count),
            "--port",
            str(stand_in.port),
            "--rss-concurrency",
            str(concurrency),
            "--rss-transport",
            transport,
        )
        if row["ok"] != count:
            raise RuntimeError(f"iter_contacts over {count} ids: only {row['ok']} contacts")
        print(
            f"  iter_contacts over {count:>7} ids at c={concurrency} ({transport}): peak RSS"
            f" {row['maxrss_kib'] / 1024:6.1f} MiB, {row['seconds']:5.1f} s",
            flush=True,
        )
        out.append(row)
    return out


def contacts_section(args: argparse.Namespace, stand_in: StandIn) -> dict[str, Any]:
    print("\npeak RSS of iter_contacts (fresh interpreter per size)", flush=True)
    runs = run_rss(stand_in, args.rss_sizes, args.rss_concurrency, args.rss_transport)
    return _report_growth(runs, "ids")


# -- iter_blacklist --------------------------------------------------------------------------


class BlacklistPages(httpx.AsyncBaseTransport):
    """Answers get-blacklist for a list of ``total`` numbers, each page made on demand, so
    the only memory that grows with ``total`` would be the client's."""

    def __init__(self, total: int) -> None:
        self.total = total

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        options = json.loads(await request.aread())["request"]["blacklist"]
        page, rows = int(options["page"]), int(options["rowCount"])
        first = (page - 1) * rows
        numbers = [f"+90505{index:07d}" for index in range(first, min(first + rows, self.total))]
        body = json.dumps(
            {
                "response": {
                    "status": {"code": 200, "message": "İşlem başarılı"},
                    "blacklist": {"count": self.total, "number": numbers},
                }
            }
        ).encode()
        return httpx.Response(
            200, headers=[("Content-Type", "application/json; charset=utf-8")], content=body
        )


async def _walk_blacklist(count: int) -> int:
    """``iter_blacklist`` over ``count`` numbers; how many, or -1 if the last was wrong."""
    seen = 0
    last = ""
    async with AsyncClient(API_KEY, API_HASH, transport=BlacklistPages(count)) as client:
        async for number in client.iter_blacklist():
            seen += 1
            last = number
    return seen if last == f"+90505{count - 1:07d}" else -1


def blacklist_child(count: int) -> dict[str, Any]:
    """In the child (``--rss-blacklist-child``): one walk of ``count`` numbers."""
    started = time.perf_counter()
    ok = asyncio.run(_walk_blacklist(count))
    return {
        "numbers": count,
        "ok": ok,
        "seconds": time.perf_counter() - started,
        "maxrss_kib": peak_rss_kib(),
    }


def run_rss_blacklist(sizes: list[int]) -> list[dict[str, Any]]:
    """iter_blacklist over each size in a fresh interpreter (in-process pages)."""
    out = []
    for count in sizes:
        row = run_child("--rss-blacklist-child", str(count))
        if row["ok"] != count:
            raise RuntimeError(f"iter_blacklist over {count} numbers: got {row['ok']}")
        print(
            f"  iter_blacklist over {count:>7} numbers: peak RSS"
            f" {row['maxrss_kib'] / 1024:6.1f} MiB, {row['seconds']:5.1f} s",
            flush=True,
        )
        out.append(row)
    return out


def blacklist_section(args: argparse.Namespace, stand_in: StandIn) -> dict[str, Any]:
    print("\npeak RSS of iter_blacklist (fresh interpreter per size)", flush=True)
    return _report_growth(run_rss_blacklist(args.rss_blacklist_sizes), "numbers")


# -- iter_search_contacts --------------------------------------------------------------------


def search_child(matches: int) -> dict[str, Any]:
    """In the child (``--search-rss-child``): see ``phonebook_rss.search_rss_child``."""
    return asyncio.run(search_rss_child(matches))


def run_search_rss(sizes: list[int]) -> list[dict[str, Any]]:
    """``iter_search_contacts`` with each number of matches, each in a fresh interpreter."""
    out = []
    for matches in sizes:
        row = run_child("--search-rss-child", str(matches))
        if row["found"] != matches:
            raise RuntimeError(f"iter_search_contacts: {row['found']} of {matches} contacts")
        walk = ""
        if row["walk_peak_kib"] is not None:
            walk = (
                f"; the walk: {row['walk_start_kib'] / 1024:.1f} MiB at its start, peak"
                f" {row['walk_peak_kib'] / 1024:.1f} MiB"
            )
        print(
            f"  iter_search_contacts, {matches:>7} matches of {PHONEBOOK_SIZE}"
            f" ({row['pages']} pages), {row['seconds']:4.1f} s: process peak RSS"
            f" {row['maxrss_kib'] / 1024:.1f} MiB{walk}",
            flush=True,
        )
        out.append(row)
    return out


def report_search_rss(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The growth from the smallest to the largest run, against the target: of the walk's
    own peak where the platform can tell it, else of the process's peak."""
    key = "walk_peak_kib" if all(r["walk_peak_kib"] is not None for r in rows) else "maxrss_kib"
    growth = rows[-1][key] - rows[0][key]
    ratio = rows[-1][key] / rows[0][key]
    verdict = "PASS" if growth <= SEARCH_RSS_TARGET_KIB else "FAIL"
    what = "walk peak" if key == "walk_peak_kib" else "process peak"
    print(
        f"{rows[-1]['matches']} matches vs {rows[0]['matches']} matches, {what}:"
        f" {growth / 1024:+.1f} MiB (x{ratio:.3f})  target <= +{SEARCH_RSS_TARGET_KIB // 1024}"
        f" MiB  {verdict}"
    )
    return {
        "runs": rows,
        "measure": key,
        "growth_kib": growth,
        "ratio": ratio,
        "target_kib": SEARCH_RSS_TARGET_KIB,
        "verdict": verdict,
    }


def search_section(args: argparse.Namespace, stand_in: StandIn) -> dict[str, Any]:
    print("\npeak RSS of iter_search_contacts (fake provider in process)", flush=True)
    return report_search_rss(run_search_rss(args.search_rss_sizes))
