import pickle

import pytest

import iletimerkezi_async
from iletimerkezi_async import errors
from iletimerkezi_async.errors import (
    AmbiguousOrderError,
    APIError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ContactIdTypeError,
    ContactNotFoundError,
    DecodeError,
    IletiMerkeziError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    MethodNotFoundError,
    RateLimitError,
    ServerError,
    TimeoutError,
    TransportError,
)

# (class, its documented parent: README's error tree)
HIERARCHY = [
    (IletiMerkeziError, Exception),
    (APIError, IletiMerkeziError),
    (BadRequestError, APIError),
    (AuthenticationError, APIError),
    (MethodNotFoundError, APIError),
    (ContactNotFoundError, APIError),
    (RateLimitError, APIError),
    (ServerError, APIError),
    (TransportError, IletiMerkeziError),
    (TimeoutError, TransportError),
    (DecodeError, IletiMerkeziError),
    (ClientClosedError, IletiMerkeziError),
    (InvalidArgumentError, IletiMerkeziError),
    (InvalidArgumentError, ValueError),
    (InvalidArgumentTypeError, InvalidArgumentError),
    (InvalidArgumentTypeError, TypeError),
    (ContactIdTypeError, InvalidArgumentTypeError),
    (AmbiguousOrderError, IletiMerkeziError),
]
API_SUBCLASSES = [
    BadRequestError,
    AuthenticationError,
    MethodNotFoundError,
    ContactNotFoundError,
    RateLimitError,
    ServerError,
]


@pytest.mark.parametrize(("cls", "parent"), HIERARCHY, ids=lambda c: c.__name__)
def test_hierarchy(cls, parent):
    assert issubclass(cls, parent)


@pytest.mark.parametrize("cls", [cls for cls, _ in HIERARCHY], ids=lambda c: c.__name__)
def test_everything_derives_from_the_base(cls):
    assert issubclass(cls, IletiMerkeziError) or cls is IletiMerkeziError


def test_branches_do_not_overlap():
    # `except APIError` must not swallow transport or decode failures, and vice versa.
    for cls in (TransportError, TimeoutError, DecodeError, ClientClosedError):
        assert not issubclass(cls, APIError)
    for cls in (APIError, *API_SUBCLASSES, DecodeError):
        assert not issubclass(cls, TransportError)
    for cls in (APIError, *API_SUBCLASSES, TransportError, TimeoutError):
        assert not issubclass(cls, DecodeError)


@pytest.mark.parametrize("cls", API_SUBCLASSES, ids=lambda c: c.__name__)
def test_api_subclasses_are_siblings(cls):
    for other in API_SUBCLASSES:
        if other is not cls:
            assert not issubclass(cls, other)


INSTANCES = [
    IletiMerkeziError("boom", contact_id=3),
    APIError(402, "Yetersiz bakiye", contact_id=7),
    APIError(452, "Alıcılar hatalı", {"gsm": "Geçersiz"}),
    BadRequestError(422, "Değerler hatalı", {"gsm": "Geçersiz numara"}, contact_id=1),
    AuthenticationError(401, "Üyelik bilgileri hatalı"),
    MethodNotFoundError(404, "Metod bulunamadı"),
    ContactNotFoundError(465, "Kişi bulunamadı", contact_id=1007),
    RateLimitError(429, "Çok fazla istek", contact_id=5, retry_after=2.5),
    RateLimitError(429, "Çok fazla istek"),
    ServerError(503, "Servis geçici olarak kullanılamıyor"),
    TransportError("connection reset", contact_id=9),
    TimeoutError("read timeout"),
    DecodeError("expected a list @ $.response.contact.groups", http_status=200, contact_id=4),
    ServerError(503, "busy", http_status=502, method="send-sms", may_have_been_applied=True),
    ClientClosedError("the client is closed"),
]


@pytest.mark.parametrize("error", INSTANCES, ids=lambda e: type(e).__name__)
def test_errors_pickle_with_their_attributes(error):
    # Errors cross process boundaries (multiprocessing, pytest-xdist, task queues).
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert vars(copy) == vars(error)
    assert str(copy) == str(error)
    assert copy.args == error.args


def test_pickled_attributes_are_the_ones_users_read():
    error = pickle.loads(
        pickle.dumps(
            RateLimitError(429, "Çok fazla istek", {"a": "b"}, contact_id=5, retry_after=3)
        )
    )
    assert (error.status_code, error.message, error.errors) == (429, "Çok fazla istek", {"a": "b"})
    assert (error.contact_id, error.retry_after) == (5, 3)
    decode = pickle.loads(pickle.dumps(DecodeError("x", http_status=200, contact_id=4)))
    assert (decode.http_status, decode.contact_id) == (200, 4)


def test_api_error_str_has_code_and_message():
    error = APIError(452, "Alıcı numaralarınız hatalı.")
    assert "452" in str(error)
    assert "Alıcı numaralarınız hatalı." in str(error)
    assert error.message == "Alıcı numaralarınız hatalı."


def test_api_error_str_has_errors_and_contact_id():
    error = BadRequestError(422, "Hatalı", {"gsm": "Geçersiz numara"}, contact_id=1007)
    text = str(error)
    assert "422" in text
    assert "gsm" in text
    assert "Geçersiz numara" in text
    assert "1007" in text


def test_api_error_defaults():
    error = APIError(402, "x")
    assert error.errors == {}
    assert error.contact_id is None
    assert RateLimitError(429, "x").retry_after is None
    assert DecodeError("x").http_status is None
    assert APIError(402, "x").http_status is None  # set by the client from the answer


def test_decode_error_status_code_is_the_deprecated_name_of_http_status():
    with pytest.warns(DeprecationWarning, match="http_status"):
        error = DecodeError("x", status_code=502)
    assert error.http_status == 502
    with pytest.warns(DeprecationWarning, match="http_status") as caught:
        assert error.status_code == 502
    assert caught[0].filename == __file__  # the warning points at the caller's line
    with pytest.warns(DeprecationWarning, match="http_status"):
        error.status_code = 200
    assert error.http_status == 200


def test_add_context_keeps_what_is_set():
    error = DecodeError("x", http_status=200, contact_id=1)
    error.add_context("get-contact", {"contact_id": 2, "group_id": 3}, http_status=500)
    assert (error.method, error.http_status, error.contact_id, error.group_id) == (
        "get-contact",
        200,
        1,
        3,
    )
    fresh = ServerError(503, "busy")
    fresh.add_context("send-sms", {}, http_status=503)
    assert fresh.http_status == 503


def test_errors_map_is_a_copy():
    source = {"gsm": "Geçersiz"}
    error = BadRequestError(422, "x", source)
    source["email"] = "added later"
    assert error.errors == {"gsm": "Geçersiz"}


def test_base_str_includes_contact_id_only_when_set():
    assert str(TransportError("reset")) == "reset"
    assert "1007" in str(TransportError("reset", contact_id=1007))


@pytest.mark.parametrize("name", errors.__all__)
def test_reexported_at_top_level(name):
    assert getattr(iletimerkezi_async, name) is getattr(errors, name)
    assert name in iletimerkezi_async.__all__


def test_every_error_class_is_exported():
    classes = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, IletiMerkeziError)
    }
    # Everything raised derives from the base, a malformed contact id's type included
    # (also a ValueError and a TypeError, as it always was).
    assert classes == set(errors.__all__)
    assert issubclass(errors.ContactIdTypeError, ValueError)
    assert issubclass(errors.ContactIdTypeError, TypeError)
