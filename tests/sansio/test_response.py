import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iletimerkezi_async.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ContactNotFoundError,
    DecodeError,
    IletiMerkeziError,
    InsufficientBalanceError,
    MethodNotFoundError,
    RateLimitError,
    RecipientError,
    ServerError,
)
from iletimerkezi_async.sansio import Contact, CustomField, Order, decode_get_contact
from iletimerkezi_async.sansio import response as response_module
from iletimerkezi_async.sansio.response import (
    decode_empty,
    decode_list,
    decode_model,
    decode_status,
    load_json,
)


class _Missing:
    def __repr__(self) -> str:  # a stable test id (pytest-xdist compares them across workers)
        return "MISSING"


MISSING: Any = _Missing()

OK_MESSAGE = "İşlem başarılı"

BASE_FIELDS: dict[str, Any] = {
    "id": 1007,
    "name": "Çağrı",
    "surname": "Işıkgöğüş",
    "email": "cagri@example.com",
    "gsm": "+905057023100",
}

BASE = Contact(
    id=1007,
    name="Çağrı",
    surname="Işıkgöğüş",
    email="cagri@example.com",
    gsm="+905057023100",
)


@pytest.fixture(autouse=True, params=["orjson", "stdlib json"])
def json_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    # The decoder uses orjson when the `speedups` extra is installed (the test extra
    # installs it) and the standard library otherwise: every case must hold for both.
    assert response_module._loads is not json.loads
    if request.param == "stdlib json":
        monkeypatch.setattr(response_module, "_loads", json.loads)


def body_of(document: Any, *, ascii_only: bool = False) -> bytes:
    return json.dumps(document, ensure_ascii=ascii_only).encode("utf-8")


def envelope(contact: Any = MISSING, *, code: Any = 200, message: Any = OK_MESSAGE) -> Any:
    response: dict[str, Any] = {"status": {"code": code, "message": message}}
    if contact is not MISSING:
        response["contact"] = contact
    return {"response": response}


def contact_with(**fields: Any) -> dict[str, Any]:
    raw = dict(BASE_FIELDS)
    for name, value in fields.items():
        if value is MISSING:
            raw.pop(name, None)
        else:
            raw[name] = value
    return raw


def decode_contact(raw: Any, **kwargs: Any) -> Contact:
    return decode_get_contact(200, body_of(envelope(raw)), **kwargs)


def error_document(code: Any, message: Any = "Hata", **extra: Any) -> bytes:
    return body_of({"response": {"status": {"code": code, "message": message}, **extra}})


# --- docs/wire-format.md, get-contact: every shape decodes to the same value ---

CUSTOM_FIELDS_VARIANTS = [
    pytest.param(
        {"custom_field": [{"id": "2", "value": "cip cip"}, {"id": 3, "value": "Öğretmen"}]},
        (CustomField(2, "cip cip"), CustomField(3, "Öğretmen")),
        id="legacy-wrapper-list",
    ),
    pytest.param(
        {"custom_field": {"id": "2", "value": "cip cip"}},
        (CustomField(2, "cip cip"),),
        id="legacy-wrapper-single",
    ),
    pytest.param(
        [{"id": 2, "value": "cip cip"}, {"id": "3", "value": "Öğretmen"}],
        (CustomField(2, "cip cip"), CustomField(3, "Öğretmen")),
        id="current-list",
    ),
    pytest.param([], (), id="empty-list"),
    pytest.param({}, (), id="empty-object"),
    pytest.param("", (), id="empty-string"),
    pytest.param(None, (), id="null"),
    pytest.param(MISSING, (), id="missing"),
    pytest.param({"custom_field": []}, (), id="wrapper-empty-list"),
    pytest.param({"custom_field": ""}, (), id="wrapper-empty-string"),
    pytest.param({"custom_field": None}, (), id="wrapper-null"),
]


@pytest.mark.parametrize(("raw", "expected"), CUSTOM_FIELDS_VARIANTS)
def test_custom_fields_variants(raw, expected):
    contact = decode_contact(contact_with(custom_fields=raw))
    assert contact == Contact(**{**BASE_FIELDS, "custom_fields": expected})


