"""What the client logs, and the ILETIMERKEZI_LOG switch."""

from __future__ import annotations

import logging
import re

import httpx
import pytest

from iletimerkezi_async import AsyncClient, ServerError

KEY = "0123456789abcdef0123456789abcdef"
HASH = "HASH-SHOULD-NOT-LEAK-123"
HTML_503 = "<html><body>503 Service Unavailable</body></html>"


@pytest.fixture
def our_logger():
    """The package logger, with its level, handlers and propagation restored afterwards."""
    log = logging.getLogger("iletimerkezi_async")
    saved = (log.level, list(log.handlers), log.propagate)
    yield log
    log.setLevel(saved[0])
    log.handlers[:] = saved[1]
    log.propagate = saved[2]


def ours(caplog, level: int) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records if r.name.startswith("iletimerkezi_async") and r.levelno == level
    ]


def numbers_in(message: str) -> list[float]:
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", message)]


async def test_debug_record_per_attempt_and_info_per_retry(
    fast_client_factory, route, contact_payload, caplog, our_logger
):
    caplog.set_level(logging.DEBUG, logger="iletimerkezi_async")
    route.side_effect = [
        httpx.Response(503, html=HTML_503),
        httpx.Response(502, content=b""),
        httpx.Response(200, json=contact_payload(1007)),
    ]
    client = fast_client_factory()
    await client.get_contact(1007)

    debug = [r.getMessage() for r in ours(caplog, logging.DEBUG)]
    assert len(debug) == 3
    for attempt, (message, code) in enumerate(zip(debug, (503, 502, 200), strict=True), 1):
        assert str(code) in message
        assert re.search(rf"attempt\W*{attempt}\b", message), message

    info = [r.getMessage() for r in ours(caplog, logging.INFO)]
    assert len(info) == 2
    assert 0.5 in numbers_in(info[0])
    assert 1.0 in numbers_in(info[1])
    assert "1007" in info[0]


async def test_failed_attempts_are_logged_too(fast_client_factory, route, caplog, our_logger):
    caplog.set_level(logging.DEBUG, logger="iletimerkezi_async")
    route.side_effect = [httpx.ConnectError, httpx.ReadTimeout, httpx.Response(503, html=HTML_503)]
    client = fast_client_factory()
    with pytest.raises(ServerError):
        await client.get_contact(5)
    debug = [r.getMessage() for r in ours(caplog, logging.DEBUG)]
    assert len(debug) == 3
    assert "TransportError" in debug[0]
    assert "TimeoutError" in debug[1]
    assert "503" in debug[2]
    assert len(ours(caplog, logging.INFO)) == 2


async def test_nothing_logged_below_warning_by_default(fast_client_factory, route, caplog):
    caplog.set_level(logging.WARNING)
    client = fast_client_factory()
    await client.get_contact(1)
    assert [r for r in caplog.records if r.name.startswith("iletimerkezi_async")] == []


@pytest.mark.parametrize(("value", "level"), [("debug", logging.DEBUG), (" INFO ", logging.INFO)])
def test_env_switch_sets_our_level(clean_env, our_logger, value, level):
    httpx_logger = logging.getLogger("httpx")
    httpx_level = httpx_logger.level
    our_logger.setLevel(logging.NOTSET)
    our_logger.handlers[:] = [h for h in our_logger.handlers if isinstance(h, logging.NullHandler)]
    clean_env.setenv("ILETIMERKEZI_LOG", value)
    clean_env.setattr(logging.getLogger(), "handlers", [])  # an app that set up no logging
    AsyncClient(KEY, HASH)
    AsyncClient(KEY, HASH)
    assert our_logger.level == level
    added = [h for h in our_logger.handlers if not isinstance(h, logging.NullHandler)]
    assert len(added) == 1  # once, however many clients
    assert httpx_logger.level == httpx_level


def test_env_switch_adds_no_second_handler_when_the_app_logs_through_root(clean_env, our_logger):
    # With basicConfig() and ILETIMERKEZI_LOG both, each record must appear once.
    our_logger.handlers[:] = [h for h in our_logger.handlers if isinstance(h, logging.NullHandler)]
    clean_env.setattr(logging.getLogger(), "handlers", [logging.StreamHandler()])
    clean_env.setenv("ILETIMERKEZI_LOG", "debug")
    AsyncClient(KEY, HASH)
    assert our_logger.level == logging.DEBUG
    assert all(isinstance(h, logging.NullHandler) for h in our_logger.handlers)


def test_env_switch_keeps_an_applications_handler(clean_env, our_logger):
    mine = logging.StreamHandler()
    our_logger.handlers[:] = [mine]
    clean_env.setenv("ILETIMERKEZI_LOG", "debug")
    AsyncClient(KEY, HASH)
    assert our_logger.handlers == [mine]
    assert our_logger.level == logging.DEBUG


@pytest.mark.parametrize("value", [None, "", "verbose"])
def test_without_the_switch_levels_are_untouched(clean_env, our_logger, value):
    if value is not None:
        clean_env.setenv("ILETIMERKEZI_LOG", value)
    our_logger.setLevel(logging.WARNING)
    httpx_level = logging.getLogger("httpx").level
    AsyncClient(KEY, HASH)
    assert our_logger.level == logging.WARNING
    assert logging.getLogger("httpx").level == httpx_level
