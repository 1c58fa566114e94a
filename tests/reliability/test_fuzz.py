"""A long fuzz of the decoder: whatever the bytes, only ``IletiMerkeziError`` comes out.

Slow (tens of thousands of examples each): excluded from the default run; ``make fuzz``
runs it with ``pytest -m slow``.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iletimerkezi_async import APIError, Contact, IletiMerkeziError, RateLimitError
from iletimerkezi_async.sansio import decode_get_contact, parse_retry_after
from iletimerkezi_async.testing import encode_contact, generate_contacts

# 20,000 examples a test: far past the suite's 60 s per test, by design.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(3600)]

FUZZ = settings(
    max_examples=20_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

STATUSES = st.one_of(
    st.sampled_from([200, 201, 204, 301, 400, 401, 404, 422, 429, 465, 500, 502, 503, 504]),
    st.integers(min_value=100, max_value=999),
)
CONTACT_IDS = st.one_of(st.none(), st.integers(min_value=0, max_value=10**12))
SEEDS = generate_contacts(20, seed=5, start_id=1000)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["", "0", "1", "200", "465", "007", "+905321234567", "٣", "1e3", " 1"]),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.one_of(
                st.text(max_size=10),
                st.sampled_from(["id", "value", "group", "custom_field", "code", "contact"]),
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=30,
)


def field_values() -> st.SearchStrategy[object]:
    return st.one_of(json_values, st.sampled_from([[], {}, "", None, [{}], {"group": {}}]))


@st.composite
def contacts(draw: st.DrawFn) -> object:
    """A contact object: a real one in either shape, with fields replaced, dropped or added."""
    base = encode_contact(
        draw(st.sampled_from(SEEDS)), draw(st.sampled_from(["current", "legacy"]))
    )
    for key in list(base):
        choice = draw(st.integers(0, 5))
        if choice == 0:
            del base[key]
        elif choice == 1:
            base[key] = draw(field_values())
    for key in draw(st.lists(st.text(max_size=8), max_size=3)):
        base[key] = draw(field_values())
    return draw(st.one_of(st.just(base), st.just([base]), json_values))


@st.composite
def envelopes(draw: st.DrawFn) -> bytes:
    """A near-valid answer: the documented nesting, with any part replaced by junk."""
    code = draw(
        st.one_of(
            STATUSES,
            STATUSES.map(str),
            json_values,
            st.sampled_from(["", " 200", "200 ", "2OO", "0200", "1" * 12]),
        )
    )
    status: object = {"code": code, "message": draw(st.one_of(st.text(max_size=20), json_values))}
    if draw(st.booleans()):
        status = draw(st.one_of(st.just(status), json_values))
    response: dict[str, object] = {"status": status}
    if draw(st.integers(0, 4)):
        response["contact"] = draw(contacts())
    if draw(st.booleans()):
        response["errors"] = draw(json_values)
    document: object = {"response": response}
    if not draw(st.integers(0, 9)):
        document = draw(st.one_of(json_values, st.just([document]), st.just({"x": document})))
    text = json.dumps(document, ensure_ascii=draw(st.booleans()), allow_nan=True)
    # Lone surrogates go out as invalid UTF-8 bytes; latin-1 mangles the rest.
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "latin-1"]))
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid answer with bytes flipped, cut, repeated or inserted."""
    contact = draw(st.sampled_from(SEEDS))
    body = bytearray(
        json.dumps(
            {
                "response": {
                    "status": {"code": 200, "message": "İşlem başarılı."},
                    "contact": encode_contact(
                        contact, draw(st.sampled_from(["current", "legacy"]))
                    ),
                }
            },
            ensure_ascii=False,
        ).encode()
    )
    for _ in range(draw(st.integers(1, 6))):
        if not body:
            break
        at = draw(st.integers(0, len(body) - 1))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            body[at] = draw(st.integers(0, 255))
        elif kind == 1:
            del body[at:]
        elif kind == 2:
            body[at:at] = body[at : at + draw(st.integers(1, 20))]
        else:
            body[at:at] = draw(st.binary(min_size=1, max_size=8))
    return bytes(body)


def check(status: int, body: bytes, contact_id: int | None) -> None:
    """Decode; anything but a well-formed Contact or one of our errors fails the test."""
    try:
        result: object = decode_get_contact(status, body, contact_id=contact_id)
    except IletiMerkeziError as error:
        result = error
    if isinstance(result, IletiMerkeziError):
        assert result.contact_id == contact_id
        assert isinstance(str(result), str)
        assert isinstance(repr(result), str)
        if isinstance(result, APIError):
            assert type(result.status_code) is int
        if isinstance(result, RateLimitError):
            assert result.retry_after is None  # the header's, set by the client
        return
    assert isinstance(result, Contact)
    assert type(result.id) is int
    if contact_id is not None:
        assert result.id == contact_id
    assert type(result.name) is str
    assert type(result.surname) is str
    assert result.email is None or type(result.email) is str
    assert result.gsm is None or type(result.gsm) is str
    assert all(type(field.id) is int and type(field.value) is str for field in result.custom_fields)
    assert all(type(group) is int for group in result.groups)


@FUZZ
@given(STATUSES, st.binary(max_size=2000), CONTACT_IDS)
def test_arbitrary_bytes(status: int, body: bytes, contact_id: int | None) -> None:
    check(status, body, contact_id)


@FUZZ
@given(STATUSES, json_values, CONTACT_IDS)
def test_arbitrary_json(status: int, value: object, contact_id: int | None) -> None:
    check(status, json.dumps(value, allow_nan=True).encode(), contact_id)


@FUZZ
@given(STATUSES, envelopes(), CONTACT_IDS)
def test_near_valid_envelopes(status: int, body: bytes, contact_id: int | None) -> None:
    check(status, body, contact_id)


@FUZZ
@given(STATUSES, mutated(), st.sampled_from([None, *(contact.id for contact in SEEDS)]))
def test_mutated_valid_answers(status: int, body: bytes, contact_id: int | None) -> None:
    check(status, body, contact_id)


@FUZZ
@given(
    st.one_of(
        st.none(),
        st.text(max_size=60),
        st.sampled_from(["0", "1", "-1", "1e308", "1e309", "nan", "inf", "-inf", " 5 "]),
        st.sampled_from(["Wed, 21 Oct 2015 07:28:00 GMT", "Wed, 21 Oct 2015 07:28:00"]),
        st.datetimes().map(lambda when: when.strftime("%a, %d %b %Y %H:%M:%S GMT")),
    ),
    st.floats(min_value=0, max_value=4e9),
)
def test_retry_after_never_raises(value: str | None, now: float) -> None:
    seconds = parse_retry_after(value, now)
    if seconds is not None:
        assert seconds >= 0  # inf is allowed: longer than any cap, so the error is raised
        assert not math.isnan(seconds)