GROUPS_VARIANTS = [
    pytest.param({"group": [{"id": "5"}]}, (5,), id="legacy-wrapper-list"),
    pytest.param({"group": [{"id": "12"}, {"id": 7}]}, (12, 7), id="legacy-wrapper-list-2"),
    pytest.param([12, 7], (12, 7), id="current-list"),
    pytest.param(["12", "7"], (12, 7), id="current-list-strings"),
    pytest.param({"group": {"id": 5}}, (5,), id="wrapper-single"),
    pytest.param([{"id": 5}], (5,), id="list-of-objects"),
    pytest.param({"id": [10, 12]}, (10, 12), id="object-of-id-list"),
    pytest.param({"id": ["10", "12"]}, (10, 12), id="object-of-id-strings"),
    pytest.param([], (), id="empty-list"),
    pytest.param({}, (), id="empty-object"),
    pytest.param("", (), id="empty-string"),
    pytest.param(None, (), id="null"),
    pytest.param(MISSING, (), id="missing"),
    pytest.param({"group": []}, (), id="wrapper-empty-list"),
    pytest.param({"group": ""}, (), id="wrapper-empty-string"),
    pytest.param({"group": None}, (), id="wrapper-null"),
]


@pytest.mark.parametrize(("raw", "expected"), GROUPS_VARIANTS)
def test_groups_variants(raw, expected):
    contact = decode_contact(contact_with(groups=raw))
    assert contact == Contact(**{**BASE_FIELDS, "groups": expected})


def test_group_order_is_kept():
    assert decode_contact(contact_with(groups=[30, 4, 17])).groups == (30, 4, 17)


@pytest.mark.parametrize("contact_id", [1007, "1007"])
@pytest.mark.parametrize("code", [200, "200"])
def test_ids_and_codes_as_numbers_or_numeric_strings(contact_id, code):
    raw = contact_with(
        id=contact_id,
        custom_fields=[{"id": str(contact_id), "value": "v"}],
        groups=[contact_id],
    )
    contact = decode_get_contact(200, body_of(envelope(raw, code=code)), contact_id=1007)
    assert contact.id == 1007
    assert contact.custom_fields == (CustomField(1007, "v"),)
    assert contact.groups == (1007,)


def test_status_without_code_falls_back_to_http_200():
    document = {"response": {"status": {"message": OK_MESSAGE}, "contact": BASE_FIELDS}}
    assert decode_get_contact(200, body_of(document)) == BASE


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", None), (None, None), (MISSING, None), ("a@b.com.tr", "a@b.com.tr")],
)
def test_email(raw, expected):
    assert decode_contact(contact_with(email=raw)).email == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+905057023100", "+905057023100"),
        ("905057023100", "905057023100"),
        ("05057023100", "05057023100"),
        ("", None),
        (None, None),
        (MISSING, None),
    ],
)
def test_gsm_kept_verbatim(raw, expected):
    assert decode_contact(contact_with(gsm=raw)).gsm == expected


TURKISH = ["çÇ ğĞ ıI iİ öÖ şŞ üÜ", "Işıl İnce", "Öztürk-Şahinoğlu", "ÇĞİÖŞÜ", "çğıöşü"]


@pytest.mark.parametrize("text", TURKISH)
@pytest.mark.parametrize("ascii_only", [False, True], ids=["utf8", "escaped"])
def test_turkish_text_round_trips_exactly(text, ascii_only):
    raw = contact_with(name=text, surname=text, custom_fields=[{"id": 1, "value": text}])
    contact = decode_get_contact(200, body_of(envelope(raw), ascii_only=ascii_only))
    assert contact.name == text
    assert contact.surname == text
    assert contact.custom_fields == (CustomField(1, text),)


def test_unknown_keys_are_ignored_at_every_level():
    document = {
        "response": {
            "status": {"code": 200, "message": OK_MESSAGE, "trace": "x1"},
            "contact": {
                **BASE_FIELDS,
                "created_at": "2024-01-01 10:00:00",
                "custom_fields": {
                    "custom_field": [{"id": 2, "value": "cip cip", "custom_field_settings": {}}],
                    "@attributes": {"count": "1"},
                },
                "groups": {"group": [{"id": "12", "name": "Aile"}], "total": 1},
            },
            "meta": {"version": 2},
        },
        "debug": [1, 2, 3],
    }
    assert decode_get_contact(200, body_of(document)) == Contact(
        **BASE_FIELDS, custom_fields=(CustomField(2, "cip cip"),), groups=(12,)
    )


def test_unknown_keys_in_current_shape_list_items():
    raw = contact_with(
        custom_fields=[{"id": 2, "value": "cip cip", "label": "Kuş"}],
        groups=[{"id": 5, "name": "Aile", "count": 3}],
    )
    assert decode_contact(raw) == Contact(
        **BASE_FIELDS, custom_fields=(CustomField(2, "cip cip"),), groups=(5,)
    )


