"""The retry loop: which answers are retried, how often, how long it waits, the shared cooldown.

Waiting is faked: ``fast_client_factory`` puts the ``fake_time`` fixture's clock and sleep
on the client (jitter 0), so ``fake_time.sleeps`` lists every wait the client made.
"""

from __future__ import annotations

import asyncio
import builtins
import heapq
import json
import time
from collections import Counter
from email.utils import formatdate

import httpx
import pytest

import iletimerkezi_async
from iletimerkezi_async import (
    AsyncClient,
    AuthenticationError,
    BadRequestError,
    ContactNotFoundError,
    DecodeError,
    IletiMerkeziError,
    MethodNotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
)
from iletimerkezi_async.testing import FakeClock

HTML_503 = "<html><head><title>503 Service Unavailable</title></head><body>nginx</body></html>"


def status(code: int, message: str = "mesaj") -> dict[str, object]:
    return {"response": {"status": {"code": code, "message": message}}}


def requested_id(request: httpx.Request) -> int:
    return int(json.loads(request.content)["request"]["contact"]["id"])


def throttle(retry_after: str | None) -> httpx.Response:
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    return httpx.Response(429, json=status(429, "Çok fazla istek"), headers=headers)


class BrokenStream(httpx.AsyncByteStream):
    """A body that starts arriving, then the connection drops."""

    def __init__(self, exc: type[httpx.TransportError]) -> None:
        self.exc = exc

    async def __aiter__(self):
        yield b'{"response": {"status": {"code": 200, '
        raise self.exc("connection reset by peer while reading the body")


@pytest.fixture
def ok(contact_payload):
    """``ok(id)``: a 200 answer with that contact."""
    return lambda contact_id=1: httpx.Response(200, json=contact_payload(contact_id))


# -- retried answers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(503, html=HTML_503),
        httpx.Response(502, content=b""),
        httpx.Response(502, html="<html>Bad Gateway</html>"),
        httpx.Response(500, json=status(500, "Sunucu hatası")),
        httpx.Response(504, html="<html>Gateway Timeout</html>"),
        httpx.Response(503, json=status(503, "Servis geçici olarak kullanılamıyor")),
    ],
    ids=["503-html", "502-empty", "502-html", "500-json", "504-html", "503-json"],
)
async def test_server_errors_are_retried_then_succeed(
    fast_client_factory, fake_time, route, ok, failure
):
    route.side_effect = [failure, ok(1)]
    client = fast_client_factory()
    contact = await client.get_contact(1)
    assert contact.id == 1
    assert route.call_count == 2
    assert fake_time.sleeps == [0.5]


async def test_server_error_raised_when_retries_run_out(fast_client_factory, fake_time, route):
    route.side_effect = [httpx.Response(503, html=HTML_503)] * 3
    client = fast_client_factory()
    with pytest.raises(ServerError) as caught:
        await client.get_contact(1)
    assert caught.value.status_code == 503
    assert caught.value.contact_id == 1
    assert route.call_count == 3
    assert fake_time.sleeps == [0.5, 1.0]


@pytest.mark.parametrize(("max_retries", "attempts"), [(0, 1), (1, 2), (2, 3), (4, 5)])
async def test_max_retries_bounds_the_attempts(
    fast_client_factory, fake_time, route, max_retries, attempts
):
    route.side_effect = [httpx.Response(502, content=b"")] * 10
    client = fast_client_factory(max_retries=max_retries)
    with pytest.raises(ServerError):
        await client.get_contact(1)
    assert route.call_count == attempts
    assert len(fake_time.sleeps) == attempts - 1


async def test_retry_after_seconds_is_honoured(fast_client_factory, fake_time, route, ok):
    route.side_effect = [throttle("3"), ok(1)]
    client = fast_client_factory()
    assert (await client.get_contact(1)).id == 1
    assert route.call_count == 2
    assert fake_time.sleeps == [3.0]


async def test_retry_after_http_date_is_relative_to_the_wall_clock(
    fast_client_factory, fake_time, route, ok
):
    when = formatdate(fake_time.time() + 7, usegmt=True)
    route.side_effect = [throttle(when), ok(1)]
    client = fast_client_factory()
    await client.get_contact(1)
    assert route.call_count == 2
    assert fake_time.sleeps == [7.0]


