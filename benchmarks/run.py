"""Benchmarks for iletimerkezi_async: throughput, CPU per request, decode cost, memory.

Run ``make bench`` (or ``.venv/bin/python benchmarks/run.py [--quick]``); see
``benchmarks/README.md`` for what each number means. Targets are reported, never
asserted: the exit status is 0 unless the harness itself breaks.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import import_time  # benchmarks/import_time.py, beside this file
import messaging_bench  # benchmarks/messaging_bench.py, beside this file
from peak import peak_rss_kib  # beside this file
from phonebook_rss import PHONEBOOK_SIZE, search_rss_child  # beside this file
from stand_in import body_for  # benchmarks/stand_in.py, beside this file

import iletimerkezi_async
from iletimerkezi_async import AsyncClient, Contact, CustomField
from iletimerkezi_async.sansio import decode_get_contact

HERE = Path(__file__).resolve().parent
DEFAULT_JSON = Path("/tmp/iletimerkezi-async-bench/latest.json")

API_KEY = "bench-key-0123456789"
API_HASH = "0123456789abcdef" * 4
HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
AUTH_JSON = json.dumps({"key": API_KEY, "hash": API_HASH}, separators=(",", ":")).encode()

CONTENDERS = ("client-httpx", "client-httpx-bulk", "client-aiohttp", "raw-httpx", "raw-aiohttp")
CONCURRENCIES = (1, 50, 200)

# (label, numerator (contender, c), denominator (contender, c), target)
RATIOS: tuple[tuple[str, tuple[str, int], tuple[str, int], float], ...] = (
    ("client-httpx / raw-httpx @ c=1", ("client-httpx", 1), ("raw-httpx", 1), 0.95),
    ("client-httpx / raw-httpx @ c=50", ("client-httpx", 50), ("raw-httpx", 50), 3.0),
    ("client-httpx / raw-httpx @ c=200", ("client-httpx", 200), ("raw-httpx", 200), 0.95),
    ("client-httpx c=200 / c=50", ("client-httpx", 200), ("client-httpx", 50), 0.95),
    ("client-aiohttp / raw-aiohttp @ c=50", ("client-aiohttp", 50), ("raw-aiohttp", 50), 0.85),
)
# The idle figure: a burst, a pause longer than the keep-alive expiry, a trickle.
IDLE_CONTENDERS = ("client-httpx", "raw-httpx")
IDLE_BURST = 200
IDLE_TRICKLE = 20
DECODE_TARGET_US = 15.0
RSS_TARGET_KIB = 10 * 1024
SEARCH_RSS_TARGET_KIB = 5 * 1024

Batch = Callable[[list[int]], Awaitable[int]]


class Unavailable(Exception):
    """A contender that cannot run here (e.g. a backend not implemented yet)."""


# -- the stand-in provider (a separate process) ------------------------------------------


class StandIn:
    """Starts ``stand_in.py`` and asks it for its own CPU time over a pipe."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "stand_in.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if len(line) != 2 or line[0] != "PORT":
            self.close()
            raise RuntimeError(f"the stand-in did not start (said {line!r})")
        self.port = int(line[1])

    def cpu(self) -> tuple[float, int, int]:
        """(CPU seconds used so far, requests answered, connections accepted)."""
        seconds, served, connections, _ = self._ask()
        return float(seconds), int(served), int(connections)

    def open_connections(self) -> int:
        """Client connections the stand-in has open right now."""
        return int(self._ask()[3])

    def _ask(self) -> list[str]:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write("cpu\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().split()[1:]

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# -- contenders: each yields a batch function that fetches and decodes every id ---------


def _base_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/v1/"


def _new_client(port: int, concurrency: int, backend: str) -> AsyncClient:
    options: dict[str, Any] = {} if backend == "httpx" else {"backend": backend}
    try:
        return AsyncClient(
            API_KEY, API_HASH, base_url=_base_url(port), max_concurrency=concurrency, **options
        )
    except (ValueError, TypeError, ImportError) as error:
        raise Unavailable(f"{type(error).__name__}: {error}") from error


@contextlib.asynccontextmanager
async def client_gather(port: int, concurrency: int, backend: str) -> AsyncIterator[Batch]:
    """What users write: ``asyncio.gather`` of ``get_contact``."""
    async with _new_client(port, concurrency, backend) as client:

        async def batch(ids: list[int]) -> int:
            results = await asyncio.gather(*(client.get_contact(i) for i in ids))
            assert results[-1].id == ids[-1]
            return len(results)

        yield batch


@contextlib.asynccontextmanager
async def client_bulk(port: int, concurrency: int) -> AsyncIterator[Batch]:
    """``get_contacts(ids)``: dedup, input order, bounded fan-out."""
    async with _new_client(port, concurrency, "httpx") as client:

        async def batch(ids: list[int]) -> int:
            results = await client.get_contacts(ids)
            assert results[-1].id == ids[-1]
            return len(results)

        yield batch


def _request_body(contact_id: int) -> bytes:
    return b'{"request":{"authentication":%s,"contact":{"id":"%d"}}}' % (AUTH_JSON, contact_id)


def _read_contact(content: bytes, contact_id: int) -> tuple[object, ...]:
    response = json.loads(content)["response"]
    if response["status"]["code"] != 200:
        raise RuntimeError(f"unexpected answer {response['status']!r}")
    contact = response["contact"]
    if contact["id"] != contact_id:
        raise RuntimeError(f"asked for {contact_id}, got {contact['id']}")
    return (
        contact["id"],
        contact["name"],
        contact["surname"],
        contact["email"] or None,
        contact["gsm"] or None,
        tuple((field["id"], field["value"]) for field in contact["custom_fields"]),
        tuple(contact["groups"]),
    )


@contextlib.asynccontextmanager
async def raw_httpx(port: int, concurrency: int) -> AsyncIterator[Batch]:
    """Hand-tuned httpx: URL and headers built once, a semaphore, ``json.loads``."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    url = httpx.URL(_base_url(port) + "get-contact/json")
    slots = asyncio.Semaphore(concurrency)
    timeout = httpx.Timeout(10.0, connect=5.0)
    async with httpx.AsyncClient(limits=limits, timeout=timeout) as http:

        async def one(contact_id: int) -> tuple[object, ...]:
            body = _request_body(contact_id)
            async with slots:
                response = await http.post(url, content=body, headers=HEADERS)
            return _read_contact(response.content, contact_id)

        async def batch(ids: list[int]) -> int:
            return len(await asyncio.gather(*(one(i) for i in ids)))

        yield batch


@contextlib.asynccontextmanager
async def raw_aiohttp(port: int, concurrency: int) -> AsyncIterator[Batch]:
    """Hand-written aiohttp: one session, ``TCPConnector(limit=C)``, a semaphore."""
    try:
        import aiohttp
    except ImportError as error:
        raise Unavailable("aiohttp is not installed") from error
    url = _base_url(port) + "get-contact/json"
    slots = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=10.0, connect=5.0)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def one(contact_id: int) -> tuple[object, ...]:
            body = _request_body(contact_id)
            async with slots, session.post(url, data=body, headers=HEADERS) as response:
                content = await response.read()
            return _read_contact(content, contact_id)

        async def batch(ids: list[int]) -> int:
            return len(await asyncio.gather(*(one(i) for i in ids)))

        yield batch


def open_contender(
    name: str, port: int, concurrency: int
) -> contextlib.AbstractAsyncContextManager[Batch]:
    if name == "client-httpx":
        return client_gather(port, concurrency, "httpx")
    if name == "client-httpx-bulk":
        return client_bulk(port, concurrency)
    if name == "client-aiohttp":
        return client_gather(port, concurrency, "aiohttp")
    if name == "raw-httpx":
        return raw_httpx(port, concurrency)
    if name == "raw-aiohttp":
        return raw_aiohttp(port, concurrency)
    raise ValueError(f"unknown contender {name!r}")


# -- throughput ---------------------------------------------------------------------------


async def measure(
    name: str, stand_in: StandIn, concurrency: int, n: int, warmup: int
) -> dict[str, float]:
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
) -> dict[str, dict[int, list[dict[str, float]] | str]]:
    """Every (contender, concurrency) once per round, interleaved, order rotated per round.

    ``client-httpx-bulk`` runs only at ``bulk_concurrencies`` (it costs as much as
    ``client-httpx`` and mostly repeats it).
    """

    def wanted(name: str, concurrency: int) -> bool:
        return name != "client-httpx-bulk" or concurrency in bulk_concurrencies

    samples: dict[str, dict[int, list[dict[str, float]] | str]] = {
        name: {c: [] for c in concurrencies if wanted(name, c)} for name in contenders
    }
    unavailable: dict[str, str] = {}
    for round_no in range(rounds):
        for concurrency in concurrencies:
            shift = round_no % len(contenders)
            for name in contenders[shift:] + contenders[:shift]:
                if name in unavailable or not wanted(name, concurrency):
                    continue
                try:
                    sample = asyncio.run(
                        measure(name, stand_in, concurrency, n, max(warmup, concurrency))
                    )
                except Unavailable as why:
                    unavailable[name] = str(why)
                    print(f"  {name}: n/a ({why})", flush=True)
                    continue
                runs = samples[name][concurrency]
                assert isinstance(runs, list)
                runs.append(sample)
                print(
                    f"  round {round_no + 1}/{rounds} c={concurrency:<3} {name:<18}"
                    f" {sample['rps']:9.0f} req/s {sample['cpu_us']:7.1f} us CPU/req"
                    f" (stand-in {sample['server_cpu_us']:5.1f} us/req,"
                    f" {sample['new_connections']:.0f} new conns)",
                    flush=True,
                )
    for name, why in unavailable.items():
        for concurrency in samples[name]:
            samples[name][concurrency] = f"n/a: {why}"
    return samples


def summarize(
    samples: dict[str, dict[int, list[dict[str, float]] | str]],
) -> dict[str, dict[int, dict[str, float] | str]]:
    """Median of each measure per (contender, concurrency)."""
    table: dict[str, dict[int, dict[str, float] | str]] = {}
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


def print_table(table: dict[str, dict[int, dict[str, float] | str]]) -> None:
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


def compute_ratios(table: dict[str, dict[int, dict[str, float] | str]]) -> list[dict[str, Any]]:
    out = []
    for label, (num_name, num_c), (den_name, den_c), target in RATIOS:
        num = table.get(num_name, {}).get(num_c)
        den = table.get(den_name, {}).get(den_c)
        if isinstance(num, dict) and isinstance(den, dict):
            ratio: float | None = num["rps"] / den["rps"]
            verdict = "PASS" if ratio is not None and ratio >= target else "FAIL"
        else:
            ratio, verdict = None, "n/a"
        out.append({"ratio": label, "value": ratio, "target": target, "verdict": verdict})
    return out


# -- idle sockets after a burst --------------------------------------------------------


async def idle_sockets(name: str, stand_in: StandIn, idle_seconds: float) -> dict[str, int]:
    """A burst of concurrent lookups, ``idle_seconds`` of nothing, then a sequential trickle:
    how many sockets the contender still holds open on the server at the end."""
    before = stand_in.open_connections()
    async with open_contender(name, stand_in.port, IDLE_BURST) as batch:
        await batch(list(range(1, IDLE_BURST + 1)))
        after_burst = stand_in.open_connections() - before
        await asyncio.sleep(idle_seconds)
        for contact_id in range(1, IDLE_TRICKLE + 1):
            await batch([contact_id])
        await asyncio.sleep(0.2)  # let the stand-in see the closes
        after_trickle = stand_in.open_connections() - before
    return {"after_burst": after_burst, "after_trickle": after_trickle}


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


# -- decode micro-benchmark ---------------------------------------------------------------

CONTACT_ID = 1234
CURRENT_BODY = (
    '{"response":{"status":{"code":200,"message":"OK"},"contact":{"id":1234,"name":"Çağrı",'
    '"surname":"Yılmaz","email":"c@example.com","gsm":"+905551112233",'
    '"custom_fields":[{"id":1,"value":"x"}],"groups":[1,2]}}}'
).encode()
LEGACY_BODY = (
    '{"response":{"status":{"code":"200","message":"OK"},"contact":{"id":"1234","name":"Çağrı",'
    '"surname":"Yılmaz","email":"c@example.com","gsm":"+905551112233",'
    '"custom_fields":{"custom_field":[{"id":"1","value":"x"}]},'
    '"groups":{"group":[{"id":"1"},{"id":"2"}]}}}}'
).encode()
EXPECTED = Contact(
    CONTACT_ID, "Çağrı", "Yılmaz", "c@example.com", "+905551112233", (CustomField(1, "x"),), (1, 2)
)


try:  # a reference point only: the shape as msgspec Structs, both shapes in one schema
    import msgspec
except ImportError:  # pragma: no cover
    msgspec = None  # type: ignore[assignment]
else:

    class MsgspecStatus(msgspec.Struct):
        code: int | str
        message: str

    class MsgspecField(msgspec.Struct):
        id: int | str
        value: str

    class MsgspecFieldWrapper(msgspec.Struct):
        custom_field: list[MsgspecField]

    class MsgspecGroup(msgspec.Struct):
        id: int | str

    class MsgspecGroupWrapper(msgspec.Struct):
        group: list[MsgspecGroup]

    class MsgspecContact(msgspec.Struct):
        id: int | str
        name: str
        surname: str
        email: str | None
        gsm: str | None
        custom_fields: list[MsgspecField] | MsgspecFieldWrapper
        groups: list[int] | MsgspecGroupWrapper

    class MsgspecResponse(msgspec.Struct):
        status: MsgspecStatus
        contact: MsgspecContact

    class MsgspecDocument(msgspec.Struct):
        response: MsgspecResponse


def _items(value: Any, wrapper: str) -> list[Any]:
    if not value:
        return []
    if type(value) is dict:
        inner = value.get(wrapper)
        if not inner:
            return []
        return inner if type(inner) is list else [inner]
    return value  # type: ignore[no-any-return]


def hand_contact(document: Any, contact_id: int) -> Contact:
    """Plain dict access, both shapes, building the same ``Contact``."""
    response = document["response"]
    if int(response["status"]["code"]) != 200:
        raise ValueError("not a 200")
    raw = response["contact"]
    groups = []
    for entry in _items(raw.get("groups"), "group"):
        groups.append(int(entry["id"]) if type(entry) is dict else int(entry))
    contact = Contact(
        int(raw["id"]),
        raw["name"] or "",
        raw["surname"] or "",
        raw.get("email") or None,
        raw.get("gsm") or None,
        tuple(
            CustomField(int(f["id"]), f["value"])
            for f in _items(raw.get("custom_fields"), "custom_field")
        ),
        tuple(groups),
    )
    if contact.id != contact_id:
        raise ValueError("wrong contact")
    return contact


def decode_contenders() -> dict[str, Callable[[bytes], object]]:
    """name -> f(body); each must decode both shapes of the same contact."""
    contenders: dict[str, Callable[[bytes], object]] = {
        "ours: sansio.decode_get_contact": lambda body: decode_get_contact(
            200, body, contact_id=CONTACT_ID
        ),
        "stdlib json + dict access": lambda body: hand_contact(json.loads(body), CONTACT_ID),
    }
    try:
        import orjson

        contenders["orjson + dict access"] = lambda body: hand_contact(
            orjson.loads(body), CONTACT_ID
        )
    except ImportError:
        pass
    if msgspec is not None:
        contenders["msgspec Struct (reference)"] = msgspec.json.Decoder(MsgspecDocument).decode
    return contenders


def run_decode(quick: bool) -> dict[str, dict[str, float]]:
    """us per contact, median of interleaved repeats, per (contender, shape)."""
    bodies = {"current": CURRENT_BODY, "legacy": LEGACY_BODY}
    contenders = decode_contenders()
    for name, decode in contenders.items():
        for shape, body in bodies.items():
            got = decode(body)
            if isinstance(got, Contact) and got != EXPECTED:
                raise RuntimeError(f"{name} decoded the {shape} shape to {got!r}")
    loops = 2_000 if quick else 10_000
    repeats = 3 if quick else 7
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(repeats):
        for shape, body in bodies.items():
            for name, decode in contenders.items():
                start = time.perf_counter()
                for _ in range(loops):
                    decode(body)
                elapsed = time.perf_counter() - start
                times.setdefault((name, shape), []).append(elapsed / loops * 1e6)
    result: dict[str, dict[str, float]] = {}
    for (name, shape), values in times.items():
        result.setdefault(name, {})[shape] = statistics.median(values)
    return result


def print_decode(result: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    print()
    print(f"{'decoder (us per contact)':<34} {'current':>8} {'legacy':>8}")
    for name, by_shape in result.items():
        print(f"{name:<34} {by_shape['current']:8.2f} {by_shape['legacy']:8.2f}")
    verdicts = []
    ours = result["ours: sansio.decode_get_contact"]
    for shape in ("current", "legacy"):
        verdict = "PASS" if ours[shape] <= DECODE_TARGET_US else "FAIL"
        verdicts.append(
            {
                "check": f"decode_get_contact, {shape} shape",
                "value_us": ours[shape],
                "target_us": DECODE_TARGET_US,
                "verdict": verdict,
            }
        )
    return verdicts


# -- memory of iter_contacts ---------------------------------------------------------------


class InstantTransport(httpx.AsyncBaseTransport):
    """Answers every get-contact request at once, in process, like the stand-in would."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = body_for(await request.aread())
        return httpx.Response(
            200, headers=[("Content-Type", "application/json; charset=utf-8")], content=body
        )


async def _rss_child(port: int, count: int, concurrency: int, transport: str) -> dict[str, Any]:
    ids = (i for i in range(1, count + 1))
    ok = 0
    started = time.perf_counter()
    options: dict[str, Any] = {}
    if transport == "inprocess":
        options["transport"] = InstantTransport()
    elif transport == "socket-aiohttp":
        options["backend"] = "aiohttp"
    async with AsyncClient(
        API_KEY, API_HASH, base_url=_base_url(port), max_concurrency=concurrency, **options
    ) as client:
        async for contact_id, result in client.iter_contacts(ids):
            if isinstance(result, Contact) and result.id == contact_id:
                ok += 1
    return {
        "ids": count,
        "ok": ok,
        "seconds": time.perf_counter() - started,
        "maxrss_kib": peak_rss_kib(),
    }


def _child(*args: str) -> dict[str, Any]:
    """Run this script again with ``args`` in a fresh interpreter; its last JSON line."""
    child = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    row: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return row


def run_rss(
    stand_in: StandIn, sizes: list[int], concurrency: int, transport: str
) -> list[dict[str, Any]]:
    """Each size in a fresh interpreter, so one peak cannot hide another."""
    out = []
    for count in sizes:
        row = _child(
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


# -- memory of iter_blacklist --------------------------------------------------------------


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


async def _rss_blacklist_child(count: int) -> dict[str, Any]:
    seen = 0
    last = ""
    started = time.perf_counter()
    async with AsyncClient(API_KEY, API_HASH, transport=BlacklistPages(count)) as client:
        async for number in client.iter_blacklist():
            seen += 1
            last = number
    return {
        "numbers": count,
        "ok": seen if last == f"+90505{count - 1:07d}" else -1,
        "seconds": time.perf_counter() - started,
        "maxrss_kib": peak_rss_kib(),
    }


def run_rss_blacklist(sizes: list[int]) -> list[dict[str, Any]]:
    """iter_blacklist over each size in a fresh interpreter (in-process pages)."""
    out = []
    for count in sizes:
        row = _child("--rss-blacklist-child", str(count))
        if row["ok"] != count:
            raise RuntimeError(f"iter_blacklist over {count} numbers: got {row['ok']}")
        print(
            f"  iter_blacklist over {count:>7} numbers: peak RSS"
            f" {row['maxrss_kib'] / 1024:6.1f} MiB, {row['seconds']:5.1f} s",
            flush=True,
        )
        out.append(row)
    return out


def report_rss_blacklist(sizes: list[int]) -> dict[str, Any]:
    print("\npeak RSS of iter_blacklist (fresh interpreter per size)", flush=True)
    runs = run_rss_blacklist(sizes)
    growth = runs[-1]["maxrss_kib"] - runs[0]["maxrss_kib"]
    verdict = "PASS" if growth <= RSS_TARGET_KIB else "FAIL"
    print(
        f"{runs[-1]['numbers']} numbers vs {runs[0]['numbers']} numbers:"
        f" +{growth / 1024:.1f} MiB  target <= +{RSS_TARGET_KIB // 1024} MiB  {verdict}"
    )
    return {"runs": runs, "growth_kib": growth, "target_kib": RSS_TARGET_KIB, "verdict": verdict}


def run_search_rss(sizes: list[int]) -> list[dict[str, Any]]:
    """``iter_search_contacts`` with each number of matches, each in a fresh interpreter."""
    out = []
    for matches in sizes:
        row = _child("--search-rss-child", str(matches))
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


# -- profiling one contender ---------------------------------------------------------------


def run_profile(stand_in: StandIn, name: str, concurrency: int, n: int, warmup: int) -> None:
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


# -- main -----------------------------------------------------------------------------------


def _csv_ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--n", type=int, default=3000, help="lookups per timed run")
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds (medians)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed lookups per run")
    parser.add_argument(
        "--concurrency", type=_csv_ints, default=list(CONCURRENCIES), help="e.g. 1,50,200"
    )
    parser.add_argument(
        "--contenders",
        default=",".join(CONTENDERS),
        help=f"comma-separated subset of {','.join(CONTENDERS)}",
    )
    parser.add_argument(
        "--bulk-concurrency",
        type=_csv_ints,
        default=[50],
        help="concurrencies at which client-httpx-bulk (get_contacts) runs; default 50",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: n=500, 1 round")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write results")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-decode", action="store_true")
    parser.add_argument("--skip-rss", action="store_true")
    parser.add_argument("--skip-idle", action="store_true")
    parser.add_argument(
        "--idle-seconds", type=float, default=10.0, help="the pause in the idle-sockets figure"
    )
    parser.add_argument(
        "--skip-messaging", action="store_true", help="skip the send-sms and get-report runs"
    )
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
        "--profile", metavar="CONTENDER", help="cProfile one run of CONTENDER instead"
    )
    parser.add_argument("--skip-rss-blacklist", action="store_true")
    parser.add_argument(
        "--rss-blacklist-sizes",
        type=_csv_ints,
        default=[1_000, 100_000],
        help="numbers per iter_blacklist run (default 1000,100000)",
    )
    parser.add_argument("--skip-search-rss", action="store_true")
    parser.add_argument("--skip-import-time", action="store_true")
    parser.add_argument(
        "--search-rss-sizes",
        type=_csv_ints,
        default=[1_000, 100_000],
        help="matches per iter_search_contacts run (default 1000,100000)",
    )
    parser.add_argument("--rss-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--search-rss-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--rss-blacklist-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--report-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--report-mode", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.rounds = 500, 1
        args.warmup = min(args.warmup, 100)
    if args.rss_sizes is None:
        args.rss_sizes = [1_000, 10_000] if args.quick else [1_000, 100_000]
    args.contenders = [name for name in args.contenders.split(",") if name]
    for name in args.contenders:
        if name not in CONTENDERS:
            parser.error(f"unknown contender {name!r}")
    return args


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


@contextlib.contextmanager
def stand_in_process() -> Iterator[StandIn]:
    stand_in = StandIn()
    try:
        yield stand_in
    finally:
        stand_in.close()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.rss_child is not None:
        row = asyncio.run(
            _rss_child(args.port, args.rss_child, args.rss_concurrency, args.rss_transport)
        )
        print(json.dumps(row))
        return 0
    if args.rss_blacklist_child is not None:
        print(json.dumps(asyncio.run(_rss_blacklist_child(args.rss_blacklist_child))))
        return 0
    if args.report_child is not None:
        print(json.dumps(messaging_bench.report_child(args.report_child, args.report_mode)))
        return 0
    if args.search_rss_child is not None:
        print(json.dumps(asyncio.run(search_rss_child(args.search_rss_child))))
        return 0
    started = time.perf_counter()
    results: dict[str, Any] = {"environment": _environment(), "settings": {}}
    results["settings"] = {
        "n": args.n,
        "rounds": args.rounds,
        "warmup": args.warmup,
        "concurrency": args.concurrency,
        "contenders": args.contenders,
        "rss_sizes": args.rss_sizes,
        "rss_concurrency": args.rss_concurrency,
        "rss_transport": args.rss_transport,
        "bulk_concurrency": args.bulk_concurrency,
        "idle_seconds": args.idle_seconds,
    }
    env = results["environment"]
    print(
        f"python {env['python']}, {env['cpus']} CPUs, load {env['loadavg'][0]:.2f};"
        f" httpx {env['httpx']}, aiohttp {env['aiohttp']}"
    )
    with stand_in_process() as stand_in:
        print(f"stand-in on 127.0.0.1:{stand_in.port} (pid {stand_in.proc.pid})")
        if args.profile:
            run_profile(stand_in, args.profile, args.concurrency[-1], args.n, args.warmup)
            return 0
        if not args.skip_throughput:
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
            for row in ratios:
                value = "n/a" if row["value"] is None else f"{row['value']:.2f}"
                print(
                    f"{row['ratio']:<38} {value:>5}  target >= {row['target']:.2f}"
                    f"  {row['verdict']}"
                )
            results["throughput"] = {
                "samples": samples,
                "medians": table,
                "ratios": ratios,
            }
        if not args.skip_idle:
            print(
                f"\nidle sockets: burst of {IDLE_BURST}, {args.idle_seconds:g} s idle,"
                f" {IDLE_TRICKLE} sequential calls",
                flush=True,
            )
            results["idle"] = run_idle(stand_in, args.idle_seconds)
        if not args.skip_decode:
            print("\ndecode micro-benchmark", flush=True)
            decode = run_decode(args.quick)
            verdicts = print_decode(decode)
            for row in verdicts:
                print(
                    f"{row['check']:<38} {row['value_us']:5.2f} us  target <="
                    f" {row['target_us']:.0f} us  {row['verdict']}"
                )
            results["decode"] = {"us_per_contact": decode, "checks": verdicts}
        if not args.skip_rss:
            print("\npeak RSS of iter_contacts (fresh interpreter per size)", flush=True)
            rss = run_rss(stand_in, args.rss_sizes, args.rss_concurrency, args.rss_transport)
            growth = rss[-1]["maxrss_kib"] - rss[0]["maxrss_kib"]
            verdict = "PASS" if growth <= RSS_TARGET_KIB else "FAIL"
            print(
                f"{rss[-1]['ids']} ids vs {rss[0]['ids']} ids: +{growth / 1024:.1f} MiB"
                f"  target <= +{RSS_TARGET_KIB // 1024} MiB  {verdict}"
            )
            results["rss"] = {
                "runs": rss,
                "growth_kib": growth,
                "target_kib": RSS_TARGET_KIB,
                "verdict": verdict,
            }
        if not args.skip_rss_blacklist:
            results["rss_blacklist"] = report_rss_blacklist(args.rss_blacklist_sizes)
    if not args.skip_messaging:
        print("\nsend-sms request building (50,000 recipients)", flush=True)
        build = messaging_bench.run_build(args.quick)
        messaging_bench.print_build(build)
        print(
            f"\ndelivery report of 100,000 recipients, {messaging_bench.LATENCY * 1000:.0f} ms"
            " per request (fresh interpreter per walk)",
            flush=True,
        )
        report = messaging_bench.run_report(Path(__file__).resolve(), args.quick)
        messaging_bench.print_report(report)
        results["messaging"] = {"build": build, "report": report}
    if not args.skip_search_rss:
        print("\npeak RSS of iter_search_contacts (fake provider in process)", flush=True)
        results["search_rss"] = report_search_rss(run_search_rss(args.search_rss_sizes))
    if not args.skip_import_time:
        results["import_time"] = import_time.report(import_time.run(args.quick))
    results["environment"]["loadavg_end"] = os.getloadavg()
    results["seconds"] = time.perf_counter() - started
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"\nresults written to {args.json} ({results['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
