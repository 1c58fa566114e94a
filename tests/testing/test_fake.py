"""FakeIletiMerkezi.handle and the phonebook: the provider's behaviour, without I/O."""

from __future__ import annotations

import json
import re
from typing import Literal

import pytest

from iletimerkezi_async import (
    AuthenticationError,
    BadRequestError,
    Contact,
    ContactNotFoundError,
    CustomField,
    MethodNotFoundError,
    compute_hash,
)
from iletimerkezi_async.sansio import Credentials, build_get_contact, decode_get_contact
from iletimerkezi_async.testing import FakeIletiMerkezi, encode_contact

PATH = "/v1/get-contact/json"
HEADERS = {"content-type": "application/json", "accept": "application/json"}


def body_for(key: str, api_hash: str, contact_id: object) -> bytes:
    auth = {"key": key, "hash": api_hash}
    return json.dumps({"request": {"authentication": auth, "contact": {"id": contact_id}}}).encode()


def ask(fake: FakeIletiMerkezi, contact_id: object) -> tuple[int, bytes]:
    answer = fake.handle("POST", PATH, HEADERS, body_for(fake.api_key, fake.api_hash, contact_id))
    return answer.status, answer.body


def test_credentials_attributes() -> None:
    fake = FakeIletiMerkezi("public_key", "secret_key")
    assert fake.api_key == "public_key"
    assert fake.secret == "secret_key"
    assert fake.api_hash == compute_hash("public_key", "secret_key")
    assert "secret_key" not in repr(fake)


@pytest.mark.parametrize("shape", ["current", "legacy", "mixed"])
def test_every_contact_round_trips_in_every_shape(
    shape: Literal["current", "legacy", "mixed"],
) -> None:
    fake = FakeIletiMerkezi(shape=shape)
    contacts = fake.generate(200)
    credentials = Credentials.from_secret(fake.api_key, fake.secret)
    for contact in contacts:
        request = build_get_contact(credentials, contact.id)
        answer = fake.handle(request.method, "/v1/" + request.path, HEADERS, request.body)
        assert answer.status == 200
        assert decode_get_contact(answer.status, answer.body, contact_id=contact.id) == contact


def test_mixed_shape_uses_both_shapes_reproducibly() -> None:
    def codes(seed: int) -> list[object]:
        fake = FakeIletiMerkezi(shape="mixed", seed=seed)
        fake.generate(1)
        return [json.loads(ask(fake, 1)[1])["response"]["status"]["code"] for _ in range(40)]

    assert set(codes(0)) == {200, "200"}
    assert codes(0) == codes(0)
    assert codes(0) != codes(1)


def test_id_as_number_or_digit_string() -> None:
    fake = FakeIletiMerkezi()
    (contact,) = fake.generate(1, start_id=1007)
    for contact_id in (1007, "1007"):
        status, body = ask(fake, contact_id)
        assert decode_get_contact(status, body) == contact


def test_current_shape_on_the_wire() -> None:
    contact = Contact(7, "Işıl", "Üstün", None, "+905321234567", (CustomField(2, "çip"),), (12, 7))
    assert encode_contact(contact, "current") == {
        "id": 7,
        "name": "Işıl",
        "surname": "Üstün",
        "email": None,
        "gsm": "+905321234567",
        "custom_fields": [{"id": 2, "value": "çip"}],
        "groups": [12, 7],
    }


def test_legacy_shape_on_the_wire() -> None:
    contact = Contact(7, "Çağrı", "Şahin", None, None, (CustomField(2, "x"),), (12,))
    assert encode_contact(contact, "legacy") == {
        "id": "7",
        "name": "Çağrı",
        "surname": "Şahin",
        "email": "",
        "gsm": "",
        "custom_fields": {"custom_field": [{"id": "2", "value": "x"}]},
        "groups": {"group": [{"id": "12"}]},
    }
    with pytest.raises(ValueError, match="shape"):
        encode_contact(contact, "xml")  # type: ignore[arg-type]


@pytest.mark.parametrize(("shape", "code"), [("current", 200), ("legacy", "200")])
def test_status_object_follows_the_shape(shape: Literal["current", "legacy"], code: object) -> None:
    fake = FakeIletiMerkezi(shape=shape)
    fake.generate(1)
    status = json.loads(ask(fake, 1)[1])["response"]["status"]
    assert status == {"code": code, "message": "İşlem başarılı."}


def test_answer_is_utf8_json_without_escapes() -> None:
    fake = FakeIletiMerkezi()
    fake.add(Contact(1, "Gülşen", "Doğan"))
    answer = fake.handle("POST", PATH, HEADERS, body_for(fake.api_key, fake.api_hash, 1))
    assert answer.header("content-type") == "application/json; charset=utf-8"
    assert answer.header("Content-Length") == str(len(answer.body))
    assert "Gülşen".encode() in answer.body
    assert b"\\u" not in answer.body
    assert answer.reason == "İşlem başarılı."


