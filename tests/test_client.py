"""AsyncClient on its default transport: the request on the wire, answers, errors, closing."""

from __future__ import annotations

import asyncio
import gc
import json

import httpx
import pytest

import iletimerkezi_async
from iletimerkezi_async import (
    AsyncClient,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    Contact,
    ContactNotFoundError,
    CustomField,
    DecodeError,
    IletiMerkeziError,
    InsufficientBalanceError,
    MethodNotFoundError,
    RecipientError,
    RetryPolicy,
    ServerError,
    TransportError,
    WrongEventLoopError,
)

KEY = "0123456789abcdef0123456789abcdef"
HASH = "HASH-SHOULD-NOT-LEAK-123"
NOT_FOUND_TR = "Rehberde bu kişiye ait kayıt bulunamadı (ç ğ ı İ ö ş ü)."


def status(code: int, message: str, **extra: object) -> dict[str, object]:
    return {"response": {"status": {"code": code, "message": message}, **extra}}


# -- the request on the wire ---------------------------------------------------------------


async def test_request_on_the_wire(fast_client_factory, route):
    client = fast_client_factory()
    contact = await client.get_contact(1007)
    assert contact.id == 1007
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == "https://api.iletimerkezi.com/v1/get-contact/json"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"] == "application/json"
    assert json.loads(request.content) == {
        "request": {
            "authentication": {"key": KEY, "hash": HASH},
            "contact": {"id": "1007"},
        }
    }


@pytest.mark.parametrize(("given", "sent"), [(0, "0"), ("1007", "1007"), ("0042", "42")])
async def test_id_is_sent_as_a_string_of_digits(fast_client_factory, route, given, sent):
    client = fast_client_factory()
    await client.get_contact(given)
    assert json.loads(route.calls.last.request.content)["request"]["contact"]["id"] == sent


async def test_success_decodes_the_contact(fast_client_factory, route, contact_payload):
    route.side_effect = None
    route.return_value = httpx.Response(200, json=contact_payload(1007))
    client = fast_client_factory()
    contact = await client.get_contact("1007")
    assert contact == Contact(
        id=1007,
        name="Ayşe",
        surname="Yılmaz",
        email="ayse@example.com",
        gsm="905057023100",
        custom_fields=(CustomField(id=2, value="cip cip"),),
        groups=(12, 7),
    )


async def test_legacy_shape_and_string_codes_decode(fast_client_factory, route):
    legacy = {
        "response": {
            "status": {"code": "200", "message": "İşlem başarılı"},
            "contact": {
                "id": "1007",
                "name": "Çağrı",
                "surname": "Şahin",
                "email": "",
                "gsm": "+905057023100",
                "custom_fields": {"custom_field": [{"id": "2", "value": "cip cip"}]},
                "groups": {"group": [{"id": "12"}, {"id": "7"}]},
            },
        }
    }
    route.side_effect = [httpx.Response(200, json=legacy)]
    client = fast_client_factory()
    contact = await client.get_contact(1007)
    assert (contact.name, contact.surname, contact.email) == ("Çağrı", "Şahin", None)
    assert contact.custom_fields == (CustomField(id=2, value="cip cip"),)
    assert contact.groups == (12, 7)


@pytest.mark.parametrize(
    "bad", [-1, "", " 1", "1e3", "12a", "-3", "١٢", True, 1.0, None, b"12", [1]]
)
async def test_invalid_id_is_refused_before_any_request(fast_client_factory, route, bad):
    client = fast_client_factory()
    with pytest.raises((ValueError, TypeError)):
        await client.get_contact(bad)
    assert route.call_count == 0


# -- errors --------------------------------------------------------------------------------


async def test_contact_not_found_carries_id_and_turkish_message(fast_client_factory, route):
    route.side_effect = [httpx.Response(465, json=status(465, NOT_FOUND_TR))]
    client = fast_client_factory()
    with pytest.raises(ContactNotFoundError) as caught:
        await client.get_contact(1007)
    error = caught.value
    assert error.contact_id == 1007
    assert error.method == "get-contact"
    assert error.status_code == 465
    assert error.message == NOT_FOUND_TR
    assert NOT_FOUND_TR in str(error)
    assert "get-contact" in str(error)
    assert "1007" in str(error)
    assert error.may_have_been_applied is False  # a read
    assert route.call_count == 1


async def test_body_code_wins_over_http_status(fast_client_factory, route):
    # Some gateways answer HTTP 200 with the real code in the body.
    route.side_effect = [httpx.Response(200, json=status("465", NOT_FOUND_TR))]
    client = fast_client_factory()
    with pytest.raises(ContactNotFoundError) as caught:
        await client.get_contact(3)
    assert (caught.value.status_code, caught.value.http_status) == (465, 200)