def test_legacy_and_current_documents_decode_to_the_same_contact():
    legacy = {
        "response": {
            "status": {"code": "200", "message": OK_MESSAGE},
            "contact": {
                "id": "1007",
                "name": "Çağrı",
                "surname": "Işıkgöğüş",
                "email": "",
                "gsm": "905057023100",
                "custom_fields": {
                    "custom_field": [
                        {"id": "2", "value": "cip cip"},
                        {"id": "9", "value": "İzmir"},
                    ]
                },
                "groups": {"group": [{"id": "12"}, {"id": "7"}]},
            },
        }
    }
    current = {
        "response": {
            "status": {"code": 200, "message": OK_MESSAGE},
            "contact": {
                "id": 1007,
                "name": "Çağrı",
                "surname": "Işıkgöğüş",
                "email": "",
                "gsm": "905057023100",
                "custom_fields": [{"id": 2, "value": "cip cip"}, {"id": 9, "value": "İzmir"}],
                "groups": [12, 7],
            },
        }
    }
    expected = Contact(
        id=1007,
        name="Çağrı",
        surname="Işıkgöğüş",
        email=None,
        gsm="905057023100",
        custom_fields=(CustomField(2, "cip cip"), CustomField(9, "İzmir")),
        groups=(12, 7),
    )
    assert decode_get_contact(200, body_of(legacy), contact_id=1007) == expected
    assert decode_get_contact(200, body_of(current), contact_id=1007) == expected


# --- errors ---


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        (400, BadRequestError),
        (422, BadRequestError),
        (401, AuthenticationError),
        (404, MethodNotFoundError),
        (465, ContactNotFoundError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (402, InsufficientBalanceError),
        (452, RecipientError),
        (499, APIError),
    ],
)
@pytest.mark.parametrize("as_string", [False, True], ids=["number", "string"])
def test_status_code_maps_to_error_class(code, cls, as_string):
    body = error_document(str(code) if as_string else code, "Sunucu mesajı")
    with pytest.raises(APIError) as error:
        decode_get_contact(code, body)
    assert type(error.value) is cls
    assert error.value.status_code == code


@pytest.mark.parametrize(
    ("http_status", "body_code", "cls"),
    [
        (200, 465, ContactNotFoundError),
        (200, "401", AuthenticationError),
        (500, 401, AuthenticationError),
        (400, 503, ServerError),
        (503, 452, RecipientError),
    ],
)
def test_body_code_wins_over_http_status(http_status, body_code, cls):
    with pytest.raises(APIError) as error:
        decode_get_contact(http_status, error_document(body_code))
    assert type(error.value) is cls
    assert error.value.status_code == int(body_code)


def test_body_code_200_wins_over_http_error_status():
    assert decode_get_contact(465, body_of(envelope(BASE_FIELDS))) == BASE


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"response": {}},
        {"response": {"status": {}}},
        {"response": {"status": {"message": "Hata"}}},
        {"response": {"status": {"code": None}}},
        {"response": {"status": {"code": "abc"}}},
        {"response": {"status": None}},
        {"response": None},
        [],
        "text",
    ],
    ids=repr,
)
@pytest.mark.parametrize(
    ("http_status", "cls"),
    [(401, AuthenticationError), (404, MethodNotFoundError), (465, ContactNotFoundError)],
)
def test_http_status_used_when_body_has_no_code(document, http_status, cls):
    with pytest.raises(APIError) as error:
        decode_get_contact(http_status, body_of(document))
    assert type(error.value) is cls
    assert error.value.status_code == http_status


TURKISH_MESSAGES = [
    (401, "Üyelik bilgileri hatalı, lütfen kontrol ediniz."),
    (465, "Kişi bulunamadı."),
    (452, "Alıcı numaralarınız hatalı: İşlem yapılamadı."),
    (400, "İstek çözümlenemedi."),
]


@pytest.mark.parametrize(("code", "message"), TURKISH_MESSAGES)
def test_provider_message_is_kept_verbatim(code, message):
    with pytest.raises(APIError) as error:
        decode_get_contact(code, error_document(code, message))
    assert error.value.message == message
    assert message in str(error.value)
    assert str(code) in str(error.value)


def test_422_carries_errors_map():
    body = error_document(
        422,
        "Gönderilen değerler hatalı.",
        errors={"gsm": "Geçersiz numara", "email": "Geçersiz e-posta"},
    )
    with pytest.raises(BadRequestError) as error:
        decode_get_contact(422, body)
    assert error.value.status_code == 422
    assert error.value.errors == {"gsm": "Geçersiz numara", "email": "Geçersiz e-posta"}
    assert "Geçersiz numara" in str(error.value)