@pytest.mark.parametrize("shape", ["current", "legacy"])
def test_unknown_id_is_465(shape: Literal["current", "legacy"]) -> None:
    fake = FakeIletiMerkezi(shape=shape)
    fake.generate(3)
    status, body = ask(fake, 99)
    assert status == 465
    with pytest.raises(ContactNotFoundError) as caught:
        decode_get_contact(status, body, contact_id=99)
    assert caught.value.status_code == 465
    assert caught.value.message == "Kişi bulunamadı."


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("test-api-key", "wrong-secret"),
        ("other-key", "test-secret"),
        ("TEST-API-KEY", "test-secret"),
    ],
)
def test_wrong_key_or_hash_is_401(key: str, secret: str) -> None:
    fake = FakeIletiMerkezi()
    fake.generate(1)
    # The hash must be exactly the one computed from the fake's own key and secret.
    answer = fake.handle("POST", PATH, HEADERS, body_for(key, compute_hash(key, secret), 1))
    assert answer.status == 401
    with pytest.raises(AuthenticationError, match="hatalı"):
        decode_get_contact(answer.status, answer.body)


def test_uppercase_hash_is_401() -> None:
    fake = FakeIletiMerkezi()
    fake.generate(1)
    body = body_for(fake.api_key, fake.api_hash.upper(), 1)
    assert fake.handle("POST", PATH, HEADERS, body).status == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/get-contact/json"),
        ("POST", "/v1/get-contacts/json"),
        ("POST", "/v1/get-contact"),
        ("POST", "/v1/get-contact/json/"),
        ("POST", "/v2/get-contact/json"),
        ("POST", "/v1/json"),
        ("GET", "/v1/get-contact/json"),
    ],
)
def test_unknown_method_or_path_is_404(method: str, path: str) -> None:
    fake = FakeIletiMerkezi()
    fake.generate(1)
    answer = fake.handle(method, path, HEADERS, body_for(fake.api_key, fake.api_hash, 1))
    assert answer.status == 404
    with pytest.raises(MethodNotFoundError):
        decode_get_contact(answer.status, answer.body)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"request": []}',
        b'{"request": {"contact": {"id": 1}}}',
        b'{"request": {"authentication": "x", "contact": {"id": 1}}}',
    ],
)
def test_unparseable_request_is_400(body: bytes) -> None:
    answer = FakeIletiMerkezi().handle("POST", PATH, HEADERS, body)
    assert answer.status == 400
    with pytest.raises(BadRequestError):
        decode_get_contact(answer.status, answer.body)


def test_missing_contact_is_400() -> None:
    fake = FakeIletiMerkezi()
    auth = {"key": fake.api_key, "hash": fake.api_hash}
    for request in ({"authentication": auth}, {"authentication": auth, "contact": {}}):
        body = json.dumps({"request": request}).encode()
        assert fake.handle("POST", PATH, HEADERS, body).status == 400


@pytest.mark.parametrize("bad_id", ["abc", "", "-1", -1, 1.5, True, None, "١٢"])
def test_invalid_id_is_422_with_errors(bad_id: object) -> None:
    fake = FakeIletiMerkezi()
    status, body = ask(fake, bad_id)
    assert status == 422
    with pytest.raises(BadRequestError) as caught:
        decode_get_contact(status, body)
    assert "contact.id" in caught.value.errors


def test_phonebook_operations() -> None:
    fake = FakeIletiMerkezi(seed=5)
    first = fake.generate(3)
    assert [c.id for c in first] == [1, 2, 3]
    more = fake.generate(2)
    assert [c.id for c in more] == [4, 5]
    assert fake.generate(1, start_id=100)[0].id == 100
    assert fake.get(2) == first[1]
    assert fake.get("2") == first[1]
    assert fake.get(50) is None
    fake.remove("2")
    assert 2 not in fake.contacts
    assert ask(fake, 2)[0] == 465
    with pytest.raises(KeyError):
        fake.remove(2)
    replacement = Contact(1, "Ömer", "Yılmaz")
    fake.add(replacement)
    assert fake.contacts[1] == replacement
    with pytest.raises(TypeError):
        fake.contacts[9] = replacement  # type: ignore[index]
    with pytest.raises(TypeError):
        fake.add("not a contact")  # type: ignore[arg-type]


def test_generate_uses_the_fake_seed() -> None:
    assert FakeIletiMerkezi(seed=1).generate(5) == FakeIletiMerkezi(seed=1).generate(5)
    assert FakeIletiMerkezi(seed=1).generate(5) != FakeIletiMerkezi(seed=2).generate(5)


def test_shape_is_validated() -> None:
    fake = FakeIletiMerkezi()
    fake.shape = "legacy"
    assert fake.shape == "legacy"
    with pytest.raises(ValueError, match="shape"):
        fake.shape = "xml"  # type: ignore[assignment]
    with pytest.raises(ValueError, match="shape"):
        FakeIletiMerkezi(shape="new")  # type: ignore[arg-type]


def test_handle_counts_nothing() -> None:
    fake = FakeIletiMerkezi()
    fake.generate(1)
    ask(fake, 1)
    assert fake.stats.requests == 0
    assert not fake.stats.by_status


def test_the_class_docstring_names_every_area_of_the_fake() -> None:
    # help(FakeIletiMerkezi) is where users start: it must not read as phonebook-only.
    quoted = re.findall(r"``(.+?)``", FakeIletiMerkezi.__doc__ or "", re.DOTALL)
    for name in (
        "methods", "contacts", "groups", "orders", "senders", "credits", "deliver",
        "blacklist", "consents", "iys_enabled", "clock", "webhooks", "inject", "script",
        "stats", "transport", "serve",
    ):  # fmt: skip
        assert any(re.search(rf"\b{name}\b", code) for code in quoted), name