@pytest.mark.parametrize(
    ("answer", "cls", "http_status"),
    [
        (httpx.Response(503, text="<html>busy</html>"), ServerError, 503),
        (
            httpx.Response(429, json=status(429, "yavaş"), headers={"Retry-After": "999"}),
            iletimerkezi_async.RateLimitError,
            429,
        ),
        (httpx.Response(200, text="<br />not json"), DecodeError, 200),
        (httpx.Response(200, json=status(200, "ok")), DecodeError, 200),  # no contact
        (httpx.Response(201, json=status(402, "bakiye")), InsufficientBalanceError, 201),
    ],
)
async def test_every_error_from_an_answer_carries_its_http_status(
    fast_client_factory, route, answer, cls, http_status
):
    route.side_effect = [answer]
    client = fast_client_factory(max_retries=0)
    with pytest.raises(cls) as caught:
        await client.get_contact(3)
    assert caught.value.http_status == http_status


async def test_an_error_without_an_answer_has_no_http_status(fast_client_factory, route):
    route.side_effect = httpx.ConnectError("refused")
    client = fast_client_factory(max_retries=0)
    with pytest.raises(TransportError) as caught:
        await client.get_contact(3)
    assert caught.value.http_status is None


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (404, MethodNotFoundError),
        (422, BadRequestError),
        (465, ContactNotFoundError),
        (402, InsufficientBalanceError),
        (452, RecipientError),
    ],
)
async def test_status_codes_map_to_error_classes(fast_client_factory, route, code, cls):
    route.side_effect = [httpx.Response(code, json=status(code, "mesaj"))]
    client = fast_client_factory()
    with pytest.raises(cls) as caught:
        await client.get_contact(9)
    assert type(caught.value) is cls
    assert caught.value.status_code == code
    assert caught.value.contact_id == 9


async def test_422_carries_field_errors(fast_client_factory, route):
    answer = status(422, "Geçersiz değer", errors={"id": "sayı olmalı"})
    route.side_effect = [httpx.Response(422, json=answer)]
    client = fast_client_factory()
    with pytest.raises(BadRequestError) as caught:
        await client.get_contact(9)
    assert caught.value.errors == {"id": "sayı olmalı"}


async def test_answer_about_another_contact_is_a_decode_error(
    fast_client_factory, route, contact_payload
):
    route.side_effect = [httpx.Response(200, json=contact_payload(8))]
    client = fast_client_factory()
    with pytest.raises(DecodeError):
        await client.get_contact(9)
    assert route.call_count == 1


ODD_HTTPX_ERRORS = [
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.PoolTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.CloseError,
    httpx.RemoteProtocolError,
    httpx.LocalProtocolError,
    httpx.ProxyError,
    httpx.UnsupportedProtocol,
    httpx.TooManyRedirects,
    httpx.DecodingError,
]


@pytest.mark.parametrize("exc", ODD_HTTPX_ERRORS, ids=lambda e: e.__name__)
async def test_no_httpx_exception_escapes(fast_client_factory, route, exc):
    route.side_effect = exc
    client = fast_client_factory(max_retries=1)
    with pytest.raises(IletiMerkeziError) as caught:
        await client.get_contact(1)
    assert not isinstance(caught.value, httpx.HTTPError)
    assert isinstance(caught.value.__cause__, exc)
    if issubclass(exc, httpx.TimeoutException):
        assert isinstance(caught.value, iletimerkezi_async.TimeoutError)
    elif exc is not httpx.DecodingError:
        assert isinstance(caught.value, TransportError)


async def test_connect_error_is_a_transport_error(fast_client_factory, route):
    route.side_effect = httpx.ConnectError
    client = fast_client_factory()
    with pytest.raises(TransportError) as caught:
        await client.get_contact(1)
    assert not isinstance(caught.value, iletimerkezi_async.TimeoutError)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert caught.value.contact_id == 1
    assert route.call_count == 3  # connect errors are retried (max_retries=2)


def test_error_hierarchy():
    for name in (
        "APIError",
        "TransportError",
        "DecodeError",
        "ClientClosedError",
        "RateLimitError",
        "ServerError",
        "TimeoutError",
    ):
        assert issubclass(getattr(iletimerkezi_async, name), IletiMerkeziError)
    assert issubclass(iletimerkezi_async.TimeoutError, TransportError)
    assert iletimerkezi_async.TimeoutError is not TimeoutError


