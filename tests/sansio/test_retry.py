import math
from email.utils import formatdate

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iletimerkezi_async.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ContactNotFoundError,
    DecodeError,
    IletiMerkeziError,
    InvalidArgumentError,
    MethodNotFoundError,
    RateLimitError,
    ServerError,
    TimeoutError,
    TransportError,
)
from iletimerkezi_async.sansio import (
    RETRYABLE_STATUS,
    RetryPolicy,
    may_have_been_applied,
    parse_retry_after,
)
from iletimerkezi_async.sansio import decode_get_contact as decode

RETRYABLE = [
    TransportError("connection reset"),
    TimeoutError("read timeout"),
    RateLimitError(429, "Çok fazla istek"),
    ServerError(500, "x"),
    ServerError(502, "x"),
    ServerError(503, "Servis geçici olarak kullanılamıyor"),
    ServerError(504, "x"),
]
NOT_RETRYABLE = [
    BadRequestError(400, "x"),
    AuthenticationError(401, "x"),
    MethodNotFoundError(404, "x"),
    BadRequestError(422, "x"),
    ContactNotFoundError(465, "x", contact_id=1),
    APIError(402, "x"),
    APIError(452, "x"),
    DecodeError("HTTP 200 with an empty body", http_status=200),
    ClientClosedError("closed"),
]


def name(error: IletiMerkeziError) -> str:
    code = error.status_code if isinstance(error, APIError) else error.http_status
    return f"{type(error).__name__}-{code or ''}"


def test_retryable_status_codes():
    assert frozenset({429, 500, 502, 503, 504}) == RETRYABLE_STATUS


@pytest.mark.parametrize("error", RETRYABLE, ids=name)
def test_retryable_errors_get_a_delay(error):
    policy = RetryPolicy()
    assert policy.is_retryable(error)
    assert policy.next_delay(1, error, jitter=0.0) == pytest.approx(0.5)


@pytest.mark.parametrize("error", NOT_RETRYABLE, ids=name)
def test_other_errors_are_never_retried(error):
    policy = RetryPolicy(max_retries=5)
    assert not policy.is_retryable(error)
    assert policy.next_delay(1, error, jitter=0.0) is None


@pytest.mark.parametrize(
    ("status", "body", "retryable"),
    [
        (502, b"<html>Bad Gateway</html>", True),
        (503, b"", True),
        (200, b"<html>", False),
        (200, b'{"response": {"status": {"code": 200}, "contact": {"id": "x"}}}', False),
        (465, b'{"response": {"status": {"code": 465, "message": "Yok"}}}', False),
    ],
)
def test_decoder_errors_feed_the_policy(status, body, retryable):
    # The io layer hands decoder errors straight to the policy.
    with pytest.raises(IletiMerkeziError) as error:
        decode(status, body)
    assert (RetryPolicy().next_delay(1, error.value, jitter=0.0) is not None) is retryable


def test_attempts_beyond_max_retries_give_up():
    policy = RetryPolicy(max_retries=2)
    error = ServerError(503, "x")
    assert policy.next_delay(1, error, jitter=0.0) is not None
    assert policy.next_delay(2, error, jitter=0.0) is not None
    assert policy.next_delay(3, error, jitter=0.0) is None
    assert policy.next_delay(10, error, jitter=0.0) is None


@pytest.mark.parametrize("error", RETRYABLE, ids=name)
def test_max_retries_zero_never_retries(error):
    policy = RetryPolicy(max_retries=0)
    assert policy.next_delay(1, error, jitter=0.5) is None


def test_max_retries_zero_ignores_retry_after():
    error = RateLimitError(429, "x", retry_after=0.0)
    assert RetryPolicy(max_retries=0).next_delay(1, error, jitter=0.0) is None


def test_negative_max_retries_is_rejected():
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)


def test_backoff_doubles_from_half_a_second_and_is_capped():
    policy = RetryPolicy(max_retries=20, max_delay=8.0)
    error = TransportError("x")
    delays = [policy.next_delay(n, error, jitter=0.0) for n in range(1, 9)]
    assert delays == pytest.approx([0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0])


