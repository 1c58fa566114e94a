"""Arguments are checked before any I/O, and whatever is passed, a bad one fails with an
``InvalidArgumentError`` (an ``IletiMerkeziError`` and a ``ValueError``; also a
``TypeError`` for a value of the wrong type) that names the argument: never
``OverflowError``, ``KeyError`` or Python's own int-to-str limit error."""

from __future__ import annotations

import asyncio
import datetime
import decimal
import inspect
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iletimerkezi_async import (
    AsyncClient,
    ConsentRecord,
    IletiMerkeziError,
    InvalidArgumentError,
    Message,
    ReportDeduplicator,
    RetryPolicy,
    ServerError,
    compute_hash,
    validate_contact_id,
    webhook_token_matches,
)

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

UTC = datetime.UTC
OFFSETS = st.builds(
    datetime.timezone,
    st.timedeltas(min_value=datetime.timedelta(hours=-23), max_value=datetime.timedelta(hours=23)),
)
EXTREME_TIMES = st.sampled_from(
    [
        datetime.datetime.max.replace(tzinfo=UTC),
        datetime.datetime.min.replace(tzinfo=UTC),
        datetime.datetime.max.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=-5))),
        datetime.datetime.min.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=5))),
        datetime.datetime(999, 1, 2, tzinfo=UTC),
    ]
)
TIMES = st.one_of(
    EXTREME_TIMES, st.datetimes(timezones=st.one_of(st.none(), st.just(UTC), OFFSETS))
)
DATES = st.one_of(st.sampled_from([datetime.date.max, datetime.date.min]), st.dates(), TIMES)
HUGE_INTS = st.sampled_from([10**30, 10**30 - 1, -(10**30), 10**5000, -(10**5000), 2**64])
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    HUGE_INTS,
    st.floats(),
    st.text(max_size=40),
    st.binary(max_size=8),
    st.decimals(allow_nan=True),
    st.lists(st.integers(), max_size=2),
)
IDS = st.one_of(ODD, st.text(alphabet="0123456789", min_size=28, max_size=32))


def outcome(call: Callable[[AsyncClient], Any], name: str) -> None:
    """Run ``call`` on a client whose transport records that it was reached. A failure
    before that must be an InvalidArgumentError naming ``name``; after, anything goes."""
    reached = False

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal reached
        reached = True
        return httpx.Response(401, json={"response": {"status": {"code": 401, "message": "x"}}})

    async def run() -> None:
        async with AsyncClient(
            api_key="0123456789abcdef0123456789abcdef",
            api_hash="HASH",
            transport=httpx.MockTransport(answer),
            max_retries=0,
        ) as client:
            result = call(client)
            if inspect.isasyncgen(result):
                await result.__anext__()
            else:
                await result

    failure: BaseException | None = None
    try:
        asyncio.run(run())
    except Exception as error:
        failure = error
    if failure is None or reached:
        return  # accepted, or failed after the checks let the call through
    assert isinstance(failure, InvalidArgumentError), f"{type(failure).__name__}: {failure}"
    assert name in str(failure), f"{type(failure).__name__}: {failure}"


@PROPERTY
@given(send_at=st.one_of(TIMES, ODD))
def test_send_sms_send_at(send_at: Any) -> None:
    outcome(lambda c: c.send_sms("5051112233", "a", sender="APITEST", send_at=send_at), "send_at")


@PROPERTY
@given(send_at=TIMES)
def test_send_sms_messages_send_at(send_at: Any) -> None:
    messages = [Message("a", "5051112233")]
    outcome(lambda c: c.send_sms_messages(messages, sender="APITEST", send_at=send_at), "send_at")


@PROPERTY
@given(start=st.one_of(DATES, ODD), days=st.integers(0, 10))
def test_get_reports_start(start: Any, days: int) -> None:
    end = datetime.date(2026, 5, 4) + datetime.timedelta(days=days)
    outcome(lambda c: c.get_reports(start, end), "start")


@PROPERTY
@given(end=st.one_of(DATES, ODD))
def test_get_reports_end(end: Any) -> None:
    outcome(lambda c: c.get_reports(datetime.date(2026, 5, 4), end), "end")


@PROPERTY
@given(start=DATES, end=DATES)
def test_iter_reports_range(start: Any, end: Any) -> None:
    # Both names are fine; the check is on the exception type.
    outcome(lambda c: c.iter_reports(start, end), "")


@PROPERTY
@given(start=st.one_of(DATES, ODD), end=st.one_of(DATES, ODD))
def test_get_blacklist_window(start: Any, end: Any) -> None:
    outcome(lambda c: c.get_blacklist(start=start, end=end), "")