def test_422_errors_map_shows_scalars_as_json_and_only_names_containers():
    body = error_document(
        422,
        "Hatalı",
        errors={
            "count": 5,
            "price": 1.5,
            "gsm": None,
            "iys": True,
            "groups": ["en az bir grup", 7, None],
            "contact": {"id": "x"},
            "nested": [[1]],
        },
    )
    with pytest.raises(BadRequestError) as error:
        decode_get_contact(422, body)
    assert error.value.errors == {
        "count": "5",
        "price": "1.5",
        "gsm": "null",
        "iys": "true",
        "groups": "en az bir grup; 7; null",
        "contact": "<an object>",
        "nested": "<a list>",
    }


def test_422_errors_map_inside_status_is_read_too():
    body = body_of(
        {"response": {"status": {"code": 422, "message": "Hatalı", "errors": {"gsm": False}}}}
    )
    with pytest.raises(BadRequestError) as error:
        decode_get_contact(422, body)
    assert error.value.errors == {"gsm": "false"}


@pytest.mark.parametrize("errors", [None, [], "gsm hatalı", 5])
def test_an_errors_member_that_is_not_an_object_is_no_map(errors):
    with pytest.raises(BadRequestError) as error:
        decode_get_contact(422, error_document(422, "Hatalı", errors=errors))
    assert error.value.errors == {}


def test_errors_map_is_empty_when_absent():
    with pytest.raises(APIError) as error:
        decode_get_contact(400, error_document(400))
    assert error.value.errors == {}


def test_465_carries_contact_id():
    with pytest.raises(ContactNotFoundError) as error:
        decode_get_contact(465, error_document(465, "Kişi bulunamadı."), contact_id=1007)
    assert error.value.contact_id == 1007
    assert error.value.status_code == 465
    assert "1007" in str(error.value)


@pytest.mark.parametrize(
    ("http_status", "body", "message"),
    [
        (429, error_document(429, "Çok fazla istek"), "Çok fazla istek"),
        (200, error_document(429, "Çok fazla istek"), "Çok fazla istek"),
        # A proxy or load balancer throttling in front of the API sends no JSON.
        (429, b"", "HTTP 429 with an empty body"),
        (429, b"<html>Too Many Requests</html>", "HTTP 429 with a body that is not JSON"),
    ],
)
def test_429_is_a_rate_limit_error_with_no_wait_of_its_own(http_status, body, message):
    # The wait is in the Retry-After header, which a decoder never sees: the client
    # sets retry_after (tests/test_client_retry.py).
    with pytest.raises(RateLimitError) as error:
        decode_get_contact(http_status, body)
    assert (error.value.status_code, error.value.message) == (429, message)
    assert (error.value.retry_after, error.value.contact_id) == (None, None)


NOT_JSON_BODIES = [
    pytest.param(b"", id="empty"),
    pytest.param(b"   \r\n", id="blank"),
    pytest.param(b"<html><body><h1>502 Bad Gateway</h1></body></html>", id="html"),
    pytest.param(b"Service Unavailable", id="text"),
    pytest.param(b'{"response": {"status"', id="truncated-json"),
    pytest.param(b"\xff\xfe\x00garbage", id="not-utf8"),
]


@pytest.mark.parametrize(
    ("http_status", "body", "cls", "message"),
    [
        (200, b"", DecodeError, "HTTP 200 with an empty body"),
        (204, b" \r\n", DecodeError, "HTTP 204 with an empty body"),
        (200, b"<br />", DecodeError, "HTTP 200 with a body that is not JSON"),
        (503, b"", ServerError, "HTTP 503 with an empty body"),
        (502, b"<html>", ServerError, "HTTP 502 with a body that is not JSON"),
        (429, b"slow down", RateLimitError, "HTTP 429 with a body that is not JSON"),
    ],
)
def test_an_answer_that_is_not_json_says_so_with_its_status(http_status, body, cls, message):
    with pytest.raises(cls) as error:
        decode_get_contact(http_status, body, contact_id=8)
    assert type(error.value) is cls
    assert error.value.message == message
    assert error.value.contact_id == 8


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinity_are_not_json(constant):
    with pytest.raises(ValueError, match=f"{constant.decode()} is not JSON"):
        load_json(b'{"price": %s}' % constant)


@pytest.mark.parametrize(
    ("code", "cls"),
    [("000000465", ContactNotFoundError), ("0000000465", BadRequestError)],
    ids=["nine-digits", "ten-digits"],
)
def test_a_code_string_is_read_up_to_nine_digits_then_the_http_status_stands_in(code, cls):
    with pytest.raises(cls) as error:
        decode_get_contact(400, error_document(code))
    assert type(error.value) is cls


