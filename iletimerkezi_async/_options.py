"""The client's keyword options: checked once at construction, and the backend they build."""

from __future__ import annotations

from typing import Literal

import attrs
import httpx

from .backends import Backend
from .errors import InvalidArgumentError, InvalidArgumentTypeError
from .sansio import RetryPolicy
from .sansio.arguments import int_at_least, seconds
from .sansio.sentinel import NotGiven

__all__ = [
    "DEFAULT_KEEPALIVE_EXPIRY",
    "DEFAULT_TIMEOUT",
    "Options",
    "make_backend",
    "parse_options",
]

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
DEFAULT_KEEPALIVE_EXPIRY = 5.0
"""Seconds an idle connection is kept: httpx's own default."""


@attrs.frozen
class Options:
    """The checked options of one client."""

    timeout: httpx.Timeout | None
    retry: RetryPolicy
    max_concurrency: int
    total_timeout: float | None
    max_response_bytes: int
    backend: Literal["httpx", "aiohttp"]
    keepalive_expiry: float


def _timeout(timeout: object, own_client: bool) -> httpx.Timeout | None:
    if isinstance(timeout, NotGiven):
        # A user's own http_client keeps its own timeouts unless `timeout` is given.
        return None if own_client else DEFAULT_TIMEOUT
    if isinstance(timeout, httpx.Timeout):
        return timeout
    return httpx.Timeout(None if timeout is None else seconds(timeout, "timeout", finite=False))


def _retry(max_retries: int | None, retry_policy: RetryPolicy | None) -> RetryPolicy:
    if max_retries is not None:
        int_at_least(max_retries, "max_retries", 0)
    if retry_policy is not None and not isinstance(retry_policy, RetryPolicy):
        raise InvalidArgumentTypeError(
            f"retry_policy must be a RetryPolicy, got {type(retry_policy).__name__}"
        )
    if retry_policy is not None and max_retries is not None:
        raise InvalidArgumentError("pass max_retries or retry_policy (which has its own), not both")
    return retry_policy or RetryPolicy(max_retries=2 if max_retries is None else max_retries)


def parse_options(
    *,
    timeout: object,
    max_retries: int | None,
    retry_policy: RetryPolicy | None,
    max_concurrency: int,
    total_timeout: float | None,
    max_response_bytes: int,
    http_client: httpx.AsyncClient | None,
    transport: httpx.AsyncBaseTransport | None,
    backend: str,
    keepalive_expiry: float,
) -> Options:
    """Check every option, or raise ``InvalidArgumentError`` naming the one that is wrong."""
    int_at_least(max_concurrency, "max_concurrency", 1)
    if total_timeout is not None and not seconds(total_timeout, "total_timeout", finite=False) > 0:
        raise InvalidArgumentError(f"total_timeout must be > 0 or None, got {total_timeout!r}")
    int_at_least(max_response_bytes, "max_response_bytes", 1)
    if not seconds(keepalive_expiry, "keepalive_expiry", finite=False) > 0:
        raise InvalidArgumentError(f"keepalive_expiry must be > 0, got {keepalive_expiry!r}")
    if http_client is not None and transport is not None:
        raise InvalidArgumentError("pass http_client or transport, not both")
    if backend not in ("httpx", "aiohttp"):
        raise InvalidArgumentError(f"unknown backend {backend!r}; expected 'httpx' or 'aiohttp'")
    if backend == "aiohttp" and (http_client is not None or transport is not None):
        raise InvalidArgumentError(
            'http_client and transport are httpx objects: use backend="httpx"'
        )
    return Options(
        timeout=_timeout(timeout, http_client is not None),
        retry=_retry(max_retries, retry_policy),
        max_concurrency=max_concurrency,
        total_timeout=total_timeout,
        max_response_bytes=max_response_bytes,
        backend="aiohttp" if backend == "aiohttp" else "httpx",
        keepalive_expiry=float(keepalive_expiry),
    )


def make_backend(
    options: Options,
    base_url: httpx.URL,
    http_client: httpx.AsyncClient | None,
    transport: httpx.AsyncBaseTransport | None,
) -> Backend:
    """The backend the options ask for (aiohttp is imported only when chosen)."""
    if options.backend == "aiohttp":
        from .backends.aiohttp_backend import AiohttpBackend

        return AiohttpBackend(
            base_url,
            timeout=options.timeout or DEFAULT_TIMEOUT,
            max_connections=options.max_concurrency,
            max_response_bytes=options.max_response_bytes,
            keepalive_expiry=options.keepalive_expiry,
        )
    from .backends.httpx_backend import HttpxBackend

    return HttpxBackend(
        base_url,
        client=http_client,
        transport=transport,
        timeout=options.timeout,
        max_connections=options.max_concurrency,
        max_response_bytes=options.max_response_bytes,
        keepalive_expiry=options.keepalive_expiry,
    )
