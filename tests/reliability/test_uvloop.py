"""Socket tests of both backends again, on uvloop: many services run on it (uvicorn
picks it when it is installed), and its transports are not asyncio's classes.

The loop comes from ``pytest_asyncio_loop_factories`` in this folder's conftest."""

from __future__ import annotations

import asyncio

import pytest

# Collected again here, so they run under this module's event loop policy.
from .test_config import test_a_trusted_certificate_carries_requests_over_tls
from .test_connect_vs_sent import (
    test_a_connection_dropped_after_the_request_may_have_been_sent,
    test_a_read_timeout_may_have_been_sent,
    test_a_refused_connection_was_not_sent,
    test_a_truncated_answer_was_sent,
)
from .test_default_pool import (
    test_after_a_burst_sequential_calls_keep_one_connection,
    test_the_concurrency_cap_holds_on_the_wire,
)
from .test_proxies import no_proxy_env, test_https_goes_through_a_connect_tunnel

uvloop = pytest.importorskip("uvloop")

__all__ = [
    "no_proxy_env",
    "test_a_connection_dropped_after_the_request_may_have_been_sent",
    "test_a_read_timeout_may_have_been_sent",
    "test_a_refused_connection_was_not_sent",
    "test_a_truncated_answer_was_sent",
    "test_a_trusted_certificate_carries_requests_over_tls",
    "test_after_a_burst_sequential_calls_keep_one_connection",
    "test_https_goes_through_a_connect_tunnel",
    "test_the_concurrency_cap_holds_on_the_wire",
]


async def test_these_tests_run_on_uvloop() -> None:
    assert type(asyncio.get_running_loop()).__module__.startswith("uvloop")
