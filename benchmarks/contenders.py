"""The throughput contenders: each fetches and decodes the same contacts from the
stand-in. ``client-*`` are this package's ``AsyncClient`` (default backend, its
``get_contacts``, ``backend="aiohttp"``); ``raw-*`` are hand-written httpx and aiohttp,
the baselines the client is measured against."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx

from iletimerkezi_async import AsyncClient, PooledHttpxClient

__all__ = [
    "API_HASH",
    "API_KEY",
    "CONTENDERS",
    "SHAPES",
    "Batch",
    "Unavailable",
    "base_url",
    "open_contender",
]

API_KEY = "bench-key-0123456789"
API_HASH = "0123456789abcdef" * 4
HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
AUTH_JSON = json.dumps({"key": API_KEY, "hash": API_HASH}, separators=(",", ":")).encode()

CONTENDERS = ("client-httpx", "client-httpx-bulk", "client-aiohttp", "raw-httpx", "raw-aiohttp")
# The two pool shapes over httpx the default client could take, each used exactly as
# raw-httpx is (not run by default: `--contenders shape-clients,shape-pool,raw-httpx`).
SHAPES = ("shape-clients", "shape-pool")

Batch = Callable[[list[int]], Awaitable[int]]
"""Fetches and decodes every id given; returns how many it got."""


class Unavailable(Exception):
    """A contender that cannot run here (e.g. a backend not implemented yet)."""


def base_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/v1/"


def _new_client(port: int, concurrency: int, backend: str) -> AsyncClient:
    options: dict[str, Any] = {} if backend == "httpx" else {"backend": backend}
    try:
        return AsyncClient(
            API_KEY, API_HASH, base_url=base_url(port), max_concurrency=concurrency, **options
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
async def raw_httpx(
    port: int, concurrency: int, make: type[httpx.AsyncClient] = httpx.AsyncClient
) -> AsyncIterator[Batch]:
    """Hand-tuned httpx: URL and headers built once, a semaphore, ``json.loads``. With
    ``make=PooledHttpxClient``: the same on the default client's pool (shape-pool)."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    url = httpx.URL(base_url(port) + "get-contact/json")
    slots = asyncio.Semaphore(concurrency)
    timeout = httpx.Timeout(10.0, connect=5.0)
    async with make(limits=limits, timeout=timeout) as http:

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
    url = base_url(port) + "get-contact/json"
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


@contextlib.asynccontextmanager
async def shape_clients(port: int, concurrency: int) -> AsyncIterator[Batch]:
    """raw-httpx on a last-in first-out stack of one-connection ``httpx.AsyncClient``s,
    made from one settings object as requests need them."""
    url = httpx.URL(base_url(port) + "get-contact/json")
    slots = asyncio.Semaphore(concurrency)
    settings = {
        "limits": httpx.Limits(max_connections=1, max_keepalive_connections=1),
        "timeout": httpx.Timeout(10.0, connect=5.0),
    }
    idle: list[httpx.AsyncClient] = []
    made: list[httpx.AsyncClient] = []

    async def one(contact_id: int) -> tuple[object, ...]:
        body = _request_body(contact_id)
        async with slots:
            if not idle:
                made.append(httpx.AsyncClient(**settings))  # type: ignore[arg-type]
                idle.append(made[-1])
            http = idle.pop()
            try:
                response = await http.post(url, content=body, headers=HEADERS)
            finally:
                idle.append(http)
        return _read_contact(response.content, contact_id)

    async def batch(ids: list[int]) -> int:
        return len(await asyncio.gather(*(one(i) for i in ids)))

    try:
        yield batch
    finally:
        await asyncio.gather(*(http.aclose() for http in made))


def open_contender(
    name: str, port: int, concurrency: int
) -> contextlib.AbstractAsyncContextManager[Batch]:
    """A fresh ``name`` talking to the stand-in on ``port``, at most ``concurrency`` at once."""
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
    if name == "shape-clients":
        return shape_clients(port, concurrency)
    if name == "shape-pool":
        return raw_httpx(port, concurrency, make=PooledHttpxClient)
    raise ValueError(f"unknown contender {name!r}")