def test_a_lone_surrogate_in_a_message_is_replaced_not_raised():
    body = body_of(
        {
            "response": {
                "status": {"code": 422, "message": "Hatalı \ud800", "errors": {"a": "\udfff"}}
            }
        },
        ascii_only=True,
    )
    with pytest.raises(BadRequestError) as error:
        decode_get_contact(422, body)
    assert error.value.message == "Hatalı ?"
    assert error.value.errors == {"a": "?"}
    str(error.value).encode()  # printable as UTF-8


@pytest.mark.parametrize("body", NOT_JSON_BODIES)
@pytest.mark.parametrize("http_status", [500, 502, 503, 504])
def test_5xx_without_json_is_server_error(body, http_status):
    with pytest.raises(ServerError) as error:
        decode_get_contact(http_status, body)
    assert error.value.status_code == http_status


@pytest.mark.parametrize("body", NOT_JSON_BODIES)
@pytest.mark.parametrize("http_status", [200, 201, 204])
def test_2xx_without_json_is_decode_error(body, http_status):
    with pytest.raises(DecodeError) as error:
        decode_get_contact(http_status, body)
    assert error.value.http_status == http_status
    # The JSON parser's exception is chained, never raised itself.
    assert isinstance(error.value.__cause__, ValueError)


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        (contact_with(groups=5), "$.response.contact.groups"),
        (contact_with(groups=True), "$.response.contact.groups"),
        (contact_with(groups=["abc"]), "$.response.contact.groups"),
        (contact_with(groups=[{"name": "Aile"}]), "$.response.contact.groups"),
        (contact_with(groups=[1.5]), "$.response.contact.groups"),
        (contact_with(groups={"group": [{"id": "x"}]}), "$.response.contact.groups"),
        (contact_with(custom_fields=5), "$.response.contact.custom_fields"),
        (contact_with(custom_fields=["x"]), "$.response.contact.custom_fields"),
        (contact_with(custom_fields=[{"value": "x"}]), "$.response.contact.custom_fields"),
        (
            contact_with(custom_fields=[{"id": "a", "value": "x"}]),
            "$.response.contact.custom_fields",
        ),
        (contact_with(id="abc"), "$.response.contact.id"),
        (contact_with(id=""), "$.response.contact.id"),
        (contact_with(id=True), "$.response.contact.id"),
        (contact_with(id=12.5), "$.response.contact.id"),
        (contact_with(id=None), "$.response.contact.id"),
        (contact_with(id=MISSING), "$.response.contact.id"),
        (contact_with(name=["x"]), "$.response.contact.name"),
        (contact_with(surname={"a": 1}), "$.response.contact.surname"),
        (contact_with(email=5.5), "$.response.contact.email"),
        (None, "$.response.contact"),
        ("", "$.response.contact"),
        (7, "$.response.contact"),
        ([], "$.response.contact"),
        (MISSING, "$.response.contact"),
    ],
    ids=repr,
)
def test_2xx_json_of_wrong_shape_names_the_path(raw, path):
    with pytest.raises(DecodeError) as error:
        decode_contact(raw)
    assert path in error.value.message
    assert error.value.http_status == 200


@pytest.mark.parametrize("document", [[], "ok", 200, None, {"response": []}, {"response": "x"}])
def test_2xx_without_response_object_is_decode_error(document):
    with pytest.raises(DecodeError) as error:
        decode_get_contact(200, body_of(document))
    assert "$.response" in error.value.message


def test_a_lone_contact_wrapped_in_a_list_is_accepted():
    assert decode_contact([BASE_FIELDS]) == BASE


def test_answer_about_another_contact_is_decode_error():
    with pytest.raises(DecodeError) as error:
        decode_contact(contact_with(id=1008), contact_id=1007)
    assert error.value.contact_id == 1007
    assert "$.response.contact.id" in error.value.message


def test_matching_contact_id_as_string_in_body_is_accepted():
    assert decode_contact(contact_with(id="1007"), contact_id=1007) == BASE


@pytest.mark.parametrize(
    ("http_status", "body", "cls"),
    [
        (465, error_document(465, "Kişi bulunamadı."), ContactNotFoundError),
        (401, error_document(401), AuthenticationError),
        (402, error_document(402), InsufficientBalanceError),
        (429, error_document(429), RateLimitError),
        (502, b"<html>", ServerError),
        (503, b"", ServerError),
        (200, b"", DecodeError),
        (200, b"<html>", DecodeError),
        (200, body_of(envelope(contact_with(groups=5))), DecodeError),
        (200, body_of(envelope()), DecodeError),
        (200, body_of([]), DecodeError),
    ],
)
def test_every_error_carries_the_contact_id(http_status, body, cls):
    with pytest.raises(IletiMerkeziError) as error:
        decode_get_contact(http_status, body, contact_id=42)
    assert type(error.value) is cls
    assert error.value.contact_id == 42