@PROPERTY
@given(start=st.one_of(DATES, ODD))
def test_get_blacklist_start(start: Any) -> None:
    outcome(lambda c: c.get_blacklist(start=start), "start")


@PROPERTY
@given(end=st.one_of(DATES, ODD))
def test_get_blacklist_end(end: Any) -> None:
    outcome(lambda c: c.get_blacklist(end=end), "end")


@PROPERTY
@given(order_id=IDS)
def test_order_ids(order_id: Any) -> None:
    outcome(lambda c: c.cancel_order(order_id), "order_id")
    outcome(lambda c: c.get_report(order_id), "order_id")
    outcome(lambda c: c.iter_report(order_id), "order_id")


@PROPERTY
@given(page=ODD, row_count=ODD)
def test_pages(page: Any, row_count: Any) -> None:
    outcome(lambda c: c.get_report("1", page=page), "page")
    outcome(lambda c: c.get_report("1", row_count=row_count), "row_count")
    outcome(lambda c: c.get_blacklist(page=page), "page")
    outcome(lambda c: c.get_blacklist(row_count=row_count), "row_count")
    outcome(
        lambda c: c.get_reports(datetime.date(2026, 5, 4), datetime.date(2026, 5, 4), page=page),
        "page",
    )


@PROPERTY
@given(consent_date=st.one_of(TIMES, ODD))
def test_consent_date(consent_date: Any) -> None:
    record = ConsentRecord("+905051112233", "MESAJ", "ONAY", "HS_WEB", consent_date)
    outcome(lambda c: c.consent_create([record], brand_code=1), "consent_date")


@PROPERTY
@given(contact_id=IDS)
def test_contact_ids(contact_id: Any) -> None:
    outcome(lambda c: c.get_contact(contact_id), "contact")
    outcome(lambda c: c.delete_contact(contact_id), "contact")


@PROPERTY
@given(field_id=IDS.filter(lambda value: not isinstance(value, list | decimal.Decimal)))
def test_custom_field_ids(field_id: Any) -> None:
    outcome(
        lambda c: c.add_contact(gsm="+905051112233", custom_fields={field_id: "x"}), "custom_fields"
    )


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (
            lambda c: c.send_sms(
                "5051112233", "a", sender="X", send_at=datetime.datetime.max.replace(tzinfo=UTC)
            ),
            "send_at",
        ),
        (lambda c: c.get_blacklist(start=datetime.datetime.max.replace(tzinfo=UTC)), "start"),
        (
            lambda c: c.get_reports(datetime.datetime.max.replace(tzinfo=UTC), datetime.date.max),
            "start",
        ),
        (lambda c: c.cancel_order(10**5000), "order_id"),
        (lambda c: c.cancel_order(10**30), "order_id"),
        (lambda c: c.get_contact(-(10**5000)), "contact"),
    ],
)
def test_known_cases_fail_with_a_value_error(call: Callable[[AsyncClient], Any], name: str) -> None:
    with pytest.raises(InvalidArgumentError, match=name):
        asyncio.run(_run(call))


async def _run(call: Callable[[AsyncClient], Any]) -> None:
    async with AsyncClient(api_key="0123456789abcdef0123456789abcdef", api_hash="HASH") as client:
        await call(client)


async def test_iter_reports_reaches_date_max_without_overflow() -> None:
    async with AsyncClient(api_key="0123456789abcdef0123456789abcdef", api_hash="HASH") as client:
        # Windows up to date.max are computed at once; no request is made before iteration.
        pages = client.iter_reports(
            datetime.date.max - datetime.timedelta(days=25), datetime.date.max
        )
        await pages.aclose()


RECORD = ConsentRecord(
    "+905051112233", "MESAJ", "ONAY", "HS_WEB", datetime.datetime(2026, 1, 1, tzinfo=UTC)
)