def test_custom_base_and_cap():
    policy = RetryPolicy(max_retries=10, base_delay=0.1, max_delay=0.3)
    delays = [policy.next_delay(n, TransportError("x"), jitter=0.0) for n in range(1, 5)]
    assert delays == pytest.approx([0.1, 0.2, 0.3, 0.3])


@given(
    attempts=st.integers(min_value=1, max_value=30),
    jitter=st.floats(min_value=0.0, max_value=1.0, exclude_max=True),
)
def test_jitter_stays_within_half_and_full_backoff(attempts, jitter):
    policy = RetryPolicy(max_retries=30)
    backoff = min(8.0, 0.5 * 2.0 ** (attempts - 1))
    delay = policy.next_delay(attempts, ServerError(502, "x"), jitter=jitter)
    assert delay is not None
    assert backoff / 2 <= delay <= backoff


def test_jitter_changes_the_delay():
    # Without spread, many clients failing together retry together.
    policy = RetryPolicy()
    error = ServerError(503, "x")
    assert policy.next_delay(2, error, jitter=0.0) != policy.next_delay(2, error, jitter=0.9)


@pytest.mark.parametrize("retry_after", [0.0, 1.0, 7.5, 60.0])
@pytest.mark.parametrize("jitter", [0.0, 0.7])
def test_retry_after_is_honoured(retry_after, jitter):
    error = RateLimitError(429, "Çok fazla istek", retry_after=retry_after)
    assert RetryPolicy().next_delay(1, error, jitter=jitter) == retry_after
    # It replaces the backoff on later attempts too, even above max_delay.
    assert RetryPolicy(max_delay=0.1).next_delay(2, error, jitter=jitter) == retry_after


def test_rate_limit_without_retry_after_backs_off():
    error = RateLimitError(429, "x", retry_after=None)
    assert RetryPolicy().next_delay(2, error, jitter=0.0) == pytest.approx(1.0)


@pytest.mark.parametrize("retry_after", [60.001, 61.0, 3600.0, math.inf])
def test_retry_after_longer_than_the_cap_gives_up(retry_after):
    error = RateLimitError(429, "x", retry_after=retry_after)
    assert RetryPolicy(max_retry_after=60.0).next_delay(1, error, jitter=0.0) is None


def test_max_retry_after_is_configurable():
    policy = RetryPolicy(max_retry_after=5.0)
    assert policy.next_delay(1, RateLimitError(429, "x", retry_after=5.0), jitter=0.0) == 5.0
    assert policy.next_delay(1, RateLimitError(429, "x", retry_after=5.5), jitter=0.0) is None


def test_time_budget_smaller_than_the_delay_gives_up():
    policy = RetryPolicy()
    error = ServerError(503, "x")
    assert policy.next_delay(1, error, jitter=0.0, time_left=0.4) is None
    assert policy.next_delay(1, error, jitter=0.0, time_left=10.0) == pytest.approx(0.5)
    throttled = RateLimitError(429, "x", retry_after=5.0)
    assert policy.next_delay(1, throttled, jitter=0.0, time_left=3.0) is None
    assert policy.next_delay(1, throttled, jitter=0.0, time_left=6.0) == 5.0


def test_very_many_attempts_stay_capped():
    policy = RetryPolicy(max_retries=5000)
    assert policy.next_delay(2000, TransportError("x"), jitter=0.0) == 8.0


def test_the_backoff_doubles_on_every_attempt_until_max_delay():
    policy = RetryPolicy(max_retries=2000, base_delay=2.0**-200, max_delay=2.0**200)
    error = TransportError("x")
    assert policy.next_delay(1, error, jitter=0.0) == 2.0**-200
    assert policy.next_delay(301, error, jitter=0.0) == 2.0**100  # no cap but max_delay
    assert policy.next_delay(401, error, jitter=0.0) == 2.0**200
    assert policy.next_delay(1500, error, jitter=0.0) == 2.0**200  # past a float's range


NOW = 1_700_000_000.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0.0), ("1", 1.0), ("1.5", 1.5), ("120", 120.0), (" 3 ", 3.0)],
)
def test_parse_retry_after_seconds(value, expected):
    assert parse_retry_after(value, NOW) == expected