def test_errors_without_contact_id_carry_none():
    with pytest.raises(IletiMerkeziError) as error:
        decode_get_contact(465, error_document(465))
    assert error.value.contact_id is None


def test_overlong_numeric_status_code_is_not_a_bare_value_error():
    body = body_of({"response": {"status": {"code": "9" * 5000, "message": "x"}}})
    with pytest.raises(IletiMerkeziError):
        decode_get_contact(200, body)


def test_unknown_key_with_a_very_large_integer_still_decodes():
    # orjson refuses integers beyond 64 bits; such a field must not break decoding.
    raw = {
        "id": 7,
        "name": "Ayşe",
        "surname": "Kılıç",
        "email": "",
        "gsm": "",
        "added_later": 10**30,
    }
    body = body_of(envelope(raw, code=200), ascii_only=False)
    assert decode_get_contact(200, body, contact_id=7).name == "Ayşe"


def test_overlong_numeric_contact_id_is_decode_error():
    with pytest.raises(DecodeError, match=r"\$\.response\.contact\.id"):
        decode_contact(contact_with(id="9" * 5000))


# --- properties ---

# JSON has no NaN or Infinity: the decoder refuses them as not JSON.
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
codes = st.sampled_from([200, "200", 400, 401, 404, 422, 429, 465, 503, "465"]) | json_values
ids = st.integers(min_value=-5, max_value=10**12) | st.from_regex(r"\A[0-9]{1,12}\Z") | json_values
plausible_contact = st.fixed_dictionaries(
    {},
    optional={
        "id": ids,
        "name": st.text() | json_values,
        "surname": st.text() | json_values,
        "email": st.sampled_from(["", None, "a@b.c"]) | json_values,
        "gsm": st.sampled_from(["", "+905057023100"]) | json_values,
        "custom_fields": json_values
        | st.fixed_dictionaries({"custom_field": json_values})
        | st.lists(st.fixed_dictionaries({"id": ids, "value": json_values}), max_size=3),
        "groups": json_values
        | st.fixed_dictionaries({"group": json_values})
        | st.lists(ids | st.fixed_dictionaries({"id": ids}), max_size=3),
        "extra": json_values,
    },
)
plausible_documents = st.fixed_dictionaries(
    {
        "response": st.fixed_dictionaries(
            {},
            optional={
                "status": st.fixed_dictionaries(
                    {}, optional={"code": codes, "message": json_values, "errors": json_values}
                )
                | json_values,
                "contact": plausible_contact
                | st.lists(plausible_contact, max_size=2)
                | json_values,
                "errors": json_values,
            },
        )
        | json_values
    }
)
http_statuses = st.integers(min_value=0, max_value=999)


def decodes_or_raises_ours(status: int, body: bytes, contact_id: int | None) -> None:
    try:
        result = decode_get_contact(status, body, contact_id=contact_id)
    except IletiMerkeziError as error:
        failure = error
    else:
        assert isinstance(result, Contact)
        return
    assert failure.contact_id == contact_id


@given(http_statuses, st.binary(), st.none() | st.integers(min_value=0))
def test_arbitrary_bytes_never_escape_as_other_exceptions(status, body, contact_id):
    decodes_or_raises_ours(status, body, contact_id)


@given(http_statuses, json_values, st.none() | st.integers(min_value=0))
def test_arbitrary_json_never_escapes_as_other_exceptions(status, document, contact_id):
    decodes_or_raises_ours(status, body_of(document), contact_id)


@given(http_statuses, plausible_documents, st.none() | st.integers(min_value=0, max_value=5))
def test_plausible_envelopes_never_escape_as_other_exceptions(status, document, contact_id):
    decodes_or_raises_ours(status, body_of(document), contact_id)


# The encoder below writes a Contact in any documented shape, chosen by hypothesis.

small_ids = st.integers(min_value=0, max_value=10**15)
custom_fields_st = st.lists(st.builds(CustomField, small_ids, st.text()), max_size=4).map(tuple)
contacts = st.builds(
    Contact,
    id=small_ids,
    name=st.text(),
    surname=st.text(),
    email=st.none() | st.text(min_size=1),
    gsm=st.none() | st.from_regex(r"\A\+?[0-9]{10,13}\Z"),
    custom_fields=custom_fields_st,
    groups=st.lists(small_ids, max_size=4).map(tuple),
)

EMPTY_COLLECTIONS = [[], {}, "", None, MISSING]


def encode_id(draw: st.DrawFn, value: int) -> int | str:
    return draw(st.sampled_from([value, str(value)]))


