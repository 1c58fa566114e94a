"""The hash and the secret never leave the request body: not in logs, reprs, errors or tracebacks.

Every error path runs on a real socket with DEBUG logging on for everything (our logger,
httpx, httpcore, aiohttp, asyncio), for both backends and both ways of giving credentials.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable

import httpx
import pytest

from iletimerkezi_async import (
    AsyncClient,
    AuthenticationError,
    ClientClosedError,
    ContactNotFoundError,
    DecodeError,
    IletiMerkeziError,
    RateLimitError,
    ServerError,
    TimeoutError,
    TransportError,
    compute_hash,
)
from iletimerkezi_async.testing import FakeIletiMerkezi, Fault

from .conftest import assert_no_resource_warning, closed_port, make_client

KEY = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"
HASH = "HASH-Zq9-sentinel-7f3a91e2"
WRONG_HASH = "WRONGHASH-Kv2-sentinel-55c1d0"
SECRET = "SECRET-Px4-sentinel-0d8e6b"
WRONG_SECRET = "WRONGSECRET-Mr7-sentinel-a9b0f3"

CREDENTIALS = {
    # mode: (credentials the fake accepts, credentials it refuses, strings that must not show)
    "hash": ({"api_hash": HASH}, {"api_hash": WRONG_HASH}, (HASH, WRONG_HASH)),
    "secret": (
        {"secret": SECRET},
        {"secret": WRONG_SECRET},
        (SECRET, WRONG_SECRET, compute_hash(KEY, SECRET), compute_hash(KEY, WRONG_SECRET)),
    ),
}


def assert_hidden(where: str, text: str, hidden: tuple[str, ...]) -> None:
    for secret in hidden:
        assert secret not in text, f"a credential shows in {where}: {text[:500]!r}"


@pytest.mark.parametrize("mode", list(CREDENTIALS))
async def test_no_error_path_shows_the_hash_or_the_secret(
    mode: str, backend: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # root: httpx, httpcore, aiohttp, asyncio
    caplog.set_level(logging.DEBUG, logger="iletimerkezi_async")
    good, wrong, hidden = CREDENTIALS[mode]
    fake = FakeIletiMerkezi(api_key=KEY, secret=SECRET)
    if mode == "hash":
        fake.api_hash = HASH  # the panel's hash, not derived from a secret
    fake.generate(5, start_id=1)

    errors: dict[str, BaseException] = {}
    clients: list[AsyncClient] = []

    async with fake.serve() as base_url:

        def client(base: str = base_url, **options: object) -> AsyncClient:
            options = {**good, **options}
            made = make_client(fake, base, backend, api_key=KEY, **options)
            clients.append(made)
            assert_hidden("repr(client)", repr(made), hidden)
            assert_hidden("str(client)", str(made), hidden)
            return made

        async def run(
            name: str, call: Callable[[AsyncClient], Awaitable[object]], made: AsyncClient
        ) -> None:
            try:
                await call(made)
            except (IletiMerkeziError, ValueError) as error:
                errors[name] = error
            else:
                errors[name] = AssertionError(f"{name}: no error")
            finally:
                await made.aclose()
                fake.clear_faults()

        async with client() as happy:  # the happy path logs too
            assert await happy.get_contact(1) == fake.contacts[1]
        await run("401", lambda c: c.get_contact(1), client(**wrong))
        await run("465", lambda c: c.get_contact(999), client())
        fake.inject(Fault.server_error(503), 1.0)
        await run("503-exhausted", lambda c: c.get_contact(1), client())
        fake.inject(Fault.rate_limit("3600"), 1.0)
        await run("429-too-long", lambda c: c.get_contact(1), client())
        fake.inject(Fault.stall(5), 1.0)
        await run("timeout", lambda c: c.get_contact(1), client(timeout=0.3, max_retries=0))
        fake.inject(Fault.disconnect(), 1.0)
        await run("disconnect", lambda c: c.get_contact(1), client())
        fake.inject(Fault.truncate(), 1.0)
        await run("truncate", lambda c: c.get_contact(1), client())
        fake.inject(Fault.malformed(), 1.0)
        await run("malformed-200", lambda c: c.get_contact(1), client())
        refused = f"http://127.0.0.1:{closed_port()}/v1/"
        await run("refused", lambda c: c.get_contact(1), client(refused))
        await run("bad-id", lambda c: c.get_contact(-1), client())
        await run("bad-ids", lambda c: c.get_contacts([1, "x"]), client())
        closed = client()
        await closed.aclose()
        await run("closed", lambda c: c.get_contact(1), closed)
        await run("401-in-bulk", lambda c: c.get_contacts([1, 2, 3]), client(**wrong))

    expected = {
        "401": AuthenticationError,
        "465": ContactNotFoundError,
        "503-exhausted": ServerError,
        "429-too-long": RateLimitError,
        "timeout": TimeoutError,
        "disconnect": TransportError,
        "truncate": TransportError,
        "malformed-200": DecodeError,
        "refused": TransportError,
        "bad-id": ValueError,
        "bad-ids": ValueError,
        "closed": ClientClosedError,
        "401-in-bulk": AuthenticationError,
    }
    assert set(errors) == set(expected)
    for name, cls in expected.items():
        assert isinstance(errors[name], cls), f"{name}: {errors[name]!r}"
    for name, error in errors.items():
        assert_hidden(f"str({name} error)", str(error), hidden)
        assert_hidden(f"repr({name} error)", repr(error), hidden)
        assert_hidden(f"{name} traceback", "".join(traceback.format_exception(error)), hidden)
        cause = error.__cause__
        while cause is not None:  # httpx and aiohttp exceptions chained below ours
            assert_hidden(f"repr of a cause of {name}", repr(cause), hidden)
            cause = cause.__cause__ or cause.__context__
    for made in clients:
        assert_hidden("repr(closed client)", repr(made), hidden)

    assert caplog.records
    for record in caplog.records:
        where = f"log record {record.name}:{record.lineno}"
        assert_hidden(where, record.getMessage(), hidden)
        assert_hidden(where, str(record.args), hidden)
    assert_hidden("the formatted log", caplog.text, hidden)
    # The capture did see the libraries' debug records and our retry records.
    names = {record.name for record in caplog.records}
    assert "iletimerkezi_async" in names
    if backend == "httpx":
        # httpx and httpcore log every request and connection of the default backend.
        assert {"httpx", "httpcore.connection", "httpcore.http11"} <= names
    assert_no_resource_warning()


async def test_the_hash_travels_only_in_the_body() -> None:
    """What the client puts on the wire: the hash in the JSON body, nowhere in the headers."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(465, json={"response": {"status": {"code": 465, "message": "-"}}})

    transport = httpx.MockTransport(answer)
    async with AsyncClient(KEY, HASH, transport=transport, max_retries=0) as client:
        with pytest.raises(ContactNotFoundError):
            await client.get_contact(1)
    (request,) = seen
    assert HASH.encode() in request.content
    assert HASH not in str(request.url)
    assert all(HASH not in value for value in request.headers.values())