# Every other argument of the client's methods, with the name its errors must contain.
OTHERS: list[tuple[str, Callable[[AsyncClient, Any], Any]]] = [
    ("group_id", lambda c, v: c.get_group(v)),
    ("group_id", lambda c, v: c.delete_group(v)),
    ("group_id", lambda c, v: c.get_group_contacts(v)),
    ("group_id", lambda c, v: c.iter_group_contacts(v)),
    ("group_id", lambda c, v: c.edit_group(v, name="a")),
    ("parent_id", lambda c, v: c.add_group("a", parent_id=v)),
    ("name", lambda c, v: c.add_group(v)),
    ("page", lambda c, v: c.get_group_contacts(1, page=v)),
    ("row_count", lambda c, v: c.iter_group_contacts(1, row_count=v)),
    ("key", lambda c, v: c.search_contacts(v)),
    ("page", lambda c, v: c.search_contacts("ayşe", page=v)),
    ("row_count", lambda c, v: c.iter_search_contacts("ayşe", row_count=v)),
    ("contact", lambda c, v: c.edit_contact(v, name="a")),
    ("groups", lambda c, v: c.add_contact(name="a", groups=[v])),
    ("number", lambda c, v: c.add_blacklist(v)),
    ("number", lambda c, v: c.delete_blacklist(v)),
    ("brand_code", lambda c, v: c.consent_show("+905051112233", brand_code=v)),
    ("recipient", lambda c, v: c.consent_show(v, brand_code=1)),
    ("brand_code", lambda c, v: c.consent_create([RECORD], brand_code=v)),
    ("recipients", lambda c, v: c.send_sms(v, "a", sender="APITEST")),
    ("text", lambda c, v: c.send_sms("5051112233", v, sender="APITEST")),
    ("sender", lambda c, v: c.send_sms("5051112233", "a", sender=v)),
    ("iys", lambda c, v: c.send_sms("5051112233", "a", sender="APITEST", iys=v)),
    ("iys_list", lambda c, v: c.send_sms("5051112233", "a", sender="APITEST", iys_list=v)),
]


@pytest.mark.parametrize(
    ("name", "call"), OTHERS, ids=[f"{i}-{n}" for i, (n, _) in enumerate(OTHERS)]
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=IDS)
def test_every_other_argument(
    name: str, call: Callable[[AsyncClient, Any], Any], value: Any
) -> None:
    outcome(lambda c: call(c, value), name)


def _lost_send() -> IletiMerkeziError:
    error = ServerError(503, "x", method="get-report")
    error.may_have_been_applied = True
    return error


WHEN = datetime.datetime(2026, 5, 4, 12, tzinfo=UTC)
# One bad argument (at least) for every public method that takes one, with the name its
# error must contain and whether it is a type mistake (then also a TypeError).
BAD_ARGUMENTS: list[tuple[str, Callable[[AsyncClient], Any], str, bool]] = [
    ("add_blacklist", lambda c: c.add_blacklist("05O5"), "number", False),
    ("add_contact", lambda c: c.add_contact(), "add_contact", False),
    ("add_contact", lambda c: c.add_contact(name=5), "name", True),
    ("add_group", lambda c: c.add_group(" "), "name", False),
    ("cancel_order", lambda c: c.cancel_order(-1), "order_id", False),
    ("cancel_order", lambda c: c.cancel_order(1.0), "order_id", True),
    ("consent_create", lambda c: c.consent_create([], brand_code=1), "records", False),
    (
        "consent_show",
        lambda c: c.consent_show("+905051112233", brand_code="x"),
        "brand_code",
        False,
    ),
    ("delete_blacklist", lambda c: c.delete_blacklist(b"5051"), "number", True),
    ("delete_contact", lambda c: c.delete_contact(None), "contact id", True),
    ("delete_group", lambda c: c.delete_group("x"), "group_id", False),
    ("edit_contact", lambda c: c.edit_contact(1), "edit_contact", False),
    ("edit_group", lambda c: c.edit_group(3, name="a", parent_id=3), "parent", False),
    ("find_sent_order", lambda c: c.find_sent_order(_lost_send()), "error", False),
    ("find_sent_order", lambda c: c.find_sent_order(KeyError()), "error", True),
    ("get_blacklist", lambda c: c.get_blacklist(row_count=1001), "row_count", False),
    ("get_contact", lambda c: c.get_contact("1e3"), "contact id", False),
    ("get_contacts", lambda c: c.get_contacts([1, "x"]), "contact id", False),
    ("get_contacts", lambda c: c.get_contacts("123"), "ids", True),
    ("get_contacts", lambda c: c.get_contacts([1], concurrency=0), "concurrency", False),
    ("get_group", lambda c: c.get_group(-5), "group_id", False),
    ("get_group_contacts", lambda c: c.get_group_contacts(1, page=0), "page", False),
    ("get_report", lambda c: c.get_report("1", row_count="10"), "row_count", True),
    ("get_reports", lambda c: c.get_reports(WHEN, WHEN - datetime.timedelta(days=1)), "end", False),
    (
        "iter_blacklist",
        lambda c: c.iter_blacklist(start=datetime.datetime(2026, 1, 1)),
        "start",
        False,
    ),
    ("iter_contacts", lambda c: c.iter_contacts([1], concurrency=1.5), "concurrency", True),
    ("iter_group_contacts", lambda c: c.iter_group_contacts(1, row_count=0), "row_count", False),
    ("iter_report", lambda c: c.iter_report("x"), "order_id", False),
    ("iter_reports", lambda c: c.iter_reports("2026-01-01", WHEN), "start", True),
    ("iter_search_contacts", lambda c: c.iter_search_contacts("ab"), "key", False),
    ("search_contacts", lambda c: c.search_contacts(None), "key", True),
    ("send_sms", lambda c: c.send_sms("5051112233", ""), "text", False),
    ("send_sms", lambda c: c.send_sms("5051112233", "a", sender="TWELVE-CHARS"), "sender", False),
    (
        "send_sms",
        lambda c: c.send_sms(["5051112233"] * 2 + [f"5{n:09d}" for n in range(60_000)], "a"),
        "recipients",
        False,
    ),
    (
        "send_sms",
        lambda c: c.send_sms("5051112233", "a", send_at=WHEN - datetime.timedelta(minutes=2)),
        "send_at",
        False,
    ),
    ("send_sms_messages", lambda c: c.send_sms_messages([("a", "5051")]), "messages[0]", True),
    (
        "send_sms_messages",
        lambda c: c.send_sms_messages(
            [Message("a", "5051")], send_at=datetime.datetime(2020, 1, 1, tzinfo=UTC)
        ),
        "send_at",
        False,
    ),
]