async def test_retry_after_date_in_the_past_means_no_wait(
    fast_client_factory, fake_time, route, ok
):
    when = formatdate(fake_time.time() - 60, usegmt=True)
    route.side_effect = [throttle(when), ok(1)]
    client = fast_client_factory()
    await client.get_contact(1)
    assert route.call_count == 2
    assert fake_time.sleeps == [0.0]


@pytest.mark.parametrize("header", [None, "soon", ""])
async def test_429_without_usable_retry_after_backs_off(
    fast_client_factory, fake_time, route, ok, header
):
    route.side_effect = [throttle(header), ok(1)]
    client = fast_client_factory()
    await client.get_contact(1)
    assert route.call_count == 2
    assert fake_time.sleeps == [0.5]


async def test_too_long_retry_after_raises_at_once(fast_client_factory, fake_time, route, ok):
    route.side_effect = [throttle("3600"), ok(1)]
    client = fast_client_factory()
    with pytest.raises(RateLimitError) as caught:
        await client.get_contact(1)
    assert caught.value.retry_after == 3600
    assert caught.value.status_code == 429
    assert route.call_count == 1
    assert fake_time.sleeps == []


async def test_rate_limit_raised_with_retry_after_when_retries_run_out(
    fast_client_factory, fake_time, route
):
    route.side_effect = [throttle("2")] * 3
    client = fast_client_factory()
    with pytest.raises(RateLimitError) as caught:
        await client.get_contact(1)
    assert caught.value.retry_after == 2
    assert route.call_count == 3
    assert fake_time.sleeps == [2.0, 2.0]


async def test_read_timeout_is_retried_then_succeeds(fast_client_factory, fake_time, route, ok):
    route.side_effect = [httpx.ReadTimeout, ok(1)]
    client = fast_client_factory()
    assert (await client.get_contact(1)).id == 1
    assert route.call_count == 2


async def test_read_timeouts_end_in_our_timeout_error(fast_client_factory, fake_time, route):
    route.side_effect = [httpx.ReadTimeout] * 3
    client = fast_client_factory()
    with pytest.raises(iletimerkezi_async.TimeoutError) as caught:
        await client.get_contact(1)
    error = caught.value
    assert isinstance(error, TransportError)
    assert isinstance(error, IletiMerkeziError)
    assert not isinstance(error, httpx.HTTPError)
    assert isinstance(error.__cause__, httpx.ReadTimeout)
    assert route.call_count == 3
    assert fake_time.sleeps == [0.5, 1.0]


async def test_connect_errors_end_in_transport_error(fast_client_factory, fake_time, route):
    route.side_effect = [httpx.ConnectError] * 3
    client = fast_client_factory()
    with pytest.raises(TransportError) as caught:
        await client.get_contact(1)
    assert not isinstance(caught.value, iletimerkezi_async.TimeoutError)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert route.call_count == 3


@pytest.mark.parametrize("exc", [httpx.ReadError, httpx.RemoteProtocolError])
async def test_reset_while_reading_the_body_is_retried(
    fast_client_factory, fake_time, route, ok, exc
):
    answers = iter([httpx.Response(200, stream=BrokenStream(exc)), ok(1)])
    route.side_effect = lambda request: next(answers)
    client = fast_client_factory()
    assert (await client.get_contact(1)).id == 1
    assert route.call_count == 2
    assert fake_time.sleeps == [0.5]


@pytest.mark.parametrize("exc", [httpx.ReadError, httpx.RemoteProtocolError])
async def test_reset_while_reading_the_body_every_time(fast_client_factory, route, exc):
    route.side_effect = lambda request: httpx.Response(200, stream=BrokenStream(exc))
    client = fast_client_factory()
    with pytest.raises(TransportError) as caught:
        await client.get_contact(1)
    assert isinstance(caught.value.__cause__, exc)
    assert route.call_count == 3


# -- not retried ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (404, MethodNotFoundError),
        (422, BadRequestError),
        (465, ContactNotFoundError),
    ],
)
async def test_client_errors_are_not_retried(fast_client_factory, fake_time, route, ok, code, cls):
    route.side_effect = [httpx.Response(code, json=status(code)), ok(1)]
    client = fast_client_factory(max_retries=5)
    with pytest.raises(cls):
        await client.get_contact(1)
    assert route.call_count == 1
    assert fake_time.sleeps == []


