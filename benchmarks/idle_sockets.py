"""Idle sockets after a burst: a burst of lookups, a pause longer than the keep-alive
expiry, a sequential trickle; how many sockets each contender still holds open on the
stand-in at the end (``client-httpx`` against ``raw-httpx``)."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from contenders import open_contender  # beside this file
from stand_in_process import StandIn  # beside this file

__all__ = ["section"]

IDLE_CONTENDERS = ("client-httpx", "raw-httpx")
IDLE_BURST = 200
IDLE_TRICKLE = 20


def section(args: argparse.Namespace, stand_in: StandIn) -> dict[str, Any]:
    print(
        f"\nidle sockets: burst of {IDLE_BURST}, {args.idle_seconds:g} s idle,"
        f" {IDLE_TRICKLE} sequential calls",
        flush=True,
    )
    return run_idle(stand_in, args.idle_seconds)


async def idle_sockets(name: str, stand_in: StandIn, idle_seconds: float) -> dict[str, int]:
    """A burst of concurrent lookups, ``idle_seconds`` of nothing, then a sequential trickle:
    how many sockets the contender still holds open on the server at the end."""
    before = await settled_open_connections(stand_in)
    async with open_contender(name, stand_in.port, IDLE_BURST) as batch:
        await batch(list(range(1, IDLE_BURST + 1)))
        after_burst = stand_in.open_connections() - before
        await asyncio.sleep(idle_seconds)
        for contact_id in range(1, IDLE_TRICKLE + 1):
            await batch([contact_id])
        await asyncio.sleep(0.2)  # let the stand-in see the closes
        after_trickle = stand_in.open_connections() - before
    return {"after_burst": after_burst, "after_trickle": after_trickle}


async def settled_open_connections(stand_in: StandIn, within: float = 10.0) -> int:
    """The stand-in's open connections once the count stops changing: the closes of the
    previous contender's sockets reach it a little after that contender is gone."""
    count = stand_in.open_connections()
    for _ in range(int(within / 0.2)):
        await asyncio.sleep(0.2)
        now = stand_in.open_connections()
        if now == count:
            return count
        count = now
    return count


def run_idle(stand_in: StandIn, idle_seconds: float) -> dict[str, Any]:
    """Both contenders in the same run, one after the other (each has the server alone)."""
    rows = {}
    for name in IDLE_CONTENDERS:
        rows[name] = asyncio.run(idle_sockets(name, stand_in, idle_seconds))
        print(
            f"  {name:<12} burst of {IDLE_BURST}: {rows[name]['after_burst']:>3} sockets open;"
            f" after {idle_seconds:g} s idle and {IDLE_TRICKLE} sequential calls:"
            f" {rows[name]['after_trickle']:>3}",
            flush=True,
        )
    ours, raw = (rows[name]["after_trickle"] for name in IDLE_CONTENDERS)
    verdict = "PASS" if ours <= raw else "FAIL"
    print(f"sockets left open, client-httpx <= raw-httpx ({ours} vs {raw})  {verdict}")
    return {"idle_seconds": idle_seconds, "sockets": rows, "verdict": verdict}
