"""``AsyncClient``: the I/O shell around the sans-IO layer, and its one generic call path."""

from __future__ import annotations

import asyncio
import builtins
import logging
import os
from types import TracebackType
from typing import Literal, Self, TypeVar

import attrs
import httpx

from ._api.account import AccountMethods
from ._api.blacklist import BlacklistMethods
from ._api.consent import ConsentMethods
from ._api.contacts import ContactMethods
from ._api.groups import GroupMethods
from ._api.recovery import RecoveryMethods
from ._budget import BudgetWatch
from ._logging import configure_from_env, logger
from ._options import DEFAULT_KEEPALIVE_EXPIRY, make_backend, parse_options
from ._settings import DEFAULT_BASE_URL, check_base_url, resolve_credentials
from ._slots import Slots
from .backends import Answer
from .clock import Clock, SystemClock
from .errors import (
    ClientClosedError,
    IletiMerkeziError,
    InvalidArgumentTypeError,
    RateLimitError,
    TimeoutError,
    WrongEventLoopError,
)
from .sansio import Call, HTTPRequest, RetryPolicy, may_have_been_applied, parse_retry_after
from .sansio.arguments import int_at_least
from .sansio.recovery import SentOrders
from .sansio.sentinel import NOT_GIVEN, NotGiven

__all__ = ["AsyncClient"]

T = TypeVar("T")


@attrs.define
class _Failure:
    """One failed attempt: the error, and the wait its answer's ``Retry-After`` asked for."""

    error: IletiMerkeziError
    retry_after: float | None


def _resolve_base_url(base_url: str | httpx.URL | None, allow_insecure_http: bool) -> httpx.URL:
    """``base_url``, else ``ILETIMERKEZI_BASE_URL``, else the provider's, checked."""
    if base_url is None:
        base_url = os.environ.get("ILETIMERKEZI_BASE_URL") or DEFAULT_BASE_URL
    return check_base_url(base_url, allow_insecure_http=allow_insecure_http)


def _check_clock(clock: Clock | None) -> Clock:
    """The clock given, checked for the protocol's methods, or the system's."""
    if clock is None:
        return SystemClock()
    if not isinstance(clock, Clock):
        raise InvalidArgumentTypeError(
            "clock must have monotonic(), time(), async sleep(seconds) and jitter()"
        )
    return clock