async def test_a_decodable_200_is_not_retried(fast_client_factory, fake_time, route, ok):
    route.side_effect = [ok(1), ok(1)]
    client = fast_client_factory()
    await client.get_contact(1)
    assert route.call_count == 1
    assert fake_time.sleeps == []


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, html="<html>maintenance</html>"),
        httpx.Response(200, content=b""),
        httpx.Response(200, content=b'{"response": '),
        httpx.Response(200, json={"unexpected": True}),
        httpx.Response(200, json={"response": {"status": {"code": 200}, "contact": "nope"}}),
    ],
    ids=["html", "empty", "truncated", "no-response", "bad-contact"],
)
async def test_a_2xx_that_does_not_decode_is_a_decode_error_not_retried(
    fast_client_factory, fake_time, route, ok, answer
):
    route.side_effect = [answer, ok(1)]
    client = fast_client_factory()
    with pytest.raises(DecodeError) as caught:
        await client.get_contact(1)
    assert caught.value.contact_id == 1
    assert route.call_count == 1
    assert fake_time.sleeps == []


# -- backoff and the time budget -----------------------------------------------------------


async def test_backoff_doubles_up_to_a_cap(fast_client_factory, fake_time, route):
    route.side_effect = [httpx.Response(503, html=HTML_503)] * 8
    client = fast_client_factory(max_retries=7, total_timeout=None)
    with pytest.raises(ServerError):
        await client.get_contact(1)
    assert route.call_count == 8
    assert fake_time.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


async def test_jitter_shortens_the_backoff_by_at_most_half(fast_client_factory, fake_time, route):
    route.side_effect = [httpx.Response(503, html=HTML_503)] * 4
    clock = FakeClock(jitter=0.5)
    client = fast_client_factory(max_retries=3, clock=clock)
    with pytest.raises(ServerError):
        await client.get_contact(1)
    assert clock.sleeps == pytest.approx([0.375, 0.75, 1.5])


async def test_real_jitter_stays_within_bounds(fast_client_factory, fake_time, route):
    import random

    route.side_effect = [httpx.Response(503, html=HTML_503)] * 5

    class RandomJitter(FakeClock):
        rng = random.Random(7)

        def jitter(self) -> float:
            return self.rng.random()

    clock = RandomJitter()
    client = fast_client_factory(max_retries=4, clock=clock)
    with pytest.raises(ServerError):
        await client.get_contact(1)
    for delay, backoff in zip(clock.sleeps, [0.5, 1.0, 2.0, 4.0], strict=True):
        assert backoff / 2 <= delay <= backoff


async def test_budget_raises_the_last_error_instead_of_sleeping_past_it(
    fast_client_factory, fake_time, route
):
    # Budget 1.0 s: attempt 1 fails at t=0, waits 0.5; attempt 2 fails at t=0.5 and the
    # next wait (1.0) would end past the budget, so its error is raised at once.
    route.side_effect = [
        httpx.Response(503, html=HTML_503),
        httpx.Response(502, content=b""),
        httpx.Response(503, html=HTML_503),
    ]
    client = fast_client_factory(total_timeout=1.0)
    with pytest.raises(ServerError) as caught:
        await client.get_contact(1)
    assert caught.value.status_code == 502
    assert route.call_count == 2
    assert fake_time.sleeps == [0.5]


async def test_budget_also_bounds_retry_after(fast_client_factory, fake_time, route, ok):
    route.side_effect = [throttle("10"), ok(1)]
    client = fast_client_factory(total_timeout=5.0)
    with pytest.raises(RateLimitError) as caught:
        await client.get_contact(1)
    assert caught.value.retry_after == 10
    assert route.call_count == 1
    assert fake_time.sleeps == []


async def test_real_total_timeout_cuts_a_hanging_request(clean_env, route, ok):
    sent = []

    async def hang(request):
        sent.append(request)
        await asyncio.sleep(5)
        return ok(1)

    route.side_effect = hang
    async with AsyncClient(
        "0123456789abcdef0123456789abcdef", "HASH-SHOULD-NOT-LEAK-123", total_timeout=0.2
    ) as client:
        started = time.monotonic()
        with pytest.raises(iletimerkezi_async.TimeoutError) as caught:
            await client.get_contact(1)
        elapsed = time.monotonic() - started
    assert elapsed < 1.5
    assert isinstance(caught.value, TransportError)
    assert isinstance(caught.value, builtins.TimeoutError)  # `except TimeoutError:` sees it
    assert "time budget of 0.2s" in str(caught.value)
    assert len(sent) == 1