def test_parse_retry_after_http_date():
    header = formatdate(NOW + 30, usegmt=True)  # "Tue, 14 Nov 2023 22:13:50 GMT"
    assert parse_retry_after(header, NOW) == pytest.approx(30.0)


def test_parse_retry_after_depends_on_now():
    header = formatdate(NOW + 30, usegmt=True)
    assert parse_retry_after(header, NOW + 10) == pytest.approx(20.0)


@pytest.mark.parametrize("value", [formatdate(NOW - 3600, usegmt=True), "-5"])
def test_parse_retry_after_in_the_past_is_zero(value):
    assert parse_retry_after(value, NOW) == 0.0


@pytest.mark.parametrize(
    "value", [None, "", "   ", "soon", "nan", "Tomorrow at noon", "1,5", "Mon, 99 Foo 2023"]
)
def test_parse_retry_after_garbage_is_none(value):
    assert parse_retry_after(value, NOW) is None


# -- writes: sent again only when the provider provably never got them -------------

NEVER_SENT = [
    TransportError("refused", request_sent=False),
    TimeoutError("connect timeout", request_sent=False),
    RateLimitError(429, "Çok fazla istek"),
]
MAYBE_SENT = [
    TransportError("reset after sending"),
    TimeoutError("read timeout"),
    ServerError(503, "busy"),
    ServerError(500, "HTTP 500 with a body that is not JSON"),
]
REJECTED = [
    BadRequestError(422, "x"),
    APIError(451, "duplicate"),
    DecodeError("x", http_status=400),
]


@pytest.mark.parametrize("error", NEVER_SENT, ids=repr)
def test_a_write_is_retried_when_it_never_reached_the_provider(error):
    assert RetryPolicy().next_delay(1, error, jitter=0.0, write=True) is not None
    assert not may_have_been_applied(error)


@pytest.mark.parametrize("error", MAYBE_SENT, ids=repr)
def test_a_write_is_not_retried_once_it_may_have_been_applied(error):
    assert RetryPolicy().next_delay(1, error, jitter=0.0, write=True) is None
    assert RetryPolicy().next_delay(1, error, jitter=0.0) is not None  # a read would be
    assert may_have_been_applied(error)


@pytest.mark.parametrize("error", REJECTED, ids=repr)
def test_a_rejected_write_was_not_applied(error):
    assert RetryPolicy().next_delay(1, error, jitter=0.0, write=True) is None
    assert not may_have_been_applied(error)


def test_an_unreadable_success_may_have_been_applied():
    assert may_have_been_applied(
        DecodeError("HTTP 200 with a body that is not JSON", http_status=200)
    )
    assert may_have_been_applied(DecodeError("too large", http_status=502))


@pytest.mark.parametrize(
    ("http_status", "maybe"),
    [
        (None, True),  # no status known: it may have gone through
        (200, True),
        (299, True),
        (300, False),  # from here the provider (or a proxy) refused it
        (404, False),
        (499, False),
        (500, True),  # from here the provider failed midway: it may have acted
        (501, True),
        (599, True),
    ],
)
def test_an_unreadable_answer_is_judged_by_its_http_status(http_status, maybe):
    error = DecodeError("a body that is not JSON", http_status=http_status)
    assert may_have_been_applied(error) is maybe


def test_a_wait_that_would_use_up_the_whole_budget_is_not_taken():
    policy = RetryPolicy(base_delay=1.0, max_delay=1.0)
    error = ServerError(503, "busy")
    assert policy.next_delay(1, error, jitter=0.0, time_left=1.5) == 1.0
    assert policy.next_delay(1, error, jitter=0.0, time_left=1.0) is None
    limited = RateLimitError(429, "x", retry_after=2.0)
    assert policy.next_delay(1, limited, jitter=0.0, time_left=2.0) is None


@pytest.mark.parametrize("name", ["base_delay", "max_delay", "max_retry_after"])
def test_a_policy_names_the_wait_it_refuses(name):
    with pytest.raises(InvalidArgumentError, match=f"^{name} must be a number of seconds >= 0"):
        RetryPolicy(**{name: -1})
