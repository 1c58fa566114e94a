import pytest

from iletimerkezi_async.sansio import Credentials, compute_hash

VECTOR = "b6a736a4b6739ac56db7e903b0ef55bda82fca63fac55d4bd1d6d62c54888b22"

# Distinctive values: any leak into a repr or a message is easy to spot.
KEY = "KEYabcdef0123456789KEYKEYKEYKEY0"
HASH = "HASH-deadbeefcafebabe-HASH-0011223344"
SECRET = "SECRET-topsecret-9f8e7d6c-SECRET"


def test_compute_hash_vector():
    assert compute_hash("public_key", "secret_key") == VECTOR


def test_compute_hash_argument_order_is_pinned():
    # HMAC(key=secret, msg=api_key); the other order is a plausible mistake.
    assert compute_hash("secret_key", "public_key") != VECTOR


def test_compute_hash_is_lowercase_hex():
    value = compute_hash(KEY, SECRET)
    assert len(value) == 64
    assert value == value.lower()
    int(value, 16)


@pytest.mark.parametrize(("api_key", "secret"), [(None, "s"), ("k", None), (b"k", "s"), ("k", 1)])
def test_compute_hash_rejects_non_strings(api_key, secret):
    with pytest.raises(TypeError):
        compute_hash(api_key, secret)


def test_credentials_keep_values():
    credentials = Credentials(KEY, HASH)
    assert credentials.api_key == KEY
    assert credentials.api_hash == HASH


def test_from_secret_computes_the_hash():
    credentials = Credentials.from_secret("public_key", "secret_key")
    assert credentials.api_key == "public_key"
    assert credentials.api_hash == VECTOR
    assert credentials == Credentials("public_key", VECTOR)


@pytest.mark.parametrize(
    "credentials",
    [Credentials(KEY, HASH), Credentials.from_secret(KEY, SECRET)],
    ids=["hash", "secret"],
)
def test_repr_and_str_hide_hash_and_secret(credentials):
    computed = compute_hash(KEY, SECRET)
    for text in (repr(credentials), str(credentials), f"{credentials}", f"{credentials!r}"):
        assert HASH not in text
        assert SECRET not in text
        assert computed not in text
        # A prefix of the hash would still help an attacker guess it.
        assert credentials.api_hash[:12] not in text


@pytest.mark.parametrize("bad", ["", " ", "\t\n", " x", "x "])
def test_empty_or_padded_key_is_rejected(bad):
    with pytest.raises(ValueError, match="api_key"):
        Credentials(bad, HASH)


@pytest.mark.parametrize("bad", ["", " ", "\t\n", " x", "x "])
def test_empty_or_padded_hash_is_rejected(bad):
    with pytest.raises(ValueError, match="api_hash"):
        Credentials(KEY, bad)


@pytest.mark.parametrize("bad", ["", "   "])
def test_empty_secret_is_rejected(bad):
    with pytest.raises(ValueError, match="secret"):
        Credentials.from_secret(KEY, bad)


@pytest.mark.parametrize("bad", [None, 123, b"bytes", ["k"]])
def test_non_string_values_are_rejected(bad):
    with pytest.raises(TypeError):
        Credentials(bad, HASH)
    with pytest.raises(TypeError):
        Credentials(KEY, bad)
    with pytest.raises(TypeError):
        Credentials.from_secret(KEY, bad)


def test_validation_errors_do_not_echo_secret_or_hash():
    padded_secret = f" {SECRET} "
    with pytest.raises(ValueError, match="secret") as secret_error:
        Credentials.from_secret(KEY, padded_secret)
    assert SECRET not in str(secret_error.value)

    padded_hash = f"{HASH}\n"
    with pytest.raises(ValueError, match="api_hash") as hash_error:
        Credentials(KEY, padded_hash)
    assert HASH not in str(hash_error.value)
