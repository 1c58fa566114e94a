import json

import pytest

from iletimerkezi_async.sansio import Credentials, build_get_contact

KEY = "0123456789abcdef0123456789abcdef"
HASH = "f" * 64


def test_get_contact_request():
    request = build_get_contact(Credentials(KEY, HASH), 1007)
    assert request.method == "POST"
    assert request.path == "get-contact/json"
    headers = {name.lower(): value for name, value in request.headers}
    assert headers["content-type"] == "application/json"
    assert headers["accept"] == "application/json"
    assert json.loads(request.body) == {
        "request": {
            "authentication": {"key": KEY, "hash": HASH},
            "contact": {"id": "1007"},
        }
    }


@pytest.mark.parametrize(("contact_id", "sent"), [(0, "0"), ("1007", "1007"), ("0042", "42")])
def test_id_is_sent_as_its_canonical_digit_string(contact_id, sent):
    request = build_get_contact(Credentials(KEY, HASH), contact_id)
    assert json.loads(request.body)["request"]["contact"]["id"] == sent


def test_body_is_utf8_bytes():
    request = build_get_contact(Credentials(KEY, HASH), 1)
    assert isinstance(request.body, bytes)
    request.body.decode("utf-8")


@pytest.mark.parametrize(
    "key",
    ['quo"te', "back\\slash", "Çağrı-ğüşİöı", "new\nline", "</script>", "tab\tkey"],
)
def test_awkward_keys_still_give_valid_json(key):
    request = build_get_contact(Credentials(key, HASH), 5)
    document = json.loads(request.body.decode("utf-8"))
    assert document["request"]["authentication"] == {"key": key, "hash": HASH}
    assert document["request"]["contact"] == {"id": "5"}


@pytest.mark.parametrize("bad", [-1, True, 1.5, "12a", "", None, " 1"], ids=repr)
def test_invalid_id_raises_before_building(bad):
    with pytest.raises((ValueError, TypeError)):
        build_get_contact(Credentials(KEY, HASH), bad)


def test_repr_hides_the_body():
    secret_hash = "HASH-only-in-the-body-0123456789"
    request = build_get_contact(Credentials(KEY, secret_hash), 1007)
    assert secret_hash in request.body.decode()
    assert secret_hash not in repr(request)
    assert secret_hash not in str(request)
