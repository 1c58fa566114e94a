"""``AsyncClient``: the I/O shell around the sans-IO layer."""

from __future__ import annotations

import asyncio
import builtins
import logging
import os
import random
import time
from collections.abc import AsyncGenerator, AsyncIterable, Awaitable, Callable, Iterable
from types import TracebackType
from typing import Literal, Self, TypeVar, overload

import httpx

from ._logging import configure_from_env, logger
from ._settings import DEFAULT_BASE_URL, check_base_url, resolve_credentials
from .backends import Answer, Backend
from .backends.httpx_backend import HttpxBackend
from .bulk import gather_contacts, stream_contacts
from .errors import ClientClosedError, IletiMerkeziError, RateLimitError, TimeoutError
from .sansio import (
    Contact,
    HTTPRequest,
    RetryPolicy,
    build_get_contact,
    decode_get_contact,
    parse_retry_after,
    validate_contact_id,
)

__all__ = ["AsyncClient"]

T = TypeVar("T")

_DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class _Default:
    def __repr__(self) -> str:
        return "<10 s, 5 s to connect>"


# A user's own http_client keeps its own timeouts unless `timeout` is given.
_NOT_GIVEN: object = _Default()


def _seconds(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise ValueError(f"{name} must be a number of seconds >= 0, got {value!r}")
    return float(value)


class AsyncClient:
    """An async client for the iletimerkezi.com JSON API.

    Safe to share between any number of tasks: at most ``max_concurrency``
    requests are in flight at once, the rest wait their turn. Use it as
    ``async with AsyncClient(...) as client:`` or call :meth:`aclose`.

    Credentials: ``api_key`` with ``api_hash``, or with ``secret`` (the hash is
    computed). Missing ones are read from ``ILETIMERKEZI_API_KEY``,
    ``ILETIMERKEZI_API_HASH`` and ``ILETIMERKEZI_SECRET``.

    Options: ``base_url`` (default ``https://api.iletimerkezi.com/v1/`` or
    ``ILETIMERKEZI_BASE_URL``), ``timeout`` (seconds or an ``httpx.Timeout``;
    default 10 s, 5 s to connect; ``None`` turns them off), ``max_retries``
    (default 2; 0 turns retries off), ``retry_policy`` (a
    :class:`~iletimerkezi_async.sansio.RetryPolicy`, to set the backoff too: e.g.
    millisecond delays in tests), ``max_concurrency``,
    ``total_timeout`` (a budget in seconds for one call, retries and waits
    included, counted from its first attempt), ``max_response_bytes`` (answers
    larger than this are refused with ``DecodeError``), ``http_client`` (your own
    ``httpx.AsyncClient``, never closed by us), ``transport`` (an
    ``httpx.AsyncBaseTransport`` such as the fake provider's),
    ``allow_insecure_http`` (plain http to a non-loopback host),
    ``keepalive_expiry`` (seconds an idle connection is kept open; default 5, as
    httpx; ignored with ``http_client`` or ``transport``, which keep their own).

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
        timeout: float | httpx.Timeout | None = _NOT_GIVEN,  # type: ignore[assignment]
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        max_concurrency: int = 32,
        total_timeout: float | None = 60.0,
        max_response_bytes: int = 1 << 20,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        backend: Literal["httpx", "aiohttp"] = "httpx",
        allow_insecure_http: bool = False,
        keepalive_expiry: float = 5.0,
    ) -> None:
        self._credentials = resolve_credentials(api_key, api_hash, secret)
        self._base_url = check_base_url(
            base_url
            if base_url is not None
            else os.environ.get("ILETIMERKEZI_BASE_URL") or DEFAULT_BASE_URL,
            allow_insecure_http=allow_insecure_http,
        )
        if type(max_concurrency) is not int or max_concurrency < 1:
            raise ValueError(f"max_concurrency must be an int >= 1, got {max_concurrency!r}")
        if max_retries is not None and (type(max_retries) is not int or max_retries < 0):
            raise ValueError(f"max_retries must be an int >= 0, got {max_retries!r}")
        if retry_policy is not None and max_retries is not None:
            raise ValueError("pass max_retries or retry_policy (which has its own), not both")
        if total_timeout is not None and not _seconds("total_timeout", total_timeout) > 0:
            raise ValueError(f"total_timeout must be > 0 or None, got {total_timeout!r}")
        if type(max_response_bytes) is not int or max_response_bytes < 1:
            raise ValueError(f"max_response_bytes must be an int >= 1, got {max_response_bytes!r}")
        if not _seconds("keepalive_expiry", keepalive_expiry) > 0:
            raise ValueError(f"keepalive_expiry must be > 0, got {keepalive_expiry!r}")
        if http_client is not None and transport is not None:
            raise ValueError("pass http_client or transport, not both")
        if backend not in ("httpx", "aiohttp"):
            raise ValueError(f"unknown backend {backend!r}; expected 'httpx' or 'aiohttp'")
        if backend == "aiohttp" and (http_client is not None or transport is not None):
            raise ValueError('http_client and transport are httpx objects: use backend="httpx"')
        if timeout is _NOT_GIVEN:
            http_timeout = None if http_client is not None else _DEFAULT_TIMEOUT
        elif isinstance(timeout, httpx.Timeout):
            http_timeout = timeout
        else:
            http_timeout = httpx.Timeout(None if timeout is None else _seconds("timeout", timeout))
        self._timeout = http_timeout
        self._max_concurrency = max_concurrency
        self._total_timeout = total_timeout
        self._retry = retry_policy or RetryPolicy(
            max_retries=2 if max_retries is None else max_retries
        )
        self._backend_name = backend
        self._backend: Backend
        if backend == "aiohttp":
            from .backends.aiohttp_backend import AiohttpBackend

            self._backend = AiohttpBackend(
                self._base_url,
                timeout=http_timeout or _DEFAULT_TIMEOUT,
                max_connections=max_concurrency,
                max_response_bytes=max_response_bytes,
                keepalive_expiry=keepalive_expiry,
            )
        else:
            self._backend = HttpxBackend(
                self._base_url,
                client=http_client,
                transport=transport,
                timeout=http_timeout,
                max_connections=max_concurrency,
                max_response_bytes=max_response_bytes,
                keepalive_expiry=keepalive_expiry,
            )
        self._slots = asyncio.Semaphore(max_concurrency)
        # Set by a 429: every task waits until then before its next attempt.
        self._cooldown_until = 0.0
        self._closed = False
        # Swapped by tests so retries run without real waiting.
        self._sleep: Callable[[float], Awaitable[object]] = asyncio.sleep
        self._clock: Callable[[], float] = time.monotonic
        self._wall_clock: Callable[[], float] = time.time
        self._jitter: Callable[[], float] = random.random
        configure_from_env()

    def __repr__(self) -> str:
        return (
            f"AsyncClient(base_url={str(self._base_url)!r}, credentials={self._credentials!r}, "
            f"backend={self._backend_name!r}, max_concurrency={self._max_concurrency}, "
            f"max_retries={self._retry.max_retries}, timeout={self._timeout!r}, "
            f"total_timeout={self._total_timeout!r}{', closed' if self._closed else ''})"
        )

    @property
    def base_url(self) -> str:
        """The base URL every method path is joined to (always ends with ``/``)."""
        text = str(self._base_url)
        return text if text.endswith("/") else text + "/"

    @property
    def max_concurrency(self) -> int:
        """The most requests this client has in flight at once."""
        return self._max_concurrency

    @property
    def is_closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        return self._closed

    async def __aenter__(self) -> Self:
        if self._closed:
            raise ClientClosedError("this AsyncClient is closed; create a new one")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Release the connection pool. Safe to call twice. A user's ``http_client`` stays open."""
        if not self._closed:
            self._closed = True
            await self._backend.aclose()

    # -- get-contact -----------------------------------------------------------------

    async def get_contact(self, contact_id: int | str) -> Contact:
        """Fetch one contact by id.

        Raises ``ValueError`` for a malformed id before any I/O,
        :class:`~iletimerkezi_async.ContactNotFoundError` when there is no such
        contact, and other :class:`~iletimerkezi_async.IletiMerkeziError`
        subclasses once retries are exhausted.
        """
        cid = validate_contact_id(contact_id)
        request = build_get_contact(self._credentials, cid)

        def decode(status: int, body: bytes, retry_after: float | None) -> Contact:
            return decode_get_contact(status, body, contact_id=cid, retry_after=retry_after)

        return await self._call(request, decode, cid)

    @overload
    async def get_contacts(
        self,
        ids: Iterable[int | str],
        *,
        concurrency: int | None = None,
        return_exceptions: Literal[False] = False,
    ) -> list[Contact]: ...

    @overload
    async def get_contacts(
        self,
        ids: Iterable[int | str],
        *,
        concurrency: int | None = None,
        return_exceptions: Literal[True],
    ) -> list[Contact | IletiMerkeziError]: ...

    @overload
    async def get_contacts(
        self,
        ids: Iterable[int | str],
        *,
        concurrency: int | None = None,
        return_exceptions: bool,
    ) -> list[Contact] | list[Contact | IletiMerkeziError]: ...

    async def get_contacts(
        self,
        ids: Iterable[int | str],
        *,
        concurrency: int | None = None,
        return_exceptions: bool = False,
    ) -> list[Contact] | list[Contact | IletiMerkeziError]:
        """Fetch many contacts; results in input order, each distinct id fetched once.

        Every id is validated before any request. With ``return_exceptions=False``
        the first failure cancels the rest and is raised; with ``True`` failures
        take their id's place in the list. ``concurrency`` lowers the client's cap
        for this call.
        """
        return await gather_contacts(
            self._get_contact_or_error,
            ids,
            limit=self._limit(concurrency),
            return_exceptions=return_exceptions,
        )

    def iter_contacts(
        self,
        ids: Iterable[int | str] | AsyncIterable[int | str],
        *,
        concurrency: int | None = None,
    ) -> AsyncGenerator[tuple[int, Contact | IletiMerkeziError], None]:
        """Yield ``(contact_id, Contact or error)`` as each lookup completes.

        ``ids`` (any iterable or async iterable) is read lazily, with at most
        ``concurrency`` lookups in flight, so memory stays flat however many ids
        stream through. A malformed id raises ``ValueError`` when it is reached.
        Leaving the loop early cancels the lookups in flight; wrap it in
        ``contextlib.aclosing`` to have that happen at once rather than when the
        generator is collected.
        """
        return stream_contacts(self._get_contact_or_error, ids, limit=self._limit(concurrency))

    async def _get_contact_or_error(self, contact_id: int) -> Contact | IletiMerkeziError:
        try:
            return await self.get_contact(contact_id)
        except ClientClosedError:
            raise  # the client's state, not this id's result
        except IletiMerkeziError as error:
            return error

    def _limit(self, concurrency: int | None) -> int:
        if concurrency is None:
            return self._max_concurrency
        if type(concurrency) is not int or concurrency < 1:
            raise ValueError(f"concurrency must be an int >= 1, got {concurrency!r}")
        return min(concurrency, self._max_concurrency)

    # -- the retry loop ----------------------------------------------------------------

    async def _call(
        self,
        request: HTTPRequest,
        decode: Callable[[int, bytes, float | None], T],
        contact_id: int | None,
    ) -> T:
        if self._closed:
            raise ClientClosedError("this AsyncClient is closed; create a new one")
        attempts = 0
        deadline: float | None = None
        error: IletiMerkeziError | None = None
        while True:
            await self._cool_down(deadline, error)
            await self._acquire_slot(deadline, error)
            try:
                if self._closed:
                    raise ClientClosedError("this AsyncClient was closed during the call")
                started = self._clock()
                if self._cooldown_until > started:
                    continue  # a 429 arrived while this task queued for a slot
                if deadline is None and self._total_timeout is not None:
                    deadline = started + self._total_timeout
                attempts += 1
                status: int | str = "-"
                retry_after = None
                try:
                    answer = await self._send(request, started, deadline)
                    status = answer.status
                    if answer.retry_after is not None:
                        retry_after = parse_retry_after(answer.retry_after, self._wall_clock())
                    return decode(answer.status, answer.body, retry_after)
                except IletiMerkeziError as caught:
                    error = caught
                    if error.contact_id is None:
                        error.contact_id = contact_id
                    if status == "-":
                        status = type(error).__name__
                    now = self._clock()
                    delay = self._retry.next_delay(
                        attempts,
                        error,
                        jitter=self._jitter(),
                        retry_after=retry_after,
                        time_left=None if deadline is None else deadline - now,
                    )
                    if delay is not None and isinstance(error, RateLimitError):
                        # Set before the slot is released, so no queued task slips through.
                        self._cooldown_until = max(self._cooldown_until, now + delay)
                finally:
                    if logger.isEnabledFor(logging.DEBUG):
                        logger.debug(
                            "POST %s contact_id=%s status=%s attempt=%d elapsed_ms=%.1f",
                            request.path,
                            contact_id,
                            status,
                            attempts,
                            (self._clock() - started) * 1000,
                        )
            finally:
                self._slots.release()
            if delay is None:
                raise error
            logger.info(
                "retrying %s (contact id %s) in %.2fs after attempt %d: %s",
                request.path,
                contact_id,
                delay,
                attempts,
                error,
            )
            # Outside the slot: a task that backs off must not hold up the others.
            await self._sleep(delay)

    async def _acquire_slot(self, deadline: float | None, error: IletiMerkeziError | None) -> None:
        """Take a concurrency slot; a retry waits no longer than its call's budget."""
        if deadline is None:
            await self._slots.acquire()
            return
        left = deadline - self._clock()
        if left > 0:
            try:
                async with asyncio.timeout(left):
                    await self._slots.acquire()
                return
            except builtins.TimeoutError:
                pass
        if error is not None:
            raise error
        raise TimeoutError(f"the call's time budget of {self._total_timeout}s ran out")

    async def _cool_down(self, deadline: float | None, error: IletiMerkeziError | None) -> None:
        """Wait out a shared 429 cooldown, unless it would outlast the call's budget."""
        now = self._clock()
        wait = self._cooldown_until - now
        if wait <= 0:
            return
        if deadline is not None and now + wait >= deadline:
            if error is not None:
                raise error
            raise TimeoutError("the call's time budget would run out in the rate-limit cooldown")
        await self._sleep(wait)

    async def _send(self, request: HTTPRequest, started: float, deadline: float | None) -> Answer:
        if deadline is None:
            return await self._backend.send(request)
        try:
            async with asyncio.timeout(max(0.0, deadline - started)):
                return await self._backend.send(request)
        except TimeoutError:
            raise  # the backend's own, already ours
        except builtins.TimeoutError as error:
            raise TimeoutError(
                f"the call's time budget of {self._total_timeout}s ran out"
            ) from error