def encode_optional_text(draw: st.DrawFn, value: str | None) -> Any:
    if value is None:
        return draw(st.sampled_from(["", None, MISSING]))
    return value


def encode_custom_fields(draw: st.DrawFn, fields: tuple[CustomField, ...]) -> Any:
    if not fields:
        return draw(
            st.sampled_from([*EMPTY_COLLECTIONS, {"custom_field": []}, {"custom_field": ""}])
        )
    items = [{"id": encode_id(draw, f.id), "value": f.value} for f in fields]
    shapes = [items, {"custom_field": items}]
    if len(items) == 1:
        shapes.append({"custom_field": items[0]})
    return draw(st.sampled_from(shapes))


def encode_groups(draw: st.DrawFn, groups: tuple[int, ...]) -> Any:
    if not groups:
        return draw(st.sampled_from([*EMPTY_COLLECTIONS, {"group": []}]))
    encoded = [encode_id(draw, g) for g in groups]
    objects = [{"id": g} for g in encoded]
    shapes: list[Any] = [encoded, objects, {"group": objects}, {"id": encoded}]
    if len(groups) == 1:
        shapes.append({"group": objects[0]})
    return draw(st.sampled_from(shapes))


@st.composite
def encoded_contacts(draw: st.DrawFn) -> tuple[Contact, dict[str, Any]]:
    contact = draw(contacts)
    raw: dict[str, Any] = {
        "id": encode_id(draw, contact.id),
        "name": contact.name,
        "surname": contact.surname,
        "email": encode_optional_text(draw, contact.email),
        "gsm": encode_optional_text(draw, contact.gsm),
        "custom_fields": encode_custom_fields(draw, contact.custom_fields),
        "groups": encode_groups(draw, contact.groups),
    }
    if draw(st.booleans()):
        raw["added_later"] = draw(json_values)
    raw = {key: value for key, value in raw.items() if value is not MISSING}
    return contact, raw


@given(encoded_contacts(), st.sampled_from([200, "200"]), st.booleans())
def test_any_documented_encoding_decodes_back(case, code, ascii_only):
    contact, raw = case
    body = body_of(envelope(raw, code=code), ascii_only=ascii_only)
    assert decode_get_contact(200, body, contact_id=contact.id) == contact


def test_the_pre_2024_documentation_example_decodes_with_its_empty_elements() -> None:
    # The provider's page shows empty `custom_field` / `group` elements as a template;
    # XML-to-JSON turns an empty element into exactly that. They mean "none".
    body = json.dumps(
        {
            "response": {
                "status": {"code": "200", "message": ""},
                "contact": {
                    "id": "12",
                    "name": "",
                    "surname": "",
                    "email": "",
                    "gsm": "",
                    "custom_fields": {"custom_field": [{"id": "", "value": ""}]},
                    "groups": {"group": [{"id": ""}]},
                },
            }
        }
    ).encode()
    assert decode_get_contact(200, body, contact_id=12) == Contact(12, "", "", None, None, (), ())


# --- the shared decoders every method's decoder is built from ---


def ok(**response: Any) -> bytes:
    return body_of({"response": {"status": {"code": 200, "message": "OK"}, **response}})


@pytest.mark.parametrize(
    "decode",
    [
        lambda status, body: decode_model(status, body, key="order", cls=Order),
        lambda status, body: decode_list(status, body, key="orders", cls=Order, wrapper="order"),
        decode_empty,
    ],
    ids=["model", "list", "empty"],
)
def test_every_shared_decoder_raises_a_429_as_rate_limit_error(decode):
    with pytest.raises(RateLimitError) as error:
        decode(429, error_document(429, "Çok fazla istek"))
    assert (error.value.status_code, error.value.message) == (429, "Çok fazla istek")


def test_decode_model_reads_its_key_or_names_what_is_wrong_with_the_status():
    assert decode_model(200, ok(order={"id": 7}), key="order", cls=Order) == Order("7")
    with pytest.raises(DecodeError) as missing:
        decode_model(200, ok(), key="order", cls=Order)
    assert (missing.value.message, missing.value.http_status) == (
        "required field missing @ $.response.order",
        200,
    )
    with pytest.raises(DecodeError) as wrong:
        decode_model(201, ok(order=[1]), key="order", cls=Order)
    assert (wrong.value.message, wrong.value.http_status) == (
        "expected an object, got a number @ $.response.order",
        201,
    )