# -- closing -------------------------------------------------------------------------------


async def test_closed_after_aclose(fast_client_factory, route):
    client = fast_client_factory()
    await client.get_contact(1)
    await client.aclose()
    assert client.is_closed
    with pytest.raises(ClientClosedError):
        await client.get_contact(1)
    await client.aclose()  # a second close is fine
    assert route.call_count == 1


async def test_closed_after_async_with(fast_client_factory, route):
    client = fast_client_factory()
    async with client as entered:
        assert entered is client
        await client.get_contact(1)
    with pytest.raises(ClientClosedError):
        await client.get_contact(2)
    with pytest.raises(ClientClosedError):
        await client.get_contacts([3])
    assert route.call_count == 1
    with pytest.raises(ClientClosedError):
        async with client:
            pass


async def test_aclose_lets_the_request_on_the_wire_finish_and_fails_the_queued_ones(
    clean_env, counting_transport
):
    gate = asyncio.Event()
    transport = counting_transport(gate=gate)
    client = AsyncClient(KEY, HASH, transport=transport, max_concurrency=1)
    first = asyncio.create_task(client.get_contact(1))
    queued = asyncio.create_task(client.get_contact(2))
    await transport.wait_for_in_flight(1)
    closing = asyncio.create_task(client.aclose())
    await asyncio.sleep(0.01)
    assert not closing.done()  # waits for the answer of the request already sent
    gate.set()
    await closing
    results = await asyncio.gather(first, queued, return_exceptions=True)
    assert results[0].id == 1  # never cut off halfway with its outcome unknown
    assert isinstance(results[1], ClientClosedError)
    assert transport.ids == [1]  # the queued call never reached the wire


async def test_aclose_wakes_a_call_backing_off_before_its_retry(clean_env, api):
    api.post("get-contact/json").mock(return_value=httpx.Response(503, html="<html>busy"))
    client = AsyncClient(KEY, HASH, retry_policy=RetryPolicy(base_delay=30, max_delay=30))
    call = asyncio.create_task(client.get_contact(1))
    for _ in range(100):
        if api.calls.call_count:
            break
        await asyncio.sleep(0.001)
    await asyncio.sleep(0.01)  # now sleeping 15-30 s before its retry
    async with asyncio.timeout(2):
        await client.aclose()
        with pytest.raises(ClientClosedError) as caught:
            await call
    assert isinstance(caught.value.__cause__, ServerError)
    assert api.calls.call_count == 1


async def test_closed_client_error_is_ours_and_names_the_call(fast_client_factory):
    client = fast_client_factory()
    await client.aclose()
    with pytest.raises(IletiMerkeziError) as caught:
        await client.get_contact(1)
    assert (caught.value.method, caught.value.contact_id) == ("get-contact", 1)


# -- event loops ---------------------------------------------------------------------------


@pytest.fixture
def fake_in_a_thread():
    """A fake provider served on loopback by an event loop of its own, in a thread:
    the test's own loops come and go around it."""
    import threading

    from iletimerkezi_async.testing import FakeIletiMerkezi

    fake = FakeIletiMerkezi()
    fake.generate(3, start_id=1)
    ready: list[str] = []
    stop = threading.Event()

    async def serve() -> None:
        async with fake.serve() as base_url:
            ready.append(base_url)
            await asyncio.to_thread(stop.wait)

    thread = threading.Thread(target=asyncio.run, args=(serve(),), daemon=True)
    thread.start()
    while not ready:
        thread.join(0.01)
    yield fake, ready[0]
    stop.set()
    thread.join(5)


# The misuse leaves the first loop's connections behind: Python warns about them.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
def test_a_second_event_loop_gets_a_typed_error_that_says_what_to_do(
    clean_env, fake_in_a_thread, backend
):
    fake, base_url = fake_in_a_thread
    client = AsyncClient(fake.api_key, fake.api_hash, base_url=base_url, backend=backend)

    async def first(client: AsyncClient) -> int:
        return (await client.get_contact(1)).id

    async def second(client: AsyncClient) -> object:
        return await client.get_contacts([1, 2], return_exceptions=True)

    assert asyncio.run(first(client)) == 1
    with pytest.raises(WrongEventLoopError, match="Create the client inside the loop"):
        asyncio.run(second(client))
    with pytest.raises(WrongEventLoopError):
        asyncio.run(client.aclose())
    assert not client.is_closed  # only its own loop can close its connections
    del client
    gc.collect()  # the first loop's leftovers warn here, under this test's filters