@pytest.mark.parametrize("code", [503, 502])
async def test_retry_after_on_a_5xx_is_honoured(fast_client_factory, fake_time, route, ok, code):
    route.side_effect = [httpx.Response(code, html=HTML_503, headers={"Retry-After": "5"}), ok(1)]
    client = fast_client_factory()
    await client.get_contact(1)
    assert route.call_count == 2
    assert fake_time.sleeps == [5.0]


async def test_too_long_retry_after_on_a_503_raises_at_once(fast_client_factory, fake_time, route):
    route.side_effect = [httpx.Response(503, html=HTML_503, headers={"Retry-After": "3600"})] * 3
    client = fast_client_factory()
    with pytest.raises(ServerError):
        await client.get_contact(1)
    assert route.call_count == 1
    assert fake_time.sleeps == []


async def test_429_with_a_non_json_body_keeps_its_retry_after(
    fast_client_factory, fake_time, route, ok
):
    route.side_effect = [
        httpx.Response(429, html="<html>Too Many Requests</html>", headers={"Retry-After": "4"}),
        ok(1),
    ]
    client = fast_client_factory()
    await client.get_contact(1)
    assert route.call_count == 2
    assert fake_time.sleeps == [4.0]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        pytest.param(throttle("5"), 5.0, id="json"),
        pytest.param(throttle(None), None, id="json-no-header"),
        pytest.param(
            httpx.Response(
                429, html="<html>Too Many Requests</html>", headers={"Retry-After": "4"}
            ),
            4.0,
            id="not-json",
        ),
        pytest.param(
            httpx.Response(200, json=status(429, "Çok fazla istek"), headers={"Retry-After": "6"}),
            6.0,
            id="code-in-a-200",
        ),
    ],
)
async def test_the_rate_limit_error_raised_carries_the_answers_retry_after(
    fast_client_factory, route, answer, expected
):
    # The decoder sees only status and body: the client gives the error the header's wait.
    route.side_effect = [answer]
    client = fast_client_factory(max_retries=0)
    with pytest.raises(RateLimitError) as caught:
        await client.get_contact(1)
    assert caught.value.retry_after == expected
    assert (caught.value.method, caught.value.contact_id) == ("get-contact", 1)


# -- the shared cooldown -------------------------------------------------------------------


class VirtualTime:
    """A virtual clock for several tasks: sleepers wake in time order once the loop is idle."""

    def __init__(self, start: float = 100.0) -> None:
        self.start = start
        self.now = start
        self.sleeps: list[tuple[str, float, float]] = []  # (task name, seconds, at)
        self._heap: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = 0

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return 1_700_000_000.0 + self.now

    def jitter(self) -> float:
        return 0.0

    async def sleep(self, seconds: float) -> None:
        task = asyncio.current_task()
        self.sleeps.append((task.get_name() if task else "?", seconds, self.now - self.start))
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._heap, (self.now + seconds, self._seq, future))
        self._seq += 1
        await future

    async def run(self) -> None:
        while True:
            for _ in range(30):  # let every runnable task reach its next sleep
                await asyncio.sleep(0)
            if self._heap:
                when, _, future = heapq.heappop(self._heap)
                self.now = max(self.now, when)
                if not future.done():
                    future.set_result(None)
            else:
                await asyncio.sleep(0.001)


@pytest.fixture
async def virtual_time():
    clock = VirtualTime()
    driver = asyncio.create_task(clock.run())
    yield clock
    driver.cancel()
    with pytest.raises(asyncio.CancelledError):
        await driver