class AsyncClient(
    ContactMethods,
    GroupMethods,
    RecoveryMethods,  # the messaging methods, and find_sent_order over them
    AccountMethods,
    BlacklistMethods,
    ConsentMethods,
):
    """An async client for the iletimerkezi.com JSON API.

    Safe to share between any number of tasks: at most ``max_concurrency``
    requests are in flight at once, the rest wait their turn. Use it as
    ``async with AsyncClient(...) as client:`` or call :meth:`aclose`. A client
    belongs to the event loop it first runs on (:class:`WrongEventLoopError`
    elsewhere): create it inside the ``asyncio.run`` that uses it.

    Every option is checked here: a mistake is an
    :class:`~iletimerkezi_async.InvalidArgumentError` naming it (also a ``ValueError``).

    **Parameters:**

    * **api_key** - ``str | None``, default ``None``: the account's API key; else
      ``ILETIMERKEZI_API_KEY``.
    * **api_hash** - ``str | None``, default ``None``: the key's hash; else
      ``ILETIMERKEZI_API_HASH``, else computed from ``secret``.
    * **secret** - ``str | None``, default ``None``: the API secret the hash is computed
      from; else ``ILETIMERKEZI_SECRET``. Given with ``api_hash``, the hash must match it.
      An empty credential is refused, as is none at all.
    * **base_url** - ``str | httpx.URL | None``, default ``None``: where the API is;
      ``None`` reads ``ILETIMERKEZI_BASE_URL``, else ``https://api.iletimerkezi.com/v1/``.
      Plain ``http://`` only to a loopback host, unless ``allow_insecure_http``.
    * **timeout** - ``float | httpx.Timeout | None``, default 10 s, 5 s to connect: per
      attempt; a number sets every phase, ``None`` turns them off. Left out with
      ``http_client``, that client's own timeouts apply.
    * **max_retries** - ``int | None``, default ``None`` (2): attempts after the first;
      ``0`` turns retries off.
    * **retry_policy** - ``RetryPolicy | None``, default ``None``: the whole policy,
      backoff included (e.g. millisecond delays in tests), instead of ``max_retries``.
    * **max_concurrency** - ``int``, default ``32``: requests in flight at once; more
      calls wait for a slot, however many are gathered.
    * **total_timeout** - ``float | None``, default ``60.0``: seconds one call may take,
      retries and waits included, from its first attempt; ``None`` for no budget.
    * **max_response_bytes** - ``int``, default 1 MiB: a larger answer is refused with
      :class:`DecodeError`.
    * **http_client** - ``httpx.AsyncClient | None``, default ``None``: your own client
      (its settings, its pool); never closed by us. For httpx's settings (``verify``,
      ``proxy``, ``event_hooks`` ...) with this client's pool, pass a
      :class:`~iletimerkezi_async.PooledHttpxClient`.
    * **transport** - ``httpx.AsyncBaseTransport | None``, default ``None``: the
      transport of the client we make, e.g. the fake provider's ``fake.transport`` or an
      ``httpx.MockTransport``. Not with ``http_client``.
    * **backend** - ``"httpx" | "aiohttp"``, default ``"httpx"``: the HTTP library;
      ``"aiohttp"`` needs the ``aiohttp`` extra and takes neither ``http_client`` nor
      ``transport``.
    * **allow_insecure_http** - ``bool``, default ``False``: allow plain ``http://`` to a
      host that is not loopback.
    * **keepalive_expiry** - ``float``, default ``5.0``: seconds an idle connection is
      kept open (as httpx); ignored with ``http_client`` or ``transport``.
    * **sender** - ``str | None``, default ``None``: the default sender name of
      ``send_sms``; else ``ILETIMERKEZI_SENDER``.
    * **clock** - ``Clock | None``, default ``None`` (the system's): what the client reads
      the time from and sleeps on (``monotonic()``, ``time()``, ``async sleep(s)``,
      ``jitter()``); the testing kit's ``FakeClock`` runs retries and cooldowns without
      real waiting.

    Reads (and add-blacklist, which the provider documents as idempotent) are retried
    on transport errors, timeouts, 429, 500, 502, 503 and 504. Writes (sends, other
    adds, edits, deletes, cancels) are sent again only when the provider provably
    never got them: the connection could not be made, or a 429. Their errors say
    in ``may_have_been_applied`` whether the change may have happened.

    Proxies (``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``, ``NO_PROXY``) are read from
    the environment here, by httpx's rules, for either backend; one that cannot be used
    raises ``ValueError`` naming the variable.
    """

    def __init__(
        self,
        api_key: str | None = None,
        api_hash: str | None = None,
        *,
        secret: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        max_concurrency: int = 32,
        total_timeout: float | None = 60.0,
        max_response_bytes: int = 1 << 20,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        backend: Literal["httpx", "aiohttp"] = "httpx",
        allow_insecure_http: bool = False,
        keepalive_expiry: float = DEFAULT_KEEPALIVE_EXPIRY,
        sender: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._credentials = resolve_credentials(api_key, api_hash, secret)
        self._base_url = _resolve_base_url(base_url, allow_insecure_http)
        self._options = parse_options(
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            max_concurrency=max_concurrency,
            total_timeout=total_timeout,
            max_response_bytes=max_response_bytes,
            http_client=http_client,
            transport=transport,
            backend=backend,
            keepalive_expiry=keepalive_expiry,
        )
        self._sender = sender if sender is not None else os.environ.get("ILETIMERKEZI_SENDER")
        self._backend = make_backend(self._options, self._base_url, http_client, transport)
        self._time = _check_clock(clock)
        self._start_call_state()
        configure_from_env()

    def _start_call_state(self) -> None:
        """The state the call path shares between tasks, as a new client has it."""
        self._slots = Slots(self._options.max_concurrency)
        # Orders returned by sends, never taken for another send's lost order.
        self._sent_orders = SentOrders()
        self._budgets = BudgetWatch()  # cancels attempts whose total_timeout ran out
        # Set by a 429: every task waits until then before its next attempt.
        self._cooldown_until = 0.0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        # Tasks sleeping on the clock (a backoff or cooldown): aclose wakes them.
        self._sleepers: dict[asyncio.Task[object], int] = {}
        self._woken: set[asyncio.Task[object]] = set()
        self._on_the_wire = 0  # attempts sent and not yet answered
        self._quiet = asyncio.Event()  # set when closing and nothing is on the wire

    def __repr__(self) -> str:
        return (
            f"AsyncClient(base_url={str(self._base_url)!r}, credentials={self._credentials!r}, "
            f"backend={self._options.backend!r}, max_concurrency={self._options.max_concurrency}, "
            f"max_retries={self._options.retry.max_retries}, timeout={self._options.timeout!r}, "
            f"total_timeout={self._options.total_timeout!r}{', closed' if self._closed else ''})"
        )

    @property
    def base_url(self) -> str:
        """The base URL every method path is joined to (always ends with ``/``)."""
        text = str(self._base_url)
        return text if text.endswith("/") else text + "/"

    @property
    def max_concurrency(self) -> int:
        """The most requests this client has in flight at once."""
        return self._options.max_concurrency

    @property
    def is_closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        return self._closed

    async def __aenter__(self) -> Self:
        self._check_usable()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client and release its connections. Safe to call twice.

        Requests already sent are let finish (within their timeouts), so that no
        write is cut off halfway with its outcome unknown; calls waiting for a slot
        or backing off before a retry raise :class:`ClientClosedError` at once. A
        user's own ``http_client`` stays open.
        """
        if self._closed:
            return
        if self._loop is not None and self._loop is not asyncio.get_running_loop():
            # Still open: its connections can only be closed from their own loop.
            raise WrongEventLoopError(_WRONG_LOOP)
        self._closed = True
        for task in self._sleepers:
            self._woken.add(task)
            task.cancel()
        if self._on_the_wire:
            await self._quiet.wait()
        self._budgets.close()
        await self._backend.aclose()

    def _check_usable(self) -> None:
        if self._closed:
            raise ClientClosedError("this AsyncClient is closed; create a new one")
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
        elif loop is not self._loop:
            raise WrongEventLoopError(_WRONG_LOOP)

    def _limit(self, concurrency: int | None) -> int:
        if concurrency is None:
            return self._options.max_concurrency
        return min(int_at_least(concurrency, "concurrency", 1), self._options.max_concurrency)

    # -- the one call path ---------------------------------------------------------

    async def _call(self, call: Call[T]) -> T:
        """Run ``call`` until it succeeds, or raise once the retry policy says stop.

        Every error raised names the call's method and ids, the client's own
        (closed, wrong loop, time budget) included.
        """
        try:
            return await self._run(call)
        except IletiMerkeziError as error:
            error.add_context(call.method, call.ids)
            raise

    async def _run(self, call: Call[T]) -> T:
        self._check_usable()
        attempts = 0
        deadline: float | None = None
        failure: _Failure | None = None
        while True:
            last = failure.error if failure is not None else None
            await self._cool_down(deadline, last)
            await self._acquire_slot(deadline, last)
            try:
                if self._closed:
                    raise ClientClosedError("this AsyncClient was closed during the call")
                started = self._time.monotonic()
                if self._cooldown_until > started:
                    continue  # a 429 arrived while this task queued for a slot
                if deadline is None and self._options.total_timeout is not None:
                    deadline = started + self._options.total_timeout
                attempts += 1
                outcome = await self._attempt(call, attempts, started, deadline)
                if not isinstance(outcome, _Failure):
                    return outcome
                failure = outcome
                delay = self._next_delay(call, failure, attempts, deadline)
            finally:
                self._slots.release()
            if delay is None or self._closed:
                raise failure.error
            logger.info(
                "retrying %s%s in %.2fs after attempt %d: %s",
                call.method,
                _ids_text(call),
                delay,
                attempts,
                failure.error,
            )
            await self._back_off(delay, failure.error)

    async def _attempt(
        self, call: Call[T], attempt: int, started: float, deadline: float | None
    ) -> T | _Failure:
        """Send ``call`` once and decode the answer; a failure is returned, not raised.

        This is where an error learns its context: the call's method and ids, the
        HTTP status of the answer it came from, a 429's ``Retry-After`` (the decoder
        sees only the status and body), and for a write whether it may have been
        applied (which depends on that status).
        """
        status: int | str = "-"
        http_status = None
        retry_after = None
        self._on_the_wire += 1
        try:
            answer = await self._send(call.request, started, deadline)
            status = http_status = answer.status
            if answer.retry_after is not None:
                retry_after = parse_retry_after(answer.retry_after, self._time.time())
            return call.decode(answer.status, answer.body)
        except IletiMerkeziError as error:
            error.add_context(call.method, call.ids, http_status=http_status)
            if isinstance(error, RateLimitError) and error.retry_after is None:
                error.retry_after = retry_after
            if call.is_write:
                error.may_have_been_applied = may_have_been_applied(error)
            if status == "-":
                status = type(error).__name__
            return _Failure(error, retry_after)
        finally:
            self._attempt_over(call, status, attempt, started)

    def _attempt_over(self, call: Call[T], status: int | str, attempt: int, started: float) -> None:
        """Count the attempt off the wire (waking a closing client) and log it."""
        self._on_the_wire -= 1
        if self._closed and not self._on_the_wire:
            self._quiet.set()
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "POST %s%s status=%s attempt=%d elapsed_ms=%.1f",
                call.request.path,
                _ids_text(call),
                status,
                attempt,
                (self._time.monotonic() - started) * 1000,
            )

    def _next_delay(
        self, call: Call[T], failure: _Failure, attempts: int, deadline: float | None
    ) -> float | None:
        now = self._time.monotonic()
        delay = self._options.retry.next_delay(
            attempts,
            failure.error,
            jitter=self._time.jitter(),
            retry_after=failure.retry_after,
            time_left=None if deadline is None else deadline - now,
            write=call.is_write,
        )
        if delay is not None and isinstance(failure.error, RateLimitError):
            # Set before the slot is released, so no queued task slips through.
            self._cooldown_until = max(self._cooldown_until, now + delay)
        return delay

    async def _back_off(self, delay: float, error: IletiMerkeziError) -> None:
        """Sleep before a retry, outside the slot; cut short (and raise) by aclose."""
        await self._sleep_unless_closed(delay)
        if self._closed:
            raise ClientClosedError("this AsyncClient was closed during the call") from error

    async def _sleep_unless_closed(self, seconds: float) -> None:
        """Sleep on the clock, in the calling task; :meth:`aclose` ends the sleep early
        by cancelling it (a cancel from anywhere else stays a cancel)."""
        task = asyncio.current_task()
        assert task is not None, "called from a task"
        self._sleepers[task] = task.cancelling()
        try:
            await self._time.sleep(seconds)
        except asyncio.CancelledError:
            if task not in self._woken or task.uncancel() > self._sleepers[task]:
                raise
        finally:
            self._woken.discard(task)
            del self._sleepers[task]

    async def _acquire_slot(self, deadline: float | None, error: IletiMerkeziError | None) -> None:
        """Take a concurrency slot; a retry waits no longer than its call's budget."""
        if deadline is None:
            await self._slots.acquire()
            return
        left = deadline - self._time.monotonic()
        if left > 0:
            try:
                async with asyncio.timeout(left):
                    await self._slots.acquire()
                return
            except builtins.TimeoutError:
                pass
        if error is not None:
            raise error
        raise TimeoutError(f"the call's time budget of {self._options.total_timeout}s ran out")

    async def _cool_down(self, deadline: float | None, error: IletiMerkeziError | None) -> None:
        """Wait out a shared 429 cooldown, unless it would outlast the call's budget."""
        now = self._time.monotonic()
        wait = self._cooldown_until - now
        if wait <= 0:
            return
        if deadline is not None and now + wait >= deadline:
            if error is not None:
                raise error
            raise TimeoutError("the call's time budget would run out in the rate-limit cooldown")
        await self._sleep_unless_closed(wait)

    async def _send(self, request: HTTPRequest, started: float, deadline: float | None) -> Answer:
        if deadline is None:
            return await self._backend.send(request)
        watch = self._budgets.start(deadline - started)
        try:
            answer = await self._backend.send(request)
        except asyncio.CancelledError as error:
            if self._budgets.stop(watch):
                raise TimeoutError(
                    f"the call's time budget of {self._options.total_timeout}s ran out"
                ) from error
            raise
        except BaseException:
            self._budgets.stop(watch)
            raise
        self._budgets.stop(watch)
        return answer


_WRONG_LOOP = (
    "this AsyncClient was first used on another event loop (a second asyncio.run?); "
    "its connections belong to that loop. Create the client inside the loop that uses it."
)


def _ids_text(call: Call[T]) -> str:
    return "".join(f" {name}={value}" for name, value in call.ids.items())
