"""Every API method, table-driven: its golden request, its answers, its error codes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from iletimerkezi_async.errors import APIError, DecodeError, IletiMerkeziError
from iletimerkezi_async.sansio import error_class_for

from .methods import CREDENTIALS, Answer, MethodCase, cases, invalid, ok

CASES = cases()
ANSWERS = [(case, answer) for case in CASES for answer in case.answers]
CODES = [(case, code) for case in CASES for code in case.codes]


def _id(value: object) -> str:
    if isinstance(value, MethodCase):
        return value.name
    if isinstance(value, Answer):
        return value.name or repr(value.expect)[:30]
    return str(value)


def _body(document: object) -> bytes:
    if isinstance(document, bytes):
        return document
    return json.dumps(document, ensure_ascii=False).encode()


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_golden_request(case: MethodCase) -> None:
    call = case.build(CREDENTIALS)
    assert call.method == case.method
    assert call.kind == case.kind
    assert call.request.method == "POST"
    assert call.request.path == f"{case.method}/json"
    assert ("Content-Type", "application/json") in call.request.headers
    sent = json.loads(call.request.body)
    auth = {"key": CREDENTIALS.api_key, "hash": CREDENTIALS.api_hash}
    assert sent == {"request": {"authentication": auth, **case.golden}}
    assert dict(call.ids) == dict(case.ids)


@pytest.mark.parametrize(("case", "answer"), ANSWERS, ids=_id)
def test_answer(case: MethodCase, answer: Answer) -> None:
    call = case.build(CREDENTIALS)
    body = _body(answer.document)
    if isinstance(answer.expect, type) and issubclass(answer.expect, BaseException):
        with pytest.raises(answer.expect):
            call.decode(answer.status, body)
    else:
        assert call.decode(answer.status, body) == answer.expect


@pytest.mark.parametrize("case", CASES, ids=_id)
@pytest.mark.parametrize(
    "document",
    [ok(), ok("200"), ok(unknown={"x": 1})],
    ids=["no payload", "no payload, code as a string", "only an unknown key"],
)
def test_a_200_without_payload(case: MethodCase, document: object) -> None:
    # One rule for every method (docs/wire-format.md, "A 200 with no payload").
    call = case.build(CREDENTIALS)
    if case.without_payload is DecodeError:
        with pytest.raises(DecodeError, match="required field missing @ \\$\\.response\\."):
            call.decode(200, _body(document))
    else:
        assert call.decode(200, _body(document)) == case.without_payload


@pytest.mark.parametrize(("case", "code"), CODES, ids=_id)
@pytest.mark.parametrize("as_string", [False, True], ids=["int", "str"])
def test_documented_code(case: MethodCase, code: int, as_string: bool) -> None:
    call = case.build(CREDENTIALS)
    document = {"response": {"status": {"code": str(code) if as_string else code, "message": "x"}}}
    with pytest.raises(IletiMerkeziError) as caught:
        call.decode(code, _body(document))
    assert type(caught.value) is error_class_for(code)
    assert isinstance(caught.value, APIError)
    assert caught.value.status_code == code


@pytest.mark.parametrize(
    ("build", "names"), invalid(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_invalid_arguments_raise_before_any_request(
    build: Callable[[], object], names: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(names)):
        build()


def test_every_method_has_a_row() -> None:
    from iletimerkezi_async.testing import FakeIletiMerkezi

    assert {case.method for case in CASES} == set(FakeIletiMerkezi().methods)