@pytest.mark.parametrize(
    ("method", "call", "name", "wrong_type"),
    BAD_ARGUMENTS,
    ids=[f"{method}-{i}" for i, (method, *_) in enumerate(BAD_ARGUMENTS)],
)
async def test_a_bad_argument_of_every_method_is_an_invalid_argument_error(
    method: str, call: Callable[[AsyncClient], Any], name: str, wrong_type: bool, fake_time: Any
) -> None:
    requests = []

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(500)

    fake_time.set(WHEN)  # the client's "now", for the past send_at
    async with AsyncClient(
        api_key="0123456789abcdef0123456789abcdef",
        api_hash="HASH",
        transport=httpx.MockTransport(answer),
        sender="APITEST",
        clock=fake_time,
    ) as client:
        with pytest.raises(InvalidArgumentError, match=re.escape(name)) as caught:
            await _start(call(client))
    error = caught.value
    assert isinstance(error, IletiMerkeziError)
    assert isinstance(error, ValueError)
    assert isinstance(error, TypeError) is wrong_type
    assert not requests


async def _start(result: Any) -> None:
    """Await a coroutine, or take the first item of an async generator."""
    if inspect.isasyncgen(result):
        await result.__anext__()
    else:
        await result


def test_the_table_has_every_method_that_takes_arguments() -> None:
    methods = {
        name
        for name, member in inspect.getmembers(AsyncClient, inspect.isfunction)
        if not name.startswith("_") and len(inspect.signature(member).parameters) > 1
    }
    assert methods == {method for method, *_ in BAD_ARGUMENTS}


@pytest.mark.parametrize(
    ("make", "name", "wrong_type"),
    [
        (lambda: AsyncClient(api_key="k", api_hash="h", max_retries=-1), "max_retries", False),
        (lambda: AsyncClient(api_key="k", api_hash="h", timeout="5"), "timeout", True),
        (lambda: AsyncClient(api_key="k", api_hash=""), "api_hash", False),
        (lambda: AsyncClient(api_key="k", api_hash="h", base_url="ftp://x"), "base_url", False),
        (lambda: AsyncClient(api_key="k", api_hash="h", clock=object()), "clock", True),
        (lambda: AsyncClient(api_key="k", api_hash="h", retry_policy=3), "retry_policy", True),
        (lambda: RetryPolicy(max_retries=-1), "max_retries", False),
        (lambda: RetryPolicy(base_delay="0.5"), "base_delay", True),
        (lambda: compute_hash(b"k", "s"), "compute_hash", True),
        (lambda: validate_contact_id(True), "contact id", True),
        (lambda: webhook_token_matches("a", ""), "expected", False),
        (lambda: ReportDeduplicator(max_size=0), "max_size", False),
    ],
)
def test_constructors_and_functions_too(
    make: Callable[[], Any], name: str, wrong_type: bool, clean_env: Any
) -> None:
    with pytest.raises(InvalidArgumentError, match=name) as caught:
        make()
    assert isinstance(caught.value, TypeError) is wrong_type