async def test_a_429_makes_every_task_wait(
    fast_client_factory, virtual_time, route, contact_payload
):
    vt = virtual_time
    seen: Counter[int] = Counter()
    log: list[tuple[int, float]] = []  # (contact id, time of the request)
    first_two: set[int] = set()
    both_in_flight = asyncio.Event()

    async def answer(request):
        contact_id = requested_id(request)
        seen[contact_id] += 1
        log.append((contact_id, vt.now - vt.start))
        if contact_id in (1, 2) and seen[contact_id] == 1:
            # A's and B's first requests are in flight together.
            first_two.add(contact_id)
            if len(first_two) == 2:
                both_in_flight.set()
            await both_in_flight.wait()
        if contact_id == 1 and seen[1] == 1:
            return throttle("2")
        if contact_id == 2 and seen[2] == 1:
            return httpx.Response(503, html=HTML_503)
        return httpx.Response(200, json=contact_payload(contact_id))

    route.side_effect = answer
    client = fast_client_factory(clock=vt)

    async def late_caller():
        await vt.sleep(1.0)  # starts after the 429, before the cooldown ends
        return await client.get_contact(3)

    a = asyncio.create_task(client.get_contact(1), name="A")
    b = asyncio.create_task(client.get_contact(2), name="B")
    c = asyncio.create_task(late_caller(), name="C")
    contacts = await asyncio.gather(a, b, c)

    assert [contact.id for contact in contacts] == [1, 2, 3]
    # No request at all between the 429 (t=0) and the end of its cooldown (t=2).
    assert sorted(log) == [(1, 0.0), (1, 2.0), (2, 0.0), (2, 2.0), (3, 2.0)]
    assert log[:2] in ([(1, 0.0), (2, 0.0)], [(2, 0.0), (1, 0.0)])
    by_task = {name: [(s, at) for n, s, at in vt.sleeps if n == name] for name in "ABC"}
    assert by_task["A"] == [(2.0, 0.0)]  # its own Retry-After
    assert by_task["B"] == [(0.5, 0.0), (1.5, 0.5)]  # its backoff, then the rest of the cooldown
    assert by_task["C"] == [(1.0, 0.0), (1.0, 1.0)]  # its own pause, then the cooldown


async def test_cooldown_from_another_task_respects_the_budget(
    fast_client_factory, virtual_time, route, contact_payload
):
    vt = virtual_time
    seen: Counter[int] = Counter()

    def answer(request):
        contact_id = requested_id(request)
        seen[contact_id] += 1
        if contact_id == 2 and seen[2] == 1:
            return throttle("12")  # B: wait 12 s (within its 20 s budget)
        if contact_id == 1 and seen[1] == 1:
            return throttle("15")  # A at t=12: everyone waits until t=27
        if contact_id == 2 and seen[2] == 2:
            return httpx.Response(503, html=HTML_503)  # B at t=12
        return httpx.Response(200, json=contact_payload(contact_id))

    route.side_effect = answer
    client = fast_client_factory(total_timeout=20.0, max_retries=5, clock=vt)
    finished: dict[str, float] = {}

    async def b_call():
        try:
            return await client.get_contact(2)
        finally:
            finished["B"] = vt.now - vt.start

    async def a_call():
        await vt.sleep(10.0)
        return await client.get_contact(1)

    b = asyncio.create_task(b_call(), name="B")
    a = asyncio.create_task(a_call(), name="A")
    results = await asyncio.gather(a, b, return_exceptions=True)
    assert results[0].id == 1
    # B's budget ran out at t=20: it must not still be waiting (or sending) at t=27.
    assert finished["B"] <= 20.0
    assert isinstance(results[1], IletiMerkeziError)


async def test_a_429_also_holds_back_tasks_queued_for_a_slot(
    fast_client_factory, virtual_time, route, contact_payload
):
    vt = virtual_time
    log: list[tuple[int, float]] = []

    async def answer(request):
        contact_id = requested_id(request)
        log.append((contact_id, vt.now - vt.start))
        await asyncio.sleep(0)  # in flight for a moment: the others queue for the slot
        if contact_id == 1 and len(log) == 1:
            return throttle("2")
        return httpx.Response(200, json=contact_payload(contact_id))

    route.side_effect = answer
    client = fast_client_factory(max_concurrency=1, clock=vt)
    # 2..5 wait for the single slot while 1 is throttled.
    await asyncio.gather(*(client.get_contact(i) for i in range(1, 6)))
    assert log[0] == (1, 0.0)
    early = [entry for entry in log[1:] if entry[1] < 2.0]
    assert early == []