def test_decode_list_reads_every_shape_and_names_the_item_that_fails():
    def orders(body: bytes, **options: Any) -> list[Order]:
        return decode_list(200, body, key="orders", cls=Order, wrapper="order", **options)

    assert orders(ok(orders=[{"id": 1}, {"id": "2"}])) == [Order("1"), Order("2")]
    assert orders(ok(orders={"order": {"id": 3}})) == [Order("3")]
    assert orders(ok(orders="")) == []
    assert orders(ok(), missing_is_empty=True) == []
    # The HTTP status stands in for a body without a code: 200 here.
    assert orders(body_of({"response": {"orders": [{"id": 4}]}})) == [Order("4")]
    with pytest.raises(DecodeError) as missing:
        orders(ok())
    assert (missing.value.message, missing.value.http_status) == (
        "required field missing @ $.response.orders",
        200,
    )
    with pytest.raises(DecodeError) as not_a_list:
        orders(ok(orders=5))
    assert (not_a_list.value.message, not_a_list.value.http_status) == (
        "expected a list or an object, got a number @ $.response.orders",
        200,
    )
    with pytest.raises(DecodeError) as bad_item:
        orders(ok(orders=[{"id": 1}, "x"]))
    assert (bad_item.value.message, bad_item.value.http_status) == (
        "expected an object, got a string @ $.response.orders[1]",
        200,
    )


def test_decode_empty_is_none_on_success_and_raises_otherwise():
    assert decode_empty(200, ok()) is None
    assert decode_empty(200, body_of({"response": {}})) is None
    with pytest.raises(ContactNotFoundError):
        decode_empty(200, error_document(465))


def test_a_malformed_model_or_item_is_described_as_its_own_class():
    with pytest.raises(DecodeError) as model:
        decode_model(200, ok(order={"id": []}), key="order", cls=Order)
    assert model.value.message == "expected an id (digits), got a list @ $.response.order.id"
    with pytest.raises(DecodeError) as item:
        decode_list(200, ok(orders=[{"id": []}]), key="orders", cls=Order, wrapper="order")
    assert item.value.message == "expected an id (digits), got a list @ $.response.orders[0].id"


def test_a_429_keeps_its_field_errors():
    with pytest.raises(RateLimitError) as error:
        decode_get_contact(429, error_document(429, "Yavaş", errors={"rate": "10/s"}))
    assert error.value.errors == {"rate": "10/s"}


@pytest.mark.parametrize("http_status", [300, 302, 399])
def test_a_3xx_that_is_not_json_is_an_api_error_by_its_status(http_status):
    with pytest.raises(APIError) as error:
        decode_get_contact(http_status, b"<html>Moved</html>")
    assert type(error.value) is APIError
    assert error.value.status_code == http_status


@pytest.mark.parametrize("message", [None, 5, ["a"], {"tr": "x"}])
def test_a_message_that_is_not_text_is_replaced_by_the_http_status(message):
    with pytest.raises(BadRequestError) as error:
        decode_get_contact(400, error_document(422, message))
    assert error.value.message == "HTTP 400"
    assert error.value.status_code == 422


def test_a_success_without_a_response_object_is_a_decode_error_with_its_status():
    with pytest.raises(DecodeError) as error:
        decode_get_contact(200, body_of({"response": 5}), contact_id=3)
    assert (error.value.message, error.value.http_status, error.value.contact_id) == (
        "expected an object @ $.response",
        200,
        3,
    )


def test_get_contact_names_a_missing_contact_and_an_answer_about_another():
    with pytest.raises(DecodeError) as missing:
        decode_get_contact(200, ok(), contact_id=6)
    assert (missing.value.message, missing.value.http_status) == (
        "required field missing @ $.response.contact",
        200,
    )
    with pytest.raises(DecodeError) as other:
        decode_get_contact(201, ok(contact=contact_with(id=5)), contact_id=6)
    assert (other.value.message, other.value.http_status, other.value.contact_id) == (
        "the answer is about contact 5 @ $.response.contact.id",
        201,
        6,
    )


MONEY_422 = (
    b'{"response": {"status": {"code": 422, "message": "Hatal\\u0131",'
    b' "errors": {"amount": 100.50, "count": 3}}}}'
)


def test_exact_numbers_keep_every_digit_as_written_and_only_when_asked():
    with pytest.raises(BadRequestError) as exact:
        decode_status(422, MONEY_422, exact_numbers=True)
    assert exact.value.errors == {"amount": "100.50", "count": "3"}
    with pytest.raises(BadRequestError) as fast:  # orjson (or json) read it as a float
        decode_status(422, MONEY_422)
    assert fast.value.errors == {"amount": "100.5", "count": "3"}
    with pytest.raises(BadRequestError) as model:
        decode_model(422, MONEY_422, key="order", cls=Order)
    assert model.value.errors == {"amount": "100.5", "count": "3"}
